"""Order of start-up in ``nncourse grade``: the student's process starts before the grader loads
numpy, the tests or the reference (that is what keeps one submission under 2× a bare numpy
import: the two imports overlap). Checked by what the grader has loaded at the moment it
starts the student's process, not by timing."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

PROBE = """
import json, sys
from nncourse.execution import sandbox

seen = []
original = sandbox.Worker.__init__

def spy(self, *args, **kwargs):
    if not seen:
        seen.append(sorted(m for m in ("numpy", "dataclasses", "nncourse.checks", "nncourse.grading.assignment")
                           if m in sys.modules))
    original(self, *args, **kwargs)

sandbox.Worker.__init__ = spy
from nncourse.cli.main import main
code = main(["grade", sys.argv[1], "-a", sys.argv[2], "-o", sys.argv[3], "-q"])
print(json.dumps({"code": code, "loaded_at_spawn": seen[0] if seen else None}))
"""


def test_the_student_process_starts_before_the_grader_loads_numpy_or_tests(a1_bundle, tmp_path):
    solved = a1_bundle / "solution" / "a1-regression.ipynb"
    done = subprocess.run([sys.executable, "-c", PROBE, str(solved), str(a1_bundle / "autograder"), str(tmp_path / "out")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, done.stderr
    assert report["loaded_at_spawn"] == []
    graded = json.loads((tmp_path / "out" / "a1-regression" / "results.json").read_text("utf-8"))
    assert graded["score"] == graded["extra_data"]["max_score"] > 0
