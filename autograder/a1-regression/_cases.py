"""Shared random problem generators for the assignment-1 hidden suite (not tests)."""

from __future__ import annotations

import numpy as np

SHAPES = [(5, 2), (12, 3), (40, 6), (7, 1), (100, 10)]


def regression_problem(rng: np.random.Generator, n: int, d: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Design matrix with a bias column, targets, and a generic W."""
    X = np.hstack([np.ones((n, 1)), rng.normal(size=(n, d))])
    y = X @ rng.normal(size=d + 1) + 0.3 * rng.normal(size=n)
    return X, y, rng.normal(size=d + 1)


def classification_problem(rng: np.random.Generator, n: int, d: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X = rng.normal(size=(n, d))
    y = np.where(rng.random(n) < 0.5, -1.0, 1.0)
    return X, y, 0.5 * rng.normal(size=d)
