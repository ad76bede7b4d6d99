"""Hidden tests: mlp_forward, z^ℓ = W^ℓ a^{ℓ−1} + b^ℓ, a^ℓ = σ(z^ℓ) on row batches Z = A Wᵀ + b
(textbook §3.4.1; the |x| network of §3.4)."""

import numpy as np

from nncourse.checks import cases, expect_close, expect_equal, expect_true

QUESTION = "forward"

from _cases import describe, random_params  # noqa: E402

NETS = [
    ([3, 4, 2], "tanh", "identity", 5),
    ([2, 3, 3, 1], "sigmoid", None, 1),
    ([4, 6, 5, 3], "relu", "sigmoid", 7),
    ([3, 2], "sigmoid", None, 4),
    ([5, 3, 2], "identity", "tanh", 2),
]


def _check(student, reference, params, X, activation, output_activation, label):
    result = student.mlp_forward(params, X, activation, output_activation)
    expect_true(isinstance(result, (list, tuple)) and len(result) == 2, f"{label}: mlp_forward must return the pair (a^L, cache) / mlp_forward 应返回 (a^L, cache) 二元组")
    out, cache = result
    expected, ref_cache = reference.mlp_forward(params, X, activation, output_activation)
    no_bias = reference.mlp_forward([(W, 0 * b) for W, b in params], X, activation, output_activation)[0]
    hidden_everywhere = reference.mlp_forward(params, X, activation)[0]
    expect_close(out, expected, call=f"output a^L, {label}",
                 mistakes={"biases left out / 漏掉了偏置": no_bias, "hidden activation used in the output layer too / 输出层也用了隐藏层的激活函数": hidden_everywhere},
                 hint="Z = A_prev @ W.T + b with W of shape (n_out, n_in); output_activation only in the last layer / Z = A_prev @ W.T + b，W 的形状为 (n_out, n_in)；output_activation 只用在最后一层")
    expect_true(isinstance(cache, (list, tuple)) and all(isinstance(c, (list, tuple)) and len(c) == 3 for c in cache),
                f"{label}: the cache must be a list of (z, a, name) triples / cache 的每一项是 (z, a, 激活函数名)")
    expect_equal(len(cache), len(ref_cache), call=f"len(cache), {label}", hint="cache[0] is the input (X, X, 'identity'), then one entry per layer / cache[0] 是输入 (X, X, 'identity')，之后每层一项")
    for ell, ((z, a, name), (z_ref, a_ref, name_ref)) in enumerate(zip(cache, ref_cache)):
        expect_close(z, z_ref, call=f"cache[{ell}][0] (z^{ell}), {label}")
        expect_close(a, a_ref, call=f"cache[{ell}][1] (a^{ell}), {label}")
        expect_equal(name, name_ref, call=f"cache[{ell}][2] (activation name of layer {ell}), {label}")


@cases(*NETS, ids=["-".join(map(str, s)) + f"-{a}-{o}-n{n}" for s, a, o, n in NETS])
def test_random_networks(student, reference, rng, case):
    sizes, activation, output_activation, n = case
    params, X = random_params(rng, sizes), rng.normal(0.0, 1.0, (n, sizes[0]))
    _check(student, reference, params, X, activation, output_activation, describe(sizes, activation, output_activation, n))


def test_absolute_value_network(student, reference):
    # textbook §3.4: w²₁₁ = 1, w²₂₁ = −1, w³₁₁ = w³₁₂ = 1, zero biases, ReLU everywhere: output |x|
    params = [(np.array([[1.0], [-1.0]]), np.zeros(2)), (np.array([[1.0, 1.0]]), np.zeros(1))]
    X = np.linspace(-3.0, 3.0, 7)[:, None]
    _check(student, reference, params, X, "relu", None, "the textbook's |x| network (§3.4) on x = −3 … 3")
