"""Hidden tests: softmax and the batch cost C = (1/n) Σᵢ Cᵢ for ½-MSE and softmax cross-entropy
(textbook §4.1, §4.2.2, §4.6; seed 001 A2.1 §1.4)."""

import numpy as np

from nncourse.checks import cases, expect_close

QUESTION = "softmax_loss"

from _cases import targets  # noqa: E402

LOGITS = {
    "random 4×3": lambda rng: rng.normal(0.0, 2.0, (4, 3)),
    "one row of 5 (batch of 1)": lambda rng: rng.normal(0.0, 2.0, (1, 5)),
    "a 1-D vector of 4": lambda rng: rng.normal(0.0, 2.0, 4),
    "huge logits ±1000": lambda rng: np.array([[1000.0, 999.0, 998.0], [-1000.0, 0.0, 1000.0], [710.0, 710.0, -710.0]]),
}


@cases(*LOGITS, ids=[k.replace(" ", "_") for k in LOGITS])
def test_softmax(student, reference, rng, case):
    z = LOGITS[case](rng)
    expected = reference.softmax(z)
    wrong_axis = reference.softmax(z.T).T if z.ndim == 2 else expected
    expect_close(student.softmax(z), expected, call=f"softmax of {case}",
                 mistakes={"normalised over the wrong axis (use the last axis, axis=-1) / 归一化的轴不对（应沿最后一个轴，axis=-1）": wrong_axis},
                 hint="subtract the row maximum before np.exp; normalise along the last axis / 先减去每行最大值再取 np.exp；沿最后一个轴归一化")


MSE = [(5, 3), (1, 1), (4, 1), (1, 4), (7, 2)]


@cases(*MSE, ids=[f"n{n}-m{m}" for n, m in MSE])
def test_mse(student, reference, rng, case):
    n, m = case
    out, Y = rng.normal(0.0, 1.5, (n, m)), targets(rng, n, m, "mse")
    expected = reference.loss_value(out, Y, "mse")
    expect_close(student.loss_value(out, Y, "mse"), expected, call=f'loss_value(output, Y, "mse") with {n} samples × {m} outputs',
                 mistakes={"missing the ½ / 漏掉了 ½": 2 * expected, "summed over the batch instead of averaged / 对批次求和而没有求平均": n * expected,
                           "also divided by the number of outputs m (average over samples only) / 又除以了输出个数 m（只对样本求平均）": expected / m})


def _ce_cases(rng):
    return {
        "random logits, 6 samples × 4 classes": (rng.normal(0.0, 2.0, (6, 4)), targets(rng, 6, 4, "softmax_ce")),
        "one sample × 3 classes": (rng.normal(0.0, 2.0, (1, 3)), targets(rng, 1, 3, "softmax_ce")),
        "huge logits (±800) with wrong predictions": (np.array([[800.0, -800.0, 0.0], [0.0, 800.0, 790.0]]), np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])),
    }


@cases(0, 1, 2, ids=["random-6x4", "batch-of-1", "huge-logits"])
def test_softmax_cross_entropy(student, reference, rng, case):
    label, (logits, Y) = list(_ce_cases(rng).items())[case]
    expected = reference.loss_value(logits, Y, "softmax_ce")
    expect_close(student.loss_value(logits, Y, "softmax_ce"), expected, call=f'loss_value(logits, Y, "softmax_ce"), {label}',
                 mistakes={"summed over the batch instead of averaged / 对批次求和而没有求平均": len(Y) * expected},
                 hint="use log softmax = z − max z − log Σ e^{z − max z}; never log of a probability that underflowed to 0 / 用 log softmax = z − max z − log Σ e^{z − max z}；不要对已下溢为 0 的概率取对数")
