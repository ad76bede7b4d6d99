"""Hidden suites also run under plain pytest (``-p nncourse.authoring.pytest_plugin``), with the
same fixtures and seeds as nncourse's runner: the same notebook fails the same tests."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT

SUITE = ROOT / "autograder" / "a1-regression"
SAMPLES = ROOT / "assignments" / "a1-regression" / "samples"


def _pytest(notebook) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "nncourse.authoring.pytest_plugin", str(SUITE),
                           "--notebook", str(notebook), "-q", "-rf", "-p", "no:cacheprovider"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_solved_notebook_passes_every_hidden_test(a1_bundle):
    from nncourse.authoring.master import load_master
    from nncourse.checks.runner import collect_suite

    questions = set(load_master(ROOT / "assignments" / "a1-regression" / "master.ipynb", ROOT / "solutions").points)
    hidden = collect_suite(SUITE, questions)
    proc = _pytest(a1_bundle / "solution" / "a1-regression.ipynb")
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert f"{len(hidden)} passed" in proc.stdout


def test_same_failures_as_the_grader(a1_assignment):
    from nncourse.grading.batch import Submission, grade_batch

    notebook = SAMPLES / "carol-partial.ipynb"
    (graded,) = grade_batch([Submission("carol", notebook)], a1_assignment, jobs=1)
    expected = {t.name.split(" / ", 1)[1] for t in graded.tests if t.visibility != "visible" and not t.passed}
    proc = _pytest(notebook)
    failed = set(re.findall(r"^FAILED \S+::(\S+)", proc.stdout, re.M))
    assert proc.returncode == 1 and expected and failed == expected, (expected, failed)
