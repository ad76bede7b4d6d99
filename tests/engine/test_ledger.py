"""Never lose a grade: OUTDIR's results ledger across passes, kills, regrades and reviews."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, nncourse

from nncourse.checks.results import Status, SubmissionResult, TestResult

SAMPLES = ROOT / "assignments" / "a1-regression" / "samples"
#: Four samples that grade quickly and the same way every time (a complete, a partial, a
#: broken and a renamed notebook).
CHOSEN = ("alice-complete", "carol-partial", "erin-broken", "frank-renamed")


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    for name in CHOSEN:
        shutil.copy(SAMPLES / f"{name}.ipynb", folder / f"{name}.ipynb")
    return folder


@pytest.fixture(scope="module")
def bundle(a1_bundle, tmp_path_factory) -> Path:
    """A private copy of the a1 autograder bundle (a test may edit it)."""
    target = tmp_path_factory.mktemp("bundle") / "autograder"
    shutil.copytree(a1_bundle / "autograder", target)
    return target


def grade(bundle: Path, out: Path, *inputs: Path, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    done = nncourse("grade", *map(str, inputs), "-a", str(bundle), "-o", str(out), "-j", "2", *extra)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def rows(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        return {row["submission"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def first(batch, bundle, tmp_path_factory) -> Path:
    """One uninterrupted run: the reference every other run is compared with."""
    out = tmp_path_factory.mktemp("first") / "out"
    done = grade(bundle, out, batch)
    assert done.returncode == 0, done.stderr
    assert list(rows(out)) == list(CHOSEN)
    return out


def graded_count(done: subprocess.CompletedProcess, total: int) -> int:
    """How many notebooks a run graded: its "N unchanged, M graded" line, else all of them."""
    for line in done.stdout.splitlines():
        if " unchanged, " in line:
            return int(line.split(" unchanged, ")[1].split()[0])
    return total


def test_a_regrade_of_one_submission_keeps_every_other_row(first, batch, bundle, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(first, out)
    before = rows(out)
    changed = tmp_path / "late" / "alice-complete.ipynb"  # alice hands in carol's notebook instead
    changed.parent.mkdir()
    shutil.copy(batch / "carol-partial.ipynb", changed)
    done = grade(bundle, out, changed)
    assert done.returncode == 0, done.stderr
    after = rows(out)
    assert list(after) == list(CHOSEN)
    assert after["alice-complete"]["score"] == before["carol-partial"]["score"] != before["alice-complete"]["score"]
    assert {k: v for k, v in after.items() if k != "alice-complete"} == {k: v for k, v in before.items() if k != "alice-complete"}
    assert json.loads((out / "alice-complete" / "results.json").read_text("utf-8"))["score"] == pytest.approx(float(before["carol-partial"]["score"]), abs=1e-4)


def test_an_unchanged_rerun_grades_nothing_and_force_grades_all(first, batch, bundle, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(first, out)
    again = grade(bundle, out, batch)
    assert again.returncode == 0, again.stderr
    assert f"{len(CHOSEN)} unchanged, 0 graded" in again.stdout and graded_count(again, len(CHOSEN)) == 0
    assert (out / "gradebook.csv").read_bytes() == (first / "gradebook.csv").read_bytes()
    forced = grade(bundle, out, batch, extra=("--force",))
    assert " unchanged, " not in forced.stdout and f"graded {len(CHOSEN)}/{len(CHOSEN)}" in forced.stderr
    assert rows(out) == rows(first)


def test_a_changed_bundle_regrades(first, batch, bundle, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(first, out)
    fixed = tmp_path / "fixed"
    shutil.copytree(bundle, fixed)
    suite = sorted((fixed / "suite").glob("test_*.py"))[0]
    suite.write_text(suite.read_text("utf-8") + "\n# a test was fixed\n", "utf-8")
    done = grade(fixed, out, batch)
    assert done.returncode == 0, done.stderr
    assert " unchanged, " not in done.stdout and f"graded {len(CHOSEN)}/{len(CHOSEN)}" in done.stderr
    assert rows(out) == rows(first)


def _results_in(ledger: Path) -> int:
    try:
        with sqlite3.connect(f"file:{ledger}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("kill_after", [0, 1, 3])
def test_a_batch_killed_at_any_point_finishes_on_the_next_run(first, batch, bundle, tmp_path, kill_after):
    """SIGKILL once ``kill_after`` results are in the ledger (0: as soon as it starts); the next
    run grades the rest and the gradebook is the uninterrupted run's."""
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "nncourse.cli.main", "grade", str(batch), "-a", str(bundle), "-o", str(out), "-j", "1", "-q"]
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while kill_after and proc.poll() is None and _results_in(out / "ledger.sqlite") < kill_after:
            time.sleep(0.02)
    finally:
        with pytest.raises(ProcessLookupError) if proc.poll() is not None else _nothing():
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    killed_with = _results_in(out / "ledger.sqlite")
    done = grade(bundle, out, batch)
    assert done.returncode == 0, done.stderr
    assert rows(out) == rows(first)
    assert graded_count(done, len(CHOSEN)) == len(CHOSEN) - killed_with
    assert not list(out.rglob(".tmp-*"))
    for ident, row in rows(out).items():  # every view is whole and agrees with the gradebook
        for name in ("results.json", "instructor.json"):
            data = json.loads((out / ident / name).read_text("utf-8"))
            assert data["score"] == pytest.approx(float(row["score"]), abs=1e-4)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_a_second_grader_on_the_same_outdir_refuses_with_one_line(first, batch, bundle, tmp_path):
    from nncourse.grading.ledger import lock

    out = tmp_path / "out"
    shutil.copytree(first, out)
    with lock(out):  # another nncourse is writing here
        done = grade(bundle, out, batch)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "is being written by another nncourse" in done.stderr
    assert rows(out) == rows(first)
    assert grade(bundle, out, batch).returncode == 0  # and once it is done, grading goes on


