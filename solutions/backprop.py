"""Assignment 2 reference: activations, MLP forward/backward, parameter counts, XOR.

Sources: textbook 002 ch. 3–4 (§3.2 sigmoid, §3.4 feed-forward nets, §4.3–4.6 backprop),
seed 001 A2.1 (δ recursion, ½-MSE), seed 003 §2.2 (parameter count and memory).

Conventions (shared by every function below)
--------------------------------------------
* A batch ``X`` has shape ``(n, d)``: one sample per ROW (numpy/deep-learning layout).
* Weights keep the textbook's shape: ``W`` of layer ℓ is ``(n_out, n_in)`` and the textbook
  writes column vectors, z^ℓ = W^ℓ a^{ℓ−1} + b^ℓ (§3.4.1). For a row batch this is
  ``Z = A_prev @ W.T + b`` with ``Z`` of shape ``(n, n_out)``.
* ``params = [(W¹, b¹), …, (W^L, b^L)]``; ``b`` has shape ``(n_out,)``. (The textbook numbers
  the same matrices W², …, W^L because its layer 1 is the input layer.)
* The cost of a batch is the mean of the per-sample costs, C = (1/n) Σᵢ Cᵢ (§4.6), so every
  gradient is averaged over the batch.
* ``"mse"``: Cᵢ = ½‖a^L − yᵢ‖², summed over output units, with the ½ of textbook §4.1 and seed
  001 A2.1 §1.4 (so ∇ₐCᵢ = a^L − yᵢ). Note textbook §4.4.1 additionally divides by the number
  of output units m; for one output unit (XOR) the two agree.
* ``"softmax_ce"``: Cᵢ = −Σₖ yᵢₖ log softmax(z^L)ₖ with one-hot ``Y``; the output layer must be
  linear (``output_activation="identity"``) and δ^L = softmax(z^L) − y.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

# ----------------------------------------------------------------------------- activations


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^{−z})  (textbook §3.2, eq. 3.1), computed without overflow.

    Written as σ(z) = e^{min(z, 0)} / (1 + e^{−|z|}): for z ≥ 0 this is 1 / (1 + e^{−z}), for
    z < 0 the equal form e^{z} / (1 + e^{z}); both exponents are ≤ 0, so nothing overflows.

    >>> sigmoid(np.array([0.0, -1000.0, 1000.0])).tolist()
    [0.5, 0.0, 1.0]
    """
    # BEGIN SOLUTION
    z = np.asarray(z, dtype=np.float64)
    return np.exp(np.minimum(z, 0.0)) / (1.0 + np.exp(-np.abs(z)))  # numerator and e^{−|z|} are in (0, 1]
    # END SOLUTION


def sigmoid_prime(z: np.ndarray) -> np.ndarray:
    """σ′(z) = σ(z)(1 − σ(z))  (textbook §3.2); its maximum is σ′(0) = 0.25 (seed 001 A2.1 §1.1).

    >>> float(sigmoid_prime(np.array(0.0)))
    0.25
    """
    # BEGIN SOLUTION
    s = sigmoid(z)
    return s * (1.0 - s)
    # END SOLUTION


def tanh(z: np.ndarray) -> np.ndarray:
    """tanh(z) = (1 − e^{−2z}) / (1 + e^{−2z})  (textbook §3.4, seed 003 §2.3).

    >>> float(tanh(np.array(0.0)))
    0.0
    """
    # BEGIN SOLUTION
    return np.tanh(np.asarray(z, dtype=np.float64))  # numpy's tanh is already overflow-safe
    # END SOLUTION


def tanh_prime(z: np.ndarray) -> np.ndarray:
    """tanh′(z) = 1 − tanh(z)²  (seed 003 §2.3); tanh′(0) = 1.

    >>> float(tanh_prime(np.array(0.0)))
    1.0
    """
    # BEGIN SOLUTION
    t = np.tanh(np.asarray(z, dtype=np.float64))
    return 1.0 - t * t
    # END SOLUTION


def relu(z: np.ndarray) -> np.ndarray:
    """ReLU(z) = max(0, z)  (textbook §3.4).

    >>> relu(np.array([-2.0, 0.0, 3.0])).tolist()
    [0.0, 0.0, 3.0]
    """
    # BEGIN SOLUTION
    return np.maximum(0.0, np.asarray(z, dtype=np.float64))
    # END SOLUTION


