"""Shared data and checks for the assignment-4 hidden suite (not tests)."""

from __future__ import annotations

from typing import Any

from nncourse.checks import CheckFailure, compare

#: 练习二 Q1: the four candidate networks on 32×32 greyscale images, 10 classes (textbook data).
EX2_Q1 = [
    [(1, 7, 1, 0), (2, 11, 1, 0), (512, 10)],
    [(1, 3, 1, 0), (5, 3, 1, 1), (900, 10)],
    [(1, 3, 1, 0), (2, 11, 1, 0), (1152, 11)],
    [(1, 3, 1, 0), (1, 3, 1, 1), (900, 10)],
]


def spelled(name: str, args: tuple[Any, ...]) -> str:
    """``name(a, b)`` as a student would write the call."""
    return f"{name}({', '.join(map(repr, args))})"


def expect_answer(got: Any, expected: Any, *, call: str, mistakes: dict[str, Any] | None = None) -> None:
    """Like ``expect_close``, but a wrong value shows no differences: the expected value is a quiz key.

    Shape and type problems and the usual mistakes are still named.
    """
    result = compare(got, expected, rtol=0, atol=1e-9, mistakes=mistakes)
    if result.ok:
        return
    values_differ = result.max_abs > 0 or result.max_rel > 0
    shown = "your answer is not correct / 答案不正确" if values_differ else result.student.splitlines()[0]
    named = "".join(f"\n  likely mistake / 常见错误: {m}" for m in result.mistakes)
    raise CheckFailure(f"{call}: {shown}{named}", f"{call}: {result.instructor}")
