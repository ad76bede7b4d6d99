"""Hidden tests: zero_init_symmetry, gradient descent from a constant start (seed 003 §5.2(1)).

Exact comparisons with the reference, then the symmetry itself: equal rows of W¹, equal
entries of b¹, equal columns of W², weights that nevertheless moved.
"""

import numpy as np

from nncourse.checks import cases, expect_close, expect_equal, expect_true

QUESTION = "symmetry"

PARTS = ("W1", "b1", "W2", "b2")

# (n, d, k, hidden, value, lr, steps)
CASES = [
    (8, 3, 2, 5, 0.3, 0.5, 30),
    (6, 4, 1, 3, -0.2, 0.1, 1),
    (1, 3, 2, 2, 0.5, 0.2, 5),  # a single sample
    (5, 2, 3, 4, 0.0, 0.8, 12),
    (4, 3, 1, 6, 0.7, 0.3, 0),  # no step: the initial values
]


def _problem(rng, n, d, k):
    return rng.normal(size=(n, d)), rng.normal(size=(n, k))


def _compare(got, expected, where, mistakes):
    expect_equal(len(got), 4, call=f"{where}: number of returned arrays (W1, b1, W2, b2)")
    for i, part in enumerate(PARTS):
        expect_close(got[i], expected[i], call=f"{part} of {where}", mistakes={m: wrong[i] for m, wrong in mistakes.items()})


def test_textbook_style_example(student, reference):
    X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[1.0], [2.0], [0.0]])
    _compare(student.zero_init_symmetry(X, Y, 4), reference.zero_init_symmetry(X, Y, 4),
             "zero_init_symmetry(X, Y, hidden=4) with the defaults (value 0, lr 0.5, 20 steps)",
             {"sum over samples instead of the mean (the 1/n) / 对样本求和而没有求平均（漏了 1/n）": reference.zero_init_symmetry(X, Y, 4, lr=1.5),
              "one step too many / 多走了一步": reference.zero_init_symmetry(X, Y, 4, steps=21),
              "one step too few / 少走了一步": reference.zero_init_symmetry(X, Y, 4, steps=19)})


@cases(*CASES, ids=[f"n{n}-d{d}-k{k}-h{h}-v{v}-steps{s}" for n, d, k, h, v, _, s in CASES])
def test_matches_reference(student, reference, rng, case):
    n, d, k, hidden, value, lr, steps = case
    X, Y = _problem(rng, n, d, k)
    expected = reference.zero_init_symmetry(X, Y, hidden, value, lr, steps)
    mistakes = {"one step too many / 多走了一步": reference.zero_init_symmetry(X, Y, hidden, value, lr, steps + 1)}
    if n > 1:
        mistakes["sum over samples instead of the mean (the 1/n) / 对样本求和而没有求平均（漏了 1/n）"] = reference.zero_init_symmetry(X, Y, hidden, value, lr * n, steps)
    _compare(student.zero_init_symmetry(X, Y, hidden, value, lr, steps), expected,
             f"zero_init_symmetry with n={n}, d={d}, k={k}, hidden={hidden}, value={value}, lr={lr}, steps={steps}", mistakes)


@cases(0.0, 0.4, ids=["value0", "value0.4"])
def test_hidden_units_stay_identical(student, rng, case):
    X, Y = _problem(rng, 10, 3, 2)
    W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in student.zero_init_symmetry(X, Y, 6, case, 0.5, 25))
    where = f"25 steps from the constant {case}"
    expect_equal(W1.shape, (6, 3), call=f"{where}: W1.shape")
    expect_true(bool(np.abs(W1 - case).max() > 1e-6 and np.ptp(W1[0]) > 1e-9),  # each input weight moves by its own gradient
                f"{where}: W1 should have moved / W1 应该已被更新")
    expect_close(W1, np.tile(W1[0], (6, 1)), atol=1e-10, call=f"{where}: rows of W1 against the first row",
                 hint="every hidden unit gets the same gradient, so the rows must stay equal / 每个隐藏单元得到相同的梯度，所以各行必须保持相等")
    expect_close(b1, np.full(6, b1[0]), atol=1e-10, call=f"{where}: entries of b1 against the first one")
    expect_close(W2, np.tile(W2[:, :1], (1, 6)), atol=1e-10, call=f"{where}: columns of W2 against the first column")
