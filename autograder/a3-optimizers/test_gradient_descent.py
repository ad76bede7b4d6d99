"""Hidden tests: gradient_descent (textbook §2.1, eq. 2.1; 练习一 Q6)."""

import numpy as np

from nncourse.checks import cases

QUESTION = "gradient_descent"

from _cases import HINGE_GRAD, QUAD_GRAD, check_trace, hinge8, hinge_grad, quadratic, reference_trace, traced  # noqa: E402

QUADRATIC = [(3, 0.1, 1), (4, 0.3, 25), (6, 0.05, 200), (2, 0.5, 0)]


@cases(*QUADRATIC, ids=[f"d{d}-eta{eta}-steps{s}" for d, eta, s in QUADRATIC])
def test_quadratic(student, reference, rng, case):
    d, eta, steps = case
    A, b, W0 = quadratic(rng, d)
    grad = lambda W: A @ W - b  # noqa: E731
    got = traced(student, "gradient_descent", f"{QUAD_GRAD}, W0, eta, steps", A=A, b=b, W0=W0, eta=eta, steps=steps)
    expected = reference_trace(reference.gradient_descent, grad, W0, eta, steps)
    check_trace(got, expected, W0, call=f"gradient_descent on a {d}-dim quadratic, η = {eta}, {steps} steps",
                mistakes=lambda: {"one step too few (off by one) / 少迭代了一步": reference.gradient_descent(grad, W0, eta, steps - 1),
                          "one step too many (off by one) / 多迭代了一步": reference.gradient_descent(grad, W0, eta, steps + 1),
                          "gradient ascent (+η∇C) / 走成了梯度上升（+η∇C）": reference.gradient_descent(lambda W: -grad(W), W0, eta, steps)})


def test_exercise_q6(student, reference, data):
    X, y = hinge8(data)
    W0 = np.zeros(4)
    got = traced(student, "gradient_descent", f"{HINGE_GRAD}, W0, 0.5, 25", X=X, y=y, W0=W0)
    expected = reference_trace(reference.gradient_descent, hinge_grad(X, y), W0, 0.5, 25)
    check_trace(got, expected, W0, call="gradient_descent on exercise set 1, Q6 (η = 0.5, 25 steps)",
                mistakes=lambda: {f"{s} steps instead of 25 (off by one)": reference.gradient_descent(hinge_grad(X, y), W0, 0.5, s) for s in (24, 26)})
