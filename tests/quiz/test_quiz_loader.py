"""Quiz files are validated on load and every problem names its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from nncourse.errors import AuthoringError
from nncourse.quiz.loader import parse_quiz

from quiz_helpers import quiz_text

GOOD = '''
[[questions]]
number = 1
kind = "single"
text_zh = "问题一"
text_en = "Question one"

[[questions.options]]
zh = "甲"
en = "first"
correct = false
why_zh = "不对"
why_en = "wrong"

[[questions.options]]
zh = "乙"
en = "second"
correct = true
why_zh = "对"
why_en = "right"
'''


def load(text: str, name: str = "q") -> object:
    return parse_quiz(text, Path(f"/quizzes/{name}.toml"))


def error_of(text: str, name: str = "q") -> str:
    with pytest.raises(AuthoringError) as info:
        load(text, name)
    return info.value.one_line()


def line_containing(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_good_quiz_loads():
    quiz = load(quiz_text("q", GOOD))
    assert quiz.id == "q" and quiz.questions[0].options[1].correct is True
    assert quiz.questions[0].options[1].label == "B"
    assert quiz.questions[0].line == line_containing(quiz_text("q", GOOD), "[[questions]]")


def test_unknown_kind_names_its_line():
    text = quiz_text("q", GOOD.replace('kind = "single"', 'kind = "singel"'))
    message = error_of(text)
    assert f"q.toml:{line_containing(text, 'singel')}: question 1: kind must be one of single, multi, numeric (got 'singel')" in message


def test_missing_justification_points_at_the_option():
    text = quiz_text("q", GOOD.replace('why_en = "right"\n', ""))
    option_line = [i for i, line in enumerate(text.splitlines(), start=1) if line == "[[questions.options]]"][1]
    assert f"q.toml:{option_line}: question 1 option B: missing 'why_en'" in error_of(text)


def test_typo_in_field_name_is_reported_on_its_line():
    text = quiz_text("q", GOOD.replace('why_zh = "对"', 'wyh_zh = "对"'))
    message = error_of(text)
    assert f"q.toml:{line_containing(text, 'wyh_zh')}: question 1 option B: unknown field 'wyh_zh'" in message


def test_all_problems_reported_at_once_in_line_order_on_one_line():
    text = quiz_text("q", GOOD.replace("number = 1", "number = 3").replace("correct = true", 'correct = "yes"'))
    message = error_of(text)
    assert "\n" not in message and "(2 problems)" in message
    first, second = line_containing(text, "number = 3"), line_containing(text, 'correct = "yes"')
    assert message.index(f"q.toml:{first}:") < message.index(f"q.toml:{second}:")


def test_single_choice_author_key_needs_exactly_one_correct():
    text = quiz_text("q", GOOD.replace("correct = false", "correct = true"))
    assert f"q.toml:{line_containing(text, '[[questions]]')}: question 1: a single-choice author key needs exactly one option" in error_of(text)


def test_toml_syntax_error_keeps_its_line():
    text = quiz_text("q", GOOD.replace('en = "second"', 'en = "second'))
    line = line_containing(text, 'en = "second')
    assert f"q.toml:{line}: invalid TOML" in error_of(text)


def test_id_must_match_file_name():
    assert "id 'q' must equal the file name 'other'" in error_of(quiz_text("q", GOOD), name="other")


def test_computed_key_needs_option_values():
    body = '''
    [[questions]]
    number = 1
    kind = "single"
    text_zh = "问"
    text_en = "Q"
    key = { from = "solutions.ref:f", match = "rounded", decimals = 3 }

    [[questions.options]]
    text = "1"
    value = 1

    [[questions.options]]
    text = "2"
    '''
    text = quiz_text("q", body)
    option_line = [i for i, line in enumerate(text.splitlines(), start=1) if line == "[[questions.options]]"][1]
    assert f"q.toml:{option_line}: question 1 option B: a computed key is matched against each option's value" in error_of(text)


def test_bad_reference_target_and_matcher():
    body = '''
    [[questions]]
    number = 1
    kind = "numeric"
    text_zh = "问"
    text_en = "Q"
    decimals = 0
    key = { from = "os:system" }
    '''
    text = quiz_text("q", body)
    assert f"q.toml:{line_containing(text, 'os:system')}: question 1: key.from must look like" in error_of(text)
    text = quiz_text("q", body.replace('"os:system"', '"solutions.ref:f", match = "fuzzy"'))
    assert "key.match must be one of exact, rounded, expression, predicate (got 'fuzzy')" in error_of(text)


def test_numeric_question_needs_answer_and_decimals():
    body = '''
    [[questions]]
    number = 1
    kind = "numeric"
    text_zh = "问"
    text_en = "Q"
    why_zh = "因为"
    why_en = "because"
    '''
    message = error_of(quiz_text("q", body))
    assert "needs answer = <number>" in message and "needs decimals" in message


def test_unknown_policy_and_labels():
    text = quiz_text("q", GOOD, policy="half-credit").replace('labels = "letters"', 'labels = "roman"')
    message = error_of(text)
    assert f"q.toml:{line_containing(text, 'half-credit')}: quiz: policy must be one of all-or-nothing, right-minus-wrong, coverage" in message
    assert f"q.toml:{line_containing(text, 'roman')}: quiz: labels must be one of letters, numbers" in message


def test_the_course_quizzes_validate():
    from nncourse.quiz.loader import load_quiz

    folder = Path(__file__).resolve().parents[2] / "assignments" / "quizzes"
    quizzes = {p.stem: load_quiz(p) for p in folder.glob("*.toml")}
    assert {"textbook-ex1", "textbook-ex2", "concepts"} <= set(quizzes)
    assert len(quizzes["concepts"].questions) >= 20
    assert [q.number for q in quizzes["textbook-ex1"].questions] == list(range(1, 11))
    assert [o.label for o in quizzes["textbook-ex1"].questions[0].options] == ["A", "B", "C", "D"]
    assert [o.label for o in quizzes["textbook-ex2"].questions[2].options] == ["1", "2", "3", "4", "5"]
    for quiz in quizzes.values():
        for q in quiz.questions:
            assert q.text.zh and q.text.en
            for o in q.options:
                if o.correct is not None:  # author key: a bilingual justification beside every option
                    assert o.why and o.why.zh and o.why.en
