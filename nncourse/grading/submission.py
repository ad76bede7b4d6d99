"""Grade one submission: read it, run it in a fresh sandbox, run the tests, keep the verdict."""

from __future__ import annotations

import time
import traceback
from pathlib import Path

from ..checks.proxy import StudentProxy
from ..checks.results import EXECUTION, VISIBLE, Status, SubmissionResult, TestResult
from ..checks.runner import Fixtures, run_specs
from ..errors import NncourseError
from ..execution.pool import WorkerPool
from ..execution.runtime import CellOutcome, StudentRuntime
from ..execution.config import Isolation, SandboxConfig
from ..notebook.reader import read_notebook
from .assignment import GradableAssignment
from .source import sandbox_config as _sandbox_config
from .student_data import StudentData


def sandbox_config(assignment: GradableAssignment, *, mode: str = Isolation.AUTO, extra_secrets: tuple[str, ...] = ()) -> SandboxConfig:
    """The sandbox settings for one loaded assignment (see :func:`.source.sandbox_config`)."""
    return _sandbox_config(assignment, isolation=mode, hide=extra_secrets)


def _execution_summary(outcomes: list[CellOutcome], isolation: dict, mode_note: str) -> TestResult:
    bad = [o for o in outcomes if o.status != "ok"]
    lines = [f"{len(outcomes) - len(bad)} of {len(outcomes)} code cells ran without error / 代码单元运行情况"]
    for o in bad[:10]:
        lines.append(f"  cell {o.index}: {o.status} — {o.detail[:300]}")
    if not isolation.get("filesystem_isolated"):
        lines.append(f"note: student code was NOT isolated from the file system here ({mode_note or isolation.get('note', '')}) "
                     "/ 注意：此处学生代码没有与文件系统隔离")
    return TestResult(
        name="notebook execution / 笔记本运行",
        question=EXECUTION,
        score=0.0,
        max_score=0.0,
        status=Status.PASSED if not bad else Status.FAILED,
        output="\n".join(lines),
        visibility=VISIBLE,
    )


def refused_result(submission_id: str, assignment: GradableAssignment, reason: str) -> SubmissionResult:
    """The result of a submission that is not graded (score 0, ``reason`` as its error)."""
    return SubmissionResult(submission_id, assignment.id, error=reason, max_score_hint=assignment.max_score)


def wrong_assignment(declared: str | None, assignment_id: str) -> str:
    """Why a notebook made for ``declared`` is not graded as ``assignment_id`` ("" when it may be)."""
    if not declared or declared == assignment_id:
        return ""
    return f"this notebook was made for assignment {declared}, not {assignment_id}; it was not graded (--force grades it anyway)"


def grade_notebook(path: Path, submission_id: str, assignment: GradableAssignment, pool: WorkerPool, *,
                   force: bool = False, data: StudentData | None = None) -> SubmissionResult:
    """Grade one notebook file; never raises for anything the submission does.

    A notebook whose metadata names another assignment is refused unless ``force``.
    ``data``: the student's own data (``data_seed: student``): bound at the notebook's
    ``data/`` and given to the hidden tests as ``data``; the pool must be configured
    ``per_submission``. The metadata's student, if another, is reported, never used.
    """
    started = time.monotonic()
    tag = {} if data is None else {"student": data.student, "variant": data.variant}
    try:
        notebook = read_notebook(path, follow_symlinks=False)  # discovery resolved the links it allows
    except NncourseError as exc:
        return SubmissionResult(submission_id, assignment.id, error=exc.one_line(), seconds=time.monotonic() - started,
                                max_score_hint=assignment.max_score, **tag)
    if not force and (why := wrong_assignment(notebook.assignment_id(), assignment.id)):
        return refused_result(submission_id, assignment, why)
    if data is not None and (claimed := notebook.student_id()) and claimed != data.student:
        tag["notebook_student"] = claimed  # for the instructor (gradebook, instructor.json), not the student's feedback
    spawn = pool.acquire if data is None else (lambda: pool.acquire(data.folder))
    runtime = StudentRuntime(notebook.code, spawn, pool.config, preload=assignment.student_imports)
    try:
        outcomes = runtime.run_notebook()
        fixtures = Fixtures(StudentProxy(runtime), assignment.reference, assignment.data_dir if data is None else data.folder)
        tests = run_specs(assignment.tests, assignment.points, fixtures, manual=assignment.manual,
                          all_or_nothing=assignment.all_or_nothing)
        summary = _execution_summary(outcomes, runtime.report, pool.mode_note)
    except Exception as exc:  # a grader bug must not stop the batch or lose the others' grades
        detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        return SubmissionResult(
            submission_id, assignment.id, error=f"internal grader error ({type(exc).__name__}: {str(exc)[:200]})",
            seconds=time.monotonic() - started, warnings=(detail,), max_score_hint=assignment.max_score, **tag,
        )
    finally:
        runtime.close()
    return SubmissionResult(
        submission_id,
        assignment.id,
        tests=(summary, *tests),
        cells=tuple(outcomes),
        isolation=dict(runtime.report, mode_note=pool.mode_note) if pool.mode_note else dict(runtime.report),
        seconds=time.monotonic() - started,
        warnings=notebook.warnings,
        max_score_hint=assignment.max_score,
        **tag,
    )
