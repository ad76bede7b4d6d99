"""Assignment 5 reference: weight initialisation, variance propagation, vanishing gradients.

Sources: seed 001 A2.1 (10-layer sigmoid network, Xavier and He derivations), seed 003 §5.2
(zero initialisation keeps the units of a layer identical; Xavier and He), seed 004 Q1
(Var(z) for n = 500 inputs with Var(w) = 1/1000).

Conventions: a weight matrix has the textbook shape ``(n_out, n_in)`` (textbook §3.4.1) and a
batch has one sample per row, z = a Wᵀ + b. Every random draw comes from the
``np.random.Generator`` passed in, so a seed reproduces everything.
"""

from __future__ import annotations

import math

import numpy as np

# ------------------------------------------------------------------------ scales and samplers


def xavier_uniform_bound(n_in: int, n_out: int) -> float:
    """Xavier/Glorot uniform bound a = √(6/(n_in + n_out)): U(−a, a) has variance a²/3 =
    2/(n_in + n_out)  (seed 001 A2.1, method 1; seed 003 §5.2(2)).

    >>> xavier_uniform_bound(3, 3)
    1.0
    """
    # BEGIN SOLUTION
    return math.sqrt(6.0 / (n_in + n_out))
    # END SOLUTION


def xavier_normal_std(n_in: int, n_out: int) -> float:
    """Xavier/Glorot normal STANDARD DEVIATION σ = √(2/(n_in + n_out)), i.e. Var(w) =
    2/(n_in + n_out), the compromise between 1/n_in (forward) and 1/n_out (backward)
    (seed 001 A2.1, method 1).

    >>> xavier_normal_std(1, 1)
    1.0
    """
    # BEGIN SOLUTION
    return math.sqrt(2.0 / (n_in + n_out))
    # END SOLUTION


def he_uniform_bound(n_in: int) -> float:
    """He/Kaiming uniform bound a = √(6/n_in): variance a²/3 = 2/n_in.

    >>> he_uniform_bound(6)
    1.0
    """
    # BEGIN SOLUTION
    return math.sqrt(6.0 / n_in)
    # END SOLUTION


def he_normal_std(n_in: int) -> float:
    """He/Kaiming normal STANDARD DEVIATION σ = √(2/n_in): Var(w) = 2/n_in makes up for ReLU
    halving the second moment: for zero-mean symmetric z, E[ReLU(z)²] = ½Var(z), and the next
    layer's Var(z′) = n_in·Var(w)·E[a²] uses exactly that second moment (the variance of ReLU(z)
    itself is smaller, ≈ 0.34·Var(z) for Gaussian z)  (seed 001 A2.1, method 1, He).

    >>> he_normal_std(2)
    1.0
    """
    # BEGIN SOLUTION
    return math.sqrt(2.0 / n_in)
    # END SOLUTION


def xavier_uniform(n_in: int, n_out: int, rng: np.random.Generator) -> np.ndarray:
    """W ~ U(−a, a) with a = √(6/(n_in + n_out)), shape (n_out, n_in): one ``rng.uniform`` call.

    >>> xavier_uniform(4, 2, np.random.default_rng(0)).shape
    (2, 4)
    """
    # BEGIN SOLUTION
    a = xavier_uniform_bound(n_in, n_out)
    return rng.uniform(-a, a, size=(n_out, n_in))
    # END SOLUTION


def xavier_normal(n_in: int, n_out: int, rng: np.random.Generator) -> np.ndarray:
    """W ~ N(0, σ²) with σ = √(2/(n_in + n_out)), shape (n_out, n_in): one ``rng.normal`` call.

    >>> xavier_normal(4, 2, np.random.default_rng(0)).shape
    (2, 4)
    """
    # BEGIN SOLUTION
    return rng.normal(0.0, xavier_normal_std(n_in, n_out), size=(n_out, n_in))
    # END SOLUTION


