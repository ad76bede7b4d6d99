"""Tests for solutions/model_selection.py against independent computations: explicit loops,
central differences, closed forms (textbook §1.4, §1.5, §2.1; seed 004 Q2, Q4, Q5, Q8), and the
tables printed in the assignment-8 prompts, which must be what the reference computes."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest
from conftest import ROOT
from finite_differences import central_diff
from hypothesis import given, settings
from hypothesis import strategies as st

from solutions import model_selection as ms

FD_RTOL, FD_ATOL = 1e-6, 1e-8
KINDS = ("hinge", "squared_hinge", "logistic")

# ------------------------------------------------------------------- polynomial regression


def test_make_data_draws_x_then_noise():
    x, y = ms.make_data(6, np.random.default_rng(3), noise=0.5)
    r = np.random.default_rng(3)
    x_ref = r.uniform(-1, 1, 6)
    assert np.array_equal(x, x_ref)
    assert np.allclose(y, np.sin(np.pi * x_ref) + 0.5 * r.normal(size=6), rtol=0, atol=1e-15)


def test_poly_features_is_the_textbook_phi():
    x = np.array([0.5, -2.0, 3.0])
    Phi = ms.poly_features(x, 4)
    assert Phi.shape == (3, 5)
    for i, xi in enumerate(x):
        assert Phi[i].tolist() == [xi ** j for j in range(5)]  # φ(x) = [1, x, …, x⁴], eq. (1.8)
    with pytest.raises(ValueError):
        ms.poly_features(x, -1)


@pytest.mark.parametrize("degree", [0, 1, 3, 6])
def test_fit_is_a_stationary_point_of_the_squared_error(degree):
    x, y = ms.make_data(25, np.random.default_rng(degree), 0.3)
    W = ms.fit_polynomial(x, y, degree)
    cost = lambda w: np.sum((ms.poly_features(x, degree) @ w - y) ** 2) / (2 * len(y))  # noqa: E731
    np.testing.assert_allclose(central_diff(cost, W), 0.0, atol=1e-6)


def test_fit_recovers_exact_polynomials_and_rejects_underdetermined_fits():
    x = np.array([-1.0, 0.0, 1.0, 2.0])
    np.testing.assert_allclose(ms.fit_polynomial(x, 1 + 2 * x - x ** 2, 2), [1, 2, -1], atol=1e-12)
    with pytest.raises(ValueError):
        ms.fit_polynomial(x, x, 4)  # 5 coefficients, 4 samples


def test_mse_by_hand():
    assert ms.mse(np.array([1.0, 2.0, 3.0]), np.array([1.0, 4.0, 0.0])) == pytest.approx((0 + 4 + 9) / 3)


# ------------------------------------------------------------------------ model selection


@settings(max_examples=40, deadline=None)
@given(st.integers(3, 60), st.data())
def test_split_is_a_partition_in_permutation_order(n, data):
    n_train = data.draw(st.integers(1, n - 2))
    n_val = data.draw(st.integers(1, n - n_train - 1))
    seed = data.draw(st.integers(0, 2 ** 32 - 1))
    parts = ms.split_indices(n, n_train, n_val, np.random.default_rng(seed))
    assert [len(p) for p in parts] == [n_train, n_val, n - n_train - n_val]
    assert np.array_equal(np.concatenate(parts), np.random.default_rng(seed).permutation(n))


@pytest.mark.parametrize("args", [(5, 4, 1), (5, 0, 2), (5, 2, 0), (2, 1, 1)])
def test_split_rejects_an_empty_part(args):
    with pytest.raises(ValueError):
        ms.split_indices(*args, np.random.default_rng(0))


def test_training_error_never_grows_with_the_degree():
    x, y = ms.make_data(30, np.random.default_rng(5), 0.3)
    xv, yv = ms.make_data(20, np.random.default_rng(6), 0.3)
    train, val = ms.degree_errors(x, y, xv, yv, range(10))
    assert np.all(np.diff(train) <= 1e-12)  # nested least-squares models
    W = np.polynomial.polynomial.polyfit(x, y, 4)  # numpy's own fit, lowest power first
    assert val[4] == pytest.approx(np.mean((np.polynomial.polynomial.polyval(xv, W) - yv) ** 2), rel=1e-8)


def test_select_degree_prefers_the_first_minimum():
    assert ms.select_degree([1, 2, 3], [0.3, 0.1, 0.1]) == 2
    assert ms.select_degree([6, 4, 2], [0.1, 0.1, 0.5]) == 6


def test_model_selection_reports_the_test_error_of_the_chosen_degree():
    x, y = ms.make_data(50, np.random.default_rng(2), 0.2)
    r = ms.model_selection(x, y, list(range(8)), 20, 15, np.random.default_rng(3))
    tr, va, te = ms.split_indices(50, 20, 15, np.random.default_rng(3))
    assert r["degree"] == int(np.argmin(r["val_errors"]))
    W = np.polynomial.polynomial.polyfit(x[tr], y[tr], r["degree"])
    assert r["test_error"] == pytest.approx(np.mean((np.polynomial.polynomial.polyval(x[te], W) - y[te]) ** 2), rel=1e-8)


# -------------------------------------------------------------------------- margin losses

SMOOTH_MARGINS = np.array([-3.0, -0.7, 0.2, 0.9, 1.3, 4.0])  # away from the kink at m = 1


@pytest.mark.parametrize("kind", KINDS)
def test_loss_derivative_matches_central_differences(kind):
    fd = [central_diff(lambda v: float(ms.margin_loss(v, kind)[0]), np.array([m]))[0] for m in SMOOTH_MARGINS]
    np.testing.assert_allclose(ms.margin_loss_derivative(SMOOTH_MARGINS, kind), fd, rtol=FD_RTOL, atol=FD_ATOL)


@pytest.mark.parametrize("kind", KINDS)
def test_classification_gradient_matches_central_differences(kind):
    rng = np.random.default_rng(11)
    X, y, W = rng.normal(size=(12, 3)), np.where(rng.random(12) < 0.5, -1.0, 1.0), rng.normal(size=3)
    fd = central_diff(lambda w: ms.classification_cost(w, X, y, kind), W)
    np.testing.assert_allclose(ms.classification_gradient(W, X, y, kind), fd, rtol=1e-5, atol=FD_ATOL)


def test_squared_hinge_gradient_is_textbook_eq_1_7():
    rng = np.random.default_rng(2)
    X, y, W = rng.normal(size=(9, 4)), np.where(rng.random(9) < 0.5, -1.0, 1.0), rng.normal(size=4)
    per_sample = [(W @ x - t) * x if t * (W @ x) < 1 else np.zeros(4) for x, t in zip(X, y)]  # eq. (1.7)
    np.testing.assert_allclose(ms.classification_gradient(W, X, y, "squared_hinge"), np.mean(per_sample, axis=0), atol=1e-14)


def test_logistic_loss_is_finite_and_accurate_at_extreme_margins():
    m = np.array([-800.0, 0.0, 40.0])
    assert ms.margin_loss(m, "logistic").tolist() == pytest.approx([800.0, math.log(2), math.exp(-40)], rel=1e-12)
    assert ms.margin_loss_derivative(np.array([40.0]), "logistic")[0] == pytest.approx(-math.exp(-40), rel=1e-12)


def test_which_points_each_loss_ignores():
    W, X, y = np.array([1.0]), np.array([[-2.0], [0.5], [1.0], [3.0]]), np.ones(4)  # margins −2, 0.5, 1, 3
    assert ms.ignored_points(W, X, y, "hinge").tolist() == [False, False, True, True]
    assert ms.ignored_points(W, X, y, "squared_hinge").tolist() == [False, False, True, True]
    assert ms.ignored_points(W, X, y, "logistic").tolist() == [False] * 4
    with pytest.raises(ValueError):
        ms.margin_loss(np.zeros(1), "perceptron")


# ------------------------------------------------------------------------- gradient scale


@pytest.mark.parametrize("activation", ["linear", "tanh"])
def test_chain_gradients_match_central_differences(activation):
    rng = np.random.default_rng(4)
    shapes = [(4, 3), (2, 4), (3, 2)]
    weights, x = [rng.normal(size=s) for s in shapes], rng.normal(size=3)
    phi = np.tanh if activation == "tanh" else (lambda z: z)
    grads = ms.chain_gradients(weights, x, activation)
    for ell, W in enumerate(weights):
        def cost(V, ell=ell):
            h = x
            for k, U in enumerate(weights):
                h = phi((V if k == ell else U) @ h)
            return 0.5 * float(h @ h)
        np.testing.assert_allclose(grads[ell], central_diff(cost, W), rtol=FD_RTOL, atol=FD_ATOL)


def test_orthogonal_chain_gradient_norms_are_s_to_the_2L_minus_1():
    rng = np.random.default_rng(0)
    Q, x, s = np.linalg.qr(rng.normal(size=(5, 5)))[0], rng.normal(size=5), 1.3
    for depth in (3, 9):
        norms = [np.linalg.norm(g) for g in ms.chain_gradients([s * Q] * depth, x, "linear")]
        np.testing.assert_allclose(norms, s ** (2 * depth - 1) * (x @ x), rtol=1e-10)


def test_clip_by_norm_keeps_the_direction_and_caps_the_length():
    rng = np.random.default_rng(7)
    grads = [rng.normal(size=(3, 2)), rng.normal(size=5)]
    total = np.sqrt(sum(np.sum(g ** 2) for g in grads))
    assert ms.global_norm(grads) == pytest.approx(total)
    clipped = ms.clip_by_norm(grads, total / 4)
    assert ms.global_norm(clipped) == pytest.approx(total / 4)
    for g, c in zip(grads, clipped):
        np.testing.assert_allclose(c, g / 4)
    for g, c in zip(grads, ms.clip_by_norm(grads, 2 * total)):
        np.testing.assert_array_equal(c, g)
    with pytest.raises(ValueError):
        ms.clip_by_norm(grads, 0.0)


# ----------------------------------------------------------------------- zero-mean inputs


def test_centring_uses_the_training_mean():
    rng = np.random.default_rng(1)
    A, B = rng.uniform(2, 4, size=(10, 3)), rng.uniform(0, 9, size=(4, 3))
    a, b = ms.center_features(A, B)
    np.testing.assert_allclose(a.mean(axis=0), 0.0, atol=1e-14)
    np.testing.assert_allclose((A - a)[:4], B - b)  # the same shift (the training mean) for both sets
    np.testing.assert_allclose((A - a)[0], A.mean(axis=0))


def test_condition_number_is_the_squared_condition_number_of_X():
    X = np.random.default_rng(2).normal(size=(20, 4))
    assert ms.condition_number(X) == pytest.approx(np.linalg.cond(X) ** 2, rel=1e-8)
    assert ms.condition_number(np.array([[1.0, 0.0], [2.0, 0.0]])) == math.inf


def test_gd_steps_is_the_first_step_within_tolerance():
    rng = np.random.default_rng(3)
    X = np.column_stack([np.ones(30), rng.uniform(1, 3, size=(30, 2))])
    y = rng.normal(size=30)
    eta, tol = 1 / np.linalg.eigvalsh(X.T @ X / 30)[-1], 1e-5
    t = ms.gd_steps(X, y, eta, tol, 100_000)
    w, norms = np.zeros(3), []
    for _ in range(t + 1):  # an independent replay of the iteration
        g = X.T @ (X @ w - y) / 30
        norms.append(np.linalg.norm(g))
        w = w - eta * g
    assert norms[-1] <= tol < min(norms[:-1])
    assert ms.gd_steps(X, y, eta, tol, t - 1) is None


def test_centred_inputs_converge_much_faster():
    rng = np.random.default_rng(4)
    raw = rng.uniform(1, 3, size=(50, 2))
    y = raw @ np.array([1.0, -2.0]) + 0.5
    steps = []
    for F in (raw, raw - raw.mean(axis=0)):
        X = np.column_stack([np.ones(50), F])
        steps.append(ms.gd_steps(X, y, 1 / np.linalg.eigvalsh(X.T @ X / 50)[-1], 1e-6, 50_000))
    assert steps[1] * 20 < steps[0]


# ----------------------------------------------------------------------- steepest descent


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-10, 10), min_size=2, max_size=6).filter(lambda g: np.linalg.norm(g) > 1e-3))
def test_no_unit_vector_beats_the_negative_gradient(grad):
    g = np.array(grad)
    u = ms.steepest_descent_direction(g)
    assert np.linalg.norm(u) == pytest.approx(1.0)
    others = np.random.default_rng(0).normal(size=(500, len(g)))
    floor = min(ms.directional_derivative(g, v) for v in others)
    assert ms.directional_derivative(g, u) == pytest.approx(-np.linalg.norm(g)) and ms.directional_derivative(g, u) <= floor + 1e-12


def test_first_order_change_is_the_limit_of_the_true_change():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    w = np.array([1.0, -2.0])
    g = A @ w  # C(w) = ½wᵀAw
    for eta in (1e-3, 1e-5):
        true = 0.5 * (w - eta * g) @ A @ (w - eta * g) - 0.5 * w @ A @ w
        assert ms.first_order_change(g, eta) == pytest.approx(true, rel=10 * eta)
    with pytest.raises(ValueError):
        ms.steepest_descent_direction(np.zeros(2))
    with pytest.raises(ValueError):
        ms.directional_derivative(g, np.zeros(2))


# ------------------------------------------------------- the tables in the assignment prompts


def _prompt_text() -> str:
    nb = json.loads((ROOT / "assignments" / "a8-model-selection" / "master.ipynb").read_text("utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def test_the_error_table_in_the_prompt_is_the_reference_result():
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, 40)
    y = np.sin(np.pi * x) + 0.2 * rng.normal(size=40)
    r = ms.model_selection(x, y, list(range(10)), 15, 10, np.random.default_rng(101))
    text = _prompt_text()
    for m in range(10):
        assert f"| {m} | {r['train_errors'][m]:.4f} | {r['val_errors'][m]:.4f} |" in text
    assert f"degree {r['degree']}, 测试误差 / test error {r['test_error']:.4f}" in text


def test_the_centring_table_in_the_prompt_is_the_reference_result():
    rng = np.random.default_rng(4)
    raw = rng.uniform(1, 3, size=(50, 2))
    y = raw @ np.array([1.0, -2.0]) + 0.5
    rows = re.findall(r"\| (全为正 / all positive|中心化 / centred) \| ([\d.]+) \| (\d+) \|", _prompt_text())
    assert len(rows) == 2
    for (_, kappa, steps), F in zip(rows, (raw, raw - raw.mean(axis=0))):
        X = np.column_stack([np.ones(50), F])
        assert kappa == f"{ms.condition_number(X):.1f}"
        assert int(steps) == ms.gd_steps(X, y, 1 / np.linalg.eigvalsh(X.T @ X / 50)[-1], 1e-6, 5000)
