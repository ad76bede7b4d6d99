"""Numeric probing: evaluate at the sampled points, compare per mode, confirm misses precisely.

Expressions are compiled with ``sympy.lambdify`` — it ``exec``\\s code that *sympy prints
from an already-validated expression*, never student text. Evaluation is in real float64
(numpy, warnings silenced); a point where either side is nan/inf, complex, or larger than
:data:`HUGE` is outside the common real domain and skipped. A point that fails the float
test is re-evaluated with mpmath at :data:`PRECISE_DIGITS` digits before it counts as a
counterexample, so cancellation error never turns an equivalent answer into a wrong one.

Tolerances (relative, as in ``pytest.approx``): :data:`RTOL` = 1e-9 for values,
:data:`RTOL_GROUP` = 1e-8 for the group modes (differences of differences).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import mpmath
import numpy as np
import sympy
from sympy.printing.numpy import NumPyPrinter
from sympy.printing.pycode import MpmathPrinter

from .sampling import Sample, Variables

RTOL = 1e-9
RTOL_GROUP = 1e-8
ATOL = 1e-13
HUGE = 1e100
PRECISE_DIGITS = 50
#: Fewest valid points (equal mode) or valid groups (other modes) for a positive verdict.
MIN_POINTS = 12
MIN_GROUPS = 3
#: A group needs this many valid points to be judged.
GROUP_POINTS = 3

Outcome = Literal["agree", "disagree", "inconclusive"]

#: lambdify's own printer settings plus ``order="none"``: printing terms unsorted is ~5×
#: faster on large expressions and changes nothing numerically.
_PRINTER_SETTINGS: Mapping[str, object] = MappingProxyType({
    "fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True, "user_functions": {},
    "order": "none",
})


@dataclass(frozen=True)
class Compiled:
    """An expression ready to evaluate at a :class:`~.sampling.Sample`."""

    expr: sympy.Expr
    args: tuple[sympy.Basic, ...]
    fn: Callable[..., object]
    loop: bool
    """Evaluate point by point (sums, indexed vectors) rather than vectorised."""


@dataclass(frozen=True)
class Comparison:
    """Outcome of comparing two value vectors under a mode."""

    outcome: Outcome
    valid: int
    """Valid points (equal mode) or judged groups (other modes)."""
    witness: int | None = None
    """A point showing the difference, when ``outcome == "disagree"``."""
    detail: str = ""
    """Why the witness fails, in words."""


def compile_expr(expr: sympy.Expr, variables: Variables) -> Compiled:
    """Lambdify ``expr`` over the scalar variables then the indexed bases."""
    args = (*variables.scalars, *variables.bases)
    fn = sympy.lambdify(args, expr, modules="numpy", printer=NumPyPrinter(_PRINTER_SETTINGS))
    loop = bool(variables.bases) or expr.has(sympy.Sum)
    return Compiled(expr=expr, args=args, fn=fn, loop=loop)


def evaluate(compiled: Compiled, sample: Sample, variables: Variables) -> np.ndarray:
    """Values at every point of ``sample``; ``nan`` where undefined."""
    n = sample.size
    with np.errstate(all="ignore"):
        if not compiled.loop:
            try:
                out = compiled.fn(*(sample.values[s] for s in variables.scalars))
                return _clean(np.broadcast_to(np.asarray(out), (n,)))
            except Exception:  # noqa: BLE001 - any failure: fall back to point by point
                pass
        out = np.full(n, np.nan, dtype=complex)
        for k in range(n):
            try:
                out[k] = complex(compiled.fn(*_point_args(sample, variables, k)))
            except Exception:  # noqa: BLE001 - undefined at this point (0-division, overflow, …)
                continue
    return _clean(out)


def _point_args(sample: Sample, variables: Variables, k: int, convert: Callable[[float], object] = float) -> list:
    args: list[object] = [int(sample.values[s][k]) if s in variables.integers else convert(sample.values[s][k])
                          for s in variables.scalars]
    args += [[convert(x) for x in sample.arrays[b][k]] if convert is not float else sample.arrays[b][k]
             for b in variables.bases]
    return args


def _clean(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values)
    if np.iscomplexobj(values):
        real, imag = values.real, values.imag
        ok = np.abs(imag) <= 1e-12 * np.maximum(np.abs(real), 1.0)
        values = np.where(ok, real, np.nan)
    values = np.array(values, dtype=float)
    values[~np.isfinite(values) | (np.abs(values) > HUGE)] = np.nan
    return values


def evaluate_precise(expr: sympy.Expr, sample: Sample, variables: Variables, points: Sequence[int]) -> np.ndarray:
    """Values at ``points`` computed with mpmath at :data:`PRECISE_DIGITS` digits (nan if undefined)."""
    out = np.full(sample.size, np.nan)
    try:
        fn = sympy.lambdify((*variables.scalars, *variables.bases), expr, modules="mpmath",
                             printer=MpmathPrinter(_PRINTER_SETTINGS))
    except Exception:  # noqa: BLE001 - not printable for mpmath: nothing can be confirmed
        return out
    with mpmath.workdps(PRECISE_DIGITS):
        for k in points:
            try:
                value = fn(*_point_args(sample, variables, k, convert=mpmath.mpf))
                value = mpmath.mpmathify(value)
                if isinstance(value, mpmath.mpc):
                    if abs(value.imag) > 1e-30 * max(abs(value.real), 1):
                        continue
                    value = value.real
                out[k] = float(value)
            except Exception:  # noqa: BLE001 - undefined at this point
                continue
    return _clean(out)


Recheck = Callable[[Sequence[int]], tuple[np.ndarray, np.ndarray]]


def compare(mode: str, a: np.ndarray, b: np.ndarray, groups: np.ndarray, recheck: Recheck,
            modest: np.ndarray | None = None) -> Comparison:
    """Compare student values ``a`` with reference values ``b`` under ``mode``.

    Points or groups that fail in float64 are re-evaluated precisely by ``recheck`` and
    judged again; only a failure that survives is a counterexample. Among several
    counterexamples the one with the smallest ``modest`` score (input size) is reported.
    """
    a, b = a.copy(), b.copy()
    modest = np.zeros(a.shape) if modest is None else modest
    if mode == "equal":
        failing = _equal_failures(a, b)
        failing = failing[np.argsort(modest[failing], kind="stable")]
        for batch in (failing[:3], failing[3:]):  # a few precise checks usually settle it
            if batch.size:
                a[batch], b[batch] = (v[batch] for v in recheck(batch))
                confirmed = np.intersect1d(_equal_failures(a, b), batch)
                if confirmed.size:
                    worst = confirmed[np.argmin(modest[confirmed])]
                    valid = int(np.sum(np.isfinite(a) & np.isfinite(b)))
                    return Comparison("disagree", valid, int(worst), "values differ")
        valid = int(np.sum(np.isfinite(a) & np.isfinite(b)))
        return Comparison("agree" if valid >= MIN_POINTS else "inconclusive", valid)
    test = _GROUP_TESTS[mode]
    judged = 0
    for g in np.unique(groups):
        idx = np.flatnonzero(groups == g)
        verdict = _judge_group(test, a, b, idx)
        if verdict is not None and not verdict[0]:
            a[idx], b[idx] = (v[idx] for v in recheck(idx))
            verdict = _judge_group(test, a, b, idx)
        if verdict is None:
            continue
        judged += 1
        if not verdict[0]:
            return Comparison("disagree", judged, verdict[2], verdict[1])
    return Comparison("agree" if judged >= MIN_GROUPS else "inconclusive", judged)


def _equal_failures(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    valid = np.isfinite(a) & np.isfinite(b)
    close = np.abs(a - b) <= RTOL * np.maximum(np.abs(a), np.abs(b)) + ATOL
    return np.flatnonzero(valid & ~close)


GroupTest = Callable[[np.ndarray, np.ndarray], tuple[bool, str, int]]


def _judge_group(test: GroupTest, a: np.ndarray, b: np.ndarray, idx: np.ndarray) -> tuple[bool, str, int] | None:
    keep = idx[np.isfinite(a[idx]) & np.isfinite(b[idx])]
    if keep.size < GROUP_POINTS:
        return None
    ok, detail, local = test(a[keep], b[keep])
    return ok, detail, int(keep[local])


def _up_to_constant(a: np.ndarray, b: np.ndarray) -> tuple[bool, str, int]:
    d = a - b
    tol = RTOL_GROUP * (np.abs(a) + np.abs(b) + abs(a[0]) + abs(b[0])) + ATOL
    bad = np.flatnonzero(np.abs(d - d[0]) > tol)
    if bad.size:
        return False, "the difference to the reference is not constant", int(bad[0])
    return True, "", 0


def _up_to_affine(a: np.ndarray, b: np.ndarray) -> tuple[bool, str, int]:
    j = int(np.argmax(np.abs(b - b[0])))
    spread = abs(b[j] - b[0])
    if spread <= RTOL_GROUP * (abs(b[j]) + abs(b[0])) + ATOL:  # reference constant here
        bad = np.flatnonzero(np.abs(a - a[0]) > RTOL_GROUP * (np.abs(a) + abs(a[0])) + ATOL)
        return (False, "the answer varies where the reference is constant", int(bad[0])) if bad.size else (True, "", 0)
    k = (a[j] - a[0]) / (b[j] - b[0])
    if not k > 0:
        what = "decreases" if k < 0 else "does not change"
        return False, f"the answer {what} when the reference increases (factor k = {k:.3g}, needs k > 0)", j
    residual = (a - a[0]) - k * (b - b[0])
    tol = RTOL_GROUP * (np.abs(a) + abs(a[0]) + k * (np.abs(b) + abs(b[0]))) + ATOL
    bad = np.flatnonzero(np.abs(residual) > tol)
    if bad.size:
        return False, "the answer is not k·reference + c for one constant k > 0", int(bad[0])
    return True, "", 0


def _same_order(a: np.ndarray, b: np.ndarray) -> tuple[bool, str, int]:
    for i in range(a.size):
        for j in range(i + 1, a.size):
            db, da = b[i] - b[j], a[i] - a[j]
            if abs(db) <= RTOL_GROUP * (abs(b[i]) + abs(b[j])) + ATOL:
                continue
            if da * db <= 0 or abs(da) <= RTOL_GROUP * (abs(a[i]) + abs(a[j])) + ATOL:
                return False, "the answer does not increase with the reference (different minimisers possible)", j
    return True, "", 0


_GROUP_TESTS: Mapping[str, GroupTest] = MappingProxyType({
    "up_to_constant": _up_to_constant,
    "up_to_affine": _up_to_affine,
    "same_argmin": _same_order,
})
