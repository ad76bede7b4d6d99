"""``nncourse list`` / ``nncourse quiz …`` black-box: exit codes, outputs, never a traceback."""

from __future__ import annotations

import csv
import io
import json

import pytest

from quiz_helpers import ROOT, make_course, quiz_text, run_cli, single  # noqa: F401 - make_course is a fixture

CONCEPTS_KEY_PART = {"1": "B", "2": 391, "5": ["A", "B", "D"], "19": 1.5, "22": 10}


def ok(result, code=0):
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert result.returncode == code, result.stderr
    return result


def test_list_shows_quizzes_with_kind_quiz():
    out = ok(run_cli("list")).stdout.splitlines()
    kinds = {line.split()[0]: line.split()[1] for line in out if line.strip()}
    for ident in ("textbook-ex1", "textbook-ex2", "concepts"):
        assert kinds.get(ident) == "quiz"
    assert any(line.startswith("textbook-ex1 quiz 教材练习一") for line in out)
    only = ok(run_cli("list", "--kind", "quiz")).stdout.split("\n")
    assert all(" quiz " in line for line in only if line)


def test_key_json_is_keyed_by_question_number():
    data = json.loads(ok(run_cli("quiz", "key", "concepts", "--json")).stdout)
    assert list(data) == [str(n) for n in range(1, 33)]
    assert {k: data[k] for k in CONCEPTS_KEY_PART} == CONCEPTS_KEY_PART


def test_key_table_names_the_source():
    out = ok(run_cli("quiz", "key", "concepts")).stdout
    assert "policy: coverage" in out and "author" in out


def test_grade_one_file_writes_gradescope_json(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"1": "b", "2": "391", "5": "A、B、D", "4": "选C", "3": "banana"}), "utf-8")
    out = tmp_path / "results.json"
    result = ok(run_cli("quiz", "grade", "concepts", str(answers), "-o", str(out)))
    assert "4/32" in result.stdout
    data = json.loads(out.read_text("utf-8"))
    assert (data["score"], data["extra_data"]["max_score"]) == (4, 32) and len(data["tests"]) == 32
    assert "expected a number" in data["tests"][2]["output"]


def test_grade_to_stdout_and_other_formats(tmp_path):
    (tmp_path / "a.toml").write_text('1 = "B"\n4 = "C"\n', "utf-8")
    (tmp_path / "a.txt").write_text("1: B\n# comment\n4: c\n", "utf-8")
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
          "cells": [{"cell_type": "code", "metadata": {}, "source": "answers = {'1': 'B', '4': 'C'}"}]}
    (tmp_path / "a.ipynb").write_text(json.dumps(nb), "utf-8")
    for name in ("a.toml", "a.txt", "a.ipynb"):
        data = json.loads(ok(run_cli("quiz", "grade", "concepts", str(tmp_path / name))).stdout)
        assert data["score"] == 2, name


def test_batch_gives_csv_and_survives_a_broken_file(tmp_path):
    (tmp_path / "alice.json").write_text('{"1": "B", "4": "C"}', "utf-8")
    (tmp_path / "bob.json").write_text('{"1": "A"}', "utf-8")
    (tmp_path / "carol.json").write_text("{broken", "utf-8")
    outdir = tmp_path / "out"
    result = ok(run_cli("quiz", "grade", "concepts", *(str(tmp_path / f"{n}.json") for n in ("alice", "bob", "carol")),
                        "-o", str(outdir)))
    assert "carol.json: scored 0" in result.stderr
    rows = list(csv.DictReader(io.StringIO((outdir / "grades.csv").read_text("utf-8"))))
    assert [(r["submission"].split("/")[-1], r["score"]) for r in rows] == [("alice.json", "2"), ("bob.json", "0"), ("carol.json", "0")]
    assert "not valid JSON" in rows[2]["error"]
    assert json.loads((outdir / "alice.json").read_text("utf-8"))["score"] == 2
    # without -o the CSV goes to stdout
    table = ok(run_cli("quiz", "grade", "concepts", str(tmp_path / "alice.json"), str(tmp_path / "bob.json"))).stdout
    assert table.startswith("submission,quiz,score,max_score,Q1")