def relu_prime(z: np.ndarray) -> np.ndarray:
    """ReLU′(z) = 1 if z > 0 else 0; at z = 0 we take 0 (seed 001 A2.1 §1.2 allows 0 or 1).

    >>> relu_prime(np.array([-2.0, 0.0, 3.0])).tolist()
    [0.0, 0.0, 1.0]
    """
    # BEGIN SOLUTION
    return (np.asarray(z, dtype=np.float64) > 0).astype(np.float64)
    # END SOLUTION


def activate(z: np.ndarray, name: str) -> np.ndarray:
    """Apply the activation called ``name``: "sigmoid", "tanh", "relu" or "identity".

    >>> activate(np.array([-1.0, 2.0]), "relu").tolist()
    [0.0, 2.0]
    """
    # BEGIN SOLUTION
    if name == "sigmoid":
        return sigmoid(z)
    if name == "tanh":
        return tanh(z)
    if name == "relu":
        return relu(z)
    if name == "identity":
        return np.asarray(z, dtype=np.float64).copy()
    raise ValueError(f"unknown activation {name!r}; use sigmoid, tanh, relu or identity")
    # END SOLUTION


def activate_prime(z: np.ndarray, name: str) -> np.ndarray:
    """Derivative σ′(z) of the activation called ``name`` (identity′ = 1).

    >>> activate_prime(np.array([0.0]), "tanh").tolist()
    [1.0]
    """
    # BEGIN SOLUTION
    if name == "sigmoid":
        return sigmoid_prime(z)
    if name == "tanh":
        return tanh_prime(z)
    if name == "relu":
        return relu_prime(z)
    if name == "identity":
        return np.ones_like(np.asarray(z, dtype=np.float64))
    raise ValueError(f"unknown activation {name!r}; use sigmoid, tanh, relu or identity")
    # END SOLUTION


def softmax(z: np.ndarray) -> np.ndarray:
    """softmax(z)ₖ = e^{zₖ} / Σⱼ e^{zⱼ} along the last axis, shifted by max z for stability.

    >>> softmax(np.array([[0.0, 0.0], [1000.0, 0.0]])).round(6).tolist()
    [[0.5, 0.5], [1.0, 0.0]]
    """
    # BEGIN SOLUTION
    z = np.asarray(z, dtype=np.float64)
    shifted = z - z.max(axis=-1, keepdims=True)  # softmax(z) = softmax(z − c): largest exponent is 0
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)
    # END SOLUTION


# ------------------------------------------------------------------- forward / loss / backward


def mlp_forward(
    params: list[tuple[np.ndarray, np.ndarray]],
    X: np.ndarray,
    activation: str,
    output_activation: str | None = None,
) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray, str]]]:
    """Forward pass z^ℓ = W^ℓ a^{ℓ−1} + b^ℓ, a^ℓ = σ(z^ℓ)  (textbook §3.4.1).

    Row batches: ``Z = A_prev @ W.T + b`` with ``W`` of shape (n_out, n_in), ``X`` of shape
    (n, d). ``activation`` is used in the hidden layers and ``output_activation`` (default: the
    same) in the last layer. Returns ``(a^L, cache)`` where ``cache[0] = (X, X, "identity")``
    for the input layer and ``cache[ℓ] = (z^ℓ, a^ℓ, name of σ in layer ℓ)`` for ℓ = 1..L.

    Textbook §3.4: two ReLU layers with W = [[1], [−1]], then [[1, 1]], zero biases, give |x|.

    >>> params = [(np.array([[1.0], [-1.0]]), np.zeros(2)), (np.array([[1.0, 1.0]]), np.zeros(1))]
    >>> mlp_forward(params, np.array([[-3.0], [2.0]]), "relu")[0].ravel().tolist()
    [3.0, 2.0]
    """
    # BEGIN SOLUTION
    out_name = activation if output_activation is None else output_activation
    a = np.asarray(X, dtype=np.float64)
    cache = [(a, a, "identity")]  # layer 0 is the input: a⁰ = x
    for ell, (W, b) in enumerate(params, start=1):
        name = out_name if ell == len(params) else activation
        z = a @ W.T + b  # z^ℓ = W^ℓ a^{ℓ−1} + b^ℓ, one row per sample
        a = activate(z, name)  # a^ℓ = σ(z^ℓ)
        cache.append((z, a, name))
    return a, cache
    # END SOLUTION


