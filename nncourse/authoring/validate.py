"""What ``generate`` checks beyond the master notebook's own syntax, each failure one line with the fix.

* the hidden suite exists and has tests, when the config names one;
* every question has a hidden test, unless its config says ``public_only: true`` (a question
  checked by its public tests alone is scored by what students can see and tune to);
* the output folder is empty, or an earlier output of the same assignment (which is then
  replaced, never merged: a renamed test must not linger and run twice).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..course import Course
from ..errors import AuthoringError
from ..grading.assignment import GradableAssignment
from ..grading.manifest import MANIFEST_FILE, Manifest
from .master import Master

#: The folders ``generate`` writes (and replaces).
OUTPUTS = ("student", "solution", "autograder", "students")


def check_suite(master: Master, course: Course) -> None:
    """A suite named in the config must exist and hold ``test_*.py`` files."""
    h = master.header
    if not h.given:  # an otter-format master: otter's own rules
        return
    folder = course.autograder / h.suite
    if "suite" not in h.given and not folder.exists():
        return  # no suite asked for: the hidden tests, if any, are test cells
    if not folder.is_dir():
        known = ", ".join(sorted(p.name for p in course.autograder.iterdir() if p.is_dir())) if course.autograder.is_dir() else "none"
        raise AuthoringError(f"{master.path.name}: suite {h.suite!r} (ASSIGNMENT CONFIG) is not a folder of {course.autograder}",
                             hint=f"fix the name (existing suites: {known}) or create it")
    if not any(folder.glob("test_*.py")):
        raise AuthoringError(f"{master.path.name}: suite {folder} has no test_*.py files",
                             hint="add the hidden tests there, or remove `suite:` from the ASSIGNMENT CONFIG")


def check_hidden_tests(master: Master, assignment: GradableAssignment) -> None:
    """Every question has a hidden test (suite function or hidden test cell) unless ``public_only``."""
    if not master.header.given:  # an otter-format master: otter's own rules
        return
    hidden = {s.question for s in assignment.tests if s.hidden}
    bare = [q.name for q in master.questions if q.name not in hidden and not q.public_only and not q.manual]
    if bare:
        raise AuthoringError(f"{master.path.name}: question(s) {', '.join(bare)} have no hidden test",
                             hint=f"add one to {master.header.suite or 'the suite'} (QUESTION = ...), or a test cell with "
                                  "`hidden: true`, or set `public_only: true` in the question's BEGIN QUESTION config")


def prepare_output(out: Path, ident: str) -> None:
    """Make ``out`` ready for the bundles of ``ident``: empty it of an earlier output of the same
    assignment; refuse a folder that holds anything else."""
    if not out.exists() or not any(out.iterdir()):
        return
    manifest = out / "autograder" / MANIFEST_FILE
    previous = None
    if manifest.is_file():
        try:
            previous = Manifest.read(manifest.parent).id
        except AuthoringError:
            previous = None
    if previous is None:
        raise AuthoringError(f"{out} is not empty and is not an earlier output of `nncourse generate`",
                             hint="choose a new or empty folder with -o")
    if previous != ident:
        raise AuthoringError(f"{out} holds the generated bundles of {previous}, not {ident}",
                             hint=f"choose another folder with -o (or remove {out})")
    for name in OUTPUTS:
        shutil.rmtree(out / name, ignore_errors=True)
