"""The tests' own finite-difference gradient, independent of every module under test."""

from __future__ import annotations

from typing import Callable

import numpy as np

EPS = 1e-6  # central differences are O(ε²) accurate; rounding dominates at ~1e-9


def central_diff(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = EPS) -> np.ndarray:
    """∂f/∂x by central differences, one entry of ``x`` (any shape) at a time."""
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + eps
        up = f(x)
        x[idx] = old - eps
        down = f(x)
        x[idx] = old
        g[idx] = (up - down) / (2 * eps)
    return g
