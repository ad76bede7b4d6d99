"""Answer files: JSON, TOML, a notebook cell and plain lines; grading a sheet end to end (in-process)."""

from __future__ import annotations

import json

import pytest

from nncourse.errors import AnswerError
from nncourse.quiz.answers import collect, read_pairs, read_sheet
from nncourse.quiz.grading import grade_sheet
from nncourse.course import Course
from nncourse.quiz.keys import build_key
from nncourse.quiz.loader import load_quiz
from nncourse.quiz.references import folder_resolver
from nncourse.quiz.report import batch_csv, gradescope

from quiz_helpers import ROOT


@pytest.fixture(scope="module")
def concepts_key():
    quiz = load_quiz(ROOT / "assignments" / "quizzes" / "concepts.toml")
    return build_key(quiz, folder_resolver(Course.at(ROOT).solutions))


def test_json_answers_in_the_issue_format(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"4": "b", "7": "选A", "1": "4、1"}', "utf-8")
    assert read_pairs(path) == [("4", "b"), ("7", "选A"), ("1", "4、1")]


def test_nested_answers_table_and_toml(tmp_path):
    (tmp_path / "a.json").write_text('{"answers": {"Q2": 391}}', "utf-8")
    assert read_pairs(tmp_path / "a.json") == [("Q2", 391)]
    (tmp_path / "a.toml").write_text('1 = "B"\n5 = ["A", "B", "D"]\n', "utf-8")
    assert read_pairs(tmp_path / "a.toml") == [("1", "B"), ("5", ["A", "B", "D"])]


def notebook(cells):
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                       "cells": [{"cell_type": t, "metadata": m, "source": s} for t, m, s in cells]})


def test_notebook_answers_cell_dict_literal(tmp_path):
    path = tmp_path / "a.ipynb"
    path.write_text(notebook([("markdown", {}, "# 测验"), ("code", {}, ["answers = {\n", "  '1': 'B',\n", "  '5': [1, 2]}\n"])]), "utf-8")
    assert read_pairs(path) == [("1", "B"), ("5", [1, 2])]


def test_notebook_tagged_cell_with_lines(tmp_path):
    path = tmp_path / "a.ipynb"
    path.write_text(notebook([("markdown", {"tags": ["answers"]}, "1: B\n第2题：391\n")]), "utf-8")
    assert read_pairs(path) == [("1", "B"), ("第2题", "391")]


def test_notebook_answers_cell_must_be_a_literal(tmp_path):
    path = tmp_path / "a.ipynb"
    path.write_text(notebook([("code", {}, "answers = {'1': __import__('os').getcwd()}")]), "utf-8")
    with pytest.raises(AnswerError, match="plain dict literal"):
        read_pairs(path)


@pytest.mark.parametrize("name, content, fragment", [
    ("a.json", "{not json", "a.json:1: not valid JSON"),
    ("a.json", '["B", "C"]', "expected an object of answers"),
    ("a.toml", "1 = ", "not valid TOML"),
    ("a.ipynb", "{}", "not a Jupyter notebook"),
    ("a.txt", "1: B\nwhat is this\n", "a.txt:2: expected 'N: answer'"),
    ("a.docx", "", "unknown answers file type '.docx'"),
])
def test_unreadable_files_raise_answer_error(tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_text(content, "utf-8")
    with pytest.raises(AnswerError, match=fragment.replace("(", r"\(").replace(".", r"\.")):
        read_pairs(path)


def test_collect_normalises_keys_and_keeps_notes():
    sheet = collect([("Q1", "B"), ("第2题", "391"), ("q3", "x"), ("99", "A"), ("name", "Li"), ("1", "C")], {1, 2, 3})
    assert sheet.answers == {1: "C", 2: "391", 3: "x"}
    assert sheet.duplicates == {1}
    assert [n.en for n in sheet.notes] == ["ignored question 99: the quiz has no such question", "ignored 'name': not a question number"]


def test_perfect_sheet_scores_full_marks(concepts_key, tmp_path):
    path = tmp_path / "perfect.json"
    path.write_text(json.dumps(concepts_key.as_json()), "utf-8")
    result = grade_sheet(concepts_key, read_sheet(path, concepts_key.quiz), "perfect")
    assert result.score == result.max_score == len(concepts_key.quiz.questions)


def test_gradescope_format_and_feedback(concepts_key):
    # Q5 key A, B, D under coverage: "A" alone covers 1/3; Q1 junk; Q4 missing
    sheet = collect([("5", "A"), ("1", "banana"), ("2", "391"), ("10", "0.99")], {q.number for q in concepts_key.quiz.questions})
    result = grade_sheet(concepts_key, sheet, "s1")
    data = gradescope(result)
    assert set(data) == {"score", "extra_data", "output", "tests"}
    assert data["extra_data"]["max_score"] == 32 and data["score"] == pytest.approx(2 + 1 / 3, abs=1e-6)
    tests = {t["name"].split()[0]: t for t in data["tests"]}
    assert set(tests["Q1"]) == {"name", "number", "score", "max_score", "output", "visibility"}
    assert tests["Q1"]["score"] == 0 and "expected one option letter A–D" in tests["Q1"]["output"]
    assert "应填写" in tests["Q1"]["output"]
    assert tests["Q5"]["score"] == pytest.approx(1 / 3, abs=1e-6) and "coverage" in tests["Q5"]["output"]
    assert "参考答案 / key: A, B, D" in tests["Q5"]["output"]
    assert "no answer" in tests["Q4"]["output"]
    assert all(t["visibility"] == "after_published" for t in data["tests"])


def test_no_reveal_keeps_the_key_out_of_feedback(concepts_key):
    sheet = collect([("1", "A")], {1})
    result = grade_sheet(concepts_key, sheet, "s", reveal=False, visibility="visible")
    q1 = result.questions[0]
    assert q1.score == 0 and "key" not in q1.feedback and q1.visibility == "visible"


def test_batch_csv(concepts_key):
    a = grade_sheet(concepts_key, collect([("1", "B")], {1}), "alice.json")
    b = grade_sheet(concepts_key, collect([("1", "C")], {1}), "bob.json")
    lines = batch_csv([a, b]).splitlines()
    assert lines[0].startswith("submission,quiz,score,max_score,Q1,Q2,") and lines[0].endswith(",Q32,error")
    assert lines[1].startswith("alice.json,concepts,1,32,1,0,") and lines[2].startswith("bob.json,concepts,0,32,0,0,")
