"""Hidden tests: W_mine, the closed form on the student's own commute data (data_seed: student)."""

import numpy as np

from nncourse.checks import expect_close

QUESTION = "own_data"


def test_weights_on_your_own_data(student, reference, data):
    # ``data`` is the folder the notebook ran with: this student's own data when the course
    # gives each student theirs, the textbook's otherwise. The answer is the reference's W*
    # on exactly those rows, so a notebook carrying someone else's rows does not match.
    table = np.loadtxt(data / "commute.csv", delimiter=",", skiprows=1)
    expected = reference.fit_linear(reference.add_bias_column(table[:, :2]), table[:, 2])
    expect_close(student["W_mine"], expected, rtol=1e-8, call="W_mine, the least-squares weights on your own commute data",
                 hint="fit on the rows of my_commute as given in your notebook (your own data): X = add_bias_column(my_commute[:, :2]), "
                      "y = my_commute[:, 2] / 用你笔记本里 my_commute 的数据（你自己的数据）拟合")
