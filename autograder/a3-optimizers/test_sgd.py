"""Hidden tests: sgd with a fixed visiting order, constant rate or schedule (textbook §2.2, eq. 2.2; 练习一 Q7)."""

import numpy as np

from nncourse.checks import cases

QUESTION = "sgd"

from _cases import HINGE_SAMPLE, LSQ_SAMPLE, check_trace, hinge8, hinge_sample, least_squares, order_of, reference_trace, traced  # noqa: E402

CONSTANT = [(5, 3, 0.1, 13, "cyclic"), (8, 2, 0.05, 40, "permuted"), (3, 4, 0.2, 1, "cyclic")]


def _mistakes(reference, sample, W0, eta, steps, order):
    return {"one step too few or too many (off by one) / 迭代次数多一步或少一步": reference.sgd(sample, W0, eta, steps - 1, order),
            "visited order(t + 1) instead of order(t) / 访问了 order(t + 1)，应为 order(t)": reference.sgd(sample, W0, eta, steps, lambda t: order(t + 1)),
            "gradient ascent (+η∇C) / 走成了梯度上升（+η∇C）": reference.sgd(lambda W, i: -sample(W, i), W0, eta, steps, order)}


@cases(*CONSTANT, ids=[f"n{n}-d{d}-eta{eta}-steps{s}-{o}" for n, d, eta, s, o in CONSTANT])
def test_constant_rate(student, reference, rng, case):
    n, d, eta, steps, kind = case
    X, y, W0 = least_squares(rng, n, d)
    order_text, perm, order = order_of(kind, n, rng)
    sample = lambda W, i: (X[i] @ W - y[i]) * X[i]  # noqa: E731
    got = traced(student, "sgd", f"{LSQ_SAMPLE}, W0, eta, steps, {order_text}", X=X, y=y, W0=W0, eta=eta, steps=steps, perm=perm)
    expected = reference_trace(reference.sgd, sample, W0, eta, steps, order)
    check_trace(got, expected, W0, call=f"sgd on least squares with n={n}, d={d}, η={eta}, {steps} steps, {kind} order",
                mistakes=lambda: _mistakes(reference, sample, W0, eta, steps, order))


#: decay text for the sandbox, the same decay for the reference, whether it is defined at t = 0
DECAYS = {"0.9 ** t": (lambda t: 0.9**t, True), "1 / t ** 0.5": (lambda t: 1 / t**0.5, False)}
SCHEDULED = [(6, 3, 0.2, 20, "0.9 ** t"), (4, 2, 0.1, 9, "1 / t ** 0.5")]


@cases(*SCHEDULED, ids=["C0.2*0.9^t", "C/sqrt(t)"])
def test_schedule(student, reference, rng, case):
    n, d, C, steps, decay = case
    X, y, W0 = least_squares(rng, n, d)
    sample = lambda W, i: (X[i] @ W - y[i]) * X[i]  # noqa: E731
    order = lambda t: t % n  # noqa: E731
    shape, defined_at_zero = DECAYS[decay]
    got = traced(student, "sgd", f"{LSQ_SAMPLE}, W0, lambda t: C * {decay}, steps, lambda t: t % len(y)",
                 X=X, y=y, W0=W0, C=C, steps=steps)
    expected = reference_trace(reference.sgd, sample, W0, lambda t: C * shape(t), steps, order)

    def late():  # computed only for a wrong answer
        if not defined_at_zero:  # the student's code raises ZeroDivisionError, which names the mistake itself
            return {}
        return {"schedule called with t = 0, 1, … instead of 1, 2, … / 调用学习率函数时 t 从 0 开始，应从 1 开始": reference.sgd(sample, W0, lambda t: C * shape(t - 1), steps, order)}

    check_trace(got, expected, W0, call=f"sgd with the schedule η_t = {C}·{decay}, {steps} steps", mistakes=late)


def test_exercise_q7(student, reference, data):
    X, y = hinge8(data)
    W0 = np.zeros(4)
    got = traced(student, "sgd", f"{HINGE_SAMPLE}, W0, 0.1, 80, lambda t: t % 8", X=X, y=y, W0=W0)
    order = lambda t: t % 8  # noqa: E731
    expected = reference_trace(reference.sgd, hinge_sample(X, y), W0, 0.1, 80, order)
    check_trace(got, expected, W0, call="sgd on exercise set 1, Q7 (η = 0.1, 80 steps, i_t = t mod 8)",
                mistakes=lambda: _mistakes(reference, hinge_sample(X, y), W0, 0.1, 80, order))
