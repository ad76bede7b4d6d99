"""Hidden tests: ema_effective_window and ema_weights (seed 004 Q7: m_t = βm_{t−1} + (1 − β)g_t)."""

from nncourse.checks import cases, expect_close, expect_raises, spelled

QUESTION = "ema"


BETAS = [0.0, 0.5, 0.9, 0.99]


@cases(*BETAS, ids=[f"beta{b}" for b in BETAS])
def test_window(student, reference, case):
    expected = reference.ema_effective_window(case)
    mistakes = {"β/(1 − β): the sum of βᵏ starts at k = 0 / 算成了 β/(1 − β)：βᵏ 的求和从 k = 0 开始": expected - 1}
    if case:
        mistakes["1/β instead of 1/(1 − β) / 用了 1/β，应为 1/(1 − β)"] = 1 / case
    expect_close(student.ema_effective_window(case), expected, call=f"ema_effective_window({case})", mistakes=mistakes)


WEIGHTS = [(0.9, 5), (0.5, 1), (0.99, 30), (0.3, 0), (0.0, 4), (0.8, 12)]


@cases(*WEIGHTS, ids=[f"beta{b}-t{t}" for b, t in WEIGHTS])
def test_weights(student, reference, case):
    beta, t = case
    expected = reference.ema_weights(beta, t)
    expect_close(student.ema_weights(beta, t), expected, call=f"ema_weights({beta}, {t})",
                 mistakes={"order reversed: w_k must grow with k (the newest gradient weighs most) / 顺序反了：w_k 应随 k 增大（最新的梯度权重最大）": expected[::-1],
                           "missing the factor 1 − β / 漏了因子 1 − β": expected / (1 - beta),
                           "one power of β too many, β^(t−k+1) / β 的次数多了一次，成了 β^(t−k+1)": expected * beta})


INVALID = [("ema_effective_window", (1.0,)), ("ema_effective_window", (-0.1,)), ("ema_weights", (1.0, 3)), ("ema_weights", (0.5, -1))]


@cases(*INVALID, ids=[spelled(name, args) for name, args in INVALID])
def test_outside_the_range_raises(student, case):
    name, args = case
    expect_raises(ValueError, lambda: getattr(student, name)(*args), call=spelled(name, args), why="β must satisfy 0 ≤ β < 1 and t ≥ 0 / 要求 0 ≤ β < 1 且 t ≥ 0")
