"""Hidden tests: numerical_gradient, central differences (f(x + εeⱼ) − f(x − εeⱼ)) / (2ε) for every
entry of an array of any shape (the gradient check of textbook §4.2; seed 001 A2.1 §1.5)."""

import numpy as np

from nncourse.checks import expect_close, expect_true

QUESTION = "gradient_check"

HINT = "perturb one entry at a time by +ε and −ε, restore it, divide the difference by 2ε / 每次只扰动一个元素（+ε 与 −ε），算完恢复原值，差值除以 2ε"


def _call(student, expression, x, **variables):
    result = student.evaluate(f"[{expression}, x]", x=x, **variables)
    expect_true(isinstance(result, list) and len(result) == 2, "numerical_gradient returned nothing usable / numerical_gradient 没有返回可用的结果")
    grad, x_after = result
    expect_close(x_after, x, rtol=0, atol=0, call="the argument x after the call",
                 hint="numerical_gradient must not change the caller's array: work on a copy / 不要修改传入的数组")
    return grad


def test_matrix_argument(student, reference, rng):
    x = rng.normal(0.0, 1.0, (2, 3))
    got = _call(student, "numerical_gradient(lambda v: float(np.sum(np.sin(v) * v)), x)", x)
    expected = reference.numerical_gradient(lambda v: float(np.sum(np.sin(v) * v)), x)
    expect_close(got, expected, call="numerical_gradient of Σ v·sin v at a 2×3 matrix (default ε)", hint=HINT)


def test_coupled_function(student, reference, rng):
    # every output depends on every entry: perturbing several entries at once shows up here
    M, x = rng.normal(0.0, 1.0, (3, 4)), rng.normal(0.0, 1.0, 4)
    got = _call(student, "numerical_gradient(lambda v: float(np.sum(np.tanh(M @ v))), x)", x, M=M)
    expected = reference.numerical_gradient(lambda v: float(np.sum(np.tanh(M @ v))), x)
    expect_close(got, expected, call="numerical_gradient of Σ tanh(M v) at a vector of 4 (default ε)", hint=HINT)


def test_large_step_three_dimensional(student, reference, rng):
    # with ε = 1e-3 a one-sided difference is off by ~1e-3 relative; central differences are exact to ~1e-10
    x, eps = rng.normal(0.0, 1.0, (2, 1, 2)), 1e-3
    got = _call(student, "numerical_gradient(lambda v: float(np.sum(np.exp(1.5 * v))), x, eps=1e-3)", x)
    f = lambda v: float(np.sum(np.exp(1.5 * v)))  # noqa: E731
    expected = reference.numerical_gradient(f, x, eps=eps)
    # a forward difference (f(x + ε) − f(x))/ε is a central one around x + ε/2 with step ε/2 (f is separable)
    expect_close(got, expected, rtol=1e-8, call="numerical_gradient of Σ e^{1.5 v} at a 2×1×2 array with ε = 1e-3",
                 mistakes={"one-sided difference (f(x + ε) − f(x))/ε instead of the central one / 用了单侧差分 (f(x + ε) − f(x))/ε，应用中心差分": reference.numerical_gradient(f, x + eps / 2, eps=eps / 2),
                           "divided by ε instead of 2ε / 除以了 ε，应除以 2ε": 2 * expected}, hint=HINT)
