"""Hidden tests: the four samplers, W of shape (n_out, n_in) from one draw (seed 001 A2.1; seed 003 §5.2(2)).

Two views of each sampler: the exact reference matrix for the same seed (the documented single
draw), and the statistics of a large sample (range, mean, variance against the theory), which a
wrong formula fails whatever the draw order.
"""

import numpy as np

from nncourse.checks import cases, expect_close, expect_equal, expect_true

QUESTION = "init_samplers"

SAMPLERS = ["xavier_uniform", "xavier_normal", "he_uniform", "he_normal"]
N_IN, N_OUT = 400, 100  # 40 000 draws: sample variance within ≈ 0.7 % (normal), 0.5 % (uniform)
VAR_RTOL = 0.04


def _scale(reference, name, n_in, n_out):
    """(bound or σ, theoretical variance) from the reference scale functions."""
    if name == "xavier_uniform":
        a = reference.xavier_uniform_bound(n_in, n_out)
        return a, a * a / 3
    if name == "he_uniform":
        a = reference.he_uniform_bound(n_in)
        return a, a * a / 3
    s = reference.xavier_normal_std(n_in, n_out) if name == "xavier_normal" else reference.he_normal_std(n_in)
    return s, s * s


def _wrong_variances(name, n_in, n_out):
    """Variances that the usual wrong formulas produce."""
    if name == "xavier_uniform":
        v = 2 / (n_in + n_out)
        return {"used √(2/(n_in+n_out)) as the bound: for U(−a, a) the variance is a²/3, so a = √(6/(n_in+n_out)) / 把 √(2/(n_in+n_out)) 当作边界：U(−a, a) 的方差是 a²/3，所以 a = √(6/(n_in+n_out))": v / 3,
                "n_in only in the bound (Xavier uses n_in + n_out) / 边界中只用了 n_in（Xavier 用 n_in + n_out）": 2 / n_in, "n_out only in the bound / 边界中只用了 n_out": 2 / n_out}
    if name == "xavier_normal":
        v = 2 / (n_in + n_out)
        return {"passed the variance as `scale`; numpy's scale is the standard deviation / 把方差传给了 `scale`；numpy 的 scale 是标准差": v * v,
                "used the uniform bound √(6/(n_in+n_out)) as σ / 把均匀分布的边界 √(6/(n_in+n_out)) 当作了 σ": 3 * v, "n_in only (Xavier uses n_in + n_out) / 只用了 n_in（Xavier 用 n_in + n_out）": 2 / n_in}
    v = 2 / n_in
    if name == "he_uniform":
        return {"used √(2/n_in) as the bound: for U(−a, a) the variance is a²/3, so a = √(6/n_in) / 把 √(2/n_in) 当作边界：U(−a, a) 的方差是 a²/3，所以 a = √(6/n_in)": v / 3,
                "n_out instead of n_in (He scales by the fan-in) / 用了 n_out，应为 n_in（He 初始化按输入个数缩放）": 2 / n_out, "√(3/n_in): the factor 2 for ReLU is missing / 用了 √(3/n_in)：漏了为 ReLU 补偿的因子 2": v / 2}
    return {"passed the variance as `scale`; numpy's scale is the standard deviation / 把方差传给了 `scale`；numpy 的 scale 是标准差": v * v,
            "n_out instead of n_in (He scales by the fan-in) / 用了 n_out，应为 n_in（He 初始化按输入个数缩放）": 2 / n_out, "σ = √(1/n_in): the factor 2 for ReLU is missing / 用了 σ = √(1/n_in)：漏了为 ReLU 补偿的因子 2": v / 2}


DRAWS = [(4, 2, 0), (37, 11, 5)]


@cases(*SAMPLERS, ids=SAMPLERS)
def test_same_draw_as_reference(student, reference, case):
    for n_in, n_out, seed in DRAWS:
        got = student.evaluate(f"{case}(n_in, n_out, np.random.default_rng(seed))", n_in=n_in, n_out=n_out, seed=seed)
        expected = getattr(reference, case)(n_in, n_out, np.random.default_rng(seed))
        mistakes = {"drew size=(n_in, n_out); the textbook's W has shape (n_out, n_in) / 抽样时用了 size=(n_in, n_out)；教材中 W 的形状是 (n_out, n_in)": expected.reshape(n_in, n_out)}
        if case.endswith("normal"):
            mistakes["passed the variance as `scale`; numpy's scale is the standard deviation / 把方差传给了 `scale`；numpy 的 scale 是标准差"] = expected * _scale(reference, case, n_in, n_out)[0]
        expect_close(got, expected, call=f"{case}({n_in}, {n_out}, np.random.default_rng({seed}))", mistakes=mistakes,
                     hint=f"draw once with rng.{case.split('_')[1]}(..., size=(n_out, n_in)) so that a seed gives the reference matrix / 只调用一次 rng.{case.split('_')[1]}(..., size=(n_out, n_in))，同一个种子才会得到同一个矩阵")


@cases(*SAMPLERS, ids=SAMPLERS)
def test_sample_statistics(student, reference, case):
    W = np.asarray(student.evaluate(f"{case}({N_IN}, {N_OUT}, np.random.default_rng(2024))"), dtype=float)
    call = f"{case}({N_IN}, {N_OUT}, rng)"
    expect_equal(W.shape, (N_OUT, N_IN), call=f"{call}.shape", hint="W has shape (n_out, n_in) / W 的形状是 (n_out, n_in)")
    scale, variance = _scale(reference, case, N_IN, N_OUT)
    if case.endswith("uniform"):
        expect_true(bool(np.all(np.abs(W) <= scale)), f"{call}: some entries lie outside [−a, a] / 有元素超出 [−a, a]")
    expect_true(abs(W.mean()) < 5 * np.sqrt(variance / W.size),
                f"{call}: the sample mean is too far from 0; the weights must be centred at zero / 样本均值应接近 0")
    expect_close(np.mean(W ** 2), variance, rtol=VAR_RTOL, call=f"sample variance of {call} ({W.size} draws, {VAR_RTOL:.0%} tolerance)",
                 mistakes=_wrong_variances(case, N_IN, N_OUT))
