"""Hidden tests: the reported W⁽ᵗ⁾ of 练习一 Q6–Q9, rounded to three decimals (seed 002, 第五章 练习一)."""

import numpy as np

from nncourse.checks import expect_answer

QUESTION = "textbook"

from _cases import hinge8, hinge_grad, hinge_sample  # noqa: E402
from _mistakes import adagrad_wrong  # noqa: E402

W0 = np.zeros(4)
NOT_ROUNDED = "not rounded to three decimals (np.round(W, 3)) / 没有四舍五入到三位小数（np.round(W, 3)）"


def _check(student, name, value, mistakes):
    mistakes = {NOT_ROUNDED: value, **{label: np.round(v, 3) for label, v in mistakes.items()}}
    expect_answer(student[name], np.round(value, 3), call=name, mistakes=mistakes)


def test_q6_gradient_descent(student, reference, data):
    grad = hinge_grad(*hinge8(data))
    _check(student, "W6", reference.gradient_descent(grad, W0, 0.5, 25),
           {"W⁽²⁴⁾ instead of W⁽²⁵⁾ / 给出的是 W⁽²⁴⁾，题目要 W⁽²⁵⁾": reference.gradient_descent(grad, W0, 0.5, 24),
            "W⁽²⁶⁾ instead of W⁽²⁵⁾ / 给出的是 W⁽²⁶⁾，题目要 W⁽²⁵⁾": reference.gradient_descent(grad, W0, 0.5, 26)})


def test_q7_sgd(student, reference, data):
    sample = hinge_sample(*hinge8(data))
    _check(student, "W7", reference.sgd(sample, W0, 0.1, 80, lambda t: t % 8),
           {"visited i = (t + 1) mod 8: Python counts samples from 0 / 访问了 i = (t + 1) mod 8：Python 的样本下标从 0 开始": reference.sgd(sample, W0, 0.1, 80, lambda t: (t + 1) % 8)})


def test_q8_momentum(student, reference, data):
    grad = hinge_grad(*hinge8(data))
    _check(student, "W8", reference.momentum(grad, W0, 0.5, 0.5, 25),
           {"averaged velocity v ← αv + (1 − α)∇C / 用了平均形式 v ← αv + (1 − α)∇C": reference.momentum(grad, W0, 0.5 * 0.5, 0.5, 25)})


def test_q9_adagrad(student, reference, data):
    sample, order = hinge_sample(*hinge8(data)), (lambda t: t % 8)
    _check(student, "W9", reference.adagrad(sample, W0, 0.1, 1e-6, 80, order),
           {"visited i = (t + 1) mod 8: Python counts samples from 0 / 访问了 i = (t + 1) mod 8：Python 的样本下标从 0 开始": reference.adagrad(sample, W0, 0.1, 1e-6, 80, lambda t: (t + 1) % 8),
            "r accumulates g instead of g² / r 累加的是 g，应累加 g²": adagrad_wrong(sample, W0, 0.1, 1e-6, 80, order, "sum of g")})
