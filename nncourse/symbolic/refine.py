"""Second looks before an *equivalent*: the real domains, and differences below float precision.

The numeric probe (:mod:`.numeric`) compares in float64 with a relative tolerance of 1e-9.
Two things can hide behind "agree at every valid point":

* **different real domains** — ``log(x**2)`` and ``2*log(x)`` agree wherever both are defined
  (x > 0) but the first is also defined for x < 0, where the second is not real. The
  comparison happens where *both* are defined; if either side is undefined at more than
  :data:`MAX_UNDEFINED_SHARE` of the points where the other is defined, the verdict is
  *undecided* (a person decides whether the domains matter), never *equivalent*;
* **a difference below float precision** — ``x**2 + 10**-12`` against ``x**2``, or
  ``exp(x) + exp(-30)`` against ``exp(x)``. At a few valid points (the smallest inputs first)
  both sides are evaluated with mpmath at :data:`DIGITS` digits; a relative difference above
  :data:`TINY` that is still there, unchanged, at :data:`CONFIRM_DIGITS` digits is real (not
  rounding or cancellation), and the answer is *not equivalent*. Answers holding floating-point
  numbers (a sympy object built with ``0.1``) are exempt: their rounding is not a mistake.
"""

from __future__ import annotations

from typing import Optional

import mpmath
import numpy as np
import sympy
from sympy.printing.pycode import MpmathPrinter

from .numeric import _PRINTER_SETTINGS, _point_args
from .problem import Problem
from .verdict import Verdict

#: A side undefined at more than this share of the points where the other side is defined
#: makes the verdict undecided (the two have different real domains).
MAX_UNDEFINED_SHARE = 0.1
#: Points re-evaluated precisely before an "equivalent".
POINTS = 3
DIGITS = 50
CONFIRM_DIGITS = 90
#: Relative difference that precise evaluation must show to count.
TINY = 1e-30


def domain_gap(problem: Problem) -> Optional[Verdict]:
    """Undecided when one side is undefined on much of the other's real domain."""
    for mine, other, whose in ((problem.student_values, problem.reference_values, "answer"),
                               (problem.reference_values, problem.student_values, "reference")):
        ok = np.isfinite(other)
        missing = ok & ~np.isfinite(mine)
        if ok.sum() == 0 or missing.sum() <= MAX_UNDEFINED_SHARE * ok.sum():
            continue
        k = int(np.flatnonzero(missing)[0])
        where = ", ".join(f"{n}={v}" for n, v in problem.sample.point(k).items())
        share = f"{int(missing.sum())}/{int(ok.sum())}"
        if whose == "answer":
            text = (f"无法判定，需人工复核：你的答案在参考答案有定义的 {share} 个点上无定义（如 {where}） / undecided, "
                    f"needs a human: your answer is undefined at {share} points where the reference is defined "
                    f"(e.g. {where})")
        else:
            text = (f"无法判定，需人工复核：你的答案在参考答案无定义的 {share} 个点上有定义（如 {where}），在实数范围内"
                    f"二者定义域不同 / undecided, needs a human: your answer is defined at {share} points where the "
                    f"reference is not (e.g. {where}); over the reals the two have different domains")
        return Verdict("undecided", text, problem.options.mode, "numeric", points=int(ok.sum() - missing.sum()))
    return None


def tiny_difference(problem: Problem) -> Optional[Verdict]:
    """``not_equivalent`` when precise evaluation shows a real difference that float64 missed."""
    a_expr, b_expr = problem.numeric_student, problem.numeric_reference
    if a_expr.has(sympy.Float) or b_expr.has(sympy.Float):
        return None
    valid = np.flatnonzero(np.isfinite(problem.student_values) & np.isfinite(problem.reference_values))
    if valid.size == 0:
        return None
    order = valid[np.argsort(problem.sample.magnitude()[valid], kind="stable")]
    try:
        fn = sympy.lambdify((*problem.variables.scalars, *problem.variables.bases), [a_expr, b_expr],
                            modules="mpmath", printer=MpmathPrinter(_PRINTER_SETTINGS))
    except Exception:  # noqa: BLE001 - not printable for mpmath: nothing more to learn
        return None
    for k in order[:POINTS]:
        first = _difference(fn, problem, int(k), DIGITS)
        if first is None:
            continue
        confirmed = _difference(fn, problem, int(k), CONFIRM_DIGITS)
        if confirmed is None or abs(confirmed - first) > 1e-6 * abs(confirmed):
            continue
        return _verdict(problem, int(k), confirmed)
    return None


def _difference(fn, problem: Problem, k: int, digits: int) -> Optional[mpmath.mpf]:  # type: ignore[no-untyped-def]
    """answer − reference at point ``k`` with ``digits`` digits, when it is real and above :data:`TINY`."""
    with mpmath.workdps(digits):
        try:
            a, b = (mpmath.mpmathify(v) for v in fn(*_point_args(problem.sample, problem.variables, k, convert=mpmath.mpf)))
        except Exception:  # noqa: BLE001 - undefined here
            return None
        if isinstance(a, mpmath.mpc) or isinstance(b, mpmath.mpc):
            return None
        d = a - b
        return d if abs(d) > TINY * max(abs(a), abs(b), mpmath.mpf(10) ** -300) else None


def _verdict(problem: Problem, k: int, d: mpmath.mpf) -> Verdict:
    point = problem.sample.point(k)
    where = ", ".join(f"{name}={value}" for name, value in point.items()) or "any point"
    a, b = float(problem.student_values[k]), float(problem.reference_values[k])
    feedback = ("与参考答案相差一个极小的量（超出浮点精度才看得出，例如多了一个很小的常数项） / differs from the "
                "reference by a tiny amount, below float precision (e.g. a stray small constant term)")
    text = (f"{feedback}：在 {where} 处相差 {float(d):.3g} / not equivalent: at {where} answer − reference = "
            f"{float(d):.3g} (confirmed at {CONFIRM_DIGITS} digits)")
    return Verdict("not_equivalent", text, problem.options.mode, "numeric+precise", mistake="tiny_difference",
                   mistake_feedback=feedback, points=int(problem.sample.size), counterexample=tuple(point.items()),
                   values=(a, b))
