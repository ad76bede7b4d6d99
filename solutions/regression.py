"""Assignment 1 reference: linear regression, ridge, gradient descent, SGD, squared hinge,
perceptron (textbook 002, chapters 1–3).

Conventions: a design matrix ``X`` has one sample per row and, for regression, a leading
column of ones (x₀ = 1, textbook §1.1); weights ``W`` are 1-D arrays.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

DATA = Path(__file__).resolve().parent.parent / "assignments" / "a1-regression" / "data"


def _read_csv(name: str) -> np.ndarray:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return np.array(rows[1:], dtype=float)


def commute_data() -> tuple[np.ndarray, np.ndarray]:
    """Textbook §1.1/§1.7 commute data: features (distance km, weekday flag), minutes."""
    table = _read_csv("commute.csv")
    return table[:, :2], table[:, 2]


def hinge8_data() -> tuple[np.ndarray, np.ndarray]:
    """Textbook 练习一 Q6 data: X of shape (8, 4), one sample per row; y in {−1, +1}."""
    table = _read_csv("hinge8.csv")
    return table[:, :4], table[:, 4]


#: Per-student commute data (``data_seed: student``): rows, distance range (km), how many
#: trips of each kind of day at least, and the largest condition number κ(X) of X = [1, km,
#: weekday] accepted (κ(XᵀX) = κ(X)², so solving the normal equations loses at most about
#: 2·log₁₀ 40 ≈ 3.2 of float64's 16 digits). The textbook's own data have κ(X) ≈ 12.
COMMUTE_ROWS = (5, 8)
COMMUTE_KM = (0.8, 9.0)
MIN_EACH_DAY_KIND = 2
MAX_CONDITION = 40.0


def student_data(rng: np.random.Generator) -> dict[str, str]:
    """One student's commute records, in the shape of the textbook's (§1.1): 5–8 trips of
    distance (km, one decimal), weekday flag (0/1) and minutes (whole), drawn as

        minutes = a + b·km + c·weekday + ε,   a ~ U(4, 12), b ~ U(3.5, 8) min/km,
        c ~ U(1, 6) min, ε ~ N(0, 1.5²), at least 3 minutes,

    redrawn until both kinds of day occur at least twice and X = [1, km, weekday] has
    condition number κ(X) ≤ 40: its columns are then far from dependent and the closed form
    W* = (XᵀX)⁻¹XᵀY (eq. 1.6) is stable. Only ``rng`` decides the data (the grader seeds it
    per student).

    >>> text = student_data(np.random.default_rng(1))["commute.csv"]
    >>> text.splitlines()[0]
    'distance_km,weekday,minutes'
    >>> 5 <= len(text.splitlines()) - 1 <= 8
    True
    """
    a, b, c = rng.uniform(4.0, 12.0), rng.uniform(3.5, 8.0), rng.uniform(1.0, 6.0)
    while True:
        n = int(rng.integers(COMMUTE_ROWS[0], COMMUTE_ROWS[1] + 1))
        km = np.round(rng.uniform(*COMMUTE_KM, size=n), 1)
        weekday = (rng.random(n) < 0.6).astype(int)
        if MIN_EACH_DAY_KIND <= weekday.sum() <= n - MIN_EACH_DAY_KIND:
            X = np.column_stack([np.ones(n), km, weekday])
            if np.linalg.cond(X) <= MAX_CONDITION:
                break
    minutes = np.maximum(3, np.round(a + b * km + c * weekday + rng.normal(0.0, 1.5, size=n))).astype(int)
    rows = "".join(f"{k:.1f},{w},{m}\n" for k, w, m in zip(km, weekday, minutes))
    return {"commute.csv": "distance_km,weekday,minutes\n" + rows}


def add_bias_column(features: np.ndarray) -> np.ndarray:
    """Prepend x₀ = 1 to every sample: [1, x₁, …, x_d] (textbook §1.1).

    >>> add_bias_column(np.array([[2.0], [3.0]])).tolist()
    [[1.0, 2.0], [1.0, 3.0]]
    """
    # BEGIN SOLUTION
    features = np.asarray(features, dtype=float)
    if features.ndim == 1:
        features = features[:, None]
    return np.hstack([np.ones((features.shape[0], 1)), features])
    # END SOLUTION


def mse_cost(W: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    """C(W) = 1/(2n) Σᵢ (y⁽ⁱ⁾ − Wᵀx⁽ⁱ⁾)² = (XW − Y)ᵀ(XW − Y) / (2n)  (textbook eq. 1.3/1.4)."""
    # BEGIN SOLUTION
    residual = X @ W - y
    return float(residual @ residual / (2 * len(y)))
    # END SOLUTION


def mse_gradient(W: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∇C(W) = (XᵀXW − XᵀY) / n  (textbook eq. 1.5)."""
    # BEGIN SOLUTION
    return (X.T @ (X @ W) - X.T @ y) / len(y)
    # END SOLUTION


