"""The CLI, black-box: what a user types, what they see."""

from __future__ import annotations

import csv
import json

from conftest import ROOT, nncourse


def test_help_lists_every_command():
    done = nncourse("--help")
    assert done.returncode == 0
    for command in ("list", "generate", "check", "grade"):
        assert command in done.stdout
        sub = nncourse(command, "--help")
        assert sub.returncode == 0 and "usage" in sub.stdout


def test_list_shows_assignment_one():
    done = nncourse("list")
    assert done.returncode == 0
    rows = [line.split(" ", 2) for line in done.stdout.splitlines()]
    assert ["a1-regression", "assignment"] in [r[:2] for r in rows]
    assert all(r[1] in ("assignment", "quiz") for r in rows)


def test_unknown_assignment_is_one_line_exit_2(tmp_path):
    done = nncourse("generate", "no-such-thing", "-o", str(tmp_path))
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_grade_samples_writes_results_and_gradebook(tmp_path, a1_bundle):
    samples = ROOT / "assignments" / "a1-regression" / "samples"
    out = tmp_path / "out"
    done = nncourse("grade", str(samples), "-a", str(a1_bundle / "autograder"), "-o", str(out), "-j", "2")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    names = sorted(p.stem for p in samples.glob("*.ipynb"))
    rows = {r["submission"]: r for r in csv.DictReader(open(out / "gradebook.csv", encoding="utf-8"))}
    assert sorted(rows) == names
    for name in names:
        result = json.loads((out / name / "results.json").read_text("utf-8"))
        assert {"score", "tests"} <= result.keys() and result["extra_data"]["max_score"] > 0
        assert float(rows[name]["score"]) == round(result["score"], 6) or abs(float(rows[name]["score"]) - result["score"]) < 1e-3
        for t in result["tests"]:
            assert {"name", "score", "max_score", "output", "visibility"} <= t.keys()
    complete = json.loads((out / "alice-complete" / "results.json").read_text("utf-8"))
    assert complete["score"] == complete["extra_data"]["max_score"] > 0
    assert rows["erin-broken"]["status"] == "error" and rows["erin-broken"]["score"] == "0"
    hostile = json.loads((out / "mallory-hostile" / "results.json").read_text("utf-8"))
    assert hostile["score"] < hostile["extra_data"]["max_score"]


def test_check_runs_public_tests_only(a1_bundle):
    student = a1_bundle / "student" / "a1-regression.ipynb"
    solved_copy = a1_bundle / "student" / "solved-copy.ipynb"
    solved_copy.write_bytes((a1_bundle / "solution" / "a1-regression.ipynb").read_bytes())
    done = nncourse("check", str(solved_copy))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "public tests passed" in done.stdout and "hidden" in done.stdout
    public = json.loads((a1_bundle / "student" / "tests" / "public.json").read_text("utf-8"))
    assert all(not t["hidden"] for t in public["tests"])
    assert "test_fit_ridge" not in json.dumps(public)  # hidden suite is not in the student bundle
    stub = nncourse("check", str(student))
    assert stub.returncode == 1 and "✗" in stub.stdout and "NotImplementedError" in stub.stdout
