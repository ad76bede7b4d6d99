"""Forgiving answer parsing: every documented form is read, junk scores zero with a reason."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nncourse.quiz.model import Option, Question, Text, Tolerance
from nncourse.quiz.parsing import NumberAnswer, Rejected, Selection, parse_answer


def question(kind: str, n: int, labels: str = "letters") -> Question:
    options = tuple(Option(i, "ABCDEFGH"[i - 1] if labels == "letters" else str(i), Text("x", "x")) for i in range(1, n + 1))
    return Question(1, kind, Text("问", "Q"), None, 1.0, options)


SINGLE_LETTERS = question("single", 4)
MULTI_NUMBERS = question("multi", 5, "numbers")
MULTI_LETTERS = question("multi", 5)
NUMERIC = Question(1, "numeric", Text("问", "Q"), None, 1.0, tolerance=Tolerance(abs=0.5), decimals=0)


@pytest.mark.parametrize("raw", ["B", "b", "(B)", "B.", " B ", "Ｂ", "选B", "选 b", "（Ｂ）", "答案：B", "[B]", "B。", ["B"], "Answer: b"])
def test_single_letter_forms(raw):
    assert parse_answer(raw, SINGLE_LETTERS) == Selection(frozenset({2}), raw if isinstance(raw, str) else "B")


@pytest.mark.parametrize("raw", ["1,4", "4 1", "{1, 4}", "1、4", "[1,4]", "1，4", "1;4", "4,1,1", "选1和4", [1, 4], ["4", "1"], "１、４"])
def test_multi_number_forms(raw):
    parsed = parse_answer(raw, MULTI_NUMBERS)
    assert isinstance(parsed, Selection)
    assert parsed.choices == frozenset({1, 4})


@pytest.mark.parametrize("raw", ["AC", "a,c", "A、C", "{A, C}", "c a", ["A", "C"]])
def test_multi_letter_forms(raw):
    assert parse_answer(raw, MULTI_LETTERS).choices == frozenset({1, 3})


@pytest.mark.parametrize("raw", ["{}", "[]", "无", [], "none"])
def test_explicit_empty_selection_for_multi(raw):
    assert parse_answer(raw, MULTI_NUMBERS) == Selection(frozenset(), raw if isinstance(raw, str) else "")


def test_single_number_forms():
    q = question("single", 5, "numbers")
    for raw in ("2", "(2)", "2.", "２", "选2", 2, 2.0, ["2"]):
        assert parse_answer(raw, q).choices == frozenset({2}), raw


@pytest.mark.parametrize("raw, value", [("391", 391), ("３９１", 391), ("6,250,490", 6250490), ("1.225", 1.225),
                                        ("1/4", 0.25), ("约 0.25", 0.25), (" -0.5 ", -0.5), (7800, 7800), ("1e-3", 0.001)])
def test_numeric_forms(raw, value):
    parsed = parse_answer(raw, NUMERIC)
    assert isinstance(parsed, NumberAnswer) and parsed.value == pytest.approx(value, abs=1e-12)


@pytest.mark.parametrize("raw, fragment", [
    ("E", "no option E"),             # out of range
    ("AB", "exactly one option"),     # two answers to a single-choice question
    ("2", "cannot read '2'"),         # a number where a letter is expected
    ("the second one", "cannot read"),
    ({"B": True}, "(got"),
    (True, "(got 'True')"),
    ("{}", "(got '{}')"),
    (1.5, "(got '1.5')"),
])
def test_single_junk_is_rejected_with_reason(raw, fragment):
    parsed = parse_answer(raw, SINGLE_LETTERS)
    assert isinstance(parsed, Rejected) and not parsed.missing
    assert "expected one option letter A–D" in parsed.reason.en
    assert "应填写" in parsed.reason.zh
    assert fragment in parsed.reason.en


@pytest.mark.parametrize("raw", ["1,6", "1-4", "one and four", "14", [1, [4, {}]], {"1": 4}])
def test_multi_junk_is_rejected_with_reason(raw):
    parsed = parse_answer(raw, MULTI_NUMBERS)
    assert isinstance(parsed, Rejected)
    assert "expected option numbers from 1–5" in parsed.reason.en


def test_out_of_range_number_names_the_option():
    assert "there is no option 6 (this question has 1–5)" in parse_answer("1,6", MULTI_NUMBERS).reason.en


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_missing_answers(raw):
    parsed = parse_answer(raw, SINGLE_LETTERS)
    assert isinstance(parsed, Rejected) and parsed.missing


@pytest.mark.parametrize("raw", ["abc", "1/0", "nan", "inf", "2**2**2**2**2", True, [1], "__import__('os')"])
def test_numeric_junk_is_rejected(raw):
    parsed = parse_answer(raw, NUMERIC)
    assert isinstance(parsed, Rejected), raw
    assert "expected a number" in parsed.reason.en


answers = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(answers)
def test_parsing_never_raises(raw):
    for q in (SINGLE_LETTERS, MULTI_NUMBERS, MULTI_LETTERS, NUMERIC):
        parsed = parse_answer(raw, q)
        assert isinstance(parsed, (Selection, NumberAnswer, Rejected))
        if isinstance(parsed, Selection):
            assert parsed.choices <= set(range(1, len(q.options) + 1))
