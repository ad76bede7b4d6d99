"""The public entry points: :func:`check_equivalent` and :func:`diagnose`.

Each validates its options, then judges the answer in this process when the time limit can
interrupt it here (a main thread on POSIX: :func:`~.timeouts.can_interrupt`), and otherwise in a
helper process that can be killed (:mod:`.remote`): no thread is ever left computing.

    >>> check_equivalent("sigma(z)*(1-sigma(z))", "exp(-z)/(1+exp(-z))**2").status
    'equivalent'
    >>> check_equivalent("x" * 3000, "x").status
    'rejected'
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Optional

from .answers import Answer, Syntax
from .equivalence import check_here, make_options
from .mistakes import VariantsArg, as_variants, diagnose_here
from .timeouts import can_interrupt
from .verdict import Verdict


def check_equivalent(
    student: Answer,
    reference: Answer,
    *,
    mode: str = "equal",
    positive: Collection[str] = (),
    integer: Collection[str] = (),
    params: Optional[Collection[str]] = None,
    intervals: Optional[Mapping[str, tuple[float, float]]] = None,
    sigma: str = "logistic",
    syntax: Syntax = "auto",
    timeout: float = 2.0,
    seed: int = 0,
    prove: bool = False,
    forbid: Collection[str] = (),
) -> Verdict:
    """Compare ``student`` with ``reference`` (see :mod:`.equivalence` for the method).

    A student answer that cannot be parsed or is unsafe gives a ``rejected`` verdict; an
    invalid *reference* or option raises :class:`~nncourse.errors.AnswerError`. ``prove=True``
    also runs full symbolic simplification when the numbers agree. ``forbid`` names forms the
    answer may not contain (:mod:`.forms`). ``timeout`` counts CPU seconds; where this thread
    cannot be interrupted (not the main thread), the check runs in a helper process
    (:mod:`.remote`) that is killed if it overruns.
    """
    options = make_options(mode=mode, positive=positive, integer=integer, params=params, intervals=intervals,
                           sigma=sigma, syntax=syntax, timeout=timeout, seed=seed, prove=prove, forbid=forbid)
    if not can_interrupt():
        from .remote import shared_checker

        return shared_checker().check(student, reference, options=options)
    return check_here(student, reference, options)


def diagnose(
    student: Answer,
    reference: Answer,
    variants: VariantsArg = None,
    *,
    builtin: bool = True,
    mode: str = "equal",
    positive: Iterable[str] = (),
    integer: Iterable[str] = (),
    params: Optional[Iterable[str]] = None,
    intervals: Optional[Mapping[str, tuple[float, float]]] = None,
    sigma: str = "logistic",
    syntax: str = "auto",
    timeout: float = 2.0,
    seed: int = 0,
    forbid: Iterable[str] = (),
) -> Verdict:
    """:func:`check_equivalent`, plus the name of the mistake when one matches (:mod:`.mistakes`).

    Like it, runs in a helper process where this thread cannot be interrupted (:mod:`.remote`).
    """
    options = make_options(mode=mode, positive=positive, integer=integer, params=params, intervals=intervals,
                           sigma=sigma, syntax=syntax, timeout=timeout, seed=seed, prove=False, forbid=forbid)
    if not can_interrupt():
        from .remote import shared_checker

        return shared_checker().check(student, reference, options=options, variants=as_variants(variants),
                                      builtin=builtin)
    return diagnose_here(student, reference, options, as_variants(variants), builtin)
