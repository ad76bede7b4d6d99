"""The records a check works on: its :class:`Options` and a prepared :class:`Problem`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Optional

import numpy as np
import sympy

from .answers import Syntax
from .forms import Form
from .sampling import Sample, Variables


@dataclass(frozen=True)
class Options:
    """How to compare; mirrors the keyword arguments of :func:`check_equivalent`."""

    mode: str = "equal"
    positive: frozenset[str] = frozenset()
    integer: frozenset[str] = frozenset()
    params: Optional[frozenset[str]] = None
    intervals: Mapping[str, tuple[float, float]] = field(default_factory=lambda: MappingProxyType({}))
    sigma: str = "logistic"
    syntax: Syntax = "auto"
    timeout: float = 2.0
    seed: int = 0
    prove: bool = False
    forbid: frozenset[Form] = frozenset()
    """Forms the answer may not contain (:mod:`.forms`): a restated question is not a result."""


@dataclass(frozen=True)
class Problem:
    """A prepared comparison: parsed expressions, sample points and evaluated values."""

    options: Options
    student: sympy.Expr
    reference: sympy.Expr
    variables: Variables
    sample: Sample
    symbolic_student: sympy.Expr
    symbolic_reference: sympy.Expr
    numeric_student: sympy.Expr
    numeric_reference: sympy.Expr
    student_values: np.ndarray
    reference_values: np.ndarray
    functions: Mapping[sympy.FunctionClass, sympy.Lambda]
    started: float
    """CPU time (:func:`~.timeouts.cpu_seconds`) when preparation began."""
