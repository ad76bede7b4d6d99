"""Tests for solutions/regularization.py: textbook §1.6/§1.7, seeds 000/001 A2.x, seed 003."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finite_differences import central_diff

from solutions import regularization as reg

EXACT = 1e-12
FD_RTOL = 1e-6
FD_ATOL = 1e-8


# ---------------------------------------------------------------------------------- ridge

# Textbook §1.1 commute data: distance (km), weekday flag, minutes; x₀ = 1 column prepended.
COMMUTE_X = np.column_stack([np.ones(5), [2.7, 4.1, 1.0, 5.2, 2.8], [1, 1, 0, 1, 0]])
COMMUTE_Y = np.array([25.0, 33.0, 15.0, 45.0, 22.0])


def ridge_cost(W, X, y, lam):
    r = X @ W - y
    return r @ r / (2 * len(y)) + lam / 2 * W @ W  # textbook eq. (1.9)


@pytest.mark.parametrize("lam", [0.01, 0.5, 3.0])
def test_ridge_solution_is_a_stationary_point_of_the_textbook_cost(lam):
    W = reg.ridge_closed_form(COMMUTE_X, COMMUTE_Y, lam)
    grad = central_diff(lambda v: ridge_cost(v, COMMUTE_X, COMMUTE_Y, lam), W)
    np.testing.assert_allclose(grad, 0.0, atol=1e-6)


def test_ridge_tends_to_least_squares_solution_of_section_1_7():
    W = reg.ridge_closed_form(COMMUTE_X, COMMUTE_Y, 1e-10)
    assert W.round(3).tolist() == [6.086, 6.534, 2.113]  # textbook §1.7 W*


def test_ridge_shrinks_and_handles_singular_design():
    norms = [np.linalg.norm(reg.ridge_closed_form(COMMUTE_X, COMMUTE_Y, lam)) for lam in (0.01, 0.1, 1, 10)]
    assert all(a > b for a, b in zip(norms, norms[1:]))
    X = np.column_stack([COMMUTE_X, COMMUTE_X[:, 1]])  # duplicated column: XᵀX is singular
    assert np.all(np.isfinite(reg.ridge_closed_form(X, COMMUTE_Y, 0.1)))  # §1.6: λ > 0 fixes it


# ------------------------------------------------------------------------------ L2 / L1


def test_l2_decay_is_a_gradient_step_on_lambda_norm_squared():
    rng = np.random.default_rng(0)
    w, g = rng.normal(size=5), rng.normal(size=5)
    penalty_grad = central_diff(lambda v: 0.3 * float(v @ v), w)  # ∇(λ‖w‖²), λ = 0.3
    np.testing.assert_allclose(reg.l2_decay_update(w, g, 0.1, 0.3), w - 0.1 * (g + penalty_grad), atol=1e-8)
    # seed 001 A2.6: w ← (1 − 2ηλ)w − η∇L
    np.testing.assert_allclose(reg.l2_decay_update(w, g, 0.1, 0.3), (1 - 0.06) * w - 0.1 * g, atol=EXACT)


def test_l1_subgradient():
    assert reg.l1_subgradient(np.array([-0.2, 0.0, 4.0]), 2.0).tolist() == [-2.0, 0.0, 2.0]


@given(st.floats(-10, 10), st.floats(0, 5))
@settings(max_examples=100)
def test_soft_threshold_is_the_proximal_minimiser(w, t):
    # argmin_u ½(u − w)² + t|u| over a fine grid (independent brute force)
    grid = np.linspace(-12, 12, 240_001)
    objective = 0.5 * (grid - w) ** 2 + t * np.abs(grid)
    best = grid[np.argmin(objective)]
    assert reg.soft_threshold(np.array([w]), t)[0] == pytest.approx(best, abs=2e-4)


def test_soft_threshold_rejects_negative_threshold():
    with pytest.raises(ValueError):
        reg.soft_threshold(np.zeros(2), -0.1)


def test_l1_gives_exact_zeros_l2_does_not():
    # seed 000 A2.5 / seed 001 A2.6: L1 ⇒ sparse, L2 ⇒ small but non-zero weights.
    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 10))
    w_true = np.zeros(10)
    w_true[[1, 4, 7]] = [3.0, -2.0, 1.5]
    y = X @ w_true + 0.1 * rng.normal(size=60)
    grad = lambda w: X.T @ (X @ w - y) / len(y)  # noqa: E731 - ∇ of 1/(2n)‖Xw − y‖²
    eta = 1.0 / np.linalg.eigvalsh(X.T @ X / len(y)).max()
    w = np.zeros(10)
    for _ in range(500):
        w = reg.proximal_l1_step(w, grad(w), eta, 0.2)
    assert reg.count_zeros(w) >= 6 and set(np.flatnonzero(w)) >= {1, 4, 7}
    ridge = reg.ridge_closed_form(X, y, 0.2)
    assert reg.count_zeros(ridge) == 0 and reg.count_zeros(ridge, tol=1e-3) < 3


def test_count_zeros_tolerance():
    assert reg.count_zeros(np.array([0.0, -0.0, 1e-12, 3.0])) == 2
    assert reg.count_zeros(np.array([[0.0, 1e-12], [3.0, -1e-9]]), tol=1e-8) == 3


# ------------------------------------------------------------------------------- dropout


def test_dropout_mask_values_and_documented_draw():
    x = np.arange(1.0, 13.0).reshape(3, 4)
    out, mask = reg.dropout_forward(x, 0.25, np.random.default_rng(3))
    u = np.random.default_rng(3).random(x.shape)  # the single documented draw
    np.testing.assert_array_equal(mask, np.where(u > 0.25, 1 / 0.75, 0.0))
    np.testing.assert_array_equal(out, x * mask)


def test_dropout_preserves_expectation():
    p, x = 0.3, np.array([1.0, -2.0, 0.5, 4.0])
    n = 40_000
    out, mask = reg.dropout_forward(np.tile(x, (n, 1)), p, np.random.default_rng(0))
    # out/x is 0 or 1/(1 − p): mean 1, standard deviation √(p/(1 − p)); 5 standard errors
    se = math.sqrt(p / (1 - p)) / math.sqrt(n)
    np.testing.assert_allclose(out.mean(axis=0) / x, 1.0, atol=5 * se)
    assert (mask == 0).mean() == pytest.approx(p, abs=0.01)  # p is the DROP probability


def test_dropout_eval_mode_and_backward():
    x = np.array([[1.0, 2.0]])
    out, mask = reg.dropout_forward(x, 0.9, np.random.default_rng(0), train=False)
    np.testing.assert_array_equal(out, x)
    np.testing.assert_array_equal(mask, 1.0)
    _, mask = reg.dropout_forward(np.ones((5, 5)), 0.5, np.random.default_rng(1))
    dout = np.random.default_rng(2).normal(size=(5, 5))
    grad = central_diff(lambda v: float(np.sum(v * mask * dout)), np.ones((5, 5)))  # out = x ⊙ m
    np.testing.assert_allclose(reg.dropout_backward(dout, mask), grad, rtol=FD_RTOL, atol=FD_ATOL)
    for bad in (-0.1, 1.0):
        with pytest.raises(ValueError):
            reg.dropout_forward(x, bad, np.random.default_rng(0))


# ---------------------------------------------------------------------------- batch norm


def test_batchnorm_train_normalises_and_updates_running_stats():
    rng = np.random.default_rng(0)
    x = rng.normal(3.0, 2.0, size=(16, 4))
    gamma, beta = np.array([1.0, 2.0, 0.5, 1.0]), np.array([0.0, -1.0, 3.0, 0.0])
    out, _, rm, rv = reg.batchnorm_forward(x, np.ones(4), np.zeros(4), eps=0.0)
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=0), 1.0, atol=1e-12)  # biased variance (seed 001 A2.7)
    out2, _, _, _ = reg.batchnorm_forward(x, gamma, beta, eps=0.0)
    np.testing.assert_allclose(out2, gamma * out + beta, atol=1e-12)
    mean, unbiased = x.mean(axis=0), x.var(axis=0, ddof=1)
    np.testing.assert_allclose(rm, 0.1 * mean, atol=EXACT)  # from the default start 0
    np.testing.assert_allclose(rv, 0.9 + 0.1 * unbiased, atol=EXACT)  # from the default start 1
    _, _, rm2, rv2 = reg.batchnorm_forward(x, gamma, beta, running_mean=rm, running_var=rv, momentum=0.5)
    np.testing.assert_allclose(rm2, 0.5 * rm + 0.5 * mean, atol=EXACT)
    np.testing.assert_allclose(rv2, 0.5 * rv + 0.5 * unbiased, atol=EXACT)


def test_batchnorm_eval_uses_running_stats():
    x = np.array([[1.0, 2.0], [3.0, 5.0]])
    rm, rv = np.array([1.0, 1.0]), np.array([4.0, 1.0])
    out, _, rm2, rv2 = reg.batchnorm_forward(x, np.ones(2), np.zeros(2), eps=0.0, running_mean=rm, running_var=rv, train=False)
    np.testing.assert_allclose(out, (x - rm) / np.sqrt(rv), atol=EXACT)
    np.testing.assert_array_equal(rm2, rm)
    np.testing.assert_array_equal(rv2, rv)
    with pytest.raises(ValueError):
        reg.batchnorm_forward(x, np.ones(2), np.zeros(2), train=False)
    with pytest.raises(ValueError):
        reg.batchnorm_forward(x[:1], np.ones(2), np.zeros(2))  # one sample has no batch variance


@pytest.mark.parametrize("train", [True, False])
def test_batchnorm_backward_matches_finite_differences(train):
    rng = np.random.default_rng(5)
    x = rng.normal(1.0, 3.0, size=(6, 3))
    gamma, beta = rng.normal(size=3), rng.normal(size=3)
    rm, rv = rng.normal(size=3), rng.uniform(0.5, 2.0, size=3)
    dout = rng.normal(size=(6, 3))

    def loss(x_, g_, b_):
        out, *_ = reg.batchnorm_forward(x_, g_, b_, 1e-5, rm, rv, 0.1, train)
        return float(np.sum(out * dout))  # ∂loss/∂out = dout

    _, cache, _, _ = reg.batchnorm_forward(x, gamma, beta, 1e-5, rm, rv, 0.1, train)
    dx, dgamma, dbeta = reg.batchnorm_backward(dout, cache)
    np.testing.assert_allclose(dx, central_diff(lambda v: loss(v, gamma, beta), x), rtol=1e-5, atol=FD_ATOL)
    np.testing.assert_allclose(dgamma, central_diff(lambda v: loss(x, v, beta), gamma), rtol=1e-5, atol=FD_ATOL)
    np.testing.assert_allclose(dbeta, central_diff(lambda v: loss(x, gamma, v), beta), rtol=1e-5, atol=FD_ATOL)


def test_batchnorm_train_gradient_sums_to_zero():
    # x ↦ x + c shifts μ by c and leaves the output unchanged, so Σᵢ ∂C/∂xᵢ = 0 per feature.
    rng = np.random.default_rng(6)
    _, cache, _, _ = reg.batchnorm_forward(rng.normal(size=(8, 2)), np.ones(2), np.zeros(2))
    dx, _, _ = reg.batchnorm_backward(rng.normal(size=(8, 2)), cache)
    np.testing.assert_allclose(dx.sum(axis=0), 0.0, atol=1e-12)


# ------------------------------------------------------------------------------- epochs


@given(st.integers(0, 100_000), st.integers(1, 5000))
def test_iterations_per_epoch_cover_the_data(n, b):
    # seed 000 A2.1: batch size × iterations ≈ N, "because of rounding"
    k = reg.iterations_per_epoch(n, b)
    assert (k - 1) * b < n <= k * b or (n == 0 and k == 0)
    k_drop = reg.iterations_per_epoch(n, b, drop_last=True)
    assert k_drop * b <= n < (k_drop + 1) * b


def test_iterations_examples_and_errors():
    assert reg.iterations_per_epoch(50_000, 256) == 196
    assert reg.iterations_per_epoch(50_000, 256, drop_last=True) == 195
    assert reg.iterations_per_epoch(512, 256) == 2
    with pytest.raises(ValueError):
        reg.iterations_per_epoch(10, 0)
