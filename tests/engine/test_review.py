"""``nncourse review``: a person accepts or rejects an undecided answer; the totals follow."""

from __future__ import annotations

import csv
import json

import pytest
from conftest import nncourse

from nncourse.checks.results import SubmissionResult, TestResult
from nncourse.grading.review import decide
from nncourse.reporting.gradebook import write_gradebook
from nncourse.reporting.gradescope import write_submission

PENDING = "neuron_gradients / test_dC_db"


def _result(name: str) -> SubmissionResult:
    return SubmissionResult(name, "a7-derivations", tests=(
        TestResult("sigmoid_prime / test_sigmoid_prime", "sigmoid_prime", 1.0, 1.0, "passed", "passed"),
        TestResult(PENDING, "neuron_gradients", 0.0, 1.5, "undecided", "flagged for review", detail="undecided: answer 'x'"),
        TestResult("neuron_gradients / test_dC_dw", "neuron_gradients", 0.0, 0.5, "failed", "not equivalent"),
    ))


def test_decide_accept_and_reject():
    accepted = decide(_result("s"), "test_dC_db", accept=True)
    assert accepted.score == pytest.approx(1.0 + 1.5) and accepted.needs_review == ()
    rejected = decide(_result("s"), PENDING, accept=False)
    assert rejected.score == pytest.approx(1.0) and rejected.needs_review == ()
    assert "review" in rejected.tests[1].output


def test_only_pending_tests_can_be_decided():
    from nncourse.errors import NncourseError

    for name in ("test_dC_dw", "no_such_test"):
        with pytest.raises(NncourseError):
            decide(_result("s"), name, accept=True)


def test_cli_lists_then_applies_decisions(tmp_path):
    results = [_result("alice"), _result("bob")]
    for r in results:
        write_submission(tmp_path, r)
    write_gradebook(tmp_path / "gradebook.csv", results, ["sigmoid_prime", "neuron_gradients"])

    listed = nncourse("review", str(tmp_path))
    assert listed.returncode == 0 and listed.stdout.count(PENDING) == 2

    done = nncourse("review", str(tmp_path), "--accept", "alice", "test_dC_db", "--reject", "bob", PENDING)
    assert done.returncode == 0, done.stderr
    assert "0 answer(s) still awaiting review" in done.stdout
    alice = json.loads((tmp_path / "alice" / "results.json").read_text("utf-8"))
    assert alice["score"] == pytest.approx(1.0 + 1.5)
    rows = {row["submission"]: row for row in csv.DictReader(open(tmp_path / "gradebook.csv", encoding="utf-8"))}
    assert rows["alice"]["neuron_gradients"] == "1.5" and rows["alice"]["status"] == "graded"
    assert rows["bob"]["score"] == "1" and rows["bob"]["status"] == "graded"


def test_cli_refuses_an_unknown_test_in_one_line(tmp_path):
    write_submission(tmp_path, _result("alice"))
    proc = nncourse("review", str(tmp_path), "--accept", "alice", "test_dC_dw")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
