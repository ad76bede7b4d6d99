"""``nncourse generate``: write the student, solution and autograder bundles, then prove them.

Layout of ``OUT``::

    student/<id>.ipynb        stubs + prompts          student/data/…   student/tests/public.json
    solution/<id>.ipynb       the solved notebook
    autograder/assignment.json  questions, points, otter-style tests (public and hidden)
    autograder/suite/test_*.py  hidden pytest suite     autograder/reference/<module>.py
    autograder/data/…

Generation fails loudly (:class:`~nncourse.errors.AuthoringError`) unless the solved
notebook scores full marks on the generated autograder bundle.
"""

from __future__ import annotations

import compileall
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..course import Course
from ..errors import AuthoringError
from ..grading.batch import Submission, grade_batch
from ..grading.executor import ThreadExecutor
from ..grading.manifest import PUBLIC_FILE
from ..grading.source import bundle_source
from ..notebook.writer import write_notebook
from .catalogue import assignment_entry
from .master import Master, load_master
from .source import manifest_of


@dataclass(frozen=True)
class GenerateReport:
    """What was written and how the generated notebooks score."""

    out: Path
    solution_score: float
    student_score: float
    max_score: float


def _write_bundles(master: Master, course: Course, out: Path) -> None:
    h = master.header
    meta = {"nncourse": {"assignment": h.id, "title": h.title}}
    write_notebook(out / "student" / f"{h.id}.ipynb", [(c.kind, c.student) for c in master.cells], meta)
    write_notebook(out / "solution" / f"{h.id}.ipynb", [(c.kind, c.solution) for c in master.cells], meta)
    data = master.path.parent / h.data
    manifest = manifest_of(master)
    (out / "student" / "tests").mkdir(parents=True, exist_ok=True)
    (out / "student" / "tests" / PUBLIC_FILE).write_text(json.dumps(manifest.public_json(), ensure_ascii=False, indent=1), "utf-8")
    grader = out / "autograder"
    manifest.write(grader)
    suite = course.autograder / h.suite
    if suite.is_dir():
        shutil.copytree(suite, grader / "suite", ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    if h.reference:
        (grader / "reference").mkdir(exist_ok=True)
        shutil.copy2(course.solutions / f"{h.reference}.py", grader / "reference" / f"{h.reference}.py")
    if data.is_dir():
        for target in (out / "student" / "data", grader / "data"):
            shutil.copytree(data, target, dirs_exist_ok=True)
    # Bytecode for the suite and reference, written even under PYTHONDONTWRITEBYTECODE: every
    # grade imports them, and compiling them from source each time costs tens of milliseconds.
    compileall.compile_dir(grader, quiet=2, workers=1)


def generate(course: Course, ident: str, out: Path, *, mode: str = "auto") -> GenerateReport:
    """Generate all bundles for assignment ``ident`` into ``out`` and validate them."""
    master = load_master(assignment_entry(course, ident).path, course.solutions)
    out = out.resolve()
    _write_bundles(master, course, out)
    h = master.header
    with ThreadExecutor(isolation=mode, jobs=2, expected=2) as executor:
        solved, stub = grade_batch(
            [Submission("solution", out / "solution" / f"{h.id}.ipynb"), Submission("student", out / "student" / f"{h.id}.ipynb")],
            bundle_source(out / "autograder"), executor=executor,
        )
    if solved.error or solved.score < solved.max_score - 1e-9:
        failing = [f"{t.name}: {t.detail.splitlines()[0] if t.detail else t.output}" for t in solved.tests if not t.passed and t.max_score > 0]
        reason = solved.error or "; ".join(failing[:5])
        raise AuthoringError(f"{ident}: the solved notebook scores {solved.score:g}/{solved.max_score:g}, not full marks: {reason}")
    return GenerateReport(out, solved.score, stub.score, solved.max_score)
