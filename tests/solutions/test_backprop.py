"""Tests for solutions/backprop.py against finite differences and the textbook's examples."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finite_differences import central_diff

from solutions import backprop as bp

# Tolerances, named once.
FD_RTOL = 1e-6  # central differences are O(ε²) accurate; rounding dominates at ~1e-9
FD_ATOL = 1e-9
EXACT = 1e-12


def random_params(sizes: list[int], rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(rng.normal(0, 0.8, (n_out, n_in)), rng.normal(0, 0.3, n_out)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]


# ------------------------------------------------------------------------------ activations


def test_sigmoid_is_stable_at_extremes():
    z = np.array([-1e4, -750.0, -40.0, 0.0, 40.0, 750.0, 1e4])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        s = bp.sigmoid(z)
    assert np.all(np.isfinite(s)) and s[0] == 0.0 and s[-1] == 1.0 and s[3] == 0.5


@given(st.floats(min_value=-30, max_value=30, allow_nan=False))
def test_sigmoid_matches_definition_and_symmetry(x):
    assert bp.sigmoid(np.array(x)) == pytest.approx(1 / (1 + np.exp(-x)), rel=1e-12, abs=1e-300)
    assert bp.sigmoid(np.array(-x)) == pytest.approx(1 - bp.sigmoid(np.array(x)), abs=1e-12)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "identity"])
def test_activation_derivatives_match_finite_differences(name):
    z = np.array([-3.0, -0.7, -0.1, 0.2, 1.3, 4.0])  # avoid the ReLU kink at 0
    numeric = np.array([central_diff(lambda v: float(bp.activate(v, name)[0]), np.array([zi]))[0] for zi in z])
    np.testing.assert_allclose(bp.activate_prime(z, name), numeric, rtol=FD_RTOL, atol=FD_ATOL)


def test_derivative_facts_from_the_seeds():
    assert float(bp.sigmoid_prime(np.array(0.0))) == 0.25  # max of σ′ (seed 001 A2.1 §1.1)
    grid = np.linspace(-10, 10, 2001)
    assert bp.sigmoid_prime(grid).max() == 0.25
    assert float(bp.tanh_prime(np.array(0.0))) == 1.0  # seed 003 §2.3: tanh′(0) = 1
    assert bp.relu_prime(np.array([0.0])).tolist() == [0.0]  # our convention at the kink


def test_unknown_activation_raises():
    with pytest.raises(ValueError):
        bp.activate(np.zeros(1), "swish")


def test_softmax_is_stable_and_normalised():
    p = bp.softmax(np.array([[1000.0, 1001.0, 999.0], [-5.0, 0.0, 5.0]]))
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=EXACT)
    e = np.exp([-1.0, 0.0, -2.0])
    np.testing.assert_allclose(p[0], e / e.sum(), rtol=1e-12)


# ---------------------------------------------------------------------------------- forward


def test_relu_network_computes_absolute_value():
    # textbook §3.4: w²₁₁ = 1, w²₂₁ = −1, b² = 0, w³₁₁ = w³₁₂ = 1, b³ = 0 gives |x|.
    params = [(np.array([[1.0], [-1.0]]), np.zeros(2)), (np.array([[1.0, 1.0]]), np.zeros(1))]
    x = np.linspace(-3, 3, 13)[:, None]
    out, _ = bp.mlp_forward(params, x, "relu")
    np.testing.assert_allclose(out, np.abs(x), atol=EXACT)


def test_forward_row_batch_convention_matches_column_vectors():
    rng = np.random.default_rng(1)
    params = random_params([3, 4, 2], rng)
    X = rng.normal(size=(5, 3))
    out, cache = bp.mlp_forward(params, X, "tanh", output_activation="identity")
    for i in range(5):  # the textbook's column-vector form, one sample at a time
        a = X[i]
        a = np.tanh(params[0][0] @ a + params[0][1])
        a = params[1][0] @ a + params[1][1]
        np.testing.assert_allclose(out[i], a, atol=EXACT)
    assert len(cache) == 3 and cache[0][2] == "identity" and cache[1][2] == "tanh" and cache[2][2] == "identity"
    assert cache[1][0].shape == (5, 4) and cache[2][1].shape == (5, 2)


# --------------------------------------------------------------------------------- backward


def textbook_linear_example():
    # §4.2.2: w = 5, x = 1 ⇒ u = wx = 5, ŷ = u + b = 6 (so b = 1), c = e² = 16 with e = y − ŷ;
    # ∂c/∂e = 2e = 8 ⇒ e = 4 ⇒ y = 10.
    return [(np.array([[5.0]]), np.array([1.0]))], np.array([[1.0]]), np.array([[10.0]])


def test_textbook_linear_regression_graph():
    params, x, y = textbook_linear_example()
    out, cache = bp.mlp_forward(params, x, "identity")
    assert cache[1][0].item() == 6.0 and out.item() == 6.0  # ŷ = 6
    c = 2 * bp.loss_value(out, y, "mse")  # the textbook's c = e² is twice our ½-MSE
    assert c == 16.0
    dW, db = bp.mlp_backward(params, cache, y, "mse")[0]
    # ∂c/∂w = 2(ŷ − y)x = −8. The textbook prints +8 because it writes ∂(y − ŷ)/∂ŷ = 1;
    # the sign is confirmed here by finite differences of c(w) = (y − (wx + b))².
    numeric = central_diff(lambda w: float((10.0 - (w[0] * 1.0 + 1.0)) ** 2), np.array([5.0]))[0]
    assert 2 * dW.item() == pytest.approx(numeric, rel=FD_RTOL) and numeric == pytest.approx(-8.0)
    assert 2 * db.item() == pytest.approx(-8.0)


def flat_loss(params, X, Y, activation, output_activation, loss):
    def loss_of(which: int, part: int):
        def f(value: np.ndarray) -> float:
            trial = [(W.copy(), b.copy()) for W, b in params]
            layer = list(trial[which])
            layer[part] = value
            trial[which] = (layer[0], layer[1])
            out, _ = bp.mlp_forward(trial, X, activation, output_activation)
            return bp.loss_value(out, Y, loss)

        return f

    return loss_of


@pytest.mark.parametrize(
    "activation,output_activation,loss",
    [("sigmoid", None, "mse"), ("tanh", "identity", "mse"), ("relu", "sigmoid", "mse"), ("tanh", "identity", "softmax_ce")],
)
def test_backward_matches_finite_differences(activation, output_activation, loss):
    rng = np.random.default_rng(7)
    sizes = [3, 5, 4, 3]
    params = random_params(sizes, rng)
    X = rng.normal(size=(6, 3))
    Y = np.eye(3)[rng.integers(0, 3, 6)] if loss == "softmax_ce" else rng.uniform(size=(6, 3))
    _, cache = bp.mlp_forward(params, X, activation, output_activation)
    grads = bp.mlp_backward(params, cache, Y, loss)
    loss_of = flat_loss(params, X, Y, activation, output_activation, loss)
    for layer, (dW, db) in enumerate(grads):
        np.testing.assert_allclose(dW, central_diff(loss_of(layer, 0), params[layer][0]), rtol=1e-5, atol=1e-8)
        np.testing.assert_allclose(db, central_diff(loss_of(layer, 1), params[layer][1]), rtol=1e-5, atol=1e-8)


def test_batch_gradient_is_mean_of_sample_gradients():
    rng = np.random.default_rng(3)
    params = random_params([2, 3, 1], rng)
    X, Y = rng.normal(size=(4, 2)), rng.normal(size=(4, 1))
    _, cache = bp.mlp_forward(params, X, "sigmoid", "identity")
    batch = bp.mlp_backward(params, cache, Y, "mse")
    singles = [bp.mlp_backward(params, bp.mlp_forward(params, X[i : i + 1], "sigmoid", "identity")[1], Y[i : i + 1], "mse") for i in range(4)]
    for layer in range(2):
        for part in range(2):
            np.testing.assert_allclose(batch[layer][part], np.mean([s[layer][part] for s in singles], axis=0), atol=EXACT)


def test_softmax_ce_needs_linear_output_and_known_loss():
    params = random_params([2, 2], np.random.default_rng(0))
    _, cache = bp.mlp_forward(params, np.ones((1, 2)), "sigmoid")
    with pytest.raises(ValueError):
        bp.mlp_backward(params, cache, np.array([[1.0, 0.0]]), "softmax_ce")
    with pytest.raises(ValueError):
        bp.mlp_backward(params, cache, np.array([[1.0, 0.0]]), "hinge")


def test_numerical_gradient_is_accurate_and_leaves_input_alone():
    x = np.array([[0.3, -1.2], [2.0, 0.5]])
    before = x.copy()
    g = bp.numerical_gradient(lambda v: float(np.sum(np.sin(v) * v)), x)
    np.testing.assert_allclose(g, np.cos(x) * x + np.sin(x), rtol=1e-8, atol=1e-9)
    np.testing.assert_array_equal(x, before)


# ------------------------------------------------------------------------- parameter counts


def test_textbook_mlp_parameter_count():
    # 练习一 Q4: 6 inputs, hidden 5 and 10, 3 outputs: weights plus biases per layer.
    expected = (6 * 5 + 5) + (5 * 10 + 10) + (10 * 3 + 3)
    assert bp.mlp_param_count([6, 5, 10, 3]) == expected == 128  # option (B)


@given(st.lists(st.integers(min_value=1, max_value=40), min_size=2, max_size=6))
@settings(max_examples=50, deadline=None)
def test_param_count_matches_real_arrays(sizes):
    params = random_params(sizes, np.random.default_rng(0))
    assert bp.mlp_param_count(sizes) == sum(W.size + b.size for W, b in params)


@given(st.integers(1, 500), st.integers(1, 500), st.integers(1, 50))
def test_two_layer_formula_agrees_with_general_count(d, h, o):
    assert bp.param_count_two_layer(d, h, o) == bp.mlp_param_count([d, h, o])


def test_param_memory_bytes_seed_003():
    count = bp.param_count_two_layer(784, 256, 10)  # 203,530 parameters
    assert count == 256 * 785 + 10 * 257
    assert bp.param_memory_bytes(count, "fp32") == 4 * count  # seed 003 §2.2(2): 4 B each
    assert bp.param_memory_bytes(count, "FP16") == 2 * count
    assert bp.param_memory_bytes(count, "int8") == count  # seed 003: 1 B each
    with pytest.raises(ValueError):
        bp.param_memory_bytes(count, "fp8")


# -------------------------------------------------------------------------------------- XOR


def test_xor_converges_and_is_deterministic():
    params, losses = bp.train_xor()
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    out, _ = bp.mlp_forward(params, X, "sigmoid")
    assert out.ravel().round().tolist() == [0.0, 1.0, 1.0, 0.0]
    assert np.max(np.abs(out.ravel() - [0, 1, 1, 0])) < 0.1
    assert losses.shape == (2000,) and losses[-1] < 1e-3 < 0.1 < losses[0]
    assert [W.shape for W, _ in params] == [(2, 2), (1, 2)]
    params2, losses2 = bp.train_xor()
    np.testing.assert_array_equal(losses, losses2)
