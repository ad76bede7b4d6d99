"""Hidden tests: centring with the training mean, the condition number of the MSE Hessian, GD
steps to a tolerance; all-positive inputs converge far more slowly (seed 004 Q4)."""

import numpy as np

from nncourse.checks import cases, expect_equal, expect_true

from _cases import positive_design  # noqa: E402
from _checks import expect_value  # noqa: E402

QUESTION = "zero_mean_inputs"


@cases((10, 3, 4), (30, 6, 1), ids=["10x3", "30x6"])
def test_center_features(student, reference, rng, case):
    n, d, m = case
    X_train, X_other = rng.uniform(1, 5, size=(n, d)), rng.uniform(0, 9, size=(m, d))
    expected = reference.center_features(X_train, X_other)
    got = student.center_features(X_train, X_other)
    mu = X_train.mean(axis=0)
    call = f"center_features(X_train {n}x{d}, X_other {m}x{d})"
    expect_value(got[0], expected[0], call=f"{call}: centred training data",
                 mistakes={"subtracted one mean of all entries instead of one per column / 应按列减均值": X_train - X_train.mean(),
                           "also divided by the standard deviation (that is standardising) / 不需要除以标准差": (X_train - mu) / X_train.std(axis=0)})
    expect_value(got[1], expected[1], call=f"{call}: the other set",
                 mistakes={"the other set was centred with its OWN mean; use the training mean / 应使用训练集均值":
                           X_other - X_other.mean(axis=0)} if m > 1 else None)


@cases((50, 4, False), (20, 2, True), ids=["raw-50x4", "centred-20x2"])
def test_condition_number(student, reference, rng, case):
    n, d, centred = case
    X, _ = positive_design(rng, n, d)
    if centred:
        X = X - X.mean(axis=0)
    X = np.column_stack([np.ones(n), X])  # bias column
    expected = reference.condition_number(X)
    expect_value(student.condition_number(X), expected, rtol=1e-6, call=f"condition_number of a {n}x{d + 1} design ({'centred' if centred else 'all-positive'} features + bias)",
                 mistakes={"κ of X itself (singular values), not of the Hessian XᵀX/n: square it / 应是 XᵀX/n 的条件数": np.sqrt(expected),
                           "λ_min / λ_max: upside down / 比值颠倒了": 1 / expected})


def test_condition_number_small_entries(student, reference, rng):
    X = 0.05 * rng.normal(size=(6, 3))  # every eigenvalue of XᵀX/n is far below 1
    expect_value(student.condition_number(X), reference.condition_number(X), rtol=1e-6, call="condition_number of a 6x3 design with tiny entries")


def test_condition_number_of_a_singular_design(student):
    X = np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 0.0]])  # a zero column: λ_min = 0 exactly
    expect_true(student.condition_number(X) == np.inf, "condition_number of a rank-deficient X must be inf (λ_min = 0) / 奇异时应为 inf")


STEPS = [(40, 2, False, 3000), (25, 1, True, 3000), (40, 2, False, 30)]


@cases(*STEPS, ids=["raw-40x2", "centred-25x1", "raw-not-converged"])
def test_gd_steps(student, reference, rng, case):
    n, d, centred, max_steps = case
    X, y = positive_design(rng, n, d)
    if centred:
        X, y = X - X.mean(axis=0), y - y.mean()
    X = np.column_stack([np.ones(n), X])
    eta = 1.0 / np.linalg.eigvalsh(X.T @ X / n)[-1]  # the largest safe step 1/λ_max
    expected = reference.gd_steps(X, y, eta, 1e-6, max_steps)
    expect_equal(student.gd_steps(X, y, eta, 1e-6, max_steps), expected,
                 call=f"gd_steps on a {n}x{d + 1} {'centred' if centred else 'all-positive'} design, η = 1/λ_max, tol 1e-6, max_steps {max_steps}",
                 hint="count updates until ‖∇C(w_t)‖ ≤ tol (0 if w = 0 already satisfies it); None if never within max_steps "
                      "/ 数更新次数直到梯度范数 ≤ tol；max_steps 内达不到则返回 None")


def test_gd_steps_budget_boundary(student, reference, rng):
    X, y = positive_design(rng, 20, 1, 0.0, 1.0)
    X = np.column_stack([np.ones(20), X])
    eta = 1.0 / np.linalg.eigvalsh(X.T @ X / 20)[-1]
    t = reference.gd_steps(X, y, eta, 1e-4, 10_000)
    call = "gd_steps when convergence takes exactly t updates, with max_steps = t and = t − 1"
    hint = "t updates within a budget of max_steps = t still count; one fewer is None / 恰好用完 max_steps 次更新也算收敛"
    expect_equal(student.gd_steps(X, y, eta, 1e-4, t), t, call=call, hint=hint)
    expect_equal(student.gd_steps(X, y, eta, 1e-4, t - 1), None, call=call, hint=hint)


def test_gd_steps_tolerance_is_inclusive(student):
    # ∇C(0) = −[3, 4]/2 has norm exactly 2.5
    expect_equal(student.gd_steps(np.eye(2), np.array([3.0, 4.0]), 0.5, 2.5, 10), 0, call="gd_steps with tol equal to ‖∇C(0)‖",
                 hint="stop when ‖∇C‖ ≤ tol (≤, not <) / 条件是 ≤ tol")


def test_gd_steps_zero_when_already_optimal(student):
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    expect_equal(student.gd_steps(X, np.zeros(2), 0.5, 1e-9, 10), 0, call="gd_steps when w = 0 is already the minimiser",
                 hint="check the gradient before the first update / 第一次更新前先检查梯度")


def test_centering_speeds_gd_up(student, rng):
    X, y = positive_design(rng, 60, 2)
    raw = np.column_stack([np.ones(60), X])
    centred = np.column_stack([np.ones(60), X - X.mean(axis=0)])
    steps = []
    for A in (raw, centred):
        steps.append(student.gd_steps(A, y, 1.0 / np.linalg.eigvalsh(A.T @ A / 60)[-1], 1e-6, 5000))
    expect_true(steps[1] is not None and (steps[0] is None or steps[1] * 5 < steps[0]),
                "with centred features GD should need far fewer steps than with all-positive ones / 中心化后所需步数应少得多")
