"""Wrong variants of the adaptive optimizers, to name a student's mistake (not tests).

The reference cannot produce these by a change of arguments (unlike an off-by-one step count,
a shifted visiting order or swapped β's, which the tests take from the reference itself), so
each is a short loop with exactly one deliberate error; ``mistake`` picks it.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

SampleGrad = Callable[[np.ndarray, int], np.ndarray]


def adagrad_wrong(sample_grad: SampleGrad, W0: np.ndarray, eta: float, delta: float, steps: int,
                  order: Callable[[int], int], mistake: str) -> np.ndarray:
    """AdaGrad with ``mistake`` ∈ {"sum of g", "delta inside sqrt"}."""
    W, r = np.array(W0, dtype=float), np.zeros(len(W0))
    with np.errstate(invalid="ignore"):
        for t in range(steps):
            g = sample_grad(W, order(t))
            r = r + (g if mistake == "sum of g" else g * g)
            W = W - eta * g / (np.sqrt(delta + r) if mistake == "delta inside sqrt" else delta + np.sqrt(r))
    return W


def rmsprop_wrong(sample_grad: SampleGrad, W0: np.ndarray, eta: float, rho: float, delta: float, steps: int,
                  order: Callable[[int], int], mistake: str) -> np.ndarray:
    """RMSProp with ``mistake`` ∈ {"no 1 - rho", "delta inside sqrt"}."""
    W, r = np.array(W0, dtype=float), np.zeros(len(W0))
    for t in range(steps):
        g = sample_grad(W, order(t))
        r = rho * r + (1.0 if mistake == "no 1 - rho" else 1.0 - rho) * g * g
        W = W - eta * g / (np.sqrt(delta + r) if mistake == "delta inside sqrt" else delta + np.sqrt(r))
    return W


def adam_wrong(sample_grad: SampleGrad, W0: np.ndarray, eta: float, beta1: float, beta2: float, eps: float,
               steps: int, order: Callable[[int], int], mistake: str) -> np.ndarray:
    """Adam with ``mistake`` ∈ {"no bias correction", "eps inside sqrt", "power t + 1"}."""
    W, m, v = np.array(W0, dtype=float), np.zeros(len(W0)), np.zeros(len(W0))
    for t in range(1, steps + 1):
        g = sample_grad(W, order(t - 1))
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        if mistake == "no bias correction":
            m_hat, v_hat = m, v
        else:
            power = t + 1 if mistake == "power t + 1" else t
            m_hat, v_hat = m / (1 - beta1**power), v / (1 - beta2**power)
        step = np.sqrt(v_hat + eps) if mistake == "eps inside sqrt" else np.sqrt(v_hat) + eps
        W = W - eta * m_hat / step
    return W
