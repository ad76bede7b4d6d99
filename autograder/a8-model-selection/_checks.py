"""Shared helpers of the assignment-8 hidden suite (not tests).

``expect_value`` is ``expect_close`` without magnitudes: a wrong answer is told which elements
are wrong, what its own values there are and which usual mistake it matches, never a difference
or a relative error from which the expected value could be worked out.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import numpy as np

from nncourse.checks import ATOL, RTOL, CheckFailure, compare
from nncourse.checks.numeric import as_numeric

#: Rows of "index: yours" shown for a wrong array.
SHOWN = 4
#: Mistakes ``compare`` recognises by itself (English only); shown only when no listed one matches.
_AUTOMATIC = ("transposed result", "sign flipped")


def expect_value(
    got: Any,
    expected: Any,
    *,
    call: str,
    rtol: float = RTOL,
    atol: float = ATOL,
    mistakes: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None,
    hint: str = "",
) -> None:
    """Fail unless ``got`` ≈ ``expected`` (numpy.isclose rule); the student text names wrong
    elements and usual mistakes but holds no expected value and no difference."""
    __tracebackhide__ = True
    result = compare(got, expected, rtol=rtol, atol=atol, mistakes=mistakes)
    if result.ok:
        return
    arr, exp = as_numeric(got), as_numeric(expected)
    if arr is not None and exp is not None and arr.shape == exp.shape:
        wrong = ~np.isclose(arr, exp, rtol=rtol, atol=atol, equal_nan=True)
        if arr.ndim == 0:
            shown = f"your value {arr.item():.6g} is not correct / 数值不正确"
        else:
            rows = [f"\n  index {tuple(int(i) for i in ix)}: yours {arr[tuple(ix)]:.6g}" for ix in np.argwhere(wrong)[:SHOWN]]
            shown = f"{int(wrong.sum())} of {wrong.size} values are not correct / 部分数值不正确" + "".join(rows)
        if not np.all(np.isfinite(arr)):
            shown += "\n  your result contains nan or inf / 结果中有 nan 或 inf"
    else:
        shown = result.student.splitlines()[0]  # a shape or type problem: safe to say
    listed = [m for m in result.mistakes if not m.startswith(_AUTOMATIC)]
    named = "".join(f"\n  likely mistake / 常见错误: {m}" for m in (listed or result.mistakes))
    tail = f"\n  hint / 提示: {hint}" if hint and not result.mistakes else ""
    raise CheckFailure(f"{call}: {shown}{named}{tail}", f"{call}: {result.instructor}{tail}")


def expect_layers(got: Any, expected: list[np.ndarray], *, call: str, mistakes: Mapping[str, list[np.ndarray]] | None = None,
                  rtol: float = RTOL, atol: float = ATOL, hint: str = "") -> None:
    """A list of arrays of different shapes (one per layer), compared layer by layer."""
    __tracebackhide__ = True
    if not isinstance(got, (list, tuple)) or len(got) != len(expected):
        n = len(got) if isinstance(got, (list, tuple)) else "not a list"
        raise CheckFailure(f"{call}: expected a list of {len(expected)} arrays, one per layer; got {n} / 应返回每层一个数组的列表")
    for i, (g, e) in enumerate(zip(got, expected)):
        layer_mistakes = {k: v[i] for k, v in (mistakes or {}).items()}
        expect_value(g, e, call=f"{call}, layer {i + 1}", mistakes=layer_mistakes, rtol=rtol, atol=atol, hint=hint)
