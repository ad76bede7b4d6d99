"""Assignment 6 reference: ridge, weight decay, L1 / soft thresholding, dropout, batch norm.

Sources: textbook 002 §1.6 (ridge, eq. 1.9); seed 001 A2.6 and seed 000 A2.5 (L1 vs L2: the
decay update and the sign subgradient); seed 001 A2.7 and seed 000 A2.6 (batch
normalisation); seed 003 §1.2(3), §2.4 and seed 004 Q6 (dropout, "暂退法"); seed 000 A2.1 and
seed 001 A2.2 (epoch, batch, iteration).

Conventions
-----------
* ``X`` has one sample per row; ``W``/``w`` are 1-D unless stated.
* Dropout: ``p`` is the DROP probability (as in d2l's 暂退法, whose term seed 003 uses, and
  PyTorch); kept units are scaled by 1/(1 − p) ("inverted dropout") so E[out] = x.
* Batch norm: x has shape (n, D), statistics per feature (column) over the batch, biased
  variance (1/m) for normalising (seed 001 A2.7); running statistics follow PyTorch:
  r ← (1 − momentum)·r + momentum·batch statistic, the running variance using the unbiased
  batch variance (1/(m − 1)). Functions return new running statistics instead of mutating.
"""

from __future__ import annotations

import numpy as np

# ------------------------------------------------------------------------------ ridge / L2


