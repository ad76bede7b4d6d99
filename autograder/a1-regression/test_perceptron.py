"""Hidden tests: perceptron_pass (textbook §3.1, 练习一 Q10)."""

import numpy as np

from nncourse.checks import cases, expect_close

QUESTION = "perceptron"

from _cases import classification_problem  # noqa: E402


def test_exercise_q10(student, reference, data):
    t = np.loadtxt(data / "hinge8.csv", delimiter=",", skiprows=1)
    X, y = t[:, :4], t[:, 4]
    expected = reference.perceptron_pass(X, y, np.zeros(4))
    expect_close(student.perceptron_pass(X, y, np.zeros(4)), expected, call="perceptron_pass on exercise set 1, Q10",
                 mistakes={"zero score not treated as a mistake (use ≤ 0) / 得分为 0 的样本没有当作错分（条件应为 ≤ 0）": np.zeros(4),
                           "update W += (y − ŷ)x without the ½ (doubles every step) / 按 W += (y − ŷ)x 更新却没乘 ½（每步都翻倍）": 2 * expected})


@cases((10, 3), (25, 5), (6, 2), ids=["10x3", "25x5", "6x2"])
def test_random_pass(student, reference, rng, case):
    X, y, W0 = classification_problem(rng, *case)
    expect_close(student.perceptron_pass(X, y, W0), reference.perceptron_pass(X, y, W0), call=f"perceptron_pass on a random {case} problem")
