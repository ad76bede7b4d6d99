"""Student self-check: the bundle holds no key, checks answers, and is honest about brute force."""

from __future__ import annotations

import itertools
import json

import pytest

from nncourse.errors import AnswerError
from nncourse.quiz.answers import collect
from nncourse.course import Course
from nncourse.quiz.keys import build_key
from nncourse.quiz.loader import load_quiz
from nncourse.quiz.references import folder_resolver
from nncourse.quiz.selfcheck import DISCLAIMER, canonical, check_sheet, digest, make_bundle, render_check

from quiz_helpers import ROOT


@pytest.fixture(scope="module")
def key():
    return build_key(load_quiz(ROOT / "assignments" / "quizzes" / "concepts.toml"), folder_resolver(Course.at(ROOT).solutions))


def check(bundle, pairs):
    numbers = {q["number"] for q in bundle["questions"]}
    return {line.number: line for line in check_sheet(bundle, collect(pairs, numbers))}


def test_bundle_contains_no_key_or_justification(key):
    bundle = make_bundle(key, salt="s")
    stripped = dict(bundle, salt="", questions=[dict(q, hash="") for q in bundle["questions"]])
    text = json.dumps(stripped, ensure_ascii=False)  # hex digests may contain any digits
    assert "correct" not in text and "why" not in text and "391" not in text and "7800" not in text
    q1 = bundle["questions"][0]
    assert set(q1) == {"number", "kind", "points", "options", "decimals", "hash"}
    assert q1["hash"] == digest("s", "concepts", 1, "2")  # key B → option index 2


def test_check_matches_differs_and_explains(key):
    bundle = make_bundle(key)
    lines = check(bundle, [("1", "选b"), ("2", "３９１"), ("4", "A"), ("5", "A,B"), ("19", "1.5"), ("6", "??")])
    assert lines[1].status == "match" and lines[2].status == "match" and lines[19].status == "match"
    assert lines[4].status == "differs" and "does not match the key" in lines[4].message
    assert lines[5].status == "differs" and "partial credit" in lines[5].message
    assert lines[6].status == "invalid" and "expected one option letter A–D" in lines[6].message
    assert lines[3].status == "missing"


def test_report_states_that_the_real_grade_uses_the_instructors_key(key):
    bundle = make_bundle(key)
    text = render_check(bundle, check_sheet(bundle, collect([("1", "C")], {1})))
    assert DISCLAIMER.zh in text and DISCLAIMER.en in text
    assert "instructor's key" in text and "正式成绩" in text
    assert "0/32" in text


def test_salt_changes_every_hash(key):
    a, b = make_bundle(key), make_bundle(key)
    assert a["salt"] != b["salt"]
    assert all(x["hash"] != y["hash"] for x, y in zip(a["questions"], b["questions"]))


def test_format_only_bundle_has_no_hashes_and_only_checks_readability(key):
    bundle = make_bundle(key, "format-only")
    assert "salt" not in bundle and all("hash" not in q for q in bundle["questions"])
    lines = check(bundle, [("1", "C"), ("5", "A、D")])
    assert lines[1].status == "readable" and "answer readable: C" in lines[1].message
    assert lines[5].message.endswith("A, D")


def test_brute_force_recovers_single_and_multi_keys(key):
    """Documented limitation: with the bundle, every key of a small option set can be recovered."""
    bundle = make_bundle(key)
    recovered = {}
    for item in bundle["questions"]:
        if item["kind"] == "numeric":
            continue
        n = len(item["options"])
        subsets = (frozenset(c) for r in range(n + 1) for c in itertools.combinations(range(1, n + 1), r))
        for subset in subsets:
            if digest(bundle["salt"], bundle["quiz"], item["number"], ",".join(map(str, sorted(subset)))) == item["hash"]:
                recovered[item["number"]] = subset
    assert recovered == {e.number: e.choices for e in key.entries if e.kind != "numeric"}


def test_canonical_numbers():
    from nncourse.quiz.model import Question, Text

    q = Question(1, "numeric", Text("", ""), None, 1.0, decimals=2)
    assert canonical(q, value=0.249) == "0.25" and canonical(q, value=-0.001) == "0.00"


def test_damaged_bundle_is_an_answer_error():
    with pytest.raises(AnswerError, match="not a quiz check bundle"):
        check_sheet({"format": "other"}, collect([], set()))
    with pytest.raises(AnswerError, match="damaged"):
        check_sheet({"format": "nncourse-quiz-check/1", "quiz": "x", "mode": "hashes", "questions": [{"kind": "single"}]},
                    collect([], set()))
