"""``nncourse quiz grade`` with hostile answers files among good ones (issue: hostile input).

Each hostile file scores 0 with its reason; every good file beside it gets the score it gets
alone (the full key scores the quiz's maximum); a link's target is never read, so nothing of
it can reach student-visible feedback; names cannot inject formulas into grades.csv.
"""

from __future__ import annotations

import csv
import json
import os

import pytest

from quiz_helpers import ROOT, run_cli

QUIZ = "concepts"
SECRET = "root:$6$NEVER-ECHO-THIS$"


@pytest.fixture(scope="module")
def full_key() -> dict:
    result = run_cli("quiz", "key", QUIZ, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _hostile_files(folder) -> list:
    deep = 200_000
    (folder / "deep.json").write_text("[" * deep + "]" * deep, "utf-8")
    (folder / "deep-table.toml").write_text("a = " + "[" * deep + "]" * deep + "\n", "utf-8")
    (folder / "deep-inline.toml").write_text("a = " + "{b = " * deep + "1" + "}" * deep + "\n", "utf-8")
    odd = {"cell_type": "code", "metadata": {"tags": "answers"}, "source": [1, None]}
    (folder / "odd-cell.ipynb").write_text(json.dumps({"cells": [odd, "not a cell"], "metadata": ["x"]}), "utf-8")
    (folder / "zero.json").symlink_to("/dev/zero")
    (folder / "random.txt").symlink_to("/dev/urandom")
    os.mkfifo(folder / "fifo.txt")
    secret = folder.parent / "secret-outside"
    secret.write_text(f"{SECRET}\n1: B\n", "utf-8")
    (folder / "secret.txt").symlink_to(secret)
    (folder / "shadow.txt").symlink_to("/etc/shadow")
    return ["deep.json", "deep-table.toml", "deep-inline.toml", "odd-cell.ipynb",
            "zero.json", "random.txt", "fifo.txt", "secret.txt", "shadow.txt"]


def test_hostile_answers_files_cost_only_their_own_grade(tmp_path, full_key):
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "good-full.json").write_text(json.dumps(full_key), "utf-8")
    (folder / "good-one.txt").write_text("1: B\n", "utf-8")
    cell = {"cell_type": "code", "metadata": ["not", "a", "dict"], "source": "answers = {'1': 'B'}"}
    (folder / "list-meta.ipynb").write_text(json.dumps({"cells": [cell], "metadata": []}), "utf-8")  # odd, yet readable
    (folder / "=HYPERLINK(1).txt").write_text("1: B\n", "utf-8")
    hostile = _hostile_files(folder)
    good = ["good-full.json", "good-one.txt", "list-meta.ipynb", "=HYPERLINK(1).txt"]
    alone = {}
    for name in good:
        result = run_cli("quiz", "grade", QUIZ, str(folder / name))
        assert result.returncode == 0, result.stderr
        alone[name] = json.loads(result.stdout)["score"]

    out = tmp_path / "out"
    names = good[:3] + hostile + good[3:]  # relative, as an instructor types them: "=HYPERLINK…" starts a cell
    result = run_cli("--course", str(ROOT), "quiz", "grade", QUIZ, *names, "-o", str(out), cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    with open(out / "grades.csv", newline="", encoding="utf-8") as handle:
        rows = {row["submission"]: row for row in csv.DictReader(handle)}
    assert len(rows) == len(names)
    max_score = float(rows["good-full.json"]["max_score"])
    assert alone["good-full.json"] == pytest.approx(max_score)  # the key itself scores everything
    for name in good[:3]:
        assert float(rows[name]["score"]) == pytest.approx(alone[name])
    assert alone["list-meta.ipynb"] == pytest.approx(alone["good-one.txt"]) and alone["good-one.txt"] > 0  # same answer, same points
    formula = [r for s, r in rows.items() if "HYPERLINK" in s]
    assert len(formula) == 1 and formula[0]["submission"] == "'=HYPERLINK(1).txt"
    assert float(formula[0]["score"]) == pytest.approx(alone["=HYPERLINK(1).txt"])
    for name in hostile:
        row = rows[name]
        assert (row["score"], row["error"] != "") == ("0", True), (name, row)
    for name in ("zero.json", "random.txt", "secret.txt", "shadow.txt"):
        assert "symbolic link" in rows[name]["error"]
    written = [p for p in out.iterdir() if p.suffix == ".json"]
    assert len(written) == len(names)
    everything = result.stdout + result.stderr + "".join(p.read_text("utf-8") for p in out.iterdir())
    assert SECRET not in everything and "NEVER-ECHO" not in everything


def test_two_answers_files_with_one_name_both_keep_their_result(tmp_path, full_key):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "answers.json").write_text(json.dumps(full_key), "utf-8")
    (tmp_path / "b" / "answers.json").write_text(json.dumps({"1": "B"}), "utf-8")
    out = tmp_path / "out"
    result = run_cli("quiz", "grade", QUIZ, str(tmp_path / "a" / "answers.json"), str(tmp_path / "b" / "answers.json"), "-o", str(out))
    assert result.returncode == 0 and "Traceback" not in result.stderr
    written = {p.name: json.loads(p.read_text("utf-8"))["score"] for p in out.glob("*.json")}
    assert len(written) == 2 and written["a%2Fanswers.json"] > written["b%2Fanswers.json"] > 0
