"""Hidden tests: add_bias_column."""

import numpy as np

from nncourse.checks import cases, expect_close

QUESTION = "design"


@cases((5, 2), (1, 4), (30, 1), ids=["5x2", "1x4", "30x1"])
def test_random_matrices(student, reference, rng, case):
    F = rng.normal(size=case)
    expect_close(student.add_bias_column(F), reference.add_bias_column(F), call=f"add_bias_column on a {case} matrix")


def test_commute_features(student, reference, data):
    F = np.loadtxt(data / "commute.csv", delimiter=",", skiprows=1)[:, :2]
    expect_close(student.add_bias_column(F), reference.add_bias_column(F), call="add_bias_column(features)")
