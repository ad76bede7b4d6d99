"""Verdicts, modes, the third value, timeouts and mistake diagnosis."""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest
import sympy

from nncourse.errors import AnswerError
from nncourse.symbolic import Variant, Verdict, builtin_variants, check_equivalent, diagnose
from nncourse.symbolic.timeouts import Finished, TimedOut, run_with_timeout

DCDW = "diff((sigma(w*x+b)-y)**2/2, w)"
GRAD = "(sigma(w*x+b)-y)*sigma(w*x+b)*(1-sigma(w*x+b))*x"


def test_verdict_is_frozen_and_three_valued() -> None:
    v = check_equivalent("x", "x")
    assert isinstance(v, Verdict) and v.equivalent is True and v.label == "equivalent"
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.status = "not_equivalent"  # type: ignore[misc]
    assert check_equivalent("x", "y").equivalent is False


def test_sigma_declared_logistic_or_opaque() -> None:
    assert check_equivalent("sigma(z)*(1-sigma(z))", "exp(-z)/(1+exp(-z))**2").status == "equivalent"
    # For an arbitrary σ the identity σ′ = σ(1−σ) is false ...
    assert check_equivalent("sigma(z)*(1-sigma(z))", "diff(sigma(z), z)", sigma="opaque").status == "not_equivalent"
    # ... but the chain rule holds for every σ.
    assert check_equivalent("(sigma(w*x+b)-y)*sigma_prime(w*x+b)*x", DCDW, sigma="opaque").status == "equivalent"


def test_counterexample_is_reported_with_values() -> None:
    v = check_equivalent("x**2/2 + x/10**6", "x**2/2")
    assert v.status == "not_equivalent" and v.counterexample is not None and v.values is not None
    point = dict(v.counterexample)
    xv = float(point["x"])
    assert v.values[0] == pytest.approx(xv**2 / 2 + xv / 1e6, rel=1e-4)
    assert v.values[1] == pytest.approx(xv**2 / 2, rel=1e-4)
    assert "not equivalent" in v.reason and "不等价" in v.reason


def test_cancellation_is_not_a_counterexample() -> None:
    # (1+x)^2 - 2x - 1 computed in floats loses digits for large x; the precise recheck saves it.
    assert check_equivalent("(1+10**8*x)**2 - 2*10**8*x - 1", "10**16*x**2").status == "equivalent"


def test_extra_variables_are_named() -> None:
    v = check_equivalent("x + q", "x")
    assert v.status == "not_equivalent" and "q" in v.reason


def test_modes() -> None:
    assert check_equivalent("x**3/3 + 5", "x**3/3", mode="up_to_constant").status == "equivalent"
    assert check_equivalent("x**3/3 + 5", "x**3/3").status == "not_equivalent"
    assert check_equivalent("7*(w-a)**2 + a", "(w-a)**2", mode="up_to_affine", params=["w"]).status == "equivalent"
    assert check_equivalent("-(w-a)**2", "(w-a)**2", mode="up_to_affine", params=["w"]).status == "not_equivalent"
    assert check_equivalent("log((w-a)**2 + 1)", "(w-a)**2", mode="same_argmin", params=["w"]).status == "equivalent"
    assert check_equivalent("(w+a)**2", "(w-a)**2", mode="same_argmin", params=["w"]).status == "not_equivalent"
    with pytest.raises(AnswerError):
        check_equivalent("x", "x", mode="roughly")


def test_domain_restrictions_are_respected() -> None:
    # log(1-p) only exists for p < 1: the comparison happens where both sides are defined.
    assert check_equivalent("-log(1-p) + log(1-p)", "0*p").status == "equivalent"
    assert check_equivalent("sqrt(x)**2", "x", positive=["x"]).status == "equivalent"


def test_answer_defined_on_too_little_of_the_domain_is_undecided() -> None:
    v = check_equivalent("sqrt(x**3)/sqrt(x)", "x")  # equal for x > 0, undefined for x < 0
    assert v.status == "undecided" and "undefined" in v.reason


