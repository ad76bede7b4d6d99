"""Shared problem generators and "usual mistake" variants for the assignment-2 suite (not tests).

Mistaken values are always the reference applied to altered inputs, never a re-implementation:
e.g. "σ′ missing in the output layer" is the reference backward pass on a cache whose last
layer is relabelled "identity".
"""

from __future__ import annotations

import numpy as np

Params = list[tuple[np.ndarray, np.ndarray]]

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0.0, 1.0, 1.0, 0.0])


def random_params(rng: np.random.Generator, sizes: list[int]) -> Params:
    """Weights (n_out, n_in) and biases (n_out,) for consecutive layer sizes."""
    return [(rng.normal(0.0, 0.8, (n_out, n_in)), rng.normal(0.0, 0.5, n_out)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def targets(rng: np.random.Generator, n: int, m: int, loss: str) -> np.ndarray:
    """One-hot rows for "softmax_ce", real-valued targets for "mse"."""
    if loss == "softmax_ce":
        return np.eye(m)[rng.integers(0, m, n)]
    return rng.normal(0.0, 1.0, (n, m))


def describe(sizes: list[int], activation: str, output_activation: str | None, n: int, loss: str = "") -> str:
    out = activation if output_activation is None else output_activation
    tail = f", loss {loss}" if loss else ""
    return f"layer sizes {sizes}, hidden {activation}, output {out}, batch of {n}{tail}"


def relabel(cache: list, layers: range, name: str | None = None, z_from_a: bool = False) -> list:
    """A copy of ``cache`` with the activation name (or z ← a) replaced in ``layers``."""
    out = list(cache)
    for ell in layers:
        z, a, act = cache[ell]
        out[ell] = (a if z_from_a else z, a, act if name is None else name)
    return out


def backward_mistakes(reference, params: Params, cache: list, Y: np.ndarray, loss: str) -> list[dict[str, np.ndarray]]:
    """Per layer, {mistake: (dW, db)} for the usual backward-pass errors."""
    L = len(params)
    variants = {
        "σ′ evaluated at a = σ(z) instead of at z / σ′ 的自变量用成了 a = σ(z)，应在 z 处求值": relabel(cache, range(1, L + 1), z_from_a=True),
        "σ′(z) missing in the hidden layers' δ / 隐藏层的 δ 漏乘了 σ′(z)": relabel(cache, range(1, L), "identity"),
    }
    if loss == "mse":
        variants["σ′(z^L) missing in the output δ^L / 输出层的 δ^L 漏乘了 σ′(z^L)"] = relabel(cache, range(L, L + 1), "identity")
    grads = {label: reference.mlp_backward(params, c, Y, loss) for label, c in variants.items()}
    n = Y.shape[0]
    grads["summed over the batch instead of averaged (missing 1/n) / 对整个批次求和而没有求平均（漏了 1/n）"] = [
        (dW * n, db * n) for dW, db in reference.mlp_backward(params, cache, Y, loss)]
    return [{label: g[ell] for label, g in grads.items()} for ell in range(L)]


def numeric_gradients(reference, params: Params, X: np.ndarray, Y: np.ndarray, activation: str,
                      output_activation: str | None, loss: str) -> Params:
    """∂C/∂W^ℓ, ∂C/∂b^ℓ by central differences of the reference cost (independent of backprop)."""

    def cost_with(ell: int, part: int):
        def cost(value: np.ndarray) -> float:
            trial = [list(layer) for layer in params]
            trial[ell][part] = value
            out, _ = reference.mlp_forward([tuple(layer) for layer in trial], X, activation, output_activation)
            return reference.loss_value(out, Y, loss)

        return cost

    return [tuple(reference.numerical_gradient(cost_with(ell, part), params[ell][part]) for part in (0, 1))
            for ell in range(len(params))]
