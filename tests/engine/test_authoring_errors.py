"""Authoring fails loudly: each mistake an instructor can make in a master notebook, its config
or the output folder is one line naming the cell or key and the fix, never a silent success."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import nncourse

from nncourse.course import Course
from nncourse.errors import AuthoringError

CONFIG = "# ASSIGNMENT CONFIG\nid: tiny\ntitle: Tiny\nreference: tiny_ref\nsuite: tiny\n"
QUESTION = "# BEGIN QUESTION\nname: double\npoints: 2\n"
SOLUTION = "# REFERENCE: double\n"
PUBLIC = "assert double(2) == 4\n"
SUITE = 'QUESTION = "double"\n\n\ndef test_double(student):\n    assert student.double(21) == 42\n'
REFERENCE = "def double(x):\n    # BEGIN SOLUTION\n    return 2 * x\n    # END SOLUTION\n"


def _cell(kind: str, source: str) -> dict:
    cell = {"cell_type": kind, "metadata": {}, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def make_course(root: Path, *, config: str = CONFIG, question: str = QUESTION, end_question: str = "# END QUESTION",
                end_tests: str = "# END TESTS", solution: str = SOLUTION, suite: str | None = SUITE) -> Course:
    """A one-question course: ``double(x)`` (a config, a question, its solution, one public test)."""
    (root / "assignments" / "tiny").mkdir(parents=True, exist_ok=True)
    (root / "solutions").mkdir(exist_ok=True)
    (root / "pyproject.toml").write_text("[tool.nncourse]\n", "utf-8")
    (root / "solutions" / "tiny_ref.py").write_text(REFERENCE, "utf-8")
    if suite is not None:
        (root / "autograder" / "tiny").mkdir(parents=True, exist_ok=True)
        (root / "autograder" / "tiny" / "test_double.py").write_text(suite, "utf-8")
    cells = [_cell("raw", config), _cell("markdown", "Double a number."), _cell("raw", question),
             _cell("code", solution), _cell("raw", "# BEGIN TESTS"), _cell("code", PUBLIC), _cell("raw", end_tests),
             _cell("raw", end_question)]
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}
    (root / "assignments" / "tiny" / "master.ipynb").write_text(json.dumps(nb), "utf-8")
    return Course.at(root)


def _fails(course: Course, out: Path, *words: str) -> str:
    from nncourse.authoring.generate import generate

    with pytest.raises(AuthoringError) as info:
        generate(course, "tiny", out)
    line = info.value.one_line()
    assert "\n" not in line
    for w in words:
        assert w in line, line
    return line


@pytest.mark.parametrize("change, words", [
    (dict(config=CONFIG.replace("suite: tiny", "suite: tinny")), ("suite 'tinny'", "existing suites: tiny")),
    (dict(config=CONFIG + "cell_timout: 3\n"), ("unknown key(s) cell_timout in ASSIGNMENT CONFIG", "did you mean cell_timeout")),
    (dict(question=QUESTION + "point: 3\n"), ("cell 3", "unknown key(s) point in BEGIN QUESTION")),
    (dict(end_question="# END QUESTIN"), ("cell 8", "unknown marker '# END QUESTIN'")),
    (dict(end_question="# nothing here"), ("cell 3", "question 'double' has no END QUESTION")),
    (dict(end_tests="# END QUESTION", end_question="# END TESTS"), ("cell 7", "END QUESTION inside the tests opened in cell 5")),
    (dict(config=CONFIG.replace("reference: tiny_ref\n", "")), ("cell 4", "needs a reference module", "reference: MODULE")),
    (dict(suite=""), ("suite", "has no test_*.py files")),
    (dict(config=CONFIG + "data_seed: everyone\n"), ("data_seed must be one of fixed, student", "'everyone'")),
    (dict(config=CONFIG + "data_seed: student\n"), ("data_seed: student needs a function student_data(rng)",)),
    (dict(suite='QUESTION = "double"\n'), ("has no test_*.py files",)),
])
def test_each_authoring_mistake_is_one_line(tmp_path, change, words):
    if change.get("suite") == "":  # an empty suite folder
        course = make_course(tmp_path, suite=None)
        (tmp_path / "autograder" / "tiny").mkdir(parents=True)
    elif change.get("suite") == 'QUESTION = "double"\n':
        course = make_course(tmp_path, suite=None)
        (tmp_path / "autograder" / "tiny").mkdir(parents=True)
        (tmp_path / "autograder" / "tiny" / "helpers.py").write_text(change["suite"], "utf-8")
    else:
        course = make_course(tmp_path, **change)
    _fails(course, tmp_path / "out", *words)
    assert not (tmp_path / "out" / "autograder").exists()


def test_a_question_without_a_hidden_test_needs_public_only(tmp_path):
    course = make_course(tmp_path, config=CONFIG.replace("suite: tiny\n", ""), suite=None)
    _fails(course, tmp_path / "out", "question(s) double have no hidden test", "public_only: true")
    course = make_course(tmp_path, config=CONFIG.replace("suite: tiny\n", ""), suite=None,
                         question=QUESTION + "public_only: true\n")
    from nncourse.authoring.generate import generate

    assert generate(course, "tiny", tmp_path / "out2").solution_score == 2


def test_generate_replaces_its_own_output_and_refuses_any_other_folder(tmp_path):
    from nncourse.authoring.generate import generate

    course = make_course(tmp_path)
    out = tmp_path / "out"
    generate(course, "tiny", out)
    stale = out / "autograder" / "suite" / "test_renamed_away.py"
    stale.write_text("def test_old():\n    pass\n", "utf-8")
    report = generate(course, "tiny", out)  # again: replaced, not merged
    assert not stale.exists() and report.solution_score == report.max_score == 2
    manifest = json.loads((out / "autograder" / "assignment.json").read_text("utf-8"))
    (out / "autograder" / "assignment.json").write_text(json.dumps({**manifest, "id": "a9-other"}), "utf-8")
    _fails(course, out, "holds the generated bundles of a9-other, not tiny")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "todo.txt").write_text("mine", "utf-8")
    _fails(course, notes, "is not empty and is not an earlier output")
    assert (notes / "todo.txt").read_text("utf-8") == "mine"


def test_the_cli_shows_an_authoring_mistake_as_one_line(tmp_path):
    make_course(tmp_path, end_question="# END QUESTIN")
    done = nncourse("--course", str(tmp_path), "generate", "tiny", "-o", str(tmp_path / "out"))
    assert done.returncode == 2 and done.stderr.startswith("nncourse: master.ipynb cell 8: unknown marker")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
