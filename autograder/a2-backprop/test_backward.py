"""Hidden tests: mlp_backward, δ^L = ∇ₐC ⊙ σ′(z^L), δ^ℓ = (W^{ℓ+1})ᵀδ^{ℓ+1} ⊙ σ′(z^ℓ),
∂C/∂W^ℓ = mean over the batch of δ^ℓ (a^{ℓ−1})ᵀ, ∂C/∂b^ℓ = mean of δ^ℓ
(textbook §4.3–4.6; seed 001 A2.1 §1.5–1.6).

The student's backward pass receives the reference forward cache, so a wrong forward pass
costs only the forward question. Every gradient is compared with the reference backward pass;
on the textbook graph and the first three networks also with central differences of the
reference cost (independent of backprop; the reference itself is checked that way on many
more networks in tests/solutions).
"""

import functools

import numpy as np

from nncourse.checks import cases, expect_close, expect_true

QUESTION = "backward"

from _cases import backward_mistakes, describe, numeric_gradients, random_params, targets  # noqa: E402

NETS = [
    ([3, 5, 4, 3], "sigmoid", None, "mse", 6),
    ([3, 5, 4, 3], "tanh", "identity", "mse", 1),
    ([2, 6, 1], "relu", "sigmoid", "mse", 8),
    ([4, 3, 5], "tanh", "identity", "softmax_ce", 7),
    ([5, 2], "sigmoid", None, "mse", 3),
    ([3, 7, 2, 4], "relu", "identity", "softmax_ce", 1),
    ([2, 3, 3], "sigmoid", "tanh", "mse", 2),
]
# Central differences with ε = 1e-6 are accurate to ~1e-9 here; backprop has no excuse beyond that.
NUMERIC_RTOL, NUMERIC_ATOL = 1e-5, 1e-7
HINT = "δ^ℓ = (δ^{ℓ+1} @ W^{ℓ+1}) ⊙ σ′(z^ℓ) for row batches; dW = δᵀ A_prev / n, db = mean of δ over the batch / 按行存放批次时 δ^ℓ = (δ^{ℓ+1} @ W^{ℓ+1}) ⊙ σ′(z^ℓ)；dW = δᵀ A_prev / n，db 为 δ 在批次上的平均"


def _compare(student_grads, reference, params, cache, X, Y, activation, output_activation, loss, label, *, numeric):
    expected = reference.mlp_backward(params, cache, Y, loss)
    mistakes = functools.cache(lambda: backward_mistakes(reference, params, cache, Y, loss))  # only for a wrong answer
    expect_true(isinstance(student_grads, (list, tuple)) and len(student_grads) == len(params)
                and all(isinstance(g, (list, tuple)) and len(g) == 2 for g in student_grads),
                f"{label}: mlp_backward must return one (dW, db) pair per layer, first layer first / 每层返回一对 (dW, db)")
    for ell, ((dW, db), (dW_ref, db_ref)) in enumerate(zip(student_grads, expected), start=1):
        expect_close(dW, dW_ref, call=f"dW^{ell} (layer {ell} of {len(params)}), {label}",
                     mistakes=lambda: {k: v[0] for k, v in mistakes()[ell - 1].items()}, hint=HINT)
        expect_close(db, db_ref, call=f"db^{ell} (layer {ell} of {len(params)}), {label}",
                     mistakes=lambda: {k: v[1] for k, v in mistakes()[ell - 1].items()}, hint=HINT)
    if not numeric:
        return
    for ell, ((dW, db), (dW_num, db_num)) in enumerate(zip(student_grads, numeric_gradients(
            reference, params, X, Y, activation, output_activation, loss)), start=1):
        expect_close(dW, dW_num, rtol=NUMERIC_RTOL, atol=NUMERIC_ATOL, call=f"dW^{ell} against finite differences of the cost, {label}")
        expect_close(db, db_num, rtol=NUMERIC_RTOL, atol=NUMERIC_ATOL, call=f"db^{ell} against finite differences of the cost, {label}")


@cases(*NETS, ids=["-".join(map(str, s)) + f"-{a}-{o}-{loss}-n{n}" for s, a, o, loss, n in NETS])
def test_random_networks(student, reference, rng, case):
    sizes, activation, output_activation, loss, n = case
    params, X = random_params(rng, sizes), rng.normal(0.0, 1.0, (n, sizes[0]))
    Y = targets(rng, n, sizes[-1], loss)
    _, cache = reference.mlp_forward(params, X, activation, output_activation)
    _compare(student.mlp_backward(params, cache, Y, loss), reference, params, cache, X, Y, activation, output_activation, loss,
             describe(sizes, activation, output_activation, n, loss), numeric=case in NETS[:3])


def test_textbook_linear_graph(student, reference):
    # textbook §4.2.2: w = 5, b = 1, x = 1, y = 10 (ŷ = 6, c = e² = 16); the ½-MSE halves ∂c/∂w
    params, X, Y = [(np.array([[5.0]]), np.array([1.0]))], np.array([[1.0]]), np.array([[10.0]])
    _, cache = reference.mlp_forward(params, X, "identity")
    _compare(student.mlp_backward(params, cache, Y, "mse"), reference, params, cache, X, Y, "identity", None, "mse",
             "the textbook's linear graph (§4.2.2): w = 5, b = 1, x = 1, y = 10", numeric=True)
