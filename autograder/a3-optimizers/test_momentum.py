"""Hidden tests: momentum and nesterov, v ← αv − η∇C, W ← W + v (seed 001 optimizer question; 练习一 Q8)."""

import numpy as np

from nncourse.checks import cases

QUESTION = "momentum"

from _cases import HINGE_GRAD, QUAD_GRAD, check_trace, hinge8, hinge_grad, quadratic, reference_trace, traced  # noqa: E402

MOMENTUM = [(3, 0.1, 0.9, 30), (5, 0.05, 0.5, 7), (2, 0.3, 0.0, 10), (4, 0.02, 0.99, 1)]


def _mistakes(reference, grad, W0, eta, alpha, steps):
    return {"one step too few (off by one) / 少迭代了一步": reference.momentum(grad, W0, eta, alpha, steps - 1),
            "one step too many (off by one) / 多迭代了一步": reference.momentum(grad, W0, eta, alpha, steps + 1),
            "sign convention: W ← W − v with v ← αv − η∇C (that climbs) / 符号约定不一致：v ← αv − η∇C 时再用 W ← W − v 会往上爬": reference.momentum(lambda W: -grad(W), W0, eta, alpha, steps),
            "averaged velocity v ← αv + (1 − α)∇C (the course's v has no 1 − α) / 用了平均形式 v ← αv + (1 − α)∇C（本课程的 v 没有 1 − α）": reference.momentum(grad, W0, eta * (1 - alpha), alpha, steps)}


@cases(*MOMENTUM, ids=[f"d{d}-eta{eta}-alpha{a}-steps{s}" for d, eta, a, s in MOMENTUM])
def test_momentum_quadratic(student, reference, rng, case):
    d, eta, alpha, steps = case
    A, b, W0 = quadratic(rng, d)
    grad = lambda W: A @ W - b  # noqa: E731
    got = traced(student, "momentum", f"{QUAD_GRAD}, W0, eta, alpha, steps", A=A, b=b, W0=W0, eta=eta, alpha=alpha, steps=steps)
    check_trace(got, reference_trace(reference.momentum, grad, W0, eta, alpha, steps), W0,
                call=f"momentum on a {d}-dim quadratic, η = {eta}, α = {alpha}, {steps} steps",
                mistakes=lambda: _mistakes(reference, grad, W0, eta, alpha, steps))


def test_exercise_q8(student, reference, data):
    X, y = hinge8(data)
    W0, grad = np.zeros(4), hinge_grad(X, y)
    got = traced(student, "momentum", f"{HINGE_GRAD}, W0, 0.5, 0.5, 25", X=X, y=y, W0=W0)
    check_trace(got, reference_trace(reference.momentum, grad, W0, 0.5, 0.5, 25), W0,
                call="momentum on exercise set 1, Q8 (η = 0.5, α = 0.5, 25 steps)", mistakes=lambda: _mistakes(reference, grad, W0, 0.5, 0.5, 25))


NESTEROV = [(3, 0.05, 0.8, 40), (4, 0.1, 0.5, 6), (2, 0.2, 0.9, 2)]


@cases(*NESTEROV, ids=[f"d{d}-eta{eta}-alpha{a}-steps{s}" for d, eta, a, s in NESTEROV])
def test_nesterov_quadratic(student, reference, rng, case):
    d, eta, alpha, steps = case
    A, b, W0 = quadratic(rng, d)
    grad = lambda W: A @ W - b  # noqa: E731
    got = traced(student, "nesterov", f"{QUAD_GRAD}, W0, eta, alpha, steps", A=A, b=b, W0=W0, eta=eta, alpha=alpha, steps=steps)
    check_trace(got, reference_trace(reference.nesterov, grad, W0, eta, alpha, steps), W0,
                call=f"nesterov on a {d}-dim quadratic, η = {eta}, α = {alpha}, {steps} steps",
                mistakes=lambda: {"gradient taken at W, not at the look-ahead W + αv (that is plain momentum) / 在 W 处求梯度，而不是在前瞻点 W + αv（那是普通动量法）": reference.momentum(grad, W0, eta, alpha, steps),
                          "one step too few (off by one) / 少迭代了一步": reference.nesterov(grad, W0, eta, alpha, steps - 1),
                          "one step too many (off by one) / 多迭代了一步": reference.nesterov(grad, W0, eta, alpha, steps + 1)})


def test_nesterov_on_exercise_data(student, reference, data):
    X, y = hinge8(data)
    W0, grad = np.zeros(4), hinge_grad(X, y)
    got = traced(student, "nesterov", f"{HINGE_GRAD}, W0, 0.5, 0.5, 25", X=X, y=y, W0=W0)
    check_trace(got, reference_trace(reference.nesterov, grad, W0, 0.5, 0.5, 25), W0,
                call="nesterov on the exercise-set-1 data (η = 0.5, α = 0.5, 25 steps)",
                mistakes=lambda: {"gradient taken at W, not at the look-ahead W + αv (that is plain momentum) / 在 W 处求梯度，而不是在前瞻点 W + αv（那是普通动量法）": reference.momentum(grad, W0, 0.5, 0.5, 25)})
