"""Hidden tests: squared hinge cost and gradients, SGD in fixed order (textbook §1.4, eq. 1.7, 练习一 Q7)."""

import numpy as np

from nncourse.checks import cases, expect_close

QUESTION = "squared_hinge"

from _cases import classification_problem  # noqa: E402

SHAPES = [(8, 4), (20, 3), (50, 6), (3, 2)]


@cases(*SHAPES, ids=[f"{n}x{d}" for n, d in SHAPES])
def test_cost(student, reference, rng, case):
    X, y, W = classification_problem(rng, *case)
    expected = reference.squared_hinge_cost(W, X, y)
    expect_close(student.squared_hinge_cost(W, X, y), expected, call=f"squared_hinge_cost on a random {case} problem",
                 mistakes={"missing the ½ / 漏掉了 ½": 2 * expected, "sum instead of mean / 求和而不是求平均": expected * case[0]})


def test_sample_gradient_both_branches(student, reference):
    x = np.array([0.5, -1.0, 2.0])
    # margins 2.5, 1.5 (no loss, yet below 2), −0.75 and −1: both branches, either side of the threshold
    for W, y in ((np.array([1.0, 0.0, 1.0]), 1.0), (np.array([1.0, 0.0, 0.5]), 1.0), (np.array([0.1, 0.2, -0.3]), 1.0), (np.array([0.0, 0.0, 0.5]), -1.0)):
        expect_close(student.squared_hinge_sample_gradient(W, x, y), reference.squared_hinge_sample_gradient(W, x, y),
                     call=f"squared_hinge_sample_gradient at margin {y * x @ W:.2f}",
                     hint="the gradient is zero exactly when y·Wᵀx ≥ 1 / 恰在 y·Wᵀx ≥ 1 时梯度为 0")


def test_sample_gradient_at_margin_one(student, reference):
    x, W, y = np.array([1.0, 1.0]), np.array([0.5, 0.5]), 1.0  # margin exactly 1: no loss
    expect_close(student.squared_hinge_sample_gradient(W, x, y), np.zeros(2), call="squared_hinge_sample_gradient at margin exactly 1")
    # margins just below the threshold, from either side (y = ±1): a gradient that is not zero,
    # so an answer that is always zero does not pass this test
    for W, y in ((np.array([0.375, 0.375]), 1.0), (np.array([0.5, -1.25]), -1.0)):
        expect_close(student.squared_hinge_sample_gradient(W, x, y), reference.squared_hinge_sample_gradient(W, x, y),
                     call=f"squared_hinge_sample_gradient at margin {y * x @ W:.2f}",
                     hint="the gradient is zero exactly when y·Wᵀx ≥ 1 / 恰在 y·Wᵀx ≥ 1 时梯度为 0")


@cases(*SHAPES, ids=[f"{n}x{d}" for n, d in SHAPES])
def test_mean_gradient(student, reference, rng, case):
    X, y, W = classification_problem(rng, *case)
    expected = reference.squared_hinge_gradient(W, X, y)
    expect_close(student.squared_hinge_gradient(W, X, y), expected, call=f"squared_hinge_gradient on a random {case} problem",
                 mistakes={"sum instead of mean / 求和而不是求平均": expected * case[0]})


def test_exercise_q7(student, reference, data):
    t = np.loadtxt(data / "hinge8.csv", delimiter=",", skiprows=1)
    X, y = t[:, :4], t[:, 4]
    expected = reference.sgd_fixed_order(lambda W, i: reference.squared_hinge_sample_gradient(W, X[i], y[i]), np.zeros(4), 0.1, 80, 8)
    got = student.evaluate(
        "sgd_fixed_order(lambda W, i: X[i] * min(y[i] * (X[i] @ W) - 1, 0) * y[i], W0, 0.1, 80, 8)", X=X, y=y, W0=np.zeros(4))
    expect_close(got, expected, rtol=1e-9, call="sgd_fixed_order on exercise set 1, Q7 (η = 0.1, 80 steps)",
                 hint="visit i_t = t mod n with t = 0, 1, … / 第 t 步访问 i_t = t mod n，t 从 0 开始")


@cases((5, 0.2, 13), (3, 0.05, 1), ids=["n5-13steps", "n3-1step"])
def test_sgd_order_random(student, reference, rng, case):
    n, eta, steps = case
    X, y, W0 = classification_problem(rng, n, 3)
    expected = reference.sgd_fixed_order(lambda W, i: reference.squared_hinge_sample_gradient(W, X[i], y[i]), W0, eta, steps, n)
    got = student.evaluate(
        "sgd_fixed_order(lambda W, i: X[i] * min(y[i] * (X[i] @ W) - 1, 0) * y[i], W0, eta, steps, n)",
        X=X, y=y, W0=W0, eta=eta, steps=steps, n=n)
    expect_close(got, expected, rtol=1e-9, call=f"sgd_fixed_order with n={n}, η={eta}, {steps} steps")
