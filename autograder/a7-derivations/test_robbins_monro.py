"""Hidden tests: which of Σ η_t and Σ η_t² diverge for η_t = C/√t and C/t (textbook §2.2)."""

import sympy

from nncourse.checks import CheckFailure, cases, expect_equal

QUESTION = "robbins_monro"

SCHEDULES = [("sqrt_schedule", "C/√t", lambda C, t: C / sympy.sqrt(t)), ("inverse_schedule", "C/t", lambda C, t: C / t)]


@cases(*SCHEDULES, ids=[name for name, _, _ in SCHEDULES])
def test_series(student, reference, case):
    variable, label, schedule = case
    answer = student[variable]
    if not isinstance(answer, dict) or set(answer) != {"sum_diverges", "sum_of_squares_diverges"}:
        raise CheckFailure(f"{variable} must be a dict with keys sum_diverges and sum_of_squares_diverges / 字典的键不对")
    series = reference.robbins_monro(schedule(reference.C, reference.t))
    expect_equal(answer["sum_diverges"], series.sum_diverges, call=f"{variable}['sum_diverges'] for η_t = {label}")
    expect_equal(answer["sum_of_squares_diverges"], not series.sum_of_squares_converges,
                 call=f"{variable}['sum_of_squares_diverges'] for η_t = {label}")
