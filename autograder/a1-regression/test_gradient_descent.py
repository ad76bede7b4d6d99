"""Hidden tests: gradient_descent (textbook eq. 2.1, 练习一 Q6)."""

import numpy as np

from nncourse.checks import cases, expect_close

QUESTION = "gradient_descent"

QUADRATIC = [(3, 0.1, 1), (4, 0.3, 25), (6, 0.05, 200), (2, 0.5, 0)]


@cases(*QUADRATIC, ids=[f"d{d}-eta{eta}-steps{s}" for d, eta, s in QUADRATIC])
def test_quadratic(student, reference, rng, case):
    d, eta, steps = case
    M = rng.normal(size=(d, d))
    A, b, W0 = M @ M.T / d + np.eye(d), rng.normal(size=d), rng.normal(size=d)
    got = student.evaluate("gradient_descent(lambda W: A @ W - b, W0, eta, steps)", A=A, b=b, W0=W0, eta=eta, steps=steps)
    expected = reference.gradient_descent(lambda W: A @ W - b, W0, eta, steps)
    expect_close(got, expected, call=f"gradient_descent on a {d}-dim quadratic, eta={eta}, {steps} steps",
                 mistakes={"one step too few or too many (off by one) / 迭代次数多一步或少一步": reference.gradient_descent(lambda W: A @ W - b, W0, eta, max(steps - 1, 0)),
                           "gradient ascent (+η∇C) / 走成了梯度上升（+η∇C）": reference.gradient_descent(lambda W: b - A @ W, W0, eta, steps)})


def test_exercise_q6(student, reference, data):
    t = np.loadtxt(data / "hinge8.csv", delimiter=",", skiprows=1)
    X, y = t[:, :4], t[:, 4]
    # Textbook 练习一 Q6: η = 0.5, 25 steps. The student's GD is driven by the squared-hinge
    # gradient written inline, y·(y·Wᵀx − 1)·x on samples with margin < 1 (eq. 1.7).
    expected = reference.gradient_descent(lambda W: reference.squared_hinge_gradient(W, X, y), np.zeros(4), 0.5, 25)
    got = student.evaluate("gradient_descent(lambda W: X.T @ ((y * (X @ W) - 1).clip(max=0) * y) / len(y), W0, 0.5, 25)",
                           X=X, y=y, W0=np.zeros(4))
    expect_close(got, expected, rtol=1e-9, call="gradient_descent on exercise set 1, Q6")
