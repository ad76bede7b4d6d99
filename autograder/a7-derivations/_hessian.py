"""Shared checks of the 1-1-1 network's Hessian questions (seed 000 A2.2)."""

from __future__ import annotations

import math
from types import ModuleType
from typing import Any

from nncourse.checks import CheckFailure, expect_true

KEYS = ("x", "y", "w_1", "w_2", "b_1", "b_2")
#: Second derivatives asked for: ∂²L/∂w₁², ∂²L/∂w₁∂w₂, ∂²L/∂w₂².
ENTRIES = ("w1w1", "w1w2", "w2w2")


def indefinite_point(student: Any, reference: ModuleType, loss: str) -> None:
    """The student's point, evaluated with the reference Hessian, must have det < 0."""
    name = f"indefinite_point_{loss}"
    point = student[name]
    if not isinstance(point, dict) or set(point) != set(KEYS):
        raise CheckFailure(f"{name} must be a dict with exactly the keys {', '.join(KEYS)} / 须为含这六个键的字典")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in point.values()):
        raise CheckFailure(f"{name}: every value must be a finite number / 每个值须为有限实数")
    expect_true(reference.is_indefinite(loss, {k: float(v) for k, v in point.items()}),
                f"{name}: the Hessian at this point is not indefinite (no eigenvalues of both signs), so it does not "
                f"show non-convexity / 该点的 Hessian 不是不定的，不能说明非凸")