def loss_value(output: np.ndarray, Y: np.ndarray, loss: str) -> float:
    """Batch cost C = (1/n) Σᵢ Cᵢ for ``loss`` "mse" (Cᵢ = ½‖aᵢ − yᵢ‖²) or "softmax_ce"
    (Cᵢ = −Σₖ yᵢₖ log softmax(aᵢ)ₖ, ``output`` = logits, ``Y`` one-hot)  (textbook §4.6).

    >>> loss_value(np.array([[6.0]]), np.array([[10.0]]), "mse")
    8.0
    """
    # BEGIN SOLUTION
    output = np.asarray(output, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    n = output.shape[0]
    if loss == "mse":
        return float(0.5 * np.sum((output - Y) ** 2) / n)  # (1/n) Σᵢ ½‖aᵢ − yᵢ‖²
    if loss == "softmax_ce":
        shifted = output - output.max(axis=1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))  # log softmax, stable
        return float(-np.sum(Y * log_p) / n)  # (1/n) Σᵢ −Σₖ yᵢₖ log pᵢₖ
    raise ValueError(f"unknown loss {loss!r}; use 'mse' or 'softmax_ce'")
    # END SOLUTION


def mlp_backward(
    params: list[tuple[np.ndarray, np.ndarray]],
    cache: list[tuple[np.ndarray, np.ndarray, str]],
    Y: np.ndarray,
    loss: str,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Backpropagation (textbook §4.4.3, §4.6; seed 001 A2.1 §1.5–1.6).

    δ^L = ∇ₐC ⊙ σ′(z^L)  (for "softmax_ce" with a linear output: δ^L = softmax(z^L) − y),
    δ^ℓ = (W^{ℓ+1})ᵀ δ^{ℓ+1} ⊙ σ′(z^ℓ),
    ∂C/∂W^ℓ = (1/n) Σᵢ δᵢ^ℓ (aᵢ^{ℓ−1})ᵀ,  ∂C/∂b^ℓ = (1/n) Σᵢ δᵢ^ℓ.

    ``cache`` comes from :func:`mlp_forward`. Returns ``[(dW¹, db¹), …]`` shaped like ``params``.

    >>> params = [(np.array([[5.0]]), np.array([1.0]))]
    >>> out, cache = mlp_forward(params, np.array([[1.0]]), "identity")
    >>> [g.tolist() for g in mlp_backward(params, cache, np.array([[10.0]]), "mse")[0]]
    [[[-4.0]], [-4.0]]
    """
    # BEGIN SOLUTION
    Y = np.asarray(Y, dtype=np.float64)
    z_L, a_L, name_L = cache[-1]
    n = a_L.shape[0]
    if loss == "mse":
        grad_a = a_L - Y  # ∇ₐCᵢ = a^L − yᵢ  for Cᵢ = ½‖a^L − yᵢ‖²
        delta = grad_a * activate_prime(z_L, name_L)  # δ^L = ∇ₐC ⊙ σ′(z^L)
    elif loss == "softmax_ce":
        if name_L != "identity":
            raise ValueError("softmax_ce expects a linear output layer (output_activation='identity')")
        delta = softmax(z_L) - Y  # δ^L = p − y: softmax and cross-entropy derivatives cancel
    else:
        raise ValueError(f"unknown loss {loss!r}; use 'mse' or 'softmax_ce'")
    L = len(params)
    grads: list[tuple[np.ndarray, np.ndarray]] = []
    for ell in range(L, 0, -1):
        if ell < L:
            z, _, name = cache[ell]
            delta = (delta @ params[ell][0]) * activate_prime(z, name)  # δ^ℓ = (W^{ℓ+1})ᵀδ^{ℓ+1} ⊙ σ′(z^ℓ)
        a_prev = cache[ell - 1][1]
        dW = delta.T @ a_prev / n  # ∂C/∂W^ℓ = (1/n) Σᵢ δᵢ^ℓ (aᵢ^{ℓ−1})ᵀ
        db = delta.sum(axis=0) / n  # ∂C/∂b^ℓ = (1/n) Σᵢ δᵢ^ℓ
        grads.append((dW, db))
    return grads[::-1]
    # END SOLUTION


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences ∂f/∂xⱼ ≈ (f(x + ε eⱼ) − f(x − ε eⱼ)) / (2ε), for every entry of ``x``.

    ``x`` may have any shape; it is not modified. The error is O(ε²) for smooth f.

    >>> numerical_gradient(lambda v: float(np.sum(v ** 2)), np.array([1.0, -2.0])).round(6).tolist()
    [2.0, -4.0]
    """
    # BEGIN SOLUTION
    x = np.array(x, dtype=np.float64)  # private copy: the caller's array is never touched
    grad = np.zeros_like(x)
    for j in np.ndindex(x.shape):
        orig = x[j]
        x[j] = orig + eps
        f_plus = f(x)  # f(x + ε eⱼ)
        x[j] = orig - eps
        f_minus = f(x)  # f(x − ε eⱼ)
        x[j] = orig
        grad[j] = (f_plus - f_minus) / (2.0 * eps)
    return grad
    # END SOLUTION


# -------------------------------------------------------------------------- parameter counts


def mlp_param_count(layer_sizes: list[int]) -> int:
    """Trainable parameters of a fully connected MLP: Σ_ℓ (n_in + 1)·n_out (weights + biases).

    A 4-3-2 MLP has 5·3 + 4·2 = 23 parameters.

    >>> mlp_param_count([4, 3, 2])
    23
    """
    # BEGIN SOLUTION
    if len(layer_sizes) < 2 or any(int(s) < 1 for s in layer_sizes):
        raise ValueError("need at least two layers, each with a positive size")
    return sum((n_in + 1) * n_out for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]))
    # END SOLUTION


