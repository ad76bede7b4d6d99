"""solutions/derivations.py checked against independent computations.

Hand-derived formulas are compared with ``sympy.diff`` of the loss (an independent symbolic
route) and with central finite differences of a plain-numpy implementation (explicit
tolerances); numbers come from the seeds (004 Q1: Var(w)=1/1000, n=500, Var(b)=1).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy

from nncourse.symbolic import check_equivalent, diagnose, logistic
from solutions import derivations as D

H = 1e-5  # finite-difference step (first derivatives)
H2 = 1e-4  # step for second derivatives: roundoff ~ eps/H2², truncation ~ H2²
FD_RTOL = 1e-6


def sig(v: float) -> float:
    return 1.0 / (1.0 + math.exp(-v))


def net_loss(kind: str, w_1: float, w_2: float, x: float, y: float, b_1: float, b_2: float) -> float:
    """Plain-float 1-1-1 network loss (seed 000 A2.2), independent of sympy."""
    yhat = sig(w_2 * sig(w_1 * x + b_1) + b_2)
    if kind == "mse":
        return 0.5 * (yhat - y) ** 2
    return -(y * math.log(yhat) + (1 - y) * math.log(1 - yhat))


def fd_hessian(kind: str, point: dict[str, float]) -> np.ndarray:
    p = dict(point)
    names = ("w_1", "w_2")
    out = np.zeros((2, 2))
    for r, a in enumerate(names):
        for c, bb in enumerate(names):
            def f(da: float, db: float) -> float:
                q = dict(p)
                q[a] += da
                q[bb] += db
                return net_loss(kind, **q)
            out[r, c] = (f(H2, H2) - f(H2, -H2) - f(-H2, H2) + f(-H2, -H2)) / (4 * H2 * H2)
    return out


POINTS = [
    {"x": 1.0, "y": 0.0, "w_1": -3.0, "w_2": -2.0, "b_1": 0.0, "b_2": 0.0},
    {"x": 0.7, "y": 1.0, "w_1": 0.4, "w_2": -1.3, "b_1": 0.2, "b_2": -0.5},
    {"x": -1.5, "y": 0.3, "w_1": 1.1, "w_2": 2.0, "b_1": -0.4, "b_2": 0.1},
]


@pytest.mark.parametrize("kind", ["mse", "ce"])
@pytest.mark.parametrize("point", POINTS)
def test_hessian_matches_finite_differences(kind: str, point: dict[str, float]) -> None:
    np.testing.assert_allclose(D.hessian_at(kind, point), fd_hessian(kind, point), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("kind", ["mse", "ce"])
def test_hessian_entries_match_sympy_diff(kind: str) -> None:
    loss = D.LOSS_MSE if kind == "mse" else D.LOSS_CE
    (h11, h12), (_, h22) = D.HESSIANS[kind]
    for mine, wrt in ((h11, (D.w1, D.w1)), (h12, (D.w1, D.w2)), (h22, (D.w2, D.w2))):
        independent = sympy.diff(loss, *wrt)
        assert check_equivalent(mine, independent).status == "equivalent"


@pytest.mark.parametrize("kind", ["mse", "ce"])
def test_both_losses_are_non_convex(kind: str) -> None:
    point = D.INDEFINITE_POINTS[kind]
    assert D.is_indefinite(kind, point)
    eig = np.linalg.eigvalsh(fd_hessian(kind, dict(point)))
    assert eig[0] < 0 < eig[1]  # independently: one negative, one positive curvature


def test_seed_typos_are_wrong() -> None:
    d = D.DERIVATIONS["mse_w2w2"]
    assert check_equivalent(d.variants["seed_factor_2"], d.reference).status == "not_equivalent"
    d = D.DERIVATIONS["ce_w2w2"]
    assert check_equivalent(d.variants["seed_typo"], d.reference).status == "not_equivalent"


def test_single_neuron_gradients_match_finite_differences() -> None:
    w, b, x, y = 0.8, -0.3, 1.7, 0.25
    c = lambda w_, b_: 0.5 * (sig(w_ * x + b_) - y) ** 2  # noqa: E731 - textbook eq. 3.4 loss
    subs = {D.w: w, D.b: b, D.x: x, D.y: y}
    dw = float(logistic(D.DERIVATIONS["dC_dw"].reference).subs(subs))
    db = float(logistic(D.DERIVATIONS["dC_db"].reference).subs(subs))
    assert dw == pytest.approx((c(w + H, b) - c(w - H, b)) / (2 * H), rel=FD_RTOL)
    assert db == pytest.approx((c(w, b + H) - c(w, b - H)) / (2 * H), rel=FD_RTOL)


def test_sigmoid_prime_matches_sympy_diff() -> None:
    z = D.z
    assert check_equivalent(D.DERIVATIONS["sigmoid_prime"].reference, sympy.diff(1 / (1 + sympy.exp(-z)), z)).equivalent


def test_gaussian_nll_is_scaled_mse_plus_constant() -> None:
    assert sympy.simplify(D.GAUSSIAN_NLL - (D.NLL_SCALE * D.MSE + D.NLL_OFFSET)) == 0
    # numeric check with n = 3 explicit samples, s = 0.7
    y, f, s = np.array([0.2, -1.0, 2.5]), np.array([0.0, -0.5, 2.0]), 0.7
    density = np.exp(-((y - f) ** 2) / (2 * s**2)) / (math.sqrt(2 * math.pi) * s)
    nll = -np.log(density).sum()
    mse = ((y - f) ** 2).mean()
    assert nll == pytest.approx(3 / (2 * s**2) * mse + 3 / 2 * math.log(2 * math.pi * s**2), rel=1e-12)
    d = D.DERIVATIONS["nll_vs_mse"]
    assert check_equivalent(D.MSE, d.reference, **d.options()).status == "equivalent"


def test_cross_entropy_is_negative_log_likelihood() -> None:
    p, y = 0.3, 1.0
    assert float(D.BINARY_CE.subs({D.p: p, D.y: y})) == pytest.approx(-math.log(p**y * (1 - p) ** (1 - y)))
    probs, onehot = [0.2, 0.5, 0.3], [0, 1, 0]
    value = D.CATEGORICAL_CE.subs(D.K, 3).doit().subs(
        {**{D.P[j + 1]: probs[j] for j in range(3)}, **{D.Y[j + 1]: onehot[j] for j in range(3)}})
    assert float(value) == pytest.approx(-math.log(0.5))


def test_softmax_ce_gradient_is_p_minus_y() -> None:
    zs = np.array([0.3, -1.2, 2.0])
    onehot = np.array([0.0, 0.0, 1.0])

    def loss(v: np.ndarray) -> float:
        return float(-(onehot * (v - np.log(np.exp(v).sum()))).sum())

    p = np.exp(zs) / np.exp(zs).sum()
    for j in range(3):
        e = np.zeros(3)
        e[j] = H
        fd = (loss(zs + e) - loss(zs - e)) / (2 * H)
        assert float(D.SOFTMAX_CE_GRAD.subs({D.p: p[j], D.y: onehot[j]})) == pytest.approx(fd, rel=FD_RTOL)


def test_ridge_solution_zeroes_the_gradient() -> None:
    rng = np.random.default_rng(3)
    features, targets, lam = rng.normal(size=(20, 3)), rng.normal(size=20), 0.1
    w_star = D.ridge_solution(features, targets, lam)
    grad = features.T @ (features @ w_star - targets) / 20 + lam * w_star  # textbook eq. 1.9 gradient
    np.testing.assert_allclose(grad, 0, atol=1e-12)
    assert check_equivalent(D.RIDGE_GRAD, sympy.diff(D.RIDGE_LOSS, D.w), positive=["lamda"]).equivalent
    one = features[:, :1]
    w1 = D.ridge_solution(one, targets, lam)[0]
    expected = (one[:, 0] * targets).sum() / ((one[:, 0] ** 2).sum() + 20 * lam)
    assert w1 == pytest.approx(expected, rel=1e-12)


def test_ema_weights_sum() -> None:
    beta, t = 0.9, 7
    weights = [(1 - beta) * beta ** (t - k) for k in range(1, t + 1)]
    assert sum(weights) == pytest.approx(1 - beta**t, rel=1e-12)
    assert check_equivalent(D.EMA_WEIGHT_SUM, D.EMA_WEIGHT_SUM_CLOSED, positive=["beta"]).equivalent


def test_variance_of_preactivation_seed_004_q1() -> None:
    numbers = {sympy.Symbol(k, positive=True): v for k, v in D.SEED004_Q1.items()}
    var_z = D.VAR_Z.subs({D.n: numbers[sympy.Symbol("n", positive=True)], D.var_w: sympy.Rational(1, 1000),
                          D.var_x: 1, D.var_b: 1})
    assert var_z == sympy.Rational(3, 2)
    assert sympy.sqrt(var_z) == D.SEED004_Q1_STD
    assert D.SEED004_Q1_STD != sympy.sqrt(3) / 2  # the seed's "√3/2" is a typo
    rng = np.random.default_rng(0)  # Monte Carlo: z = Σ w x + b, 500 inputs
    w = rng.normal(0, math.sqrt(1 / 1000), size=(4000, 500))
    x = rng.normal(0, 1, size=(4000, 500))
    b = rng.normal(0, 1, size=4000)
    assert ((w * x).sum(axis=1) + b).var() == pytest.approx(1.5, rel=0.08)


def test_xavier_bound() -> None:
    r = float(D.XAVIER_BOUND.subs({D.n_in: 300, D.n_out: 100}))
    assert r**2 / 3 == pytest.approx(2 / 400)  # Var U(-r, r) = r²/3 = 2/(n_in + n_out)


def test_robbins_monro_conditions() -> None:
    sqrt_schedule = D.robbins_monro(D.C / sympy.sqrt(D.t))
    assert sqrt_schedule.sum_diverges and not sqrt_schedule.sum_of_squares_converges
    harmonic = D.robbins_monro(D.C / D.t)
    assert harmonic.sum_diverges and harmonic.sum_of_squares_converges and harmonic.satisfies_robbins_monro


@pytest.mark.parametrize("key", sorted(D.DERIVATIONS))
def test_every_variant_is_wrong_and_recognised(key: str) -> None:
    d = D.DERIVATIONS[key]
    assert check_equivalent(d.reference, d.reference, **d.options()).status == "equivalent"
    for name, wrong in d.variants.items():
        verdict = diagnose(wrong, d.reference, d.variants, **d.options())
        assert verdict.status == "not_equivalent", name
        assert verdict.mistake == name