def he_uniform(n_in: int, n_out: int, rng: np.random.Generator) -> np.ndarray:
    """W ~ U(−a, a) with a = √(6/n_in), shape (n_out, n_in): one ``rng.uniform`` call.

    >>> he_uniform(4, 2, np.random.default_rng(0)).shape
    (2, 4)
    """
    # BEGIN SOLUTION
    a = he_uniform_bound(n_in)
    return rng.uniform(-a, a, size=(n_out, n_in))
    # END SOLUTION


def he_normal(n_in: int, n_out: int, rng: np.random.Generator) -> np.ndarray:
    """W ~ N(0, σ²) with σ = √(2/n_in), shape (n_out, n_in): one ``rng.normal`` call.

    >>> he_normal(4, 2, np.random.default_rng(0)).shape
    (2, 4)
    """
    # BEGIN SOLUTION
    return rng.normal(0.0, he_normal_std(n_in), size=(n_out, n_in))
    # END SOLUTION


# ---------------------------------------------------------------------- variance propagation


def preactivation_variance(n: int, var_w: float, var_x: float, var_b: float = 0.0) -> float:
    """Var(z) for z = Σᵢ₌₁ⁿ wᵢxᵢ + b with independent, zero-mean w, x and independent b:
    Var(z) = n·Var(w)·Var(x) + Var(b)  (seed 004 Q1; seed 001 A2.1).

    Seed 004 Q1: n = 500, Var(w) = 1/1000, x ~ N(0, 1), b ~ N(0, 1) gives Var(z) = 1.5, so the
    standard deviation is √(3/2) ≈ 1.22.

    >>> preactivation_variance(500, 1 / 1000, 1.0, 1.0)
    1.5
    """
    # BEGIN SOLUTION
    # Var(wᵢxᵢ) = E[wᵢ²]E[xᵢ²] − (E[wᵢ]E[xᵢ])² = Var(w)Var(x) when both means are 0;
    # variances of independent terms add: n of them, plus the bias.
    return n * var_w * var_x + var_b
    # END SOLUTION


def layer_gradient_norms(
    depth: int,
    width: int,
    activation: str,
    rng: np.random.Generator,
    batch: int = 64,
    init: str | None = None,
) -> np.ndarray:
    """‖∂C/∂W^ℓ‖_F for ℓ = 1..depth of a deep fully connected net at initialisation
    (seed 001 A2.1: 10-layer sigmoid net with MSE; ReLU mitigates vanishing gradients).

    Every layer is width→width with activation σ ("sigmoid", "tanh" or "relu"), zero biases
    and weights from ``init`` ("xavier" normal or "he" normal; default: he for relu, xavier
    otherwise). Data: X ~ N(0, 1) and targets Y ~ U(0, 1), both (batch, width), drawn from
    ``rng`` in that order before the weights (layer 1 first).
    Cost C = (1/n) Σᵢ ½‖a^L − yᵢ‖²; δ^L = (a^L − y) ⊙ σ′(z^L), δ^ℓ = δ^{ℓ+1}W^{ℓ+1} ⊙ σ′(z^ℓ).

    With sigmoid each layer multiplies δ by σ′ ≤ ¼ times a weight matrix, so the norms shrink
    geometrically towards the input; with ReLU and He init they stay of the same order.

    >>> norms = layer_gradient_norms(10, 32, "sigmoid", np.random.default_rng(0))
    >>> bool(norms[0] < 1e-3 * norms[-1])
    True
    """
    # BEGIN SOLUTION
    if activation not in ("sigmoid", "tanh", "relu"):
        raise ValueError(f"unknown activation {activation!r}; use sigmoid, tanh or relu")
    scheme = init if init is not None else ("he" if activation == "relu" else "xavier")
    if scheme not in ("xavier", "he"):
        raise ValueError(f"unknown init {scheme!r}; use 'xavier' or 'he'")

    def f(z: np.ndarray) -> np.ndarray:
        if activation == "sigmoid":
            return 0.5 * (1.0 + np.tanh(0.5 * z))  # σ(z) = ½(1 + tanh(z/2)), overflow-free
        return np.tanh(z) if activation == "tanh" else np.maximum(0.0, z)

    def f_prime(z: np.ndarray, a: np.ndarray) -> np.ndarray:
        if activation == "sigmoid":
            return a * (1.0 - a)  # σ′ = σ(1 − σ) ≤ ¼
        return 1.0 - a * a if activation == "tanh" else (z > 0).astype(np.float64)

    X = rng.normal(0.0, 1.0, size=(batch, width))
    Y = rng.uniform(0.0, 1.0, size=(batch, width))
    std = math.sqrt(2.0 / (width + width)) if scheme == "xavier" else math.sqrt(2.0 / width)
    Ws = [rng.normal(0.0, std, size=(width, width)) for _ in range(depth)]
    # forward pass, remembering z^ℓ and a^ℓ
    a_list, z_list = [X], []
    for W in Ws:
        z = a_list[-1] @ W.T  # z^ℓ = W^ℓ a^{ℓ−1} (biases are 0)
        z_list.append(z)
        a_list.append(f(z))
    # backward pass
    n = X.shape[0]
    delta = (a_list[-1] - Y) * f_prime(z_list[-1], a_list[-1])  # δ^L = ∇ₐC ⊙ σ′(z^L)
    norms = np.zeros(depth)
    for ell in range(depth - 1, -1, -1):  # 0-based ℓ: layer ell + 1
        norms[ell] = np.linalg.norm(delta.T @ a_list[ell] / n)  # ‖(1/n) Σᵢ δᵢ aᵢᵀ‖_F
        if ell:  # below layer 1 there is nothing left to propagate to
            delta = (delta @ Ws[ell]) * f_prime(z_list[ell - 1], a_list[ell])  # δ^{ℓ−1}
    return norms
    # END SOLUTION


