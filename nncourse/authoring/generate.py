"""``nncourse generate``: write the student, solution and autograder bundles, then prove them.

Layout of ``OUT``::

    student/<id>.ipynb        stubs + prompts          student/data/…   student/tests/public.json
    student/requirements.txt  + the nncourse wheel it names (what students install)
    solution/<id>.ipynb       the solved notebook      solution/data/…  solution/tests/public.json
    autograder/assignment.json  questions, points, otter-style tests (public and hidden)
    autograder/suite/test_*.py  hidden pytest suite     autograder/reference/<module>.py
    autograder/data/…
    students/<id>/…           with a roster, for ``data_seed: student``: each student's own
                              copy of student/ with their data (:mod:`.per_student`)

Generation fails loudly (:class:`~nncourse.errors.AuthoringError`) on a malformed master
(:mod:`.master`), a missing suite or a question without a hidden test (:mod:`.validate`), an
output folder that holds something else, and unless the solved notebook scores full marks on
the generated autograder bundle (with the default data; with a roster, also the first
student's solved copy with that student's data). A previous output of the same assignment is replaced.
"""

from __future__ import annotations

import compileall
import json
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..course import Course
from ..errors import AuthoringError
from ..execution.config import Isolation
from ..grading.batch import Submission, grade_batch
from ..grading.executor import ThreadExecutor
from ..grading.manifest import PUBLIC_FILE
from ..grading.source import bundle_source
from ..keyed import DataSeed, Secret
from ..notebook.writer import write_notebook
from .catalogue import assignment_entry
from .master import Master, load_master
from .selfcheck import with_check_cells, write_student_install
from .source import manifest_of
from .validate import check_hidden_tests, check_suite, prepare_output


@dataclass(frozen=True)
class GenerateReport:
    """What was written and how the generated notebooks score."""

    out: Path
    solution_score: float
    student_score: float
    max_score: float
    install_note: str = ""
    """How students install the self-check (the wheel and ``requirements.txt`` in ``student/``)."""
    warnings: tuple[str, ...] = ()
    """What the author should know (e.g. otter keys nncourse does not use)."""
    students: int = 0
    """Per-student copies written (``students/<id>/``; with a roster)."""


def _write_bundles(master: Master, course: Course | None, out: Path) -> None:
    h = master.header
    meta = {"nncourse": {"assignment": h.id, "title": h.title}}
    cells = with_check_cells(master)
    write_notebook(out / "student" / f"{h.id}.ipynb", [(c.kind, c.student) for c in cells if c.student is not None], meta)
    write_notebook(out / "solution" / f"{h.id}.ipynb", [(c.kind, c.solution) for c in cells if c.solution is not None], meta)
    data = master.path.parent / h.data
    manifest = manifest_of(master)
    for side in ("student", "solution"):  # both notebooks run where they are written
        (out / side / "tests").mkdir(parents=True, exist_ok=True)
        (out / side / "tests" / PUBLIC_FILE).write_text(json.dumps(manifest.public_json(), ensure_ascii=False, indent=1), "utf-8")
    grader = out / "autograder"
    manifest.write(grader)
    suite = course.autograder / h.suite if course is not None and h.suite else None
    if suite is not None and suite.is_dir():
        shutil.copytree(suite, grader / "suite", ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    if h.reference and course is not None:
        (grader / "reference").mkdir(exist_ok=True)
        shutil.copy2(course.solutions / f"{h.reference}.py", grader / "reference" / f"{h.reference}.py")
    if h.data and data.is_dir():
        for target in (out / "student" / "data", out / "solution" / "data", grader / "data"):
            shutil.copytree(data, target, dirs_exist_ok=True)
    for name in master.files:  # otter's `files`: beside the notebooks, and in the bundle's data folder
        source = master.path.parent / name
        if not source.is_file():
            raise AuthoringError(f"{master.path.name}: ASSIGNMENT CONFIG lists {name!r} in files, but there is no such file")
        for target in (out / "student", out / "solution", grader / "data"):
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / Path(name).name)
    # Bytecode for the suite and reference, written even under PYTHONDONTWRITEBYTECODE: every
    # grade imports them, and compiling them from source each time costs tens of milliseconds.
    compileall.compile_dir(grader, quiet=2, workers=1)