def test_an_outdir_of_another_assignment_is_refused(first, tmp_path):
    from nncourse.errors import NncourseError
    from nncourse.grading.ledger import Ledger

    out = tmp_path / "out"
    shutil.copytree(first, out)
    with Ledger.open(out) as ledger, pytest.raises(NncourseError, match="holds grades of a1-regression"):
        ledger.claim("a2-backprop")


# -- review decisions ----------------------------------------------------------------------------


def _pending(name: str, score: float = 0.0) -> SubmissionResult:
    return SubmissionResult(name, "a7-derivations", tests=(
        TestResult("q / test_ok", "q", 1.0, 1.0, Status.PASSED, "passed"),
        TestResult("q / test_maybe", "q", score, 2.0, Status.UNDECIDED, "flagged for review"),
    ))


def test_review_decisions_survive_regrades_of_others_but_not_a_new_notebook(tmp_path):
    from nncourse.grading.ledger import Ledger

    with Ledger.open(tmp_path) as ledger:
        ledger.order(["alice", "bob"])
        ledger.record(_pending("alice"), notebook_sha256="a1", assignment_sha256="x")
        ledger.record(_pending("bob"), notebook_sha256="b1", assignment_sha256="x")
        assert ledger.decide("alice", "test_maybe", accept=True).score == 3.0
        ledger.record(_pending("bob"), notebook_sha256="b2", assignment_sha256="y")  # bob regraded
    with Ledger.open(tmp_path) as ledger:  # and a later run
        alice, bob = ledger.results()
        assert (alice.score, alice.needs_review, bob.needs_review) == (3.0, (), ("q / test_maybe",))
        ledger.record(_pending("alice"), notebook_sha256="a2", assignment_sha256="y")  # a new notebook of alice's
        assert ledger.results()[0].needs_review == ("q / test_maybe",)
