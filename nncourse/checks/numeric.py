"""Compare a student's numbers with the reference and explain the difference.

Modelled on pytest's ``approx``: scalars, arrays and nested sequences are compared
element-wise with ``|got − expected| ≤ atol + rtol·|expected|`` (the same rule as
``numpy.isclose``). Two renderings are kept:

* the *student* text says how many elements differ and where, and shows the student's own
  values there, but never an expected value nor anything it follows from (no absolute or
  relative differences: "yours ± difference" would be the answer);
* the *instructor* text adds the expected values and the largest absolute and relative
  differences over the mismatched elements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

#: Default relative tolerance: float64 algorithms that differ only in summation order agree
#: to ~1e-12; 1e-6 leaves room for a different but correct formulation (solve vs. inverse).
RTOL = 1e-6
#: Default absolute tolerance, for elements whose expected value is zero.
ATOL = 1e-9
#: Rows of the mismatch table shown.
TABLE_ROWS = 5


@dataclass(frozen=True)
class Comparison:
    """Outcome of comparing one value with its reference."""

    ok: bool
    student: str
    """Explanation without expected values."""
    instructor: str = ""
    """Explanation with expected values."""
    max_abs: float = 0.0
    max_rel: float = 0.0
    mistakes: tuple[str, ...] = field(default_factory=tuple)
    """Names of the known mistakes the answer matches."""


def _describe(value: Any) -> str:
    """What a value is, in words a student understands (student objects arrive as placeholders)."""
    if value is None:
        return "None"
    kind = getattr(value, "type_name", None)  # codec.Opaque: a value that could not cross the sandbox
    if kind == "ellipsis":
        return "`...` (not answered yet / 尚未作答)"
    if kind is not None:
        return f"an object of type {kind}"
    arr = np.asarray(value) if isinstance(value, (list, tuple, np.ndarray, np.generic, int, float, complex, bool)) else None
    if arr is None:
        return f"a {type(value).__name__}"
    if arr.ndim == 0:
        return f"a scalar ({arr.dtype})"
    return f"an array of shape {arr.shape} ({arr.dtype})"


def as_numeric(value: Any) -> np.ndarray | None:
    """``value`` as a float/complex array, or None if it is not numeric data."""
    if value is None or isinstance(value, (str, bytes, dict)):
        return None
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError):
        return None
    if arr.dtype.kind == "b":
        return arr.astype(float)
    if arr.dtype.kind not in "iufc":
        return None
    return arr.astype(complex if arr.dtype.kind == "c" else float)


def _close(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    return np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)


def compare(
    got: Any,
    expected: Any,
    *,
    rtol: float = RTOL,
    atol: float = ATOL,
    mistakes: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None,
) -> Comparison:
    """Compare ``got`` with ``expected``; see the module docstring for the rule.

    ``mistakes`` maps a description of a usual error ("forgot the ½", "sum instead of
    mean") to the value that error produces; a failing answer that matches one is named.
    It may be a function returning that mapping, called only when the answer is wrong.
    A transposed result and a flipped sign are recognised without being listed.

    >>> compare([1.0, 2.0], [1.0, 2.0 + 1e-12]).ok
    True
    >>> print(compare([1.0, 2.5], [1.0, 2.0]).student)
    1 of 2 elements differ / 2 个元素中有 1 个不符
      index (1,): yours `2.5`
    >>> print(compare(110, 128).student)
    your value `110` differs from the expected value / 你的值与期望值不符
    """
    exp = as_numeric(expected)
    if exp is None:
        raise TypeError(f"reference value is not numeric: {type(expected).__name__}")
    arr = as_numeric(got)
    if arr is None:
        msg = f"expected {_describe(expected)}, got {_describe(got)} / 类型不对"
        return Comparison(False, msg, msg)
    if arr.shape != exp.shape:
        named = _match_mistakes(arr, exp, rtol, atol, mistakes)
        if arr.size == exp.size and np.all(_close(arr.reshape(exp.shape), exp, rtol, atol)):
            named = named or ("right numbers, wrong shape (reshape/flatten the result) / 数值对但形状不对（请调整形状）",)
        msg = f"expected shape {exp.shape}, got shape {arr.shape} / 形状不对"
        return _with_mistakes(Comparison(False, msg, msg), named)
    close = _close(arr, exp, rtol, atol)
    if np.all(close):
        return Comparison(True, "matches", "matches")
    bad_mask = ~close
    abs_diff = np.abs(arr - exp)[bad_mask]
    exp_bad = np.abs(exp[bad_mask])
    with np.errstate(divide="ignore", invalid="ignore"):
        rel_diff = np.where(exp_bad > 0, abs_diff / np.where(exp_bad > 0, exp_bad, 1.0), np.inf)
    # Over the mismatched elements only: a matching element must not make "largest relative
    # difference 0" out of a mismatch whose expected entry is 0 (its relative difference is inf).
    max_abs = float(np.nanmax(abs_diff)) if np.any(~np.isnan(abs_diff)) else float("nan")
    max_rel = float(np.nanmax(rel_diff)) if np.any(~np.isnan(rel_diff)) else float("nan")
    bad = int(np.count_nonzero(bad_mask))
    detail = f"largest absolute difference {max_abs:.3g}, largest relative difference {max_rel:.3g}"
    if np.isinf(max_rel) and np.isfinite(max_abs):
        detail += " (an expected entry is 0)"
    near = _near_miss(arr, exp, bad_mask, rtol, atol)
    if arr.ndim == 0:
        student = f"your value `{arr.item():.6g}` differs from the expected value / 你的值与期望值不符"
        instructor = f"{detail}\n  got {arr.item():.10g}, expected {exp.item():.10g}"
    else:
        head = f"{bad} of {close.size} elements differ / {close.size} 个元素中有 {bad} 个不符"
        idx = np.argwhere(bad_mask)[:TABLE_ROWS]
        rows_s = [f"  index {tuple(int(i) for i in ix)}: yours `{arr[tuple(ix)]:.6g}`" for ix in idx]
        rows_i = [f"  index {tuple(int(i) for i in ix)}: got {arr[tuple(ix)]:.10g}, expected {exp[tuple(ix)]:.10g}" for ix in idx]
        more = [f"  ... {bad - len(idx)} more / 另有 {bad - len(idx)} 个"] if bad > len(idx) else []
        student = "\n".join([head, *rows_s, *more])
        instructor = "\n".join([f"{head}: {detail}", *rows_i, *more])
    notes = []
    if np.any(~np.isfinite(arr)):
        notes.append("  your result contains nan or inf / 你的结果中有 nan 或 inf")
    if near:
        notes.append("  close, but outside the tolerance (rounding, float32, or a slightly different formula?) "
                     "/ 很接近，但超出了容差（舍入、float32 或公式略有不同？）")
    student = "\n".join([student, *notes])
    instructor = "\n".join([instructor, *notes])
    named = _match_mistakes(arr, exp, rtol, atol, mistakes)
    return _with_mistakes(Comparison(False, student, instructor, max_abs, max_rel), named)


#: A mismatch counts as a near miss when every wrong element is within this many tolerances.
NEAR_MISS = 1000.0


def _near_miss(arr: np.ndarray, exp: np.ndarray, bad: np.ndarray, rtol: float, atol: float) -> bool:
    """Every mismatch within ``NEAR_MISS`` tolerances, and the expected entries not all integers.

    Said to the student because it separates a rounding or precision problem from a wrong
    formula. Integers (counts, sizes) are excluded: there "close" would bracket the answer.
    """
    wrong, want = arr[bad], exp[bad]
    if not np.all(np.isfinite(wrong)) or rtol == 0 or np.all(np.real(want) == np.round(np.real(want))):
        return False
    return bool(np.all(np.abs(wrong - want) <= NEAR_MISS * (atol + rtol * np.abs(want))))


def _match_mistakes(
    arr: np.ndarray, exp: np.ndarray, rtol: float, atol: float,
    mistakes: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None,
) -> tuple[str, ...]:
    found = []
    if callable(mistakes):  # computed only now that the answer is wrong (they can be costly)
        mistakes = mistakes()
    for label, wrong in (mistakes or {}).items():
        w = as_numeric(wrong)
        if w is not None and w.shape == arr.shape and np.all(_close(arr, w, rtol, atol)):
            found.append(label)
    if exp.ndim == 2 and arr.shape == exp.T.shape and exp.shape != exp.T.shape and np.all(_close(arr, exp.T, rtol, atol)):
        found.append("transposed result (check the order of a matrix product or a .T) / 结果被转置了（检查矩阵乘法的顺序或 .T）")
    if arr.shape == exp.shape and np.any(exp != 0) and np.all(_close(arr, -exp, rtol, atol)):
        found.append("sign flipped (gradient ascent instead of descent, or y − ŷ vs ŷ − y) / 符号反了（梯度上升而非下降，或 y − ŷ 与 ŷ − y 混淆）")
    return tuple(found)


def _with_mistakes(c: Comparison, named: tuple[str, ...]) -> Comparison:
    if not named:
        return c
    tail = "\n" + "\n".join(f"  likely mistake / 常见错误: {n}" for n in named)
    return Comparison(c.ok, c.student + tail, c.instructor + tail, c.max_abs, c.max_rel, named)
