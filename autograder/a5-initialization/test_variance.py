"""Hidden tests: preactivation_variance, Var(z) = n·Var(w)·Var(x) + Var(b) (seed 004 Q1, seed 001 A2.1)."""

import math

from nncourse.checks import cases, expect_close

QUESTION = "variance"


def _mistakes(n, var_w, var_x, var_b, expected):
    return {"forgot the bias term Var(b) / 漏了偏置项 Var(b)": n * var_w * var_x,
            "forgot the factor n (one term instead of the sum of n) / 漏了因子 n（只算了一项，应是 n 项之和）": var_w * var_x + var_b,
            "returned the standard deviation instead of the variance / 返回了标准差，应返回方差": math.sqrt(expected)}


def test_problem_set_q1(student, reference):
    # Seed 004 Q1: n = 500, Var(w) = 1/1000, x ~ N(0, 1), b ~ N(0, 1) ⇒ Var(z) = 3/2.
    expected = reference.preactivation_variance(500, 1 / 1000, 1.0, 1.0)
    assert math.isclose(expected, 1.5)
    expect_close(student.preactivation_variance(500, 1 / 1000, 1.0, 1.0), expected,
                 call="preactivation_variance(500, 1/1000, 1, 1) (problem set Q1)",
                 mistakes=_mistakes(500, 1 / 1000, 1.0, 1.0, expected))


CASES = [(784, 0.01, 2.0, 0.5), (10, 0.3, 0.2, 0.0), (1, 4.0, 0.25, 3.0), (3, 0.0, 5.0, 0.7), (64, 0.05, 3.0, 2.0)]


@cases(*CASES, ids=[f"n{n}-vw{vw}-vx{vx}-vb{vb}" for n, vw, vx, vb in CASES])
def test_random_variances(student, reference, case):
    expected = reference.preactivation_variance(*case)
    expect_close(student.preactivation_variance(*case), expected, call=f"preactivation_variance{case}",
                 mistakes=_mistakes(*case, expected))


def test_bias_defaults_to_zero(student, reference):
    expected = reference.preactivation_variance(256, 0.02, 2.5)
    expect_close(student.preactivation_variance(256, 0.02, 2.5), expected,
                 call="preactivation_variance(256, 0.02, 2.5) without var_b (default 0)")