def fit_linear(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Closed-form least squares W* = (XᵀX)⁻¹XᵀY  (textbook eq. 1.6).

    Solve the normal equations XᵀX W = XᵀY rather than forming the inverse.
    On the commute data this gives W* ≈ (6.086, 6.534, 2.113) (textbook §1.7).
    """
    # BEGIN SOLUTION
    return np.linalg.solve(X.T @ X, X.T @ y)
    # END SOLUTION


def fit_ridge(X: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    """Ridge regression W* = (XᵀX/n + λI)⁻¹ (XᵀY/n)  (textbook §1.6, cost eq. 1.9).

    C(W) = 1/(2n)‖XW − Y‖² + λ/2‖W‖²; every weight (bias included) is penalised, as in the
    textbook. For λ > 0 the matrix is always invertible.
    """
    # BEGIN SOLUTION
    n, d = X.shape
    return np.linalg.solve(X.T @ X / n + lam * np.eye(d), X.T @ y / n)
    # END SOLUTION


def gradient_descent(grad: Callable[[np.ndarray], np.ndarray], W0: np.ndarray, eta: float, steps: int) -> np.ndarray:
    """W⁽ᵗ⁺¹⁾ = W⁽ᵗ⁾ − η ∇C(W⁽ᵗ⁾), repeated ``steps`` times from W⁽⁰⁾ = W0  (textbook eq. 2.1)."""
    # BEGIN SOLUTION
    W = np.array(W0, dtype=float)
    for _ in range(steps):
        W = W - eta * grad(W)
    return W
    # END SOLUTION


def sqrt_decay(C: float, t: int) -> float:
    """Learning-rate schedule η_t = C/√t for t = 1, 2, …  (textbook eq. 2.2)."""
    # BEGIN SOLUTION
    if t < 1:
        raise ValueError("the schedule starts at t = 1")
    return C / np.sqrt(t)
    # END SOLUTION


def minibatch_sgd(
    X: np.ndarray, y: np.ndarray, W0: np.ndarray, batches: Sequence[Sequence[int]], C: float
) -> np.ndarray:
    """Minibatch SGD for least squares (textbook eq. 2.3) with η_t = C/√t.

    Step t = 1, 2, … uses the t-th index batch B:  W ← W − (η_t/b) Σ_{i∈B} ∇Cᵢ(W),
    with ∇Cᵢ(W) = (Wᵀx⁽ⁱ⁾ − y⁽ⁱ⁾) x⁽ⁱ⁾ and b = |B|. The batches are given so that the
    result is deterministic.
    """
    # BEGIN SOLUTION
    W = np.array(W0, dtype=float)
    for t, batch in enumerate(batches, start=1):
        idx = np.asarray(batch, dtype=int)
        Xb, yb = X[idx], y[idx]
        W = W - (C / np.sqrt(t)) * (Xb.T @ (Xb @ W - yb)) / len(idx)
    return W
    # END SOLUTION


def squared_hinge_cost(W: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    """C(W) = (1/n) Σᵢ ½ max{0, 1 − y⁽ⁱ⁾Wᵀx⁽ⁱ⁾}²  (textbook §1.4, 练习一 Q6)."""
    # BEGIN SOLUTION
    margins = np.maximum(0.0, 1.0 - y * (X @ W))
    return float(np.mean(0.5 * margins**2))
    # END SOLUTION


def squared_hinge_sample_gradient(W: np.ndarray, x: np.ndarray, y: float) -> np.ndarray:
    """∇Cᵢ(W) = 0 if y Wᵀx ≥ 1, else (Wᵀx − y) x  (textbook eq. 1.7, using y² = 1)."""
    # BEGIN SOLUTION
    score = float(x @ W)
    if y * score >= 1:
        return np.zeros_like(np.asarray(x, dtype=float))
    return (score - y) * np.asarray(x, dtype=float)
    # END SOLUTION


def squared_hinge_gradient(W: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∇C(W) = (1/n) Σᵢ ∇Cᵢ(W), vectorised: only samples with margin y Wᵀx < 1 contribute."""
    # BEGIN SOLUTION
    scores = X @ W
    active = (y * scores) < 1
    return X[active].T @ (scores[active] - y[active]) / len(y)
    # END SOLUTION


def sgd_fixed_order(
    sample_grad: Callable[[np.ndarray, int], np.ndarray], W0: np.ndarray, eta: float, steps: int, n: int
) -> np.ndarray:
    """SGD W⁽ᵗ⁺¹⁾ = W⁽ᵗ⁾ − η ∇C_{i_t}(W⁽ᵗ⁾) visiting i_t = t mod n (0-based; 练习一 Q7).

    ``sample_grad(W, i)`` returns ∇Cᵢ(W).
    """
    # BEGIN SOLUTION
    W = np.array(W0, dtype=float)
    for t in range(steps):
        W = W - eta * sample_grad(W, t % n)
    return W
    # END SOLUTION


def perceptron_pass(X: np.ndarray, y: np.ndarray, W0: np.ndarray) -> np.ndarray:
    """One perceptron pass over the samples in order (textbook §3.1, 练习一 Q10).

    A sample is misclassified when y Wᵀx ≤ 0 (a zero score counts as a mistake, otherwise
    W⁽⁰⁾ = 0 could never move); then W ← W + y x. This is the textbook's rule
    W ← W + η(y − ŷ)x with η = ½, since y − ŷ = 2y on a mistake.
    """
    # BEGIN SOLUTION
    W = np.array(W0, dtype=float)
    for xi, yi in zip(np.asarray(X, dtype=float), y):
        if yi * (xi @ W) <= 0:
            W = W + yi * xi
    return W
    # END SOLUTION
