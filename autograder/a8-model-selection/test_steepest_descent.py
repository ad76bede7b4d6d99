"""Hidden tests: directional derivative, steepest-descent direction, first-order change of C
(textbook §2.1, seed 004 Q8)."""

import numpy as np

from nncourse.checks import cases, expect_raises, expect_true

from _checks import expect_value  # noqa: E402

QUESTION = "steepest_descent"


@cases(2, 9, ids=["d2", "d9"])
def test_directional_derivative(student, reference, rng, case):
    grad, v = rng.normal(size=case), 3.7 * rng.normal(size=case)  # v deliberately not a unit vector
    expected = reference.directional_derivative(grad, v)
    expect_value(student.directional_derivative(grad, v), expected, call=f"directional_derivative(grad, v) in {case} dimensions, ‖v‖ ≠ 1",
                 mistakes={"v was not normalised: use u = v/‖v‖ / 没有把 v 归一化": float(grad @ v),
                           "divided by ‖v‖² instead of ‖v‖ / 除以了 ‖v‖²": float(grad @ v) / float(v @ v)})


def test_directional_derivative_rejects_zero_vector(student):
    expect_raises(ValueError, lambda: student.directional_derivative(np.ones(3), np.zeros(3)), call="directional_derivative(g, 0)",
                  why="the zero vector has no direction / 零向量没有方向")


@cases(2, 10, ids=["d2", "d10"])
def test_steepest_descent_direction(student, reference, rng, case):
    grad = rng.normal(size=case) * 5
    expected = reference.steepest_descent_direction(grad)
    expect_value(student.steepest_descent_direction(grad), expected, call=f"steepest_descent_direction(grad) in {case} dimensions",
                 mistakes={"−∇C without normalising: a direction is a unit vector / 需要单位向量": -grad,
                           "divided by ‖∇C‖² / 除以了 ‖∇C‖²": -grad / float(grad @ grad)})


def test_no_unit_vector_descends_faster(student, rng):
    grad = rng.normal(size=3)
    u = np.asarray(student.steepest_descent_direction(grad), dtype=float)
    others = rng.normal(size=(2000, 3))
    others /= np.linalg.norm(others, axis=1, keepdims=True)
    expect_true(u.shape == (3,) and abs(np.linalg.norm(u) - 1) < 1e-9, "the direction must be a unit vector / 方向应为单位向量")
    expect_true(float(grad @ u) <= float(np.min(others @ grad)) + 1e-12,
                "some random unit vector has a smaller directional derivative than yours / 存在下降更快的单位方向")


@cases(np.zeros(3), ids=["zeros3"])
def test_zero_gradient_rejected(student, case):
    expect_raises(ValueError, lambda: student.steepest_descent_direction(case), call="steepest_descent_direction(0)",
                  why="∇C = 0: a stationary point has no descent direction / 驻点处没有下降方向")


@cases((6, 1e-3), (1, 2.0), ids=["d6-eta1e-3", "d1-eta2"])
def test_first_order_change(student, reference, rng, case):
    d, eta = case
    grad = rng.normal(size=d)
    expected = reference.first_order_change(grad, eta)
    expect_value(student.first_order_change(grad, eta), expected, call=f"first_order_change(grad, η={eta}) in {d} dimensions",
                 mistakes={"+η‖∇C‖²: a descent step lowers C / 符号反了，下降一步 C 应减小": -expected,
                           "η‖∇C‖ (the norm, not its square) / 应为范数的平方": -eta * float(np.linalg.norm(grad)),
                           "η²‖∇C‖²: one factor η too many / 多乘了一个 η": eta * expected})


def test_first_order_change_matches_a_small_step(student, rng):
    # C(w) = ½wᵀAw: the true change of a GD step is −η‖g‖² + ½η²gᵀAg, so for small η the
    # first-order prediction is off by O(η²) only.
    A = rng.normal(size=(4, 4))
    A = A @ A.T + np.eye(4)
    w = rng.normal(size=4)
    g, eta = A @ w, 1e-4
    true_change = 0.5 * (w - eta * g) @ A @ (w - eta * g) - 0.5 * w @ A @ w
    predicted = float(student.first_order_change(g, eta))
    expect_true(abs(predicted - true_change) <= 0.01 * abs(true_change),
                "for a small step the first-order change must agree with the true change of a quadratic / 小步长时应与真实变化一致")