def zero_init_symmetry(
    X: np.ndarray,
    Y: np.ndarray,
    hidden: int,
    value: float = 0.0,
    lr: float = 0.5,
    steps: int = 20,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Train a one-hidden-layer sigmoid net (linear output, C = (1/n)Σᵢ ½‖ŷᵢ − yᵢ‖²) by full-batch
    gradient descent from the CONSTANT initialisation W¹ = W² = ``value``, b = 0, and return
    (W¹, b¹, W², b²)  (seed 003 §5.2(1): with equal init every hidden unit gets the same
    gradient, so all rows of W¹ stay equal and the layer behaves like a single unit).

    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]); Y = np.array([[1.0], [2.0], [0.0]])
    >>> W1, b1, W2, b2 = zero_init_symmetry(X, Y, hidden=4)
    >>> bool(np.all(W1 == W1[0])) and bool(np.any(W1 != 0))
    True
    """
    # BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    n, d = X.shape
    W1, b1 = np.full((hidden, d), float(value)), np.zeros(hidden)
    W2, b2 = np.full((Y.shape[1], hidden), float(value)), np.zeros(Y.shape[1])
    for _ in range(steps):
        z1 = X @ W1.T + b1
        a1 = 0.5 * (1.0 + np.tanh(0.5 * z1))  # sigmoid: identical columns for identical rows of W¹
        out = a1 @ W2.T + b2  # linear output
        delta2 = out - Y  # δ² = ŷ − y
        delta1 = (delta2 @ W2) * a1 * (1.0 - a1)  # δ¹ = (W²)ᵀδ² ⊙ σ′(z¹): same for every unit
        W2, b2 = W2 - lr * delta2.T @ a1 / n, b2 - lr * delta2.mean(axis=0)
        W1, b1 = W1 - lr * delta1.T @ X / n, b1 - lr * delta1.mean(axis=0)
    return W1, b1, W2, b2
    # END SOLUTION


__all__ = [
    "xavier_uniform_bound", "xavier_normal_std", "he_uniform_bound", "he_normal_std",
    "xavier_uniform", "xavier_normal", "he_uniform", "he_normal", "preactivation_variance",
    "layer_gradient_norms", "zero_init_symmetry",
]
