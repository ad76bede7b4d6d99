"""Scoring policies with the worked example of docs/quizzes.md, plus single and numeric scoring."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nncourse.quiz.model import Option, Question, Text, Tolerance
from nncourse.quiz.parsing import NumberAnswer, Rejected, Selection
from nncourse.quiz.scoring import POLICIES, judge

KEY = frozenset({1, 4})
# The worked example of docs/quizzes.md: 5 options, key {1, 4}, 1 point.
# selection: (all-or-nothing, right-minus-wrong, coverage)
WORKED = {
    frozenset({1, 4}): (1.0, 1.0, 1.0),
    frozenset({1}): (0.0, 0.5, 0.5),
    frozenset({1, 4, 5}): (0.0, 0.5, 0.0),
    frozenset({1, 2}): (0.0, 0.0, 0.0),
    frozenset(): (0.0, 0.0, 0.0),
    frozenset({1, 2, 3, 4, 5}): (0.0, 0.0, 0.0),
}


@pytest.mark.parametrize("selection", list(WORKED), ids=lambda s: "{" + ",".join(map(str, sorted(s))) + "}")
@pytest.mark.parametrize("index, name", list(enumerate(["all-or-nothing", "right-minus-wrong", "coverage"])))
def test_worked_example(selection, index, name):
    assert POLICIES[name](selection, KEY, 5) == pytest.approx(WORKED[selection][index])


def test_docs_show_the_same_worked_example():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "quizzes.md").read_text("utf-8")
    for row in ("| {1, 4}    | 1 | 1   | 1   |", "| {1}       | 0 | 0.5 | 0.5 |", "| {1, 4, 5} | 0 | 0.5 | 0   |",
                "| {1, 2}    | 0 | 0   | 0   |"):
        assert row in docs


def test_right_minus_wrong_with_three_true_options():
    # K = {1, 2, 3}: two right, one wrong → (2 − 1)/3
    assert POLICIES["right-minus-wrong"](frozenset({1, 2, 5}), frozenset({1, 2, 3}), 5) == pytest.approx(1 / 3)


@given(st.frozensets(st.integers(1, 6)), st.frozensets(st.integers(1, 6), min_size=1))
def test_policies_stay_in_unit_interval_and_reward_only_the_key(selected, key):
    for name, policy in POLICIES.items():
        fraction = policy(selected, key, 6)
        assert 0.0 <= fraction <= 1.0, name
        assert (fraction == 1.0) == (selected == key), name


def _q(kind: str, **extra) -> Question:
    options = tuple(Option(i, "ABCDE"[i - 1], Text("x", "x")) for i in range(1, 6)) if kind != "numeric" else ()
    return Question(1, kind, Text("问", "Q"), None, 2.0, options, **extra)


def test_single_choice_is_right_or_wrong():
    q = _q("single")
    assert judge(q, frozenset({2}), None, Selection(frozenset({2}), "B"), "coverage").fraction == 1.0
    verdict = judge(q, frozenset({2}), None, Selection(frozenset({3}), "C"), "coverage")
    assert (verdict.fraction, verdict.status) == (0.0, "incorrect")


def test_multi_uses_the_quiz_policy_and_reports_partial():
    verdict = judge(_q("multi"), KEY, None, Selection(frozenset({1}), "1"), "coverage")
    assert (verdict.fraction, verdict.status) == (0.5, "partial")


def test_numeric_tolerance_boundary():
    q = _q("numeric", tolerance=Tolerance(abs=0.001), decimals=3)
    assert judge(q, frozenset(), 1.225, NumberAnswer(1.2247, "1.2247"), "coverage").fraction == 1.0
    assert judge(q, frozenset(), 1.225, NumberAnswer(1.226, "1.226"), "coverage").fraction == 1.0
    assert judge(q, frozenset(), 1.225, NumberAnswer(1.2265, "1.2265"), "coverage").fraction == 0.0


def test_relative_tolerance():
    q = _q("numeric", tolerance=Tolerance(rel=0.01), decimals=0)
    assert judge(q, frozenset(), 1000.0, NumberAnswer(1009, "1009"), "coverage").fraction == 1.0
    assert judge(q, frozenset(), 1000.0, NumberAnswer(1011, "1011"), "coverage").fraction == 0.0


def test_rejected_answers_score_zero():
    reason = Text("原因", "reason")
    assert judge(_q("single"), frozenset({1}), None, Rejected(reason, "zz"), "coverage").status == "invalid"
    assert judge(_q("single"), frozenset({1}), None, Rejected(reason, "", missing=True), "coverage").status == "missing"
