"""Random problems for the assignment-8 hidden suite (not tests)."""

from __future__ import annotations

import numpy as np

KINDS = ("hinge", "squared_hinge", "logistic")


def classification_problem(rng: np.random.Generator, n: int, d: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, ±1 labels and a weight vector whose margins straddle 0 and 1."""
    X = rng.normal(size=(n, d))
    y = np.where(rng.random(n) < 0.5, -1.0, 1.0)
    return X, y, rng.normal(size=d)


def chain(rng: np.random.Generator, widths: list[int], scale: float) -> list[np.ndarray]:
    """Weights of a chain widths[0] → widths[1] → …, entries N(0, scale²/n_in)."""
    return [rng.normal(0.0, scale / np.sqrt(a), size=(b, a)) for a, b in zip(widths, widths[1:])]


def positive_design(rng: np.random.Generator, n: int, d: int, low: float = 0.5, high: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """Features all in [low, high] (never zero-mean) and noisy linear targets."""
    X = rng.uniform(low, high, size=(n, d))
    return X, X @ rng.normal(size=d) + 0.1 * rng.normal(size=n)
