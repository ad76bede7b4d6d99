"""Symbolic confirmation under a time limit: True (proved), False (disproved) or None.

Per mode, with ``d = a - b`` and ``P`` the parameters:

* ``equal``: ``simplify(d) == 0`` proves; a nonzero *number* after simplification disproves;
  otherwise ``d.equals(0)`` may prove (its ``False`` is not trusted: it is numeric);
* ``up_to_constant``: ``simplify(∂d/∂p) == 0`` for every ``p ∈ P``;
* ``up_to_affine`` (and, as a sufficient condition, ``same_argmin``): ``k = ∂a/∂p / ∂b/∂p``
  for a ``p`` with ``∂b/∂p ≠ 0``; proved when ``k`` simplifies to something free of ``P``
  that sympy knows is positive and ``∂(a - k b)/∂q == 0`` for every ``q ∈ P``.

``None`` — including a timeout — means "symbolic simplification could not decide"; the
caller keeps that third value (ARCHITECTURE.md, Conventions 3).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Optional

import sympy

from .timeouts import Finished, run_with_timeout


@dataclass(frozen=True)
class Proof:
    """What the symbolic step found."""

    result: Optional[bool]
    """True: proved; False: disproved; None: could not decide."""
    note: str
    """How (or why not), in English, for the verdict's reason."""
    timed_out: bool = False
    """Undecided because the CPU budget ran out (the verdict must not be cached)."""


def quick_equal(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Cheap structural check: identical after sympy's automatic evaluation."""
    return bool(a == b or sympy.expand(a - b) == 0) if a.count_ops() + b.count_ops() < 40 else a == b


def prove(mode: str, a: sympy.Expr, b: sympy.Expr, params: Collection[sympy.Symbol], seconds: float) -> Proof:
    """Try to decide ``mode`` symbolically within ``seconds``."""
    if any(isinstance(p, sympy.IndexedBase) for p in params):
        return Proof(None, "symbolic step skipped for indexed parameters")
    work = {"equal": _equal, "up_to_constant": _constant, "up_to_affine": _affine, "same_argmin": _affine}[mode]
    try:
        outcome = run_with_timeout(lambda: work(a.doit(), b.doit(), tuple(params)), seconds)
    except (ArithmeticError, RecursionError, MemoryError, ValueError, TypeError, AttributeError, NotImplementedError) as exc:
        # sympy/mpmath fail on some legal answers (OverflowError: exp(exp(exp(exp(exp(100)))))
        return Proof(None, f"symbolic simplification failed ({type(exc).__name__})")
    if isinstance(outcome, Finished):
        return outcome.value
    return Proof(None, f"symbolic simplification used up its {seconds:.3g} s of CPU time", timed_out=True)


def _is_zero(expr: sympy.Expr) -> Optional[bool]:
    if expr == 0:
        return True
    simple = sympy.simplify(expr)
    if simple == 0:
        return True
    if simple.is_number and simple.is_finite and simple.is_zero is False:
        return False
    return None


def _equal(a: sympy.Expr, b: sympy.Expr, params: tuple[sympy.Symbol, ...]) -> Proof:
    d = a - b
    verdict = _is_zero(d)
    if verdict is True:
        return Proof(True, "simplify(answer - reference) = 0")
    if verdict is False:
        return Proof(False, "answer - reference simplifies to a nonzero constant")
    if d.equals(0) is True:
        return Proof(True, "sympy's equals() confirms answer = reference")
    return Proof(None, "symbolic simplification could not decide")


def _constant(a: sympy.Expr, b: sympy.Expr, params: tuple[sympy.Symbol, ...]) -> Proof:
    d = a - b
    results = [_is_zero(sympy.diff(d, p)) for p in params]
    if all(r is True for r in results):
        return Proof(True, "∂(answer - reference)/∂p simplifies to 0 for every parameter")
    if any(r is False for r in results):
        return Proof(False, "answer - reference depends on a parameter")
    return Proof(None, "symbolic simplification could not decide")


def _affine(a: sympy.Expr, b: sympy.Expr, params: tuple[sympy.Symbol, ...]) -> Proof:
    for p in params:
        db = sympy.simplify(sympy.diff(b, p))
        if db == 0:
            continue
        k = sympy.simplify(sympy.diff(a, p) / db)
        if k.free_symbols & set(params) or k.is_positive is not True:
            return Proof(None, "could not show answer = k·reference + c with k > 0 symbolically")
        if all(_is_zero(sympy.diff(a - k * b, q)) is True for q in params):
            return Proof(True, f"answer = k·reference + c with k = {k}")
        return Proof(None, "symbolic simplification could not decide")
    return Proof(None, "the reference does not depend on the parameters")