def master_for(course: Course | None, ident: str) -> Master:
    """The master notebook ``ident`` names: a path to an ``.ipynb`` file (an otter-grader
    master brought as it is, or an nncourse master outside the course), or an assignment id."""
    path = Path(ident)
    if path.suffix == ".ipynb" and path.is_file():
        return load_master(path, course.solutions if course is not None else path.parent)
    if course is None:
        raise AuthoringError(f"{ident} is neither a notebook file nor an assignment of a course here",
                             hint="pass a path to a master notebook, or run in the course folder (or --course DIR)")
    return load_master(assignment_entry(course, ident).path, course.solutions)


def generate(course: Course | None, ident: str, out: Path, *, mode: str = Isolation.AUTO,
             students: tuple[str, ...] = (), secret: Secret | None = None) -> GenerateReport:
    """Generate all bundles for assignment ``ident`` (an id or a master notebook's path) into
    ``out`` and validate them; with ``students`` (a roster's ids) and the course ``secret``,
    also one folder per student for an assignment with per-student data."""
    master = master_for(course, ident)
    if course is not None:
        check_suite(master, course)
    if students and master.header.data_seed != DataSeed.STUDENT:
        raise AuthoringError(f"{master.header.id} has no per-student data, so a roster adds nothing",
                             hint="generate it without --roster, or add `data_seed: student` to its ASSIGNMENT CONFIG")
    if students and secret is None:
        raise AuthoringError("per-student copies need the course secret", hint="pass --secret FILE")
    out = out.resolve()
    prepare_output(out, master.header.id)
    _write_bundles(master, course, out)
    h = master.header
    with ThreadExecutor(isolation=mode, jobs=2, expected=2) as executor:  # students' processes start meanwhile
        # Everyone's notebook is proven on the default data (data/, the textbook's example).
        source = replace(bundle_source(out / "autograder"), data_seed=DataSeed.FIXED)
        check_hidden_tests(master, source.load())
        solved, stub = grade_batch(
            [Submission("solution", out / "solution" / f"{h.id}.ipynb"), Submission("student", out / "student" / f"{h.id}.ipynb")],
            source, executor=executor,
        )
    by_hand = sum(q.points for q in master.questions if q.manual)  # awaits a person, in every notebook
    if solved.error or solved.score < solved.max_score - by_hand - 1e-9:
        failing = [f"{t.name}: {t.detail.splitlines()[0] if t.detail else t.output}" for t in solved.tests if not t.passed and t.max_score > 0]
        reason = solved.error or "; ".join(failing[:5])
        raise AuthoringError(f"{ident}: the solved notebook scores {solved.score:g}/{solved.max_score:g}, not full marks: {reason}")
    note = write_student_install(out / "student", master)
    if students:
        from .per_student import write_student_folders

        assert secret is not None
        write_student_folders(master, source.load().reference, out=out, students=students, secret=secret)
        _prove_own_data(master, out, students[0], secret, mode)
    return GenerateReport(out, solved.score, stub.score, solved.max_score, note, master.warnings, students=len(students))


def _prove_own_data(master: Master, out: Path, student: str, secret: Secret, mode: str) -> None:
    """The solved notebook carrying ``student``'s data scores full marks when graded as theirs."""
    from ..grading.student_data import variant_of
    from .per_student import STUDENTS, personal_cells, personal_metadata

    h = master.header
    files = {p.name: p.read_bytes() for p in (out / STUDENTS / student / "data").iterdir()}
    with tempfile.TemporaryDirectory(prefix="nncourse-own-data-") as tmp:
        path = Path(tmp) / student / f"{h.id}.ipynb"
        write_notebook(path, personal_cells(master, files, solved=True), personal_metadata(master, student, variant_of(secret, h.id, student)))
        with ThreadExecutor(isolation=mode, jobs=1, expected=1, secret=secret) as executor:
            (solved,) = grade_batch([Submission(f"{student}/{h.id}", path, student=student)],
                                    bundle_source(out / "autograder"), executor=executor)
    by_hand = sum(q.points for q in master.questions if q.manual)
    if solved.error or solved.score < solved.max_score - by_hand - 1e-9:
        failing = [t.name for t in solved.tests if not t.passed and t.max_score > 0]
        raise AuthoringError(f"{h.id}: the solved notebook with {student}'s data scores {solved.score:g}/{solved.max_score:g} "
                             f"graded as theirs: {solved.error or ', '.join(failing[:5])}")
