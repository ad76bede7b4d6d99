"""Hidden tests: ridge_closed_form, W* = (XᵀX/n + λI)⁻¹XᵀY/n (textbook §1.6 eq. 1.9, §1.7)."""

import numpy as np

from nncourse.checks import cases, expect_close, expect_true

QUESTION = "ridge"

from _cases import COMMUTE_X, COMMUTE_Y, regression_problem  # noqa: E402


def _mistakes(reference, X, y, lam):
    n = len(y)
    return {"forgot the 1/n on XᵀX and XᵀY (the same as using λ/n) / XᵀX 和 XᵀY 漏了 1/n（相当于用了 λ/n）": reference.ridge_closed_form(X, y, lam / n),
            "used nλ instead of λ / 用了 nλ，应为 λ": reference.ridge_closed_form(X, y, lam * n),
            "used 2λ: the ½ in λ/2‖W‖² cancels the 2 of the derivative / 用了 2λ：λ/2‖W‖² 中的 ½ 抵消了求导得到的 2": reference.ridge_closed_form(X, y, 2 * lam)}


def test_commute_tends_to_least_squares(student, reference):
    expected = reference.ridge_closed_form(COMMUTE_X, COMMUTE_Y, 1e-10)
    # Textbook §1.7: the least-squares W* on the commute data.
    assert np.allclose(expected, [6.08613445378149, 6.53361344537816, 2.11274509803922], rtol=1e-8)
    expect_close(student.ridge_closed_form(COMMUTE_X, COMMUTE_Y, 1e-10), expected, rtol=1e-8,
                 call="ridge_closed_form on the commute data, λ = 1e-10")


@cases(0.05, 1.0, 10.0, ids=["lam0.05", "lam1", "lam10"])
def test_commute(student, reference, case):
    expected = reference.ridge_closed_form(COMMUTE_X, COMMUTE_Y, case)
    expect_close(student.ridge_closed_form(COMMUTE_X, COMMUTE_Y, case), expected, call=f"ridge_closed_form on the commute data, λ = {case}",
                 mistakes=_mistakes(reference, COMMUTE_X, COMMUTE_Y, case))


CASES = [(8, 2, 0.5), (30, 5, 0.01), (4, 6, 1.0), (50, 3, 3.0), (1, 2, 0.2)]


@cases(*CASES, ids=[f"{n}x{d}-lam{lam}" for n, d, lam in CASES])
def test_random(student, reference, rng, case):
    n, d, lam = case
    X, y = regression_problem(rng, n, d)
    expect_close(student.ridge_closed_form(X, y, lam), reference.ridge_closed_form(X, y, lam),
                 call=f"ridge_closed_form on a random {n}x{d + 1} design, λ = {lam}" + (" (fewer samples than weights)" if n <= d else ""),
                 mistakes=_mistakes(reference, X, y, lam))


def test_singular_design(student, reference):
    X = np.column_stack([COMMUTE_X, COMMUTE_X[:, 1]])  # a duplicated column: XᵀX is singular
    got = np.asarray(student.ridge_closed_form(X, COMMUTE_Y, 0.1), dtype=float)
    expect_true(bool(np.all(np.isfinite(got))), "ridge_closed_form with a duplicated column: the result must be finite (λ > 0 makes the system solvable) / ridge_closed_form 遇到重复列：结果必须是有限值（λ > 0 保证方程组可解）")
    expect_close(got, reference.ridge_closed_form(X, COMMUTE_Y, 0.1), call="ridge_closed_form with a duplicated column, λ = 0.1")
