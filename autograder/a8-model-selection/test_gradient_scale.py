"""Hidden tests: gradients of a deep linear / tanh chain, exploding norms, clipping by global norm
(seed 004 Q5, seed 003 §1.3(4))."""

import numpy as np

from nncourse.checks import cases, expect_raises

from _cases import chain  # noqa: E402
from _checks import expect_layers, expect_value  # noqa: E402

QUESTION = "gradient_scale"

CHAINS = [([3, 3], "linear", 1.0), ([2, 4, 3, 1], "tanh", 1.0), ([5, 3, 6, 2], "tanh", 2.5), ([3, 2, 2, 3, 2], "linear", 0.7)]


@cases(*CHAINS, ids=[f"{act}-{'x'.join(map(str, w))}-scale{s}" for w, act, s in CHAINS])
def test_chain_gradients(student, reference, rng, case):
    widths, activation, scale = case
    weights, x = chain(rng, widths, scale), rng.normal(size=widths[0])
    expected = reference.chain_gradients(weights, x, activation)
    mistakes = {"δ h_{ℓ−1}ᵀ transposed: ∂C/∂W_ℓ has the shape of W_ℓ, (n_out, n_in) / 梯度应与 W_ℓ 同形": [g.T for g in expected]}
    if activation == "tanh":
        mistakes["tanh′(z) = 1 − tanh(z)², not 1 − z² / tanh 的导数是 1 − tanh²"] = _tanh_wrong(weights, x)
    expect_layers(student.chain_gradients(weights, x, activation), expected, rtol=1e-6, atol=1e-12,
                  call=f"chain_gradients for a {activation} chain {widths}, weight scale {scale}", mistakes=mistakes)


def _tanh_wrong(weights, x):
    hs, zs = [x], []
    for W in weights:
        zs.append(W @ hs[-1])
        hs.append(np.tanh(zs[-1]))
    g, out = hs[-1], []
    for ell in range(len(weights), 0, -1):
        delta = g * (1 - zs[ell - 1] ** 2)
        out.append(np.outer(delta, hs[ell - 1]))
        g = weights[ell - 1].T @ delta
    return out[::-1]


@cases(6, 12, ids=["depth6", "depth12"])
def test_gradients_explode_with_depth(student, rng, case):
    # Every layer is s·Q with Q orthogonal, so ‖h_ℓ‖ = sˡ‖x‖ and ‖δ_ℓ‖ = s^{L−ℓ}‖h_L‖: each
    # ‖∂C/∂W_ℓ‖_F = ‖δ_ℓ‖‖h_{ℓ−1}‖ = s^{2L−1}‖x‖², the same for every layer and exponential in L.
    depth, width, s = case, 4, 1.6
    Q = np.linalg.qr(rng.normal(size=(width, width)))[0]
    x = rng.normal(size=width)
    grads = student.chain_gradients([s * Q] * depth, x, "linear")
    norms = [float(np.linalg.norm(g)) for g in grads]
    expect_value(norms, [s ** (2 * depth - 1) * float(x @ x)] * depth, rtol=1e-8,
                 call=f"Frobenius norms of chain_gradients for {depth} layers s·Q (Q orthogonal, s = {s})",
                 hint="‖∂C/∂W_ℓ‖ = s^(2L−1)‖x‖² here / 此时每层梯度范数都等于 s^(2L−1)‖x‖²")


@cases([(5,)], [(1, 1), (4,), (2, 3)], ids=["one", "three"])
def test_global_norm(student, reference, rng, case):
    grads = [rng.normal(size=shape) for shape in case]
    expected = reference.global_norm(grads)
    expect_value(student.global_norm(grads), expected, call=f"global_norm of {len(grads)} arrays",
                 mistakes={"sum of the norms instead of the norm of everything / 各层范数之和": sum(float(np.linalg.norm(g)) for g in grads),
                           "squared norm (no square root) / 忘了开方": expected ** 2})


CLIPS = [(0.5, 10.0), (2.0, 1.0), (1.0, 1e-3), (3.0, 3.0)]


@cases(*CLIPS, ids=["clip", "no-clip", "tiny-limit", "at-limit"])
def test_clip_by_norm(student, reference, rng, case):
    max_norm, size = case
    grads = [rng.normal(size=(3, 2)), rng.normal(size=4)]
    total = reference.global_norm(grads)
    grads = [g * size / total for g in grads]  # global norm exactly `size`
    expected = reference.clip_by_norm(grads, max_norm)
    per_tensor = [g * min(1.0, max_norm / np.linalg.norm(g)) for g in grads]
    expect_layers(student.clip_by_norm(grads, max_norm), expected, call=f"clip_by_norm(grads of global norm {size:g}, {max_norm})",
                  mistakes={"clipped each array on its own; clip them together, by the global norm / 应按全局范数整体缩放": per_tensor,
                            "element-wise np.clip changes the direction / 逐元素截断会改变方向": [np.clip(g, -max_norm, max_norm) for g in grads],
                            "scaled up to max_norm although the norm was already below it / 范数未超限时不应放大": [g * max_norm / size for g in grads]})


@cases(0.0, ids=["zero"])
def test_clip_rejects_non_positive_limit(student, case):
    expect_raises(ValueError, lambda: student.clip_by_norm([np.ones(2)], case), call=f"clip_by_norm(grads, {case})",
                  why="max_norm must be > 0 / max_norm 必须为正")


def test_chain_gradients_random_architectures(student, reference, rng):
    for _ in range(3):  # depth, widths, activation and scale all drawn at random
        widths = [int(w) for w in rng.integers(1, 7, size=int(rng.integers(2, 8)))]
        activation = ("linear", "tanh")[int(rng.integers(2))]
        weights, x = chain(rng, widths, float(rng.uniform(0.5, 2.5))), rng.normal(size=widths[0])
        expect_layers(student.chain_gradients(weights, x, activation), reference.chain_gradients(weights, x, activation),
                      rtol=1e-6, atol=1e-12, call=f"chain_gradients for a random {activation} chain {widths}")
