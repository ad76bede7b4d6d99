"""Gradescope's ``results.json`` (https://gradescope-autograders.readthedocs.io/en/latest/specs/).

Student-visible fields carry only :attr:`TestResult.output`; instructor details go to a
separate ``instructor.json`` that is never uploaded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..checks.results import SubmissionResult
from ..files import write_atomic
from .safe_text import folder_name


def results_json(result: SubmissionResult) -> dict[str, Any]:
    """The Gradescope results object for one submission."""
    if result.error:
        return {
            "score": 0.0,
            "max_score": result.max_score,
            "output": f"Not graded / 未评分: {result.error}",
            "visibility": "visible",
            "stdout_visibility": "hidden",
            "tests": [],
        }
    lines = [f"Score / 得分: {result.score:g} / {result.max_score:g}"]
    lines += [f"  {q}: {got:g} / {possible:g}" for q, (got, possible) in result.question_scores().items() if possible]
    lines += [f"warning: {w}" for w in result.warnings[:5]]
    if result.needs_review:
        lines.append(f"{len(result.needs_review)} answer(s) await review by the teaching staff; the score may go up "
                     f"/ {len(result.needs_review)} 个答案等待人工复核，分数可能上调")
    return {
        "score": result.score,
        "max_score": result.max_score,
        "output": "\n".join(lines),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [
            {
                "name": t.name,
                "score": round(t.score, 6),
                "max_score": round(t.max_score, 6),
                "status": "passed" if t.passed else "failed",
                "output": t.output,
                "visibility": t.visibility,
                "tags": [t.question],
            }
            for t in result.tests
        ],
    }


def instructor_json(result: SubmissionResult) -> dict[str, Any]:
    """Everything, including expected values and grader tracebacks."""
    return {
        "submission": result.submission,
        "assignment": result.assignment,
        "score": result.score,
        "max_score": result.max_score,
        "error": result.error,
        "needs_review": list(result.needs_review),
        "seconds": round(result.seconds, 4),
        "isolation": result.isolation,
        "warnings": list(result.warnings),
        "cells": [c.__dict__ for c in result.cells],
        "tests": [t.__dict__ for t in result.tests],
    }


def read_instructor_json(path: Path) -> SubmissionResult:
    """The :class:`SubmissionResult` that :func:`instructor_json` wrote (for re-totalling after review)."""
    from ..checks.results import TestResult
    from ..execution.runtime import CellOutcome

    data = json.loads(path.read_text("utf-8"))
    return SubmissionResult(
        data["submission"], data["assignment"],
        tests=tuple(TestResult(**t) for t in data.get("tests", [])),
        error=data.get("error", ""),
        cells=tuple(CellOutcome(**c) for c in data.get("cells", [])),
        isolation=data.get("isolation", {}),
        seconds=data.get("seconds", 0.0),
        warnings=tuple(data.get("warnings", [])),
        max_score_hint=data.get("max_score", 0.0),
    )


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
