"""Compare a student's numbers with the reference and explain the difference.

Modelled on pytest's ``approx``: scalars, arrays and nested sequences are compared
element-wise with ``|got − expected| ≤ atol + rtol·|expected|`` (the same rule as
``numpy.isclose``), and a failure reports the number of mismatched elements, the largest
absolute and relative differences, and a small index table. Two renderings are kept: the
*student* text never contains expected values (safe for hidden tests), the *instructor*
text does.
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
    >>> print(compare([1.0, 2.5], [1.0, 2.0]).student.splitlines()[0])
    1 of 2 elements differ: largest absolute difference 0.5, largest relative difference 0.25
    """
    exp = as_numeric(expected)
    if exp is None:
        raise TypeError(f"reference value is not numeric: {type(expected).__name__}")
    arr = as_numeric(got)
    if arr is None:
        msg = f"expected {_describe(expected)}, got {_describe(got)}"
        return Comparison(False, msg, msg)
    if arr.shape != exp.shape:
        named = _match_mistakes(arr, exp, rtol, atol, mistakes)
        if arr.size == exp.size and np.all(_close(arr.reshape(exp.shape), exp, rtol, atol)):
            named = named or ("right numbers, wrong shape (reshape/flatten the result)",)
        msg = f"expected shape {exp.shape}, got shape {arr.shape}"
        return _with_mistakes(Comparison(False, msg, msg), named)
    close = _close(arr, exp, rtol, atol)
    if np.all(close):
        return Comparison(True, "matches", "matches")
    abs_diff = np.abs(arr - exp)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel_diff = np.where(np.abs(exp) > 0, abs_diff / np.abs(exp), np.inf)
    finite_abs = abs_diff[np.isfinite(abs_diff)]
    finite_rel = rel_diff[np.isfinite(rel_diff)]
    max_abs = float(finite_abs.max()) if finite_abs.size else float("inf")
    max_rel = float(finite_rel.max()) if finite_rel.size else float("inf")
    bad = int(np.size(close) - np.count_nonzero(close))
    head = (
        f"{bad} of {close.size} elements differ: largest absolute difference {max_abs:.3g}, "
        f"largest relative difference {max_rel:.3g}"
    )
    if arr.ndim == 0:
        student = f"{head}\n  your value: {arr.item():.6g}"
        instructor = f"{head}\n  got {arr.item():.10g}, expected {exp.item():.10g}"
    else:
        idx = np.argwhere(~close)[:TABLE_ROWS]
        rows_s = [f"  index {tuple(int(i) for i in ix)}: yours {arr[tuple(ix)]:.6g}" for ix in idx]
        rows_i = [f"  index {tuple(int(i) for i in ix)}: got {arr[tuple(ix)]:.10g}, expected {exp[tuple(ix)]:.10g}" for ix in idx]
        more = [f"  ... {bad - len(idx)} more"] if bad > len(idx) else []
        if np.any(~np.isfinite(arr)):
            more.append("  your result contains nan or inf")
        student = "\n".join([head, *rows_s, *more])
        instructor = "\n".join([head, *rows_i, *more])
    named = _match_mistakes(arr, exp, rtol, atol, mistakes)
    return _with_mistakes(Comparison(False, student, instructor, max_abs, max_rel), named)


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
        found.append("transposed result (check the order of a matrix product or a .T)")
    if arr.shape == exp.shape and np.any(exp != 0) and np.all(_close(arr, -exp, rtol, atol)):
        found.append("sign flipped (gradient ascent instead of descent, or y − ŷ vs ŷ − y)")
    return tuple(found)


def _with_mistakes(c: Comparison, named: tuple[str, ...]) -> Comparison:
    if not named:
        return c
    tail = "\n" + "\n".join(f"  likely mistake / 常见错误: {n}" for n in named)
    return Comparison(c.ok, c.student + tail, c.instructor + tail, c.max_abs, c.max_rel, named)
