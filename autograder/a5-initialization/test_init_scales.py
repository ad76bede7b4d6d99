"""Hidden tests: Xavier and He bounds and standard deviations (seed 001 A2.1, method 1; seed 003 §5.2)."""

import math

from nncourse.checks import expect_close

QUESTION = "init_scales"

SIZES = [(3, 3), (256, 128), (784, 10), (1, 1000), (50, 7)]
FACTOR_2 = "√(3/n_in): LeCun's scale, without the factor 2 that makes up for ReLU / √(3/n_in) 是 LeCun 的尺度，缺少为 ReLU 补偿的因子 2"


def test_xavier_uniform_bound(student, reference):
    for n_in, n_out in SIZES:
        expected = reference.xavier_uniform_bound(n_in, n_out)
        expect_close(student.xavier_uniform_bound(n_in, n_out), expected, call=f"xavier_uniform_bound({n_in}, {n_out})",
                     mistakes={"√(2/(n_in+n_out)) is the normal σ; U(−a, a) has variance a²/3, hence the 6 / √(2/(n_in+n_out)) 是正态分布的 σ；U(−a, a) 的方差为 a²/3，所以是 6": reference.xavier_normal_std(n_in, n_out),
                               "forgot the square root / 忘了开平方": expected ** 2,
                               "n_in only: Xavier uses n_in + n_out / 只用了 n_in：Xavier 用 n_in + n_out": reference.he_uniform_bound(n_in)})


def test_xavier_normal_std(student, reference):
    for n_in, n_out in SIZES:
        expected = reference.xavier_normal_std(n_in, n_out)
        expect_close(student.xavier_normal_std(n_in, n_out), expected, call=f"xavier_normal_std({n_in}, {n_out})",
                     mistakes={"returned the variance 2/(n_in+n_out) instead of the standard deviation / 返回了方差 2/(n_in+n_out)，应返回标准差": expected ** 2,
                               "returned the uniform bound √(6/(n_in+n_out)) / 返回了均匀分布的边界 √(6/(n_in+n_out))": reference.xavier_uniform_bound(n_in, n_out),
                               "n_in only: Xavier uses n_in + n_out / 只用了 n_in：Xavier 用 n_in + n_out": reference.he_normal_std(n_in)})


def test_he_uniform_bound(student, reference):
    for n_in, _ in SIZES:
        expected = reference.he_uniform_bound(n_in)
        expect_close(student.he_uniform_bound(n_in), expected, call=f"he_uniform_bound({n_in})",
                     mistakes={"√(2/n_in) is the normal σ; U(−a, a) has variance a²/3, hence the 6 / √(2/n_in) 是正态分布的 σ；U(−a, a) 的方差为 a²/3，所以是 6": reference.he_normal_std(n_in),
                               "forgot the square root / 忘了开平方": expected ** 2,
                               FACTOR_2: expected / math.sqrt(2)})


def test_he_normal_std(student, reference):
    for n_in, _ in SIZES:
        expected = reference.he_normal_std(n_in)
        expect_close(student.he_normal_std(n_in), expected, call=f"he_normal_std({n_in})",
                     mistakes={"returned the variance 2/n_in instead of the standard deviation / 返回了方差 2/n_in，应返回标准差": expected ** 2,
                               "returned the uniform bound √(6/n_in) / 返回了均匀分布的边界 √(6/n_in)": reference.he_uniform_bound(n_in),
                               FACTOR_2.replace("3/", "1/"): expected / math.sqrt(2)})
