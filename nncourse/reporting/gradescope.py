"""Gradescope's ``results.json`` (https://gradescope-autograders.readthedocs.io/en/latest/specs/).

Student-visible fields carry only :attr:`TestResult.output`; instructor details go to a
separate ``instructor.json`` that is never uploaded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..checks.results import Status, SubmissionResult
from ..files import write_atomic
from .base import ReportContext, RunSummary
from .safe_text import folder_name


def test_numbers(questions: list[str]) -> list[str]:
    """Gradescope's ``number`` of each test: ``"q.k"``, the question's place (first seen) and the test's place in it."""
    order: dict[str, int] = {}
    within: dict[str, int] = {}
    numbers = []
    for q in questions:
        order.setdefault(q, len(order))
        within[q] = within.get(q, 0) + 1
        numbers.append(f"{order[q]}.{within[q]}")
    return numbers


def results_json(result: SubmissionResult) -> dict[str, Any]:
    """The Gradescope results object for one submission: only keys Gradescope's specification
    lists (checked against a schema in tests/integrations). The assignment's total is not among
    them (Gradescope takes it from the assignment's settings): it is kept in ``extra_data``."""
    extra = {"max_score": result.max_score, "assignment": result.assignment, "submission": result.submission}
    seconds = max(0, round(result.seconds))
    if result.error:
        return {
            "score": 0.0,
            "execution_time": seconds,
            "output": f"Not graded / 未评分: {result.error}",
            "visibility": "visible",
            "stdout_visibility": "hidden",
            "extra_data": extra,
            "tests": [],
        }
    lines = [f"Score / 得分: {result.score:g} / {result.max_score:g}"]
    lines += [f"  {q}: {got:g} / {possible:g}" for q, (got, possible) in result.question_scores().items() if possible]
    lines += [f"warning: {w}" for w in result.warnings[:5]]
    if result.needs_review:
        lines.append(f"{len(result.needs_review)} answer(s) await review by the teaching staff; the score may go up "
                     f"/ {len(result.needs_review)} 个答案等待人工复核，分数可能上调")
    numbers = test_numbers([t.question for t in result.tests])
    return {
        "score": result.score,
        "execution_time": seconds,
        "output": "\n".join(lines),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "extra_data": extra,
        "tests": [
            {
                "name": t.name,
                "number": number,
                "score": round(t.score, 6),
                "max_score": round(t.max_score, 6),
                "status": str(Status.PASSED if t.passed else Status.FAILED),
                "output": t.output,
                "visibility": t.visibility,
                "tags": [t.question],
            }
            for t, number in zip(result.tests, numbers)
        ],
    }


def instructor_json(result: SubmissionResult) -> dict[str, Any]:
    """Everything, including expected values and grader tracebacks."""
    data = result.to_json()
    del data["max_score_hint"]
    data["seconds"] = round(result.seconds, 4)
    return data


def read_instructor_json(path: Path) -> SubmissionResult:
    """The :class:`SubmissionResult` that :func:`instructor_json` wrote (for re-totalling after review)."""
    return SubmissionResult.from_json(json.loads(path.read_text("utf-8")))


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON so that a reader never sees half a file (:func:`nncourse.files.write_atomic`)."""
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1))


def submission_folder(outdir: Path, submission_id: str) -> Path:
    """``OUTDIR/<folder>``: one folder per id, never shared (:func:`.safe_text.folder_name`)."""
    return outdir / folder_name(submission_id)


def write_submission(outdir: Path, result: SubmissionResult) -> Path:
    """``OUTDIR/<id>/results.json`` and ``instructor.json``; returns the folder."""
    folder = submission_folder(outdir, result.submission)
    write_json_atomic(folder / "results.json", results_json(result))
    write_json_atomic(folder / "instructor.json", instructor_json(result))
    return folder


class ResultsJsonReporter:
    """``gradescope``: ``OUTDIR/<id>/results.json``, Gradescope's format, as each result arrives."""

    def __init__(self, context: ReportContext) -> None:
        self.out = context.out
        self.written: set[str] = set()

    def on_result(self, result: SubmissionResult) -> None:
        write_json_atomic(submission_folder(self.out, result.submission) / "results.json", results_json(result))
        self.written.add(result.submission)

    def finish(self, run: RunSummary) -> str:
        for result in run.results:  # kept from earlier runs, or changed by a review: the view follows the ledger
            path = submission_folder(self.out, result.submission) / "results.json"
            if result.submission not in self.written and (run.stale(result.submission) or not path.is_file()):
                self.on_result(result)
        return f"{len(run.results)} results.json"


class InstructorJsonReporter:
    """``instructor``: ``OUTDIR/<id>/instructor.json`` (everything, never uploaded), as each result arrives."""

    def __init__(self, context: ReportContext) -> None:
        self.out = context.out
        self.written: set[str] = set()

    def on_result(self, result: SubmissionResult) -> None:
        write_json_atomic(submission_folder(self.out, result.submission) / "instructor.json", instructor_json(result))
        self.written.add(result.submission)

    def finish(self, run: RunSummary) -> None:
        for result in run.results:
            path = submission_folder(self.out, result.submission) / "instructor.json"
            if result.submission not in self.written and (run.stale(result.submission) or not path.is_file()):
                self.on_result(result)
        return None
