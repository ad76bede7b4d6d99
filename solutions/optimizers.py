"""Assignment 3 reference: gradient-based optimizers, learning-rate schedules, EMA weights.

Sources: textbook 002 ch. 2 (eq. 2.1 GD, eq. 2.2 SGD with η_t = C/√t, eq. 2.3 minibatch SGD)
and 练习一 Q6–Q9; seed 001 (optimizer comparison after A2.7: momentum and Adam); seed 004 Q7
(first moment as an exponential moving average, window 1/(1 − β)).

Conventions
-----------
* ``W0`` is never modified; every optimizer returns a new final ``W`` (float64).
* Full-batch methods take ``grad(W) -> ∇C(W)``. Per-sample methods take
  ``sample_grad(W, i) -> ∇Cᵢ(W)`` and ``order(t) -> i`` for the step t = 0, 1, …, e.g.
  ``order = lambda t: t % n`` (0-based; textbook 练习一 Q7 writes i_t = (t mod 8) + 1, 1-based).
* Optional ``callback(t, W)`` is called after step t = 1..steps with W⁽ᵗ⁾; collect a
  trajectory with ``path = []; momentum(..., callback=lambda t, W: path.append(W))``.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np

# ---------------------------------------------------------------------------- plain descent


def gradient_descent(
    grad: Callable[[np.ndarray], np.ndarray],
    W0: np.ndarray,
    eta: float,
    steps: int,
    callback: Callable[[int, np.ndarray], None] | None = None,
) -> np.ndarray:
    """W⁽ᵗ⁺¹⁾ = W⁽ᵗ⁾ − η ∇C(W⁽ᵗ⁾), ``steps`` times  (textbook §2.1, eq. 2.1).

    >>> gradient_descent(lambda W: 2 * W, np.array([1.0]), 0.25, 3).tolist()  # C = W², W ← W/2
    [0.125]
    """
    # BEGIN SOLUTION
    W = np.array(W0, dtype=np.float64)
    for t in range(1, steps + 1):
        W = W - eta * grad(W)  # step against the gradient
        if callback is not None:
            callback(t, W)
    return W
    # END SOLUTION


def sgd(
    sample_grad: Callable[[np.ndarray, int], np.ndarray],
    W0: np.ndarray,
    eta: float | Callable[[int], float],
    steps: int,
    order: Callable[[int], int],
    callback: Callable[[int, np.ndarray], None] | None = None,
) -> np.ndarray:
    """W⁽ᵗ⁺¹⁾ = W⁽ᵗ⁾ − η_t ∇C_{i_t}(W⁽ᵗ⁾) with i_t = order(t)  (textbook §2.2, eq. 2.2; 练习一 Q7).

    ``eta`` is a constant or a schedule evaluated at t = 1, 2, … (e.g. ``lambda t:
    sqrt_decay(C, t)``, the textbook's η_t = C/√t).

    >>> sgd(lambda W, i: W - i, np.array([0.0]), 0.5, 2, lambda t: 2).tolist()  # Cᵢ = ½(W − i)²
    [1.5]
    """
    # BEGIN SOLUTION
    W = np.array(W0, dtype=np.float64)
    for t in range(steps):
        rate = eta(t + 1) if callable(eta) else eta  # η_t (schedules start at t = 1)
        W = W - rate * sample_grad(W, order(t))  # one sample's gradient replaces the mean
        if callback is not None:
            callback(t + 1, W)
    return W
    # END SOLUTION


def minibatch_sgd(
    batch_grad: Callable[[np.ndarray, Sequence[int]], np.ndarray],
    W0: np.ndarray,
    schedule: Callable[[int], float],
    batches: Sequence[Sequence[int]],
    callback: Callable[[int, np.ndarray], None] | None = None,
) -> np.ndarray:
    """W⁽ᵗ⁺¹⁾ = W⁽ᵗ⁾ − η_t · (1/b) Σ_{i∈B_t} ∇Cᵢ(W⁽ᵗ⁾)  (textbook §2.2.1, eq. 2.3).

    ``batch_grad(W, B)`` returns the MEAN gradient over the index batch B; ``schedule(t)``
    gives η_t for t = 1, 2, …; one step per entry of ``batches`` (fixed, so deterministic).

    >>> minibatch_sgd(lambda W, B: W - np.mean(B), np.array([0.0]), lambda t: 1.0, [[1, 3]]).tolist()
    [2.0]
    """
    # BEGIN SOLUTION
    W = np.array(W0, dtype=np.float64)
    for t, batch in enumerate(batches, start=1):
        W = W - schedule(t) * batch_grad(W, batch)  # mean gradient of batch B_t
        if callback is not None:
            callback(t, W)
    return W
    # END SOLUTION


# --------------------------------------------------------------------------------- momentum


def momentum(
    grad: Callable[[np.ndarray], np.ndarray],
    W0: np.ndarray,
    eta: float,
    alpha: float,
    steps: int,
    callback: Callable[[int, np.ndarray], None] | None = None,
) -> np.ndarray:
    """Momentum (seed 001, optimizer question; textbook 练习一 Q8), v⁽⁰⁾ = 0:

    v ← α v − η ∇C(W),   W ← W + v.

    Equivalently (heavy ball) W⁽ᵗ⁺¹⁾ = W⁽ᵗ⁾ − η ∇C(W⁽ᵗ⁾) + α (W⁽ᵗ⁾ − W⁽ᵗ⁻¹⁾) with W⁽⁻¹⁾ = W⁽⁰⁾,
    because v⁽ᵗ⁺¹⁾ = W⁽ᵗ⁺¹⁾ − W⁽ᵗ⁾. Other books write v ← αv + ∇C, W ← W − ηv: for a constant η
    it gives the same iterates.

    >>> momentum(lambda W: np.ones(1), np.zeros(1), 1.0, 0.5, 2).tolist()  # v = −1, then −1.5
    [-2.5]
    """
    # BEGIN SOLUTION
    W = np.array(W0, dtype=np.float64)
    v = np.zeros_like(W)  # velocity starts at rest
    for t in range(1, steps + 1):
        v = alpha * v - eta * grad(W)  # decay the old velocity, add the new downhill push
        W = W + v  # move by the velocity
        if callback is not None:
            callback(t, W)
    return W
    # END SOLUTION


def nesterov(
    grad: Callable[[np.ndarray], np.ndarray],
    W0: np.ndarray,
    eta: float,
    alpha: float,
    steps: int,
    callback: Callable[[int, np.ndarray], None] | None = None,
) -> np.ndarray:
    """Nesterov momentum: the gradient is taken at the look-ahead point W + αv, v⁽⁰⁾ = 0:

    v ← α v − η ∇C(W + α v),   W ← W + v.

    >>> nesterov(lambda W: np.ones(1), np.zeros(1), 1.0, 0.5, 2).tolist()  # constant ∇: as momentum
    [-2.5]
    """
    # BEGIN SOLUTION
    W = np.array(W0, dtype=np.float64)
    v = np.zeros_like(W)
    for t in range(1, steps + 1):
        v = alpha * v - eta * grad(W + alpha * v)  # gradient where momentum is about to carry us
        W = W + v
        if callback is not None:
            callback(t, W)
    return W
    # END SOLUTION


# ------------------------------------------------------------------------ adaptive methods


def adagrad(
    sample_grad: Callable[[np.ndarray, int], np.ndarray],
    W0: np.ndarray,
    eta: float,
    delta: float,
    steps: int,
    order: Callable[[int], int],
    callback: Callable[[int, np.ndarray], None] | None = None,
) -> np.ndarray:
    """AdaGrad on the sample i_t = order(t)  (textbook 练习一 Q9), r⁽⁰⁾ = 0:

    g = ∇C_{i_t}(W),   r ← r + g ⊙ g,   W ← W − η g / (δ + √r)   (all entrywise).

    For a full-batch AdaGrad pass ``lambda W, i: grad(W)`` and any ``order``.

    >>> adagrad(lambda W, i: np.array([2.0]), np.zeros(1), 1.0, 0.0, 2, lambda t: 0).round(4).tolist()
    [-1.7071]
    """
    # BEGIN SOLUTION
    W = np.array(W0, dtype=np.float64)
    r = np.zeros_like(W)  # running sum of squared gradients, one per coordinate
    for t in range(steps):
        g = sample_grad(W, order(t))
        r = r + g * g  # accumulate g²
        W = W - eta * g / (delta + np.sqrt(r))  # per-coordinate step η/(δ + √r)
        if callback is not None:
            callback(t + 1, W)
    return W
    # END SOLUTION


def rmsprop(
    sample_grad: Callable[[np.ndarray, int], np.ndarray],
    W0: np.ndarray,
    eta: float,
    rho: float,
    delta: float,
    steps: int,
    order: Callable[[int], int],
    callback: Callable[[int, np.ndarray], None] | None = None,
) -> np.ndarray:
    """RMSProp: AdaGrad with a decaying average instead of a sum, r⁽⁰⁾ = 0:

    g = ∇C_{i_t}(W),   r ← ρ r + (1 − ρ) g ⊙ g,   W ← W − η g / (δ + √r).

    >>> rmsprop(lambda W, i: np.array([2.0]), np.zeros(1), 0.1, 0.0, 0.0, 1, lambda t: 0).tolist()
    [-0.1]
    """
    # BEGIN SOLUTION
    W = np.array(W0, dtype=np.float64)
    r = np.zeros_like(W)
    for t in range(steps):
        g = sample_grad(W, order(t))
        r = rho * r + (1.0 - rho) * g * g  # exponential moving average of g²
        W = W - eta * g / (delta + np.sqrt(r))
        if callback is not None:
            callback(t + 1, W)
    return W
    # END SOLUTION


def adam(
    sample_grad: Callable[[np.ndarray, int], np.ndarray],
    W0: np.ndarray,
    eta: float,
    beta1: float,
    beta2: float,
    eps: float,
    steps: int,
    order: Callable[[int], int],
    callback: Callable[[int, np.ndarray], None] | None = None,
) -> np.ndarray:
    """Adam with bias correction (seed 001, optimizer question), m⁽⁰⁾ = v⁽⁰⁾ = 0, t = 1, 2, …:

    m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g⊙g,  m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ),
    W ← W − η m̂ / (√v̂ + ε).

    The first step moves every coordinate by ≈ η, whatever the gradient's scale:

    >>> adam(lambda W, i: np.array([1e3, -1e-3]), np.zeros(2), 0.1, 0.9, 0.999, 0.0, 1, lambda t: 0).tolist()
    [-0.1, 0.1]
    """
    # BEGIN SOLUTION
    W = np.array(W0, dtype=np.float64)
    m = np.zeros_like(W)  # first moment: EMA of g
    v = np.zeros_like(W)  # second moment: EMA of g²
    for t in range(1, steps + 1):
        g = sample_grad(W, order(t - 1))
        m = beta1 * m + (1.0 - beta1) * g
        v = beta2 * v + (1.0 - beta2) * g * g
        m_hat = m / (1.0 - beta1**t)  # undo the bias towards the zero start (weights sum to 1 − β₁ᵗ)
        v_hat = v / (1.0 - beta2**t)
        W = W - eta * m_hat / (np.sqrt(v_hat) + eps)
        if callback is not None:
            callback(t, W)
    return W
    # END SOLUTION


# ---------------------------------------------------------------------- learning-rate schedules


def sqrt_decay(C: float, t: int) -> float:
    """η_t = C/√t for t = 1, 2, …  (textbook §2.2, eq. 2.2). Σηₜ = ∞ but Σηₜ² = ∞ too.

    >>> sqrt_decay(0.06, 4)
    0.03
    """
    # BEGIN SOLUTION
    if t < 1:
        raise ValueError("the schedule starts at t = 1")
    return C / math.sqrt(t)
    # END SOLUTION


def inverse_decay(C: float, t: int) -> float:
    """η_t = C/t for t = 1, 2, … (textbook §2.2 note: meets both Robbins–Monro conditions).

    >>> inverse_decay(1.0, 4)
    0.25
    """
    # BEGIN SOLUTION
    if t < 1:
        raise ValueError("the schedule starts at t = 1")
    return C / t
    # END SOLUTION


def step_decay(eta0: float, t: int, drop: float, every: int) -> float:
    """η_t = η₀ · drop^{⌊t / every⌋}: multiply by ``drop`` every ``every`` steps (t = 0, 1, …).

    >>> step_decay(1.0, 25, 0.5, 10)
    0.25
    """
    # BEGIN SOLUTION
    if t < 0 or every < 1:
        raise ValueError("need t >= 0 and every >= 1")
    return eta0 * drop ** (t // every)
    # END SOLUTION


def cosine(eta_max: float, t: int, T: int, eta_min: float = 0.0) -> float:
    """Cosine annealing η_t = η_min + ½(η_max − η_min)(1 + cos(π t / T)) for 0 ≤ t ≤ T.

    >>> cosine(1.0, 0, 10), cosine(1.0, 5, 10), cosine(1.0, 10, 10)
    (1.0, 0.5, 0.0)
    """
    # BEGIN SOLUTION
    if not 0 <= t <= T or T < 1:
        raise ValueError("need 0 <= t <= T and T >= 1")
    return eta_min + 0.5 * (eta_max - eta_min) * (1.0 + math.cos(math.pi * t / T))
    # END SOLUTION


# ------------------------------------------------------------------- exponential moving average


def ema_effective_window(beta: float) -> float:
    """Effective window of m_t = β m_{t−1} + (1 − β) g_t: 1/(1 − β) steps  (seed 004 Q7).

    Σ_{k≥0} βᵏ = 1/(1 − β), so the weights decay like those of a mean over ≈ 1/(1 − β) steps.

    >>> round(ema_effective_window(0.9), 12)
    10.0
    """
    # BEGIN SOLUTION
    if not 0.0 <= beta < 1.0:
        raise ValueError("need 0 <= beta < 1")
    return 1.0 / (1.0 - beta)
    # END SOLUTION


def ema_weights(beta: float, t: int) -> np.ndarray:
    """Weights of g₁, …, g_t in m_t (m₀ = 0): w_k = (1 − β) β^{t−k}, summing to 1 − β^t
    (seed 004 Q7, unrolled). Dividing by 1 − β^t is Adam's bias correction.

    >>> ema_weights(0.5, 3).tolist()
    [0.125, 0.25, 0.5]
    """
    # BEGIN SOLUTION
    if t < 0 or not 0.0 <= beta < 1.0:
        raise ValueError("need t >= 0 and 0 <= beta < 1")
    k = np.arange(1, t + 1)
    return (1.0 - beta) * beta ** (t - k).astype(np.float64)  # the newest gradient weighs most
    # END SOLUTION


__all__ = [
    "gradient_descent", "sgd", "minibatch_sgd", "momentum", "nesterov", "adagrad", "rmsprop",
    "adam", "sqrt_decay", "inverse_decay", "step_decay", "cosine", "ema_effective_window",
    "ema_weights",
]