def test_undecided_when_nothing_can_be_evaluated() -> None:
    v = check_equivalent("Sum(1/k**2, (k, 1, oo))", "pi**2/6 + x - x", timeout=1.0)
    assert v.status in ("equivalent", "undecided")
    assert v.status != "not_equivalent"


def _spin() -> None:
    while True:
        pass


def test_timeouts_count_cpu_time_interrupt_and_restore() -> None:
    assert run_with_timeout(lambda: 41 + 1, 1.0) == Finished(42)
    assert isinstance(run_with_timeout(_spin, 0.2), TimedOut)  # 0.2 s of CPU, however long that takes
    # sleeping uses no CPU: a slow (or busy) machine is not a reason to give up
    assert run_with_timeout(lambda: time.sleep(0.3) or "slept", 0.05) == Finished("slept")
    # from a worker thread nothing can interrupt Python code: no thread is ever left behind,
    # the function simply runs to its end (check_equivalent then uses a helper process)
    box: dict[str, object] = {}
    worker = threading.Thread(target=lambda: box.setdefault("r", run_with_timeout(lambda: 6 * 7, 0.2)))
    worker.start()
    worker.join()
    assert box["r"] == Finished(42)
    with pytest.raises(ZeroDivisionError):
        run_with_timeout(lambda: 1 / 0, 1.0)


@pytest.mark.parametrize(
    ("student", "mistake"),
    [
        ("2*(sigma(w*x+b)-y)*sigma(w*x+b)*(1-sigma(w*x+b))*x", "missing_half"),
        ("(y-sigma(w*x+b))*sigma(w*x+b)*(1-sigma(w*x+b))*x", "sign_flip"),
        ("(sigma(w*x+b)-y)*sigma(w*x+b)*x", "sigma_instead_of_sigma_prime"),
        ("(sigma(w*x+b)-y)*x", "dropped_sigma_prime"),
        ("(sigma(w*x+b)-y)*sigma(w*x+b)*(1-sigma(w*x+b))", "dropped_chain_factor"),
    ],
)
def test_builtin_mistakes_on_the_neuron_gradient(student: str, mistake: str) -> None:
    v = diagnose(student, DCDW)
    assert v.status == "not_equivalent" and v.mistake == mistake


def test_sum_versus_mean() -> None:
    mse = "Sum((y_i-f_i)**2, (i, 1, n))/n"
    assert diagnose("Sum((y_i-f_i)**2, (i, 1, n))", mse).mistake == "sum_instead_of_mean"
    assert diagnose("Sum((y_i-f_i)**2, (i, 1, n))/n**2", mse).mistake == "mean_instead_of_sum"


def test_caller_variants_come_first_and_equivalent_answers_have_no_mistake() -> None:
    v = diagnose("sigma(z)", "sigma(z)*(1-sigma(z))", {"forgot_derivative": "sigma(z)"})
    assert v.mistake == "forgot_derivative" and "forgot_derivative" in v.reason
    v = diagnose("sigma(z)", "sigma(z)*(1-sigma(z))",
                 [Variant("custom", "sigma(z)", "自定义 / custom feedback")])
    assert v.mistake == "custom" and v.reason.startswith("自定义 / custom feedback")
    assert diagnose(GRAD, DCDW).mistake is None
    assert diagnose("x**3 + 1", DCDW).mistake is None


def test_builtin_variants_are_generated_from_the_reference() -> None:
    w, x, b, y = sympy.symbols("w x b y")
    from nncourse.symbolic import SIGMA

    names = {v.name for v in builtin_variants(sympy.Derivative((SIGMA(w * x + b) - y) ** 2 / 2, w))}
    assert {"missing_half", "sign_flip", "sigma_instead_of_sigma_prime", "dropped_chain_factor"} <= names


def test_a_slow_check_is_stopped_as_undecided() -> None:
    start = time.process_time()
    v = check_equivalent("Sum(Sum(x*i*j, (j, 1, 1000)), (i, 1, 1000))", "250500250000*x + 1", timeout=0.3)
    assert time.process_time() - start < 5.0
    assert v.status in ("undecided", "not_equivalent")
