"""Hidden tests: sqrt_decay and minibatch_sgd (textbook eq. 2.2–2.3)."""

import numpy as np

from nncourse.checks import cases, expect_close

QUESTION = "minibatch_sgd"

from _cases import regression_problem  # noqa: E402


@cases((1.0, 1), (0.06, 9), (2.5, 100), ids=["C1-t1", "C0.06-t9", "C2.5-t100"])
def test_sqrt_decay(student, reference, case):
    C, t = case
    expected = reference.sqrt_decay(C, t)
    expect_close(student.sqrt_decay(C, t), expected, call=f"sqrt_decay({C}, {t})",
                 mistakes={"C/t instead of C/√t / 用了 C/t，应为 C/√t": C / t, "C·√t: multiplied by √t instead of dividing / 乘了 √t（C·√t），应除以 √t": C * np.sqrt(t)})


CASES = [(10, 2, 2, 5), (20, 3, 4, 12), (7, 1, 1, 20), (30, 4, 30, 3)]


@cases(*CASES, ids=[f"n{n}-d{d}-b{b}-T{T}" for n, d, b, T in CASES])
def test_minibatch(student, reference, rng, case):
    n, d, b, T = case
    X, y, W0 = regression_problem(rng, n, d)
    batches = [rng.choice(n, size=b, replace=False).tolist() for _ in range(T)]
    expected = reference.minibatch_sgd(X, y, W0, batches, 0.06)
    expect_close(student.minibatch_sgd(X, y, W0, batches, 0.06), expected, rtol=1e-8,
                 call=f"minibatch_sgd with n={n}, batch size {b}, {T} steps, C=0.06",
                 hint="step t uses the t-th batch with η_t = C/√t, t starting at 1, and divides the summed gradient by |B| / 第 t 步用第 t 个批次，η_t = C/√t，t 从 1 开始；批内梯度之和要除以 |B|")
