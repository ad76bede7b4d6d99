"""Regression tests for holes found by grading independent solutions (issues 17 and 19).

* a difference sympy can show to be a nonzero constant is *not equivalent*, however small;
* different real domains are never *equivalent* (``log(x**2)`` vs ``2*log(x)``);
* a restated question (unevaluated derivative, the question's own sum) is not a result;
* sympy/mpmath failures and oversized answers give a verdict, never an exception.
"""

from __future__ import annotations

import pytest
import sympy

from nncourse.checks import CheckFailure
from nncourse.symbolic import check_equivalent, diagnose


@pytest.mark.parametrize(("a", "b"), [
    ("x**2 + 10**-12", "x**2"),
    ("exp(x)", "exp(x) + exp(-30)"),
    ("x**2/2 + x/10**15", "x**2/2"),
])
def test_differences_below_float_precision_are_not_equivalent(a: str, b: str) -> None:
    for student, reference in ((a, b), (b, a)):
        verdict = diagnose(student, reference)
        assert verdict.status == "not_equivalent", (student, reference, verdict.reason)
        assert verdict.mistake == "tiny_difference" and "tiny amount" in verdict.mistake_feedback


def test_float_rounding_in_a_sympy_answer_is_not_a_mistake() -> None:
    x = sympy.Symbol("x", real=True)
    assert check_equivalent(x + sympy.Float(0.1), "x + 1/10").status == "equivalent"
    assert check_equivalent(x / 3, x * sympy.Float(1 / 3)).status == "equivalent"


def test_cancellation_in_the_precise_check_is_not_a_difference() -> None:
    assert check_equivalent("(x + 10**20) - 10**20", "x").status == "equivalent"
    assert check_equivalent("(1+10**8*x)**2 - 2*10**8*x - 1", "10**16*x**2").status == "equivalent"


def test_different_real_domains_are_not_equivalent() -> None:
    for a, b in (("log(x**2)", "2*log(x)"), ("2*log(x)", "log(x**2)")):
        verdict = check_equivalent(a, b)
        assert verdict.status == "undecided", (a, b, verdict.reason)
        assert "defined" in verdict.reason
    assert check_equivalent("log(x**2)", "2*log(x)", positive=["x"]).status == "equivalent"


@pytest.mark.parametrize("timeout", [0.2, 0.7, 1.5])
def test_overflowing_answers_give_a_verdict_not_an_exception(timeout: float) -> None:
    # sympy's simplify raised OverflowError from mpmath here, after a time that depended on the machine
    assert check_equivalent("exp(exp(exp(exp(exp(100)))))", "x", timeout=timeout).status == "undecided"


@pytest.mark.parametrize("size", [2001, 10**6])
def test_an_oversized_answer_is_a_rejected_verdict_for_library_callers(size: int) -> None:
    answer = "x+" * (size // 2) + "x"
    for judge in (check_equivalent, diagnose):
        verdict = judge(answer, "x")
        assert verdict.status == "rejected" and verdict.label == "rejected" and verdict.equivalent is False
        assert "2000" in verdict.reason and "\n" not in verdict.reason
    from nncourse.checks.symbolic import expect_equivalent

    with pytest.raises(CheckFailure) as info:
        expect_equivalent(answer, sympy.Symbol("x", real=True), call="q")
    assert info.value.student.startswith("q: ") and "2000" in info.value.student


# -- restating the question is not a result ----------------------------------------------------------

SIGMOID = "sigma(z)*(1-sigma(z))"
ONLY_SIGMA = ("derivative", "sigma_prime", "exp")


@pytest.mark.parametrize(("answer", "form"), [
    ("diff(sigma(z), z)", "unevaluated derivative"),
    (r"\frac{d}{dz}\sigma(z)", "unevaluated derivative"),
    ("sigma_prime(z)", "uses σ′ itself"),
    ("exp(-z)/(1+exp(-z))**2", "written with exp"),
    (r"\frac{e^{-z}}{(1+e^{-z})^2}", "written with exp"),
])
def test_sigma_only_question_refuses_restatements_and_exp(answer: str, form: str) -> None:
    verdict = diagnose(answer, SIGMOID, forbid=ONLY_SIGMA)
    assert verdict.status == "not_equivalent" and verdict.mistake == "not_closed_form"
    assert form in verdict.mistake_feedback and " / " in verdict.mistake_feedback  # 中文 / English
    assert diagnose(answer, SIGMOID).status == "equivalent"  # the same answer is right without the rule
    assert diagnose(r"\sigma(z)\,(1-\sigma(z))", SIGMOID, forbid=ONLY_SIGMA).status == "equivalent"


def test_unevaluated_derivatives_and_the_questions_sum_are_not_closed_forms() -> None:
    dcdw = "(sigma(w*x+b)-y)*sigma(w*x+b)*(1-sigma(w*x+b))*x"
    latex = r"\frac{\partial}{\partial w}\left(\frac12(\sigma(wx+b)-y)^2\right)"
    assert diagnose(latex, dcdw).status == "equivalent"
    verdict = diagnose(latex, dcdw, forbid=["derivative"])
    assert verdict.status == "not_equivalent" and "derivative" in verdict.reason
    # σ′ written by name is a closed form where only derivatives are forbidden
    assert diagnose("(sigma(w*x+b)-y)*sigma_prime(w*x+b)*x", dcdw, forbid=["derivative"]).status == "equivalent"
    ema = "Sum((1-beta)*beta**(t-k), (k, 1, t))"
    assert check_equivalent(ema, "1 - beta**t", positive=["beta"]).status == "equivalent"
    verdict = check_equivalent(ema, "1 - beta**t", positive=["beta"], forbid=["derivative", "sum"])
    assert verdict.status == "not_equivalent" and "Σ" in verdict.reason
    ridge = "diff(Sum((y[i] - w*x[i])**2, (i, 1, n))/(2*n) + lamda/2*w**2, w)"
    assert check_equivalent(ridge, "Sum((w*x[i]-y[i])*x[i], (i, 1, n))/n + lamda*w", positive=["lamda"],
                            forbid=["derivative"]).status == "not_equivalent"


def test_a_derivative_a_student_computed_with_sympy_is_a_result() -> None:
    z = sympy.Symbol("z", real=True)
    computed = sympy.diff(1 / (1 + sympy.exp(-z)), z)  # evaluated by sympy: a result, in exp
    assert check_equivalent(computed, SIGMOID, forbid=["derivative"]).status == "equivalent"
    assert check_equivalent(sympy.Derivative(1 / (1 + sympy.exp(-z)), z), SIGMOID,
                            forbid=["derivative"]).status == "not_equivalent"


def test_unknown_forms_are_the_callers_error() -> None:
    from nncourse.errors import AnswerError

    with pytest.raises(AnswerError):
        check_equivalent("x", "x", forbid=["integral"])
