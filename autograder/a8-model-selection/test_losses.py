"""Hidden tests: hinge, squared hinge and logistic loss of the margin, their derivatives, the mean
cost and gradient, and the points each loss ignores (textbook §1.4, eq. 1.7)."""

import numpy as np

from nncourse.checks import cases, expect_equal, expect_raises

from _cases import KINDS, classification_problem  # noqa: E402
from _checks import expect_value  # noqa: E402

QUESTION = "margin_losses"

# margins on both sides of 0 and of 1, exactly 1, and large enough to overflow a naive exp
MARGINS = np.array([-800.0, -40.0, -3.0, -1.0, -0.25, 0.0, 0.5, 0.999, 1.0, 1.001, 2.0, 40.0, 800.0])


def _naive_logistic(m):
    with np.errstate(over="ignore"):
        return np.log(1.0 + np.exp(-m))


@cases(*KINDS, ids=list(KINDS))
def test_margin_loss(student, reference, case):
    expected = reference.margin_loss(MARGINS, case)
    mistakes = {
        "hinge": {"1 − m without max(0, ·): correct points far from the boundary would earn negative loss / 漏了 max(0, ·)": 1 - MARGINS},
        "squared_hinge": {"the ½ of textbook §1.4 is missing / 漏了 ½": 2 * expected,
                          "(1 − m)² without max(0, ·) / 漏了 max(0, ·)": 0.5 * (1 - MARGINS) ** 2},
        "logistic": {"log(1 + e^{−m}) computed naively: e^{800} overflows; use np.logaddexp(0, −m) / 直接算 e^{−m} 会溢出": _naive_logistic(MARGINS),
                     "log(1 + e^{m}): the sign of the margin is flipped / 间隔的符号反了": reference.margin_loss(-MARGINS, "logistic")},
    }[case]
    expect_value(student.margin_loss(MARGINS, case), expected, call=f"margin_loss(m, {case!r}) on margins from −800 to 800 (1 included)",
                 mistakes=mistakes)


@cases(*KINDS, ids=list(KINDS))
def test_margin_loss_derivative(student, reference, case):
    expected = reference.margin_loss_derivative(MARGINS, case)
    mistakes = {
        "hinge": {"−1 also at the kink m = 1: take 0 there (the loss is 0 from m = 1 on) / 在 m = 1 处应取 0": np.where(MARGINS <= 1, -1.0, 0.0)},
        "squared_hinge": {"−(1 − m) without max(0, ·): points with m > 1 must give 0 / 漏了 max(0, ·)": MARGINS - 1},
        "logistic": {"σ(m) instead of −σ(−m) / 应为 −σ(−m)": reference.margin_loss_derivative(-MARGINS, "logistic") * -1,
                     "σ(−m) without the minus sign: the loss decreases with the margin / 漏了负号": -expected},
    }[case]
    expect_value(student.margin_loss_derivative(MARGINS, case), expected, call=f"margin_loss_derivative(m, {case!r}) on margins from −800 to 800",
                 mistakes=mistakes, hint="differentiate G with respect to the margin m / 对间隔 m 求导")


SHAPES = [(30, 5), (1, 2)]
PROBLEMS = [(kind, n, d) for kind in KINDS for n, d in SHAPES]


@cases(*PROBLEMS, ids=[f"{k}-{n}x{d}" for k, n, d in PROBLEMS])
def test_cost_and_gradient(student, reference, rng, case):
    kind, n, d = case
    X, y, W = classification_problem(rng, n, d)
    cost = reference.classification_cost(W, X, y, kind)
    grad = reference.classification_gradient(W, X, y, kind)
    expect_value(student.classification_cost(W, X, y, kind), cost, call=f"classification_cost(W, X, y, {kind!r}) on a random {n}x{d} problem",
                 mistakes={"sum instead of mean / 求和而非平均": cost * n} if n > 1 else None)
    m = y * (X @ W)
    expect_value(student.classification_gradient(W, X, y, kind), grad, call=f"classification_gradient(W, X, y, {kind!r}) on a random {n}x{d} problem",
                 mistakes={"sum instead of mean / 求和而非平均": grad * n,
                           "forgot the label yᵢ from ∂mᵢ/∂W = yᵢxᵢ / 漏乘了标签 yᵢ": X.T @ reference.margin_loss_derivative(m, kind) / n} if n > 1 else None)


@cases(*KINDS, ids=list(KINDS))
def test_ignored_points(student, reference, rng, case):
    X, y, W = classification_problem(rng, 40, 3)
    W = 2.0 * W  # larger margins: many points beyond the margin
    W[0], X[0] = 0.5, y[0] * np.array([2.0, 0.0, 0.0])  # sample 0 has margin exactly 1, in any summation order
    expected = reference.ignored_points(W, X, y, case)
    got = student.ignored_points(W, X, y, case)
    expect_equal(np.asarray(got).dtype.kind, "b", call=f"ignored_points(W, X, y, {case!r}).dtype", hint="a boolean mask / 返回布尔数组")
    hint = {"logistic": "−σ(−m) is never 0: the logistic loss uses every point / logistic 损失不忽略任何点",
            "hinge": "a point is ignored exactly when its margin is ≥ 1 / 间隔 ≥ 1 的点被忽略",
            "squared_hinge": "a point is ignored exactly when its margin is ≥ 1 / 间隔 ≥ 1 的点被忽略"}[case]
    m = y * (X @ W)
    expect_value(got, expected, call=f"ignored_points(W, X, y, {case!r}) on 40 points (one with margin exactly 1)", hint=hint,
                 mistakes={"the misclassified points (margin < 0) instead of the ignored ones / 返回了分错的点": m < 0,
                           "margin > 1 instead of ≥ 1 / 应为 ≥ 1": m > 1, "the points that are used, not the ignored ones / 正好取反了": ~expected})


@cases("Hinge", ids=["capitalised"])
def test_unknown_loss_rejected(student, case):
    expect_raises(ValueError, lambda: student.margin_loss(np.zeros(2), case), call=f"margin_loss(m, {case!r})",
                  why="only 'hinge', 'squared_hinge' and 'logistic' / 仅支持这三种损失")


def test_random_problems(student, reference, rng):
    for _ in range(3):  # loss, size and scale of the weights drawn at random
        kind = KINDS[int(rng.integers(3))]
        n, d = int(rng.integers(1, 40)), int(rng.integers(1, 6))
        X, y, W = classification_problem(rng, n, d)
        W = W * float(rng.uniform(0.1, 3.0))
        call = f"{kind} loss on a random {n}x{d} problem"
        expect_value(student.classification_gradient(W, X, y, kind), reference.classification_gradient(W, X, y, kind),
                     call=f"classification_gradient, {call}")
        expect_value(student.ignored_points(W, X, y, kind), reference.ignored_points(W, X, y, kind), call=f"ignored_points, {call}")
