"""Shared helpers for the assignment-6 hidden suite (not tests)."""

from __future__ import annotations

import numpy as np

# Textbook §1.7 commute data: bias column, distance (km), weekday flag; minutes.
COMMUTE_X = np.column_stack([np.ones(5), [2.7, 4.1, 1.0, 5.2, 2.8], [1, 1, 0, 1, 0]])
COMMUTE_Y = np.array([25.0, 33.0, 15.0, 45.0, 22.0])


def regression_problem(rng: np.random.Generator, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Design matrix with a bias column and noisy linear targets."""
    X = np.hstack([np.ones((n, 1)), rng.normal(size=(n, d))])
    return X, X @ rng.normal(size=d + 1) + 0.3 * rng.normal(size=n)
