"""Hidden tests: adam with bias correction, ε outside the square root (seed 001, optimizer question)."""

import numpy as np

from nncourse.checks import cases

QUESTION = "adam"

from _cases import HINGE_SAMPLE, LSQ_SAMPLE, check_trace, hinge8, hinge_sample, least_squares, order_of, reference_trace, traced  # noqa: E402
from _mistakes import adam_wrong  # noqa: E402

ADAM = [(5, 3, 0.01, 0.9, 0.999, 1e-8, 30, "cyclic"), (4, 2, 0.1, 0.5, 0.9, 0.1, 10, "permuted"),
        (3, 4, 0.05, 0.9, 0.999, 1e-8, 1, "cyclic"), (6, 2, 0.02, 0.8, 0.95, 1e-3, 50, "permuted")]


def _mistakes(reference, sample, W0, eta, b1, b2, eps, steps, order):
    wrong = {label: adam_wrong(sample, W0, eta, b1, b2, eps, steps, order, key) for key, label in [
        ("no bias correction", "no bias correction (divide m and v by 1 − βᵗ) / 没有做偏差修正（m、v 要除以 1 − βᵗ）"),
        ("eps inside sqrt", "ε inside the square root, √(v̂ + ε) / ε 放进了根号里，成了 √(v̂ + ε)"),
        ("power t + 1", "bias correction with β^(t+1): the t in 1 − βᵗ starts at 1 / 偏差修正用了 β^(t+1)：1 − βᵗ 中的 t 从 1 开始")]}
    wrong["β₁ and β₂ swapped / β₁ 与 β₂ 对调了"] = reference.adam(sample, W0, eta, b2, b1, eps, steps, order)
    wrong["one step too few (off by one) / 少迭代了一步"] = reference.adam(sample, W0, eta, b1, b2, eps, steps - 1, order)
    return wrong


@cases(*ADAM, ids=[f"n{n}-d{d}-eta{e}-b{b1}-{b2}-eps{ep}-steps{s}-{o}" for n, d, e, b1, b2, ep, s, o in ADAM])
def test_adam(student, reference, rng, case):
    n, d, eta, b1, b2, eps, steps, kind = case
    X, y, W0 = least_squares(rng, n, d)
    order_text, perm, order = order_of(kind, n, rng)
    sample = lambda W, i: (X[i] @ W - y[i]) * X[i]  # noqa: E731
    got = traced(student, "adam", f"{LSQ_SAMPLE}, W0, eta, b1, b2, eps, steps, {order_text}",
                 X=X, y=y, W0=W0, eta=eta, b1=b1, b2=b2, eps=eps, steps=steps, perm=perm)
    check_trace(got, reference_trace(reference.adam, sample, W0, eta, b1, b2, eps, steps, order), W0,
                call=f"adam on least squares with n={n}, d={d}, η={eta}, β₁={b1}, β₂={b2}, ε={eps}, {steps} steps, {kind} order",
                mistakes=lambda: _mistakes(reference, sample, W0, eta, b1, b2, eps, steps, order))


def test_adam_on_exercise_data(student, reference, data):
    X, y = hinge8(data)
    W0, sample, order = np.zeros(4), hinge_sample(X, y), (lambda t: t % 8)
    got = traced(student, "adam", f"{HINGE_SAMPLE}, W0, 0.1, 0.9, 0.999, 1e-8, 80, lambda t: t % 8", X=X, y=y, W0=W0)
    check_trace(got, reference_trace(reference.adam, sample, W0, 0.1, 0.9, 0.999, 1e-8, 80, order), W0,
                call="adam on the exercise-set-1 data (η = 0.1, β = (0.9, 0.999), ε = 1e−8, 80 steps, i_t = t mod 8)",
                mistakes=lambda: _mistakes(reference, sample, W0, 0.1, 0.9, 0.999, 1e-8, 80, order))