def ridge_closed_form(X: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    """Minimiser of C(W) = 1/(2n)‖XW − Y‖² + λ/2‖W‖²  (textbook §1.6, eq. 1.9):

    ∇C = (1/n)(XᵀXW − XᵀY) + λW = 0  ⇒  W* = (XᵀX/n + λI)⁻¹ XᵀY/n.

    Solved as a linear system (no explicit inverse); every weight, bias included, is penalised.

    >>> ridge_closed_form(np.array([[1.0], [1.0]]), np.array([2.0, 2.0]), 1.0).tolist()
    [1.0]
    """
    # BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n, d = X.shape
    A = X.T @ X / n + lam * np.eye(d)  # XᵀX/n + λI: positive definite for λ > 0
    return np.linalg.solve(A, X.T @ y / n)  # solve A W = XᵀY/n
    # END SOLUTION


def l2_decay_update(w: np.ndarray, grad: np.ndarray, eta: float, lam: float) -> np.ndarray:
    """One gradient step on L(w) + λ‖w‖₂²: w ← (1 − 2ηλ)w − η∇L(w)  (seed 001 A2.6).

    The penalty λ‖w‖² (no ½) has gradient 2λw, hence the factor 2. With the textbook's λ/2‖W‖²
    (§1.6) the factor is (1 − ηλ): call this with ``lam / 2``.

    >>> l2_decay_update(np.array([1.0]), np.array([0.0]), 0.1, 0.5).tolist()
    [0.9]
    """
    # BEGIN SOLUTION
    w = np.asarray(w, dtype=np.float64)
    return (1.0 - 2.0 * eta * lam) * w - eta * np.asarray(grad, dtype=np.float64)  # shrink, then step
    # END SOLUTION


# ------------------------------------------------------------------------------------- L1


def l1_subgradient(w: np.ndarray, lam: float) -> np.ndarray:
    """A subgradient of λ‖w‖₁: λ·sign(wⱼ), taking 0 at wⱼ = 0 (any value in [−λ, λ] is valid
    there)  (seed 001 A2.6, seed 000 A2.5).

    >>> l1_subgradient(np.array([-2.0, 0.0, 3.0]), 0.5).tolist()
    [-0.5, 0.0, 0.5]
    """
    # BEGIN SOLUTION
    return lam * np.sign(np.asarray(w, dtype=np.float64))
    # END SOLUTION


def soft_threshold(w: np.ndarray, t: float) -> np.ndarray:
    """S_t(w) = sign(w)·max(|w| − t, 0) = argmin_u ½(u − w)² + t|u|, entrywise (t ≥ 0).

    Entries with |w| ≤ t become exactly 0: the source of L1 sparsity.

    >>> soft_threshold(np.array([-3.0, 0.5, 2.0]), 1.0).tolist()
    [-2.0, 0.0, 1.0]
    """
    # BEGIN SOLUTION
    if t < 0:
        raise ValueError("the threshold must be non-negative")
    w = np.asarray(w, dtype=np.float64)
    return np.sign(w) * np.maximum(np.abs(w) - t, 0.0)  # shrink magnitudes by t, stop at 0
    # END SOLUTION


def proximal_l1_step(w: np.ndarray, grad: np.ndarray, eta: float, lam: float) -> np.ndarray:
    """Proximal gradient (ISTA) step for L(w) + λ‖w‖₁: w ← S_{ηλ}(w − η∇L(w)).

    Unlike the subgradient step w − η(∇L + λ sign w), which oscillates around 0, this lands
    exactly on 0 whenever |w − η∇L| ≤ ηλ (seed 001 A2.6: "精确地推到零").

    >>> proximal_l1_step(np.array([0.05, 2.0]), np.zeros(2), 0.1, 1.0).tolist()
    [0.0, 1.9]
    """
    # BEGIN SOLUTION
    w = np.asarray(w, dtype=np.float64)
    step = w - eta * np.asarray(grad, dtype=np.float64)  # plain gradient step on L
    return soft_threshold(step, eta * lam)  # then the proximal map of ηλ‖·‖₁
    # END SOLUTION


def count_zeros(w: np.ndarray, tol: float = 0.0) -> int:
    """Sparsity count: the number of entries with |wⱼ| ≤ tol.

    >>> count_zeros(np.array([0.0, 1e-9, 2.0])), count_zeros(np.array([0.0, 1e-9, 2.0]), 1e-6)
    (1, 2)
    """
    # BEGIN SOLUTION
    return int(np.sum(np.abs(np.asarray(w, dtype=np.float64)) <= tol))
    # END SOLUTION


# -------------------------------------------------------------------------------- dropout


def dropout_forward(
    x: np.ndarray, p: float, rng: np.random.Generator, train: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Inverted dropout with DROP probability p (seed 003 §1.2(3); d2l 暂退法):

    mᵢ = 1/(1 − p) with probability 1 − p, else 0;  out = x ⊙ m, so E[out] = x.

    Training draws exactly one ``u = rng.random(x.shape)`` and keeps unit i iff uᵢ > p. In
    evaluation (``train=False``) nothing is dropped, m = 1 and ``rng`` is not used.
    Returns ``(out, m)``.

    >>> out, m = dropout_forward(np.ones(4), 0.5, np.random.default_rng(0))  # u ≈ .64 .27 .04 .02
    >>> m.tolist()
    [2.0, 0.0, 0.0, 0.0]
    """
    # BEGIN SOLUTION
    if not 0.0 <= p < 1.0:
        raise ValueError("the drop probability p must satisfy 0 <= p < 1")
    x = np.asarray(x, dtype=np.float64)
    if not train:
        return x.copy(), np.ones_like(x)  # evaluation: the full network, no rescaling needed
    keep = rng.random(x.shape) > p  # each unit survives with probability 1 − p
    mask = keep / (1.0 - p)  # survivors are scaled up so the expectation is unchanged
    return x * mask, mask
    # END SOLUTION


def dropout_backward(dout: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """∂C/∂x = ∂C/∂out ⊙ m: dropped units pass no gradient, kept ones are scaled by 1/(1 − p).

    >>> dropout_backward(np.array([1.0, 1.0]), np.array([0.0, 2.0])).tolist()
    [0.0, 2.0]
    """
    # BEGIN SOLUTION
    return np.asarray(dout, dtype=np.float64) * mask  # out = x ⊙ m is linear in x
    # END SOLUTION


# ---------------------------------------------------------------------------- batch norm


def batchnorm_forward(
    x: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    eps: float = 1e-5,
    running_mean: np.ndarray | None = None,
    running_var: np.ndarray | None = None,
    momentum: float = 0.1,
    train: bool = True,
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray, bool], np.ndarray, np.ndarray]:
    """Batch normalisation of x (n, D), per feature j  (seed 001 A2.7, steps 1–3):

    μ = (1/m)Σᵢxᵢ,  σ² = (1/m)Σᵢ(xᵢ − μ)²,  x̂ = (x − μ)/√(σ² + ε),  y = γ x̂ + β.

    ``train=True`` uses the batch statistics and returns updated running statistics
    r ← (1 − momentum) r + momentum · stat (running variance from the unbiased m/(m−1)·σ²;
    missing running statistics start at mean 0, variance 1, as in PyTorch). ``train=False``
    normalises with the running statistics (seed 001 A2.7 point 5) and returns them unchanged.
    Returns ``(y, cache, running_mean, running_var)``; cache = (x̂, γ, 1/√(σ² + ε), train).

    >>> y, cache, rm, rv = batchnorm_forward(np.array([[1.0], [3.0]]), np.ones(1), np.zeros(1), eps=0.0)
    >>> y.ravel().tolist(), rm.tolist(), rv.tolist()
    ([-1.0, 1.0], [0.2], [1.1])
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    m, D = x.shape
    if train:
        if m < 2:
            raise ValueError("training-mode batch norm needs at least 2 samples per batch")
        mu = x.mean(axis=0)  # step 1: batch mean per feature
        var = x.var(axis=0)  # step 1: batch variance per feature, 1/m
        rm = np.zeros(D) if running_mean is None else np.asarray(running_mean, dtype=np.float64)
        rv = np.ones(D) if running_var is None else np.asarray(running_var, dtype=np.float64)
        new_mean = (1.0 - momentum) * rm + momentum * mu  # exponential moving averages
        new_var = (1.0 - momentum) * rv + momentum * var * m / (m - 1)
    else:
        if running_mean is None or running_var is None:
            raise ValueError("evaluation-mode batch norm needs running_mean and running_var")
        mu = np.asarray(running_mean, dtype=np.float64)
        var = np.asarray(running_var, dtype=np.float64)
        new_mean, new_var = mu.copy(), var.copy()
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std  # step 2: zero mean, unit variance
    out = gamma * x_hat + beta  # step 3: learnable scale and shift
    return out, (x_hat, np.asarray(gamma, dtype=np.float64), inv_std, train), new_mean, new_var
    # END SOLUTION


def batchnorm_backward(
    dout: np.ndarray, cache: tuple[np.ndarray, np.ndarray, np.ndarray, bool]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of batch norm from ``dout`` = ∂C/∂y (cache from :func:`batchnorm_forward`):

    ∂C/∂β = Σᵢ dyᵢ,  ∂C/∂γ = Σᵢ dyᵢ ⊙ x̂ᵢ,
    training (μ, σ² depend on x):  ∂C/∂x = γ/(m√(σ² + ε)) · (m·dy − Σᵢdyᵢ − x̂ ⊙ Σᵢ dyᵢ ⊙ x̂ᵢ),
    evaluation (running statistics are constants):  ∂C/∂x = γ · dy / √(σ² + ε).

    >>> x = np.array([[1.0], [3.0]])
    >>> _, cache, _, _ = batchnorm_forward(x, np.ones(1), np.zeros(1), eps=0.0)
    >>> [g.tolist() for g in batchnorm_backward(np.array([[1.0], [1.0]]), cache)]
    [[[0.0], [0.0]], [0.0], [2.0]]
    """
    # BEGIN SOLUTION
    x_hat, gamma, inv_std, train = cache
    dout = np.asarray(dout, dtype=np.float64)
    m = dout.shape[0]
    dbeta = dout.sum(axis=0)  # y = γx̂ + β
    dgamma = np.sum(dout * x_hat, axis=0)
    if not train:
        return gamma * inv_std * dout, dgamma, dbeta  # x̂ = (x − const)·const
    dx_hat = dout * gamma  # through the scale
    # through x̂ = (x − μ)/σ with μ and σ depending on every sample of the batch:
    dx = inv_std / m * (m * dx_hat - dx_hat.sum(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0))
    return dx, dgamma, dbeta
    # END SOLUTION


# ------------------------------------------------------------------------ epochs and batches


def iterations_per_epoch(n: int, batch_size: int, drop_last: bool = False) -> int:
    """Parameter updates (iterations) in one epoch over n samples (seed 000 A2.1):
    ⌈n / b⌉, or ⌊n / b⌋ when the last, incomplete batch is dropped.

    >>> iterations_per_epoch(1000, 64), iterations_per_epoch(1000, 64, drop_last=True)
    (16, 15)
    """
    # BEGIN SOLUTION
    if n < 0 or batch_size < 1:
        raise ValueError("need n >= 0 and batch_size >= 1")
    return n // batch_size if drop_last else -(-n // batch_size)  # exact integer ceiling
    # END SOLUTION


__all__ = [
    "ridge_closed_form", "l2_decay_update", "l1_subgradient", "soft_threshold",
    "proximal_l1_step", "count_zeros", "dropout_forward", "dropout_backward",
    "batchnorm_forward", "batchnorm_backward", "iterations_per_epoch",
]
