"""Tests for solutions/optimizers.py.

The textbook's 练习一 Q6–Q9 answers are recomputed here by plain loops written for the test
(independent of the module), then the module is compared with those loops, and the rounded
results are located among the options the textbook prints.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solutions import optimizers as opt

EXACT = 1e-12  # same arithmetic in a different order
TIGHT = 1e-10

# Textbook 练习一 Q6: X is printed as a 4×8 matrix, one sample per COLUMN.
X_COLUMNS = np.array(
    [
        [-0.5, -1, 0.5, -0.2, -0.8, -0.15, -1, 0],
        [0.25, -0.1, 0, -0.3, 0, -0.5, 0, -0.25],
        [-0.8, -0.1, 0.25, 0.2, -0.8, 0.05, -1, 0.25],
        [-1, -1, 0.1, 0, -1, -0.25, -1, 0.1],
    ]
)
Y = np.array([1, 1, -1, -1, 1, -1, 1, -1], dtype=float)
X = X_COLUMNS.T  # rows = samples

# The four options printed for each question (course data, 练习一 Q6–Q9).
OPTIONS = {
    "Q6": [(-0.721, 1.262, -1.204, -0.484), (-0.527, 1.220, -1.047, -0.445), (-0.536, 1.260, -1.257, -0.565), (-0.637, 1.120, -1.056, -0.395)],
    "Q7": [(-0.469, 0.890, -0.799, -0.449), (-0.480, 0.706, -0.879, -0.549), (-0.569, 0.990, -0.579, -0.479), (-0.669, 0.706, -0.764, -0.462)],
    "Q8": [(-0.798, 1.939, -1.697, -0.408), (-0.798, 1.849, -1.667, -0.422), (-0.698, 1.839, -1.657, -0.402), (-0.598, 1.829, -1.557, -0.502)],
    "Q9": [(-0.478, 0.849, -0.722, -0.380), (-0.498, 0.858, -0.612, -0.360), (-0.398, 0.868, -0.623, -0.354), (-0.698, 0.862, -0.632, -0.352)],
}


def sample_grad(W: np.ndarray, i: int) -> np.ndarray:
    """Textbook eq. (1.7): 0 if y Wᵀx ≥ 1, else (Wᵀx − y)x; written with explicit loops."""
    score = sum(W[j] * X[i, j] for j in range(4))
    if Y[i] * score >= 1:
        return np.zeros(4)
    return np.array([(score - Y[i]) * X[i, j] for j in range(4)])


def full_grad(W: np.ndarray) -> np.ndarray:
    total = np.zeros(4)
    for i in range(8):
        total = total + sample_grad(W, i)
    return total / 8  # C = (1/n) Σ Cᵢ


def which_option(question: str, W: np.ndarray) -> str:
    rounded = tuple(round(float(w), 3) for w in W)
    hits = [label for label, option in zip("ABCD", OPTIONS[question]) if option == rounded]
    assert len(hits) == 1, f"{question}: {rounded} matches options {hits}"
    return hits[0]


def loop_gd(eta: float, steps: int) -> np.ndarray:
    W = [0.0] * 4
    for _ in range(steps):
        g = full_grad(np.array(W))
        W = [W[j] - eta * g[j] for j in range(4)]
    return np.array(W)


def loop_sgd(eta: float, steps: int) -> np.ndarray:
    W = [0.0] * 4
    for t in range(steps):
        g = sample_grad(np.array(W), t % 8)  # i_t = (t mod 8) + 1 in 1-based numbering
        W = [W[j] - eta * g[j] for j in range(4)]
    return np.array(W)


def loop_heavy_ball(eta: float, alpha: float, steps: int) -> np.ndarray:
    """W_{t+1} = W_t − η∇C(W_t) + α(W_t − W_{t−1}), W_{−1} = W_0: the heavy-ball form."""
    prev, W = [0.0] * 4, [0.0] * 4
    for _ in range(steps):
        g = full_grad(np.array(W))
        prev, W = W, [W[j] - eta * g[j] + alpha * (W[j] - prev[j]) for j in range(4)]
    return np.array(W)


def loop_adagrad(eta: float, delta: float, steps: int) -> np.ndarray:
    W, r = [0.0] * 4, [0.0] * 4
    for t in range(steps):
        g = sample_grad(np.array(W), t % 8)
        r = [r[j] + g[j] ** 2 for j in range(4)]
        W = [W[j] - eta * g[j] / (delta + math.sqrt(r[j])) for j in range(4)]
    return np.array(W)


# ---------------------------------------------------------------- textbook 练习一 Q6–Q9


def test_q6_gradient_descent():
    expected = loop_gd(0.5, 25)
    got = opt.gradient_descent(full_grad, np.zeros(4), 0.5, 25)
    np.testing.assert_allclose(got, expected, atol=TIGHT)
    assert which_option("Q6", got) == "B"


def test_q7_sgd_fixed_order():
    expected = loop_sgd(0.1, 80)
    got = opt.sgd(sample_grad, np.zeros(4), 0.1, 80, lambda t: t % 8)
    np.testing.assert_allclose(got, expected, atol=TIGHT)
    assert which_option("Q7", got) == "A"


def test_q8_momentum_matches_heavy_ball_loop():
    expected = loop_heavy_ball(0.5, 0.5, 25)
    got = opt.momentum(full_grad, np.zeros(4), 0.5, 0.5, 25)
    np.testing.assert_allclose(got, expected, atol=TIGHT)
    assert which_option("Q8", got) == "D"  # (−0.598, 1.829, −1.557, −0.502)


def test_q9_adagrad():
    expected = loop_adagrad(0.1, 1e-6, 80)
    got = opt.adagrad(sample_grad, np.zeros(4), 0.1, 1e-6, 80, lambda t: t % 8)
    np.testing.assert_allclose(got, expected, atol=TIGHT)
    assert which_option("Q9", got) == "A"  # (−0.478, 0.849, −0.722, −0.380)


# ------------------------------------------------------------------- generic behaviour


def quadratic(seed: int = 0):
    rng = np.random.default_rng(seed)
    M = rng.normal(size=(3, 3))
    A = M @ M.T + np.eye(3)  # positive definite
    c = rng.normal(size=3)
    return A, c, (lambda W: A @ W - c)  # ∇ of ½WᵀAW − cᵀW


def test_w0_is_not_modified_and_callback_records_trajectory():
    _, _, grad = quadratic()
    W0 = np.array([1.0, 2.0, 3.0])
    path: list[np.ndarray] = []
    final = opt.momentum(grad, W0, 0.05, 0.9, 7, callback=lambda t, W: path.append((t, W.copy())))
    assert W0.tolist() == [1.0, 2.0, 3.0]
    assert [t for t, _ in path] == list(range(1, 8))
    np.testing.assert_array_equal(path[-1][1], final)


def test_momentum_with_alpha_zero_is_gradient_descent():
    _, _, grad = quadratic(1)
    W0 = np.ones(3)
    np.testing.assert_allclose(opt.momentum(grad, W0, 0.1, 0.0, 30), opt.gradient_descent(grad, W0, 0.1, 30), atol=EXACT)


def test_nesterov_against_plain_loop_and_converges():
    A, c, grad = quadratic(2)
    W, v = np.zeros(3), np.zeros(3)
    for _ in range(40):
        look = W + 0.8 * v
        v = 0.8 * v - 0.05 * (A @ look - c)
        W = W + v
    np.testing.assert_allclose(opt.nesterov(grad, np.zeros(3), 0.05, 0.8, 40), W, atol=TIGHT)
    far = opt.nesterov(grad, np.zeros(3), 0.05, 0.8, 2000)
    np.testing.assert_allclose(far, np.linalg.solve(A, c), atol=1e-8)


def test_rmsprop_and_adam_against_plain_loops():
    A, c, grad = quadratic(3)
    sample = lambda W, i: grad(W) * (1 + 0.1 * i)  # noqa: E731 - a deterministic "sample" gradient
    order = lambda t: t % 3  # noqa: E731
    W, r = np.zeros(3), np.zeros(3)
    for t in range(50):
        g = sample(W, order(t))
        r = 0.9 * r + 0.1 * g * g
        W = W - 0.01 * g / (1e-8 + np.sqrt(r))
    np.testing.assert_allclose(opt.rmsprop(sample, np.zeros(3), 0.01, 0.9, 1e-8, 50, order), W, atol=TIGHT)
    W, m, v = np.zeros(3), np.zeros(3), np.zeros(3)
    for t in range(1, 51):
        g = sample(W, order(t - 1))
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        W = W - 0.01 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    np.testing.assert_allclose(opt.adam(sample, np.zeros(3), 0.01, 0.9, 0.999, 1e-8, 50, order), W, atol=TIGHT)


def test_adam_first_step_has_size_eta():
    g = np.array([1e4, -3.0, 1e-4])
    W = opt.adam(lambda W, i: g, np.zeros(3), 0.01, 0.9, 0.999, 0.0, 1, lambda t: 0)
    np.testing.assert_allclose(W, -0.01 * np.sign(g), rtol=1e-12)  # m̂/√v̂ = g/|g| after one step


def test_sgd_accepts_a_schedule():
    # Cᵢ(W) = ½(W − i)²: W ← W − η_t (W − i), η_t = 1/√t
    W = 0.0
    for t in range(5):
        W = W - (1 / math.sqrt(t + 1)) * (W - (t % 2))
    got = opt.sgd(lambda W, i: W - i, np.zeros(1), lambda t: opt.sqrt_decay(1.0, t), 5, lambda t: t % 2)
    assert got.item() == pytest.approx(W, abs=EXACT)


def test_minibatch_with_whole_dataset_is_gradient_descent():
    # 练习一 Q2 (B): batch size n without replacement is gradient descent.
    mean_grad = lambda W, B: np.mean([sample_grad(W, i) for i in B], axis=0)  # noqa: E731
    got = opt.minibatch_sgd(mean_grad, np.zeros(4), lambda t: 0.5, [list(range(8))] * 25)
    np.testing.assert_allclose(got, loop_gd(0.5, 25), atol=TIGHT)


# ------------------------------------------------------------------------------- schedules


def test_schedules():
    assert opt.sqrt_decay(0.06, 9) == pytest.approx(0.02)  # C = 0.06 as in textbook §2.2.1
    assert opt.inverse_decay(2.0, 8) == 0.25
    assert [opt.step_decay(0.1, t, 0.5, 3) for t in (0, 2, 3, 7)] == pytest.approx([0.1, 0.1, 0.05, 0.025])
    assert opt.cosine(0.1, 0, 100) == pytest.approx(0.1) and opt.cosine(0.1, 100, 100, 0.01) == pytest.approx(0.01)
    assert opt.cosine(0.2, 50, 100, 0.0) == pytest.approx(0.1)
    for bad in (lambda: opt.sqrt_decay(1.0, 0), lambda: opt.inverse_decay(1.0, 0), lambda: opt.cosine(1.0, 11, 10)):
        with pytest.raises(ValueError):
            bad()


@given(st.integers(1, 10_000))
def test_sqrt_decay_is_slower_than_inverse_decay(t):
    assert opt.sqrt_decay(1.0, t) >= opt.inverse_decay(1.0, t)
    assert opt.sqrt_decay(1.0, t + 1) < opt.sqrt_decay(1.0, t)


# ------------------------------------------------------------------------------------- EMA


def test_ema_window_seed_004_q7():
    assert opt.ema_effective_window(0.9) == pytest.approx(10.0)
    assert opt.ema_effective_window(0.99) == pytest.approx(100.0)
    # The geometric series behind it: Σ_{k≥0} βᵏ = 1/(1 − β).
    assert sum(0.9**k for k in range(2000)) == pytest.approx(opt.ema_effective_window(0.9))


@given(st.floats(0.0, 0.999), st.integers(0, 200))
@settings(max_examples=60)
def test_ema_weights_sum_to_one_minus_beta_power(beta, t):
    w = opt.ema_weights(beta, t)
    assert w.shape == (t,)
    assert w.sum() == pytest.approx(1 - beta**t, abs=1e-12)


def test_ema_weights_reproduce_the_recursion():
    rng = np.random.default_rng(5)
    g = rng.normal(size=(12, 2))
    m = np.zeros(2)
    for gt in g:
        m = 0.8 * m + 0.2 * gt  # m_t = β m_{t−1} + (1 − β) g_t, m₀ = 0
    np.testing.assert_allclose(opt.ema_weights(0.8, 12) @ g, m, atol=EXACT)
