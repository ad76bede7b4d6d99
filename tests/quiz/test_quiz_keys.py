"""Computed keys: exactly one option must match; the reference is called from the course folder."""

from __future__ import annotations

import pytest

from nncourse.course import Course
from nncourse.errors import AuthoringError
from nncourse.quiz.keys import KeyBuildError, build_key
from nncourse.quiz.loader import load_quiz
from nncourse.quiz.references import folder_resolver

from quiz_helpers import make_course, quiz_text, single  # noqa: F401 - make_course is a fixture

REF = '''
import numpy as np

def vector():
    return np.array([0.12349, -1.0004])

def count():
    return 128

def minimizer():
    return lambda a, b: np.array([(a + 2 * b) / 3])

def feasible(value):
    return value["size"] % 2 == 0

def broken():
    raise NotImplementedError("not written yet")

def table():
    return {"N": 10, "C": 3}

def one_element():
    return np.array([0.99])
'''


def key_of(make_course, body: str, **header):
    root = make_course({"q": quiz_text("q", body, **header)}, {"ref": REF})
    course = Course.at(root)
    return build_key(load_quiz(course.quizzes / "q.toml"), folder_resolver(course.solutions))


def test_one_match_gives_the_key(make_course):
    body = single(1, '{ from = "solutions.ref:count" }', ["100", "128", "160"])
    key = key_of(make_course, body)
    assert key.as_json() == {"1": "B"}
    assert key.entry(1).source == "solutions.ref:count" and key.entry(1).detail == "128"


def test_zero_matches_fail_the_build(make_course):
    body = single(1, '{ from = "solutions.ref:count" }', ["100", "127", "160"])
    with pytest.raises(KeyBuildError, match=r"q.toml:\d+: question 1: 0 options match the reference solutions.ref:count"):
        key_of(make_course, body)


def test_two_matches_fail_the_build(make_course):
    body = single(1, '{ from = "solutions.ref:count" }', ["128", "100", "128"])
    with pytest.raises(KeyBuildError, match=r"2 options match .* matched: A, C"):
        key_of(make_course, body)


def test_rounding_decides_the_match(make_course):
    options = ["[0.123, -1.0]", "[0.124, -1.0]", "[0.1235, -1.0004]"]
    key = key_of(make_course, single(1, '{ from = "solutions.ref:vector", match = "rounded", decimals = 3 }', options))
    assert key.as_json() == {"1": "A"}
    # at four decimals 0.12349 → 0.1235 and −1.0004 stays: only C matches
    key = key_of(make_course, single(1, '{ from = "solutions.ref:vector", match = "rounded", decimals = 4 }', options))
    assert key.as_json() == {"1": "C"}
    # without rounding nothing matches
    with pytest.raises(KeyBuildError):
        key_of(make_course, single(1, '{ from = "solutions.ref:vector", match = "rounded" }', options))


def test_expression_matcher_compares_formulas_at_random_points(make_course):
    body = '''
    [[questions]]
    number = 1
    kind = "single"
    text_zh = "问"
    text_en = "Q"
    key = { from = "solutions.ref:minimizer", match = "expression", variables = ["a", "b"] }

    [[questions.options]]
    text = "(a + b)/2"
    value = ["a/2 + b/2"]

    [[questions.options]]
    text = "a/3 + 2b/3"
    value = ["a/3 + 2*b/3"]
    '''
    assert key_of(make_course, body).as_json() == {"1": "B"}


def test_predicate_gives_a_multi_select_key(make_course):
    body = '''
    [[questions]]
    number = 1
    kind = "multi"
    text_zh = "问"
    text_en = "Q"
    key = { from = "solutions.ref:feasible", match = "predicate" }
    ''' + "".join(f'\n[[questions.options]]\ntext = "{n}"\nvalue = {{ size = {n} }}\n' for n in (2, 3, 4))
    assert key_of(make_course, body, labels="numbers").as_json() == {"1": [1, 3]}


def test_exact_tables(make_course):
    options = ['{ N = 3, C = 10 }', '{ N = 10, C = 3 }']
    assert key_of(make_course, single(1, '{ from = "solutions.ref:table" }', options), labels="numbers").as_json() == {"1": 2}


def test_numeric_computed_key(make_course):
    body = '''
    [[questions]]
    number = 1
    kind = "numeric"
    text_zh = "问"
    text_en = "Q"
    decimals = 0
    key = { from = "solutions.ref:count" }
    '''
    assert key_of(make_course, body).as_json() == {"1": 128}
    assert key_of(make_course, body.replace("ref:count", "ref:one_element")).as_json() == {"1": 0.99}
    with pytest.raises(AuthoringError, match="a numeric key needs a finite number"):
        key_of(make_course, body.replace("ref:count", "ref:vector"))


def test_failing_reference_is_an_authoring_error_not_a_crash(make_course):
    body = single(1, '{ from = "solutions.ref:broken" }', ["1", "2"])
    with pytest.raises(AuthoringError, match="reference solutions.ref:broken failed: NotImplementedError: not written yet"):
        key_of(make_course, body)


def test_missing_module_or_function(make_course):
    with pytest.raises(AuthoringError, match="cannot import solutions.nope from "):
        key_of(make_course, single(1, '{ from = "solutions.nope:f" }', ["1", "2"]))
    with pytest.raises(AuthoringError, match="has no function 'f'"):
        key_of(make_course, single(1, '{ from = "solutions.ref:f" }', ["1", "2"]))
