"""A grade is a function of the submission, not of how busy the machine is (issue 18).

The bundled assignment-1 samples (complete, partial, untouched, looping + ``os._exit``,
hostile, renamed, broken) and assignment 7's solved notebook are graded on the machine as it
is, then again while busy loops keep every core saturated several times over; every test of
every submission must have the same status and score. The first run is the reference: no
score is typed in. Short CPU limits keep the looping sample cheap; they are the same in both
runs.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest

from conftest import ROOT


def _verdicts(results) -> dict:
    return {r.submission: (r.error, [(t.name, t.status, round(t.score, 9)) for t in r.tests]) for r in results}


def _grade(assignment, paths):
    from nncourse.grading.batch import find_submissions, grade_batch

    return _verdicts(grade_batch(find_submissions(list(paths)), assignment, jobs=2))


@pytest.fixture()
def busy_loops():
    started: list[subprocess.Popen] = []

    def start() -> None:
        for _ in range(3 * (os.cpu_count() or 2)):
            started.append(subprocess.Popen([sys.executable, "-c", "while True: pass"]))

    yield start
    for proc in started:
        proc.kill()
        proc.wait()


def test_same_verdicts_under_load(a1_assignment, generated, busy_loops):
    from nncourse.grading.assignment import from_bundle

    a1 = dataclasses.replace(a1_assignment, cell_timeout=1.5, call_timeout=1.5)
    samples = sorted((ROOT / "assignments" / "a1-regression" / "samples").glob("*.ipynb"))
    a7_bundle = generated("a7-derivations").out
    a7 = from_bundle(a7_bundle / "autograder")
    a7_solved = [a7_bundle / "solution" / "a7-derivations.ipynb"]

    at_rest = (_grade(a1, samples), _grade(a7, a7_solved))
    busy_loops()
    under_load = (_grade(a1, samples), _grade(a7, a7_solved))
    assert under_load[0] == at_rest[0]
    assert under_load[1] == at_rest[1]
    solved = next(iter(at_rest[1].values()))
    assert solved[0] in (None, "") and all(status == "passed" for _, status, _ in solved[1][1:])
