"""Student-visible feedback never gives away an expected value of a hidden test (issue 13).

* Every hidden suite is run against every single-point mutant of the references (graded
  once per session, shared with ``test_mutation.py``); no failed hidden test's student text
  may print an expected value or a difference from which it follows (:mod:`leaks`).
* Each leak reported in the issue has a regression test: a realistic wrong function whose
  feedback used to give the key away (mlp_param_count([6, 5, 10, 3]) = 128,
  fc_param_count(2500, 2500), conv_param_count(10, 5, 3) = 760, Var(z) = 1.5, the EMA
  window 10, and the notebook's 练习二 Q1 networks, whose feasibility is a quiz answer).
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, assignment_ids, code_cell
from leaks import _call_length, expected_values, leaks, leaks_in, numbers

from nncourse.checks import CheckFailure, answer_key, compare, expect_close, expect_equal


def _sources(ident: str) -> str:
    """Every string literal of the suite and the checks (static hint and mistake texts)."""
    files = [*(ROOT / "autograder" / ident).glob("*.py"), *(ROOT / "nncourse" / "checks").glob("*.py")]
    return "\n".join(node.value for p in sorted(files) for node in ast.walk(ast.parse(p.read_text("utf-8")))
                     if isinstance(node, ast.Constant) and isinstance(node.value, str))


# -- the detector and the checks ----------------------------------------------------------

def test_the_detector_finds_the_reported_leak():
    # What students used to read for mlp_param_count([6, 5, 10, 3]): 110 ± 18 = 128.
    old = ("mlp_param_count([6, 5, 10, 3]): 1 of 1 elements differ: largest absolute difference 18, "
           "largest relative difference 0.141\n  your value: 110")
    assert leaks(old, "x: got 110, expected 128") == ["expected 128 = 110 + 18"]
    assert leaks("f(2): your value `0.9` is off by 10 %", "f(2): got 0.9, expected 1")  # 0.9/(1 − 0.1)
    assert leaks("f: the answer is 128", "f: got 110, expected 128")
    assert not leaks("mlp_param_count([6, 5, 10, 3]): your value `110` differs", "x: got 110, expected 128")


@pytest.mark.parametrize("got, expected", [
    (110, 128), (260, 760), (0.5, 1.5), (9.0, 10.0), ([1.0, 2.0, 3.5], [1.0, 2.0, 3.0]),
    ([[0.0, 1.0], [2.0, 5.0]], [[0.0, 1.0], [2.0, 0.0]]), (np.arange(40.0), np.arange(40.0) * 1.01),
])
def test_compare_shows_no_expected_value(got, expected):
    result = compare(got, expected)
    assert not result.ok
    assert expected_values(result.instructor)  # the instructor does see them
    assert leaks(result.student, result.instructor) == []


def test_the_student_text_does_not_depend_on_the_expected_value():
    rng = np.random.default_rng(13)
    for shape in [(), (3,), (2, 4), (50,)]:
        got = rng.normal(size=shape)
        texts = {compare(got, got + rng.uniform(1, 2, size=shape)).student for _ in range(5)}
        assert len(texts) == 1, texts


def test_largest_relative_difference_is_inf_when_the_expected_entry_is_zero():
    # One element matches (relative difference 0), the mismatching one is expected to be 0.
    result = compare([1.0, 5.0], [0.0, 5.0])
    assert "largest relative difference inf" in result.instructor
    assert result.max_rel == float("inf")
    assert "relative difference 0," not in result.instructor


def test_expect_equal_and_answer_key_hide_the_expected_value():
    with pytest.raises(CheckFailure) as info:
        expect_equal(3, 5, call="count_zeros(w)")
    assert "5" not in info.value.student and "expected 5" in info.value.instructor
    with pytest.raises(CheckFailure) as info:
        with answer_key("check_stack on Q1"):
            expect_close(0.0, 1.0, call="n problems", mistakes={"none found": 0.0})
    assert info.value.student == "check_stack on Q1: your answer is not correct / 答案不正确"
    assert info.value.mistakes == ("none found",) and "expected 1" in info.value.instructor


def test_symbolic_feedback_shows_no_reference_value():
    pytest.importorskip("sympy")
    import sympy

    from nncourse.checks.symbolic import expect_equivalent

    z = sympy.Symbol("z", real=True)
    reference = sympy.exp(-z) / (1 + sympy.exp(-z)) ** 2
    for answer in ("exp(-z)", "z**2 + 1", "1/(1+exp(-z))"):
        with pytest.raises(CheckFailure) as info:
            expect_equivalent(answer, reference, call="sigmoid_prime")
        assert expected_values(info.value.instructor), info.value.instructor
        assert leaks(info.value.student, info.value.instructor) == [], info.value.student


# -- every hidden suite against the mutants of its references ------------------------------

@pytest.mark.parametrize("ident", assignment_ids())
def test_no_hidden_expected_value_in_mutant_feedback(ident, mutant_results):
    graded = [r for _, r in mutant_results(ident)]
    if not graded:
        pytest.skip(f"{ident}: answers are expressions, no reference functions to mutate "
                    "(its checks are covered by test_symbolic_feedback_shows_no_reference_value)")
    checked = [t for r in graded for t in r.tests
               if t.visibility != "visible" and not t.passed and expected_values(t.detail)]
    assert len(checked) >= 10, f"{ident}: too few failed hidden checks with expected values to judge ({len(checked)})"
    found = leaks_in(graded, _sources(ident))
    assert found == [], f"{ident}: {len(found)} leaks, e.g.\n" + "\n".join(found[:8])


# -- regression tests: the leaks named in the issue -----------------------------------------

def _grade_with(ident: str, code: str, generated, tmp_path: Path):
    from nncourse.grading.assignment import from_bundle
    from nncourse.grading.batch import Submission, grade_batch

    gen = generated(ident).out
    nb = json.loads((gen / "solution" / f"{ident}.ipynb").read_text("utf-8"))
    nb["cells"].append(code_cell(code))
    path = tmp_path / f"{ident}-wrong.ipynb"
    path.write_text(json.dumps(nb), "utf-8")
    (result,) = grade_batch([Submission("wrong", path)], from_bundle(gen / "autograder"), jobs=1)
    return {t.name: t for t in result.tests}


def _assert_hidden(test, secret: float, also: tuple[float, ...] = ()) -> None:
    """The test failed, its instructor text has ``secret``, its student text neither has it nor gives it."""
    assert not test.passed, test.name
    assert any(abs(v - secret) < 1e-9 for v in expected_values(test.detail)), test.detail
    shown = numbers(test.output[_call_length(test.output, test.detail):])
    for value in (secret, *also):
        assert all(abs(v - value) > 1e-9 for v in shown), (value, test.output)
    assert leaks(test.output, test.detail) == [], test.output


def test_a2_mlp_param_count_does_not_give_exercise_1_q4(generated, tmp_path):
    tests = _grade_with("a2-backprop", "def mlp_param_count(layer_sizes):\n"
                        "    return sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:])) + 1\n", generated, tmp_path)
    # 6·5 + 5·10 + 10·3 + 1 = 111 against (6+1)·5 + (5+1)·10 + (10+1)·3 = 128: neither 128 nor 17 is shown
    _assert_hidden(tests["param_count / test_mlp_param_count[6-5-10-3]"], 128, also=(17,))


def test_a4_parameter_counts_do_not_give_exercise_2(generated, tmp_path):
    tests = _grade_with("a4-cnn", "def conv_param_count(k, f, c_in, bias=True):\n    return k * (f * f + int(bias))\n"
                        "def fc_param_count(n_in, n_out, bias=True):\n    return n_in * n_out + 1\n", generated, tmp_path)
    _assert_hidden(tests["param_counts / test_conv_param_count[K10-F5-C3-biasTrue]"], 760, also=(500,))
    _assert_hidden(tests["param_counts / test_fc_param_count[in2500-out2500-biasTrue]"], 2500 * 2500 + 2500, also=(2499,))


@pytest.mark.parametrize("verdict", ["[]", "['layer 1: does not fit']"], ids=["always-feasible", "always-infeasible"])
def test_a4_check_stack_gives_no_verdict_on_the_exercise_networks(verdict, generated, tmp_path):
    tests = _grade_with("a4-cnn", f"def check_stack(input_hw, input_channels, layers, n_classes):\n    return {verdict}\n",
                        generated, tmp_path)
    exercise = tests["check_stack / test_exercise_networks"]
    assert not exercise.passed
    assert exercise.output == "check_stack on the four networks of exercise set 2, Q1 / 练习二第 1 题的四个网络: your answer is not correct / 答案不正确"
    assert not any("Q1" in name for name in tests if name != "check_stack / test_exercise_networks")


def test_a5_variance_does_not_give_the_problem_set_answer(generated, tmp_path):
    tests = _grade_with("a5-initialization", "def preactivation_variance(n, var_w, var_x, var_b=0.0):\n"
                        "    return n * var_w * var_x + 2 * var_b\n", generated, tmp_path)
    _assert_hidden(tests["variance / test_problem_set_q1"], 1.5, also=(1.0,))


def test_a3_ema_window_does_not_give_the_quiz_answer(generated, tmp_path):
    tests = _grade_with("a3-optimizers", "def ema_effective_window(beta):\n    return 1.0 / (1.0 - beta) ** 2\n",
                        generated, tmp_path)
    _assert_hidden(tests["ema / test_window[beta0.9]"], 10, also=(90,))
