"""Hidden tests: seeded data, polynomial features, least-squares fit, MSE (textbook §1.5, eq. 1.8)."""

import numpy as np

from nncourse.checks import cases, expect_equal, expect_raises

from _checks import expect_value  # noqa: E402

QUESTION = "polynomial_fit"

DATA = [(5, 0, 0.2), (1, 3, 0.0), (12, 11, 1.5)]


@cases(*DATA, ids=[f"n{n}-seed{s}-noise{e}" for n, s, e in DATA])
def test_make_data_same_draws(student, reference, case):
    n, seed, noise = case
    x, y = student.evaluate("make_data(n, np.random.default_rng(seed), noise)", n=n, seed=seed, noise=noise)
    ref_x, ref_y = reference.make_data(n, np.random.default_rng(seed), noise)
    r = np.random.default_rng(seed)
    eps_first, x_second = r.normal(0.0, 1.0, size=n), r.uniform(-1.0, 1.0, size=n)
    call = f"make_data({n}, default_rng({seed}), noise={noise})"
    expect_value(x, ref_x, call=f"{call}: x", hint="draw x = rng.uniform(-1, 1, n) first / 先抽 x",
                 mistakes={"drew the noise before x / 先抽了噪声再抽 x": x_second})
    expect_value(y, ref_y, call=f"{call}: y",
                 mistakes={"sin(x) instead of sin(πx) / 应为 sin(πx)": np.sin(ref_x) + (ref_y - np.sin(np.pi * ref_x)),
                           "noise² used as the standard deviation / 把 noise² 当作标准差": np.sin(np.pi * ref_x) + noise * (ref_y - np.sin(np.pi * ref_x)),
                           "drew the noise before x / 先抽了噪声再抽 x": np.sin(np.pi * x_second) + noise * eps_first})


FEATURES = [(6, 0), (9, 3), (4, 6), (1, 2)]


@cases(*FEATURES, ids=[f"n{n}-degree{m}" for n, m in FEATURES])
def test_poly_features(student, reference, rng, case):
    n, m = case
    x = rng.uniform(-2, 2, size=n)
    expected = reference.poly_features(x, m)
    expect_value(student.poly_features(x, m), expected, call=f"poly_features(x of {n} values, {m})",
                 mistakes={"powers in decreasing order (np.vander's default); eq. 1.8 starts at x⁰ = 1 / 幂次顺序反了": expected[:, ::-1],
                           "the constant column x⁰ = 1 is missing / 缺少常数列 x⁰ = 1": expected[:, 1:],
                           "only degree columns x⁰ … x^(m−1): φ(x) has m + 1 entries / 少了最后一列 xᵐ": expected[:, :-1]})


def test_poly_features_rejects_negative_degree(student):
    expect_raises(ValueError, lambda: student.poly_features(np.ones(3), -1), call="poly_features(x, -1)",
                  why="a degree is ≥ 0 / 次数不能为负")


FITS = [(20, 1), (15, 5), (40, 8), (4, 3)]


@cases(*FITS, ids=[f"n{n}-degree{m}" for n, m in FITS])
def test_fit_polynomial(student, reference, rng, case):
    n, m = case
    x, y = reference.make_data(n, rng, 0.3)
    expected = reference.fit_polynomial(x, y, m)
    expect_value(student.fit_polynomial(x, y, m), expected, rtol=1e-5, atol=1e-8 * np.abs(expected).max(),
                 call=f"fit_polynomial on {n} noisy samples, degree {m}",
                 mistakes={"coefficients highest power first (np.polyfit's order) / 系数顺序反了（np.polyfit 从最高次开始）": expected[::-1]})


def test_fit_recovers_an_exact_polynomial(student, rng):
    w = rng.normal(size=4)
    x = rng.uniform(-1, 1, size=12)
    y = w[0] + w[1] * x + w[2] * x ** 2 + w[3] * x ** 3  # noise-free: the fit must be exact
    expect_value(student.fit_polynomial(x, y, 3), w, rtol=1e-7, atol=1e-9, call="fit_polynomial on noise-free cubic data",
                 mistakes={"coefficients highest power first (np.polyfit's order) / 系数顺序反了": w[::-1]})


def test_fit_rejects_too_few_samples(student):
    expect_raises(ValueError, lambda: student.fit_polynomial(np.array([0.0, 0.5, 1.0]), np.zeros(3), 3),
                  call="fit_polynomial(3 samples, degree 3)", why="4 coefficients cannot be fixed by 3 samples / 样本数少于系数个数")


@cases(1, 50, ids=["n1", "n50"])
def test_mse(student, reference, rng, case):
    y_pred, y = rng.normal(size=case), rng.normal(size=case)
    expected = reference.mse(y_pred, y)
    got = student.mse(y_pred, y)
    expect_equal(np.ndim(got), 0, call=f"np.ndim(mse(...)) on {case} values", hint="return one number / 应返回一个数")
    expect_value(got, expected, call=f"mse on {case} random values",
                 mistakes={"½ of the mean: the ½ belongs to the training cost only / 多乘了 ½": expected / 2,
                           "sum instead of mean / 求和而非平均": expected * case,
                           "root of the mean (RMSE) / 开了平方根": np.sqrt(expected)})