def test_check_from_an_exported_bundle_never_shows_the_key(tmp_path):
    ok(run_cli("quiz", "export", "concepts", "-o", str(tmp_path / "student")))
    bundle = tmp_path / "student" / "concepts.check.json"
    assert (tmp_path / "student" / "concepts.md").read_text("utf-8").startswith("# 概念测验")
    template = json.loads((tmp_path / "student" / "concepts.answers.json").read_text("utf-8"))
    assert set(template) == {str(n) for n in range(1, 33)}
    answers = tmp_path / "mine.json"
    answers.write_text('{"1": "B", "4": "A", "6": "zzz"}', "utf-8")
    # a student has no course: run from an empty folder with the course variable unset
    env_free = tmp_path / "elsewhere"
    env_free.mkdir()
    result = ok(run_cli("quiz", "check", str(bundle), str(answers), cwd=env_free))
    out = result.stdout
    assert "Q1   ✓" in out and "Q4   ✗" in out and "expected one option letter" in out
    assert "instructor's key" in out and "正式成绩" in out
    assert "参考答案" not in out and "key:" not in out


def test_check_by_quiz_id_instructor_side(tmp_path):
    answers = tmp_path / "mine.json"
    answers.write_text('{"2": "391"}', "utf-8")
    out = ok(run_cli("quiz", "check", "concepts", str(answers))).stdout
    assert "Q2   ✓" in out


@pytest.mark.parametrize("args, fragment", [
    (("quiz", "key", "no-such-quiz"), "no quiz called 'no-such-quiz'"),
    (("quiz", "grade", "concepts", "missing.json"), None),
    (("quiz", "check", "concepts", "missing.json"), "no such answers file"),
    (("quiz", "check", "bundle.json", "missing.json"), None),
])
def test_user_errors_are_one_line_exit_2(args, fragment, tmp_path):
    result = run_cli(*args, cwd=ROOT)
    assert "Traceback" not in result.stderr
    if args[1] == "grade":  # an unreadable answers file is graded zero, with the reason
        assert result.returncode == 0 and "no such answers file" in result.stderr
        assert json.loads(result.stdout)["score"] == 0
        return
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("nncourse: ")
    if fragment:
        assert fragment in result.stderr


def test_broken_quiz_reports_line_numbers(make_course):
    text = quiz_text("bad", single(1, '{ from = "solutions.ref:f", match = "closest" }', ["1", "2"]))
    root = make_course({"bad": text}, {"ref": "def f():\n    return 1\n"})
    result = run_cli("--course", str(root), "quiz", "key", "bad")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    line = next(i for i, l in enumerate(text.splitlines(), start=1) if "closest" in l)
    assert f"bad.toml:{line}: question 1: key.match must be one of" in result.stderr
    # the broken quiz is still listed
    assert "bad quiz" in ok(run_cli("--course", str(root), "list")).stdout


def test_key_build_failure_is_reported_not_crashed(make_course):
    root = make_course({"q": quiz_text("q", single(1, '{ from = "solutions.ref:f" }', ["1", "1"]))},
                       {"ref": "def f():\n    return 1\n"})
    result = run_cli("--course", str(root), "quiz", "key", "q", "--json")
    assert result.returncode == 2 and "2 options match the reference solutions.ref:f" in result.stderr
    assert "Traceback" not in result.stderr


def test_computed_key_in_a_fixture_course(make_course):
    root = make_course({"q": quiz_text("q", single(1, '{ from = "solutions.ref:f" }', ["3", "4"]), labels="numbers")},
                       {"ref": "def f():\n    return 4\n"})
    assert json.loads(ok(run_cli("--course", str(root), "quiz", "key", "q", "--json")).stdout) == {"1": 2}