def param_count_two_layer(d: int, h: int, o: int) -> int:
    """Parameters of a d-h-o MLP: h(d + 1) + o(h + 1)  (seed 003 §2.2(1)).

    >>> param_count_two_layer(2, 2, 1)
    9
    """
    # BEGIN SOLUTION
    return h * (d + 1) + o * (h + 1)  # hidden: h×d weights + h biases; output: o×h + o
    # END SOLUTION


def param_memory_bytes(count: int, dtype: str) -> int:
    """Storage for ``count`` parameters: count × bytes per value, FP32 = 4, FP16 = 2, INT8 = 1
    (seed 003 §2.2(2) gives FP32 and INT8). ``dtype``: "fp32"/"float32", "fp16"/"float16",
    "int8" (case-insensitive).

    >>> param_memory_bytes(1_000_000, "fp32"), param_memory_bytes(1_000_000, "int8")
    (4000000, 1000000)
    """
    # BEGIN SOLUTION
    sizes = {"fp32": 4, "float32": 4, "fp16": 2, "float16": 2, "int8": 1}
    key = str(dtype).lower()
    if key not in sizes:
        raise ValueError(f"unknown dtype {dtype!r}; use fp32, fp16 or int8")
    return int(count) * sizes[key]
    # END SOLUTION


# ------------------------------------------------------------------------------------- XOR


def train_xor(
    seed: int = 0, lr: float = 4.0, steps: int = 2000
) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray]:
    """Train a 2-2-1 sigmoid MLP on XOR by full-batch gradient descent (textbook §4.6;
    seed 003 §2.1 on why XOR needs a hidden layer).

    Data: the four points of {0, 1}², target x₁ XOR x₂. Cost: C = (1/4) Σᵢ ½(a^L − yᵢ)².
    Initialisation: W ~ N(0, 1) entrywise from ``np.random.default_rng(seed)`` (W¹ first, then
    W²), biases 0. Update: θ ← θ − lr · ∂C/∂θ. Returns the trained params and the cost before
    each of the ``steps`` updates.

    The defaults converge (C: 0.125 → 5e-4, outputs within 0.04 of the targets). A 2-2-1 net
    has a well-known local minimum; with this init roughly one seed in four ends there
    (e.g. seed 1), so change the seed rather than the step count if it does not converge.

    >>> params, losses = train_xor()
    >>> bool(losses[-1] < 0.01 < losses[0])
    True
    """
    # BEGIN SOLUTION
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    rng = np.random.default_rng(seed)
    params = [
        (rng.normal(0.0, 1.0, size=(2, 2)), np.zeros(2)),  # hidden layer: W¹ is (n_out=2, n_in=2)
        (rng.normal(0.0, 1.0, size=(1, 2)), np.zeros(1)),  # output layer: W² is (1, 2)
    ]
    losses = np.empty(steps)
    for t in range(steps):
        out, cache = mlp_forward(params, X, "sigmoid")
        losses[t] = loss_value(out, Y, "mse")
        grads = mlp_backward(params, cache, Y, "mse")
        params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]  # θ ← θ − η∇C
    return params, losses
    # END SOLUTION


__all__ = [
    "sigmoid", "sigmoid_prime", "tanh", "tanh_prime", "relu", "relu_prime", "activate",
    "activate_prime", "softmax", "mlp_forward", "loss_value", "mlp_backward",
    "numerical_gradient", "mlp_param_count", "param_count_two_layer", "param_memory_bytes",
    "train_xor",
]
