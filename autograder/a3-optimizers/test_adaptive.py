"""Hidden tests: adagrad and rmsprop, δ outside the square root (练习一 Q9)."""

import numpy as np

from nncourse.checks import cases

QUESTION = "adaptive"

from _cases import HINGE_SAMPLE, LSQ_SAMPLE, check_trace, hinge8, hinge_sample, least_squares, order_of, reference_trace, traced  # noqa: E402
from _mistakes import adagrad_wrong, rmsprop_wrong  # noqa: E402

ADAGRAD = [(5, 3, 0.1, 1e-6, 20, "cyclic"), (4, 2, 0.5, 0.5, 9, "permuted"), (6, 4, 0.05, 1e-3, 1, "cyclic"), (3, 3, 0.2, 2.0, 15, "permuted")]


def _adagrad_mistakes(reference, sample, W0, eta, delta, steps, order):
    return {"r accumulates g instead of g² / r 累加的是 g，应累加 g²": adagrad_wrong(sample, W0, eta, delta, steps, order, "sum of g"),
            "δ inside the square root, √(δ + r) / δ 放进了根号里，成了 √(δ + r)": adagrad_wrong(sample, W0, eta, delta, steps, order, "delta inside sqrt"),
            "one step too few (off by one) / 少迭代了一步": reference.adagrad(sample, W0, eta, delta, steps - 1, order),
            "visited order(t + 1) instead of order(t) / 访问了 order(t + 1)，应为 order(t)": reference.adagrad(sample, W0, eta, delta, steps, lambda t: order(t + 1))}


@cases(*ADAGRAD, ids=[f"n{n}-d{d}-eta{e}-delta{dl}-steps{s}-{o}" for n, d, e, dl, s, o in ADAGRAD])
def test_adagrad(student, reference, rng, case):
    n, d, eta, delta, steps, kind = case
    X, y, W0 = least_squares(rng, n, d)
    order_text, perm, order = order_of(kind, n, rng)
    sample = lambda W, i: (X[i] @ W - y[i]) * X[i]  # noqa: E731
    got = traced(student, "adagrad", f"{LSQ_SAMPLE}, W0, eta, delta, steps, {order_text}",
                 X=X, y=y, W0=W0, eta=eta, delta=delta, steps=steps, perm=perm)
    check_trace(got, reference_trace(reference.adagrad, sample, W0, eta, delta, steps, order), W0,
                call=f"adagrad on least squares with n={n}, d={d}, η={eta}, δ={delta}, {steps} steps, {kind} order",
                mistakes=lambda: _adagrad_mistakes(reference, sample, W0, eta, delta, steps, order))


def test_exercise_q9(student, reference, data):
    X, y = hinge8(data)
    W0, sample, order = np.zeros(4), hinge_sample(X, y), (lambda t: t % 8)
    got = traced(student, "adagrad", f"{HINGE_SAMPLE}, W0, 0.1, 1e-6, 80, lambda t: t % 8", X=X, y=y, W0=W0)
    check_trace(got, reference_trace(reference.adagrad, sample, W0, 0.1, 1e-6, 80, order), W0,
                call="adagrad on exercise set 1, Q9 (η = 0.1, δ = 1e−6, 80 steps, i_t = t mod 8)",
                mistakes=lambda: _adagrad_mistakes(reference, sample, W0, 0.1, 1e-6, 80, order))


RMSPROP = [(5, 3, 0.01, 0.9, 1e-8, 30, "cyclic"), (4, 2, 0.1, 0.5, 0.3, 8, "permuted"), (3, 3, 0.05, 0.99, 1e-4, 1, "cyclic")]


@cases(*RMSPROP, ids=[f"n{n}-d{d}-eta{e}-rho{r}-delta{dl}-steps{s}-{o}" for n, d, e, r, dl, s, o in RMSPROP])
def test_rmsprop(student, reference, rng, case):
    n, d, eta, rho, delta, steps, kind = case
    X, y, W0 = least_squares(rng, n, d)
    order_text, perm, order = order_of(kind, n, rng)
    sample = lambda W, i: (X[i] @ W - y[i]) * X[i]  # noqa: E731
    got = traced(student, "rmsprop", f"{LSQ_SAMPLE}, W0, eta, rho, delta, steps, {order_text}",
                 X=X, y=y, W0=W0, eta=eta, rho=rho, delta=delta, steps=steps, perm=perm)
    check_trace(got, reference_trace(reference.rmsprop, sample, W0, eta, rho, delta, steps, order), W0,
                call=f"rmsprop on least squares with n={n}, d={d}, η={eta}, ρ={rho}, δ={delta}, {steps} steps, {kind} order",
                mistakes=lambda: {"ρ and 1 − ρ swapped / ρ 与 1 − ρ 对调了": reference.rmsprop(sample, W0, eta, 1 - rho, delta, steps, order),
                          "missing the factor 1 − ρ on g² / g² 前漏了因子 1 − ρ": rmsprop_wrong(sample, W0, eta, rho, delta, steps, order, "no 1 - rho"),
                          "δ inside the square root, √(δ + r) / δ 放进了根号里，成了 √(δ + r)": rmsprop_wrong(sample, W0, eta, rho, delta, steps, order, "delta inside sqrt"),
                          "one step too few (off by one) / 少迭代了一步": reference.rmsprop(sample, W0, eta, rho, delta, steps - 1, order)})
