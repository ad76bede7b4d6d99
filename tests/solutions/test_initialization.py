"""Tests for solutions/initialization.py: seed 004 Q1, seed 001 A2.1, seed 003 §5.2."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from finite_differences import central_diff

from solutions import initialization as init

EXACT = 1e-12


@given(st.integers(1, 5000), st.integers(1, 5000))
def test_uniform_bounds_have_the_normal_variances(n_in, n_out):
    # U(−a, a) has variance a²/3 (seed 001 A2.1 derivation); it must equal the normal variance.
    assert init.xavier_uniform_bound(n_in, n_out) ** 2 / 3 == pytest.approx(init.xavier_normal_std(n_in, n_out) ** 2)
    assert init.he_uniform_bound(n_in) ** 2 / 3 == pytest.approx(init.he_normal_std(n_in) ** 2)
    assert init.xavier_normal_std(n_in, n_out) ** 2 == pytest.approx(2 / (n_in + n_out))
    assert init.he_normal_std(n_in) ** 2 == pytest.approx(2 / n_in)


def test_bounds_numbers():
    assert init.xavier_uniform_bound(256, 128) == pytest.approx(math.sqrt(6 / 384))
    assert init.he_normal_std(512) == pytest.approx(1 / 16)


@pytest.mark.parametrize(
    "sampler,variance",
    [
        (init.xavier_uniform, 2 / (300 + 200)),
        (init.xavier_normal, 2 / (300 + 200)),
        (init.he_uniform, 2 / 300),
        (init.he_normal, 2 / 300),
    ],
)
def test_samplers_shape_variance_and_reproducibility(sampler, variance):
    W = sampler(300, 200, np.random.default_rng(0))
    assert W.shape == (200, 300) and W.dtype == np.float64  # (n_out, n_in), textbook §3.4.1
    # 60,000 draws: the sample variance has relative standard error √(2/60000) ≈ 0.6 % (normal)
    assert W.var() == pytest.approx(variance, rel=0.03)
    assert abs(W.mean()) < 4 * math.sqrt(variance / W.size)
    np.testing.assert_array_equal(W, sampler(300, 200, np.random.default_rng(0)))


def test_seed_004_q1_preactivation_variance():
    # n = 500 inputs x ~ N(0, 1), Var(w) = 1/1000, b ~ N(0, 1): Var(z) = 500/1000 + 1.
    var = init.preactivation_variance(500, 1 / 1000, 1.0, 1.0)
    assert var == pytest.approx(0.5 + 1.0)
    assert math.sqrt(var) == pytest.approx(math.sqrt(3 / 2))  # the seed's "√3/2" means √(3/2)
    rng = np.random.default_rng(4)
    trials = 20_000
    w = rng.normal(0, math.sqrt(1 / 1000), size=(trials, 500))
    x = rng.normal(0, 1, size=(trials, 500))
    b = rng.normal(0, 1, size=trials)
    z = np.sum(w * x, axis=1) + b
    assert z.var() == pytest.approx(var, rel=0.04)  # relative standard error ≈ 1 %


def test_variance_is_preserved_by_xavier_for_equal_fan():
    # Var(w) = 1/n (Xavier with n_in = n_out) keeps Var(z) = Var(x): seed 001 A2.1.
    assert init.preactivation_variance(256, init.xavier_normal_std(256, 256) ** 2, 2.5) == pytest.approx(2.5)


# -------------------------------------------------------------------------- vanishing gradients


def test_sigmoid_gradients_vanish_relu_gradients_do_not():
    for seed in range(3):
        sig = init.layer_gradient_norms(10, 32, "sigmoid", np.random.default_rng(seed))
        relu = init.layer_gradient_norms(10, 32, "relu", np.random.default_rng(seed))
        assert sig.shape == relu.shape == (10,)
        assert sig[0] < 1e-3 * sig[-1]  # seed 001 A2.1: input-side gradients almost vanish
        assert np.all(np.diff(sig) > 0)  # shrinking layer by layer towards the input
        assert 0.05 < relu[0] / relu[-1] < 20  # same order of magnitude with ReLU + He


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_gradient_norms_match_finite_differences(activation):
    depth, width, batch = 3, 4, 5
    norms = init.layer_gradient_norms(depth, width, activation, np.random.default_rng(11), batch=batch)
    # Rebuild the same data and weights from the documented draw order.
    rng = np.random.default_rng(11)
    X = rng.normal(0, 1, (batch, width))
    Y = rng.uniform(0, 1, (batch, width))
    std = math.sqrt(2 / width) if activation == "relu" else math.sqrt(2 / (2 * width))
    Ws = [rng.normal(0, std, (width, width)) for _ in range(depth)]
    act = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0)}[activation]

    def cost(weights):
        a = X
        for W in weights:
            a = act(a @ W.T)
        return 0.5 * np.sum((a - Y) ** 2) / batch

    for layer in range(depth):
        grad = central_diff(lambda W: cost([*Ws[:layer], W, *Ws[layer + 1:]]), Ws[layer])
        assert norms[layer] == pytest.approx(np.linalg.norm(grad), rel=1e-5)


def test_gradient_norm_arguments_are_checked():
    with pytest.raises(ValueError):
        init.layer_gradient_norms(3, 4, "softplus", np.random.default_rng(0))
    with pytest.raises(ValueError):
        init.layer_gradient_norms(3, 4, "relu", np.random.default_rng(0), init="orthogonal")


# ---------------------------------------------------------------------------------- symmetry


@pytest.mark.parametrize("value", [0.0, 0.3])
def test_equal_initialisation_keeps_hidden_units_identical(value):
    rng = np.random.default_rng(2)
    X, Y = rng.normal(size=(8, 3)), rng.normal(size=(8, 2))
    W1, b1, W2, b2 = init.zero_init_symmetry(X, Y, hidden=5, value=value, steps=30)
    assert W1.shape == (5, 3) and W2.shape == (2, 5)
    np.testing.assert_allclose(W1, np.broadcast_to(W1[0], W1.shape), atol=EXACT)  # equal rows
    np.testing.assert_allclose(b1, b1[0], atol=EXACT)
    np.testing.assert_allclose(W2, np.broadcast_to(W2[:, :1], W2.shape), atol=EXACT)  # equal columns
    assert np.abs(W1).max() > 1e-6 and np.abs(W2).max() > 1e-6  # the weights did move
