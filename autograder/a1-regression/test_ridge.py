"""Hidden tests: fit_ridge (textbook §1.6)."""

from nncourse.checks import cases, expect_close

QUESTION = "ridge"

from _cases import regression_problem  # noqa: E402

CASES = [(8, 2, 0.5), (30, 5, 0.01), (4, 6, 1.0), (50, 3, 3.0)]


@cases(*CASES, ids=[f"{n}x{d}-lam{lam}" for n, d, lam in CASES])
def test_fit_ridge(student, reference, rng, case):
    n, d, lam = case
    X, y, _ = regression_problem(rng, n, d)
    expected = reference.fit_ridge(X, y, lam)
    expect_close(student.fit_ridge(X, y, lam), expected, rtol=1e-6, call=f"fit_ridge on a random {n}x{d} problem, lambda={lam}",
                 mistakes={"dropped the 1/n on XᵀX and XᵀY (the same as using λ/n) / 漏掉了 XᵀX、XᵀY 的 1/n": reference.fit_ridge(X, y, lam / n),
                           "λ multiplied by n on top of the 1/n scaling / 在 1/n 缩放之外又把 λ 乘了 n": reference.fit_ridge(X, y, lam * n)})
