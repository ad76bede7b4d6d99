"""Grade many submissions: one fresh sandbox each, results written as soon as known.

A batch survives its worst member: each submission's outcome, including a grader error, is
recorded and written before the next result is awaited, and the gradebook lists every
submission, with a reason where there is no score. Who runs the grading is an
:class:`~.executor.Executor` (default: threads in this process).

Kept light: ``nncourse grade`` imports :func:`find_submissions` before the students'
processes start, so nothing here loads numpy or dataclasses at import.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable

from .discovery import Submission, find_submissions

__all__ = ["Submission", "default_jobs", "find_submissions", "grade_batch"]

if TYPE_CHECKING:  # keep `find_submissions` light: it runs before the student processes start
    from ..checks.results import SubmissionResult
    from .assignment import GradableAssignment
    from .executor import Executor
    from .source import AssignmentSource


def grade_batch(
    submissions: list[Submission],
    assignment: "AssignmentSource | GradableAssignment",
    *,
    jobs: int = 1,
    on_result: "Callable[[SubmissionResult], None] | None" = None,
    executor: "Executor | None" = None,
    force: bool = False,
) -> "list[SubmissionResult]":
    """Grade every submission; results keep the input order.

    With no ``executor``, a :class:`~.executor.ThreadExecutor` grading ``jobs`` at a time
    (strongest isolation available) is started for this batch and closed after it; a given
    ``executor`` is used and left open (its owner chose its isolation and closes it).
    A submission that discovery refused (a link, a FIFO) gets its reason as an error result,
    as does a notebook made for another assignment unless ``force`` (for the own executor).
    """
    if executor is not None:
        return executor.grade(assignment, submissions, on_result=on_result)
    from .executor import ThreadExecutor

    jobs = max(1, min(jobs, len(submissions) or 1))
    with ThreadExecutor(jobs=jobs, expected=len(submissions), force=force) as own:
        return own.grade(assignment, submissions, on_result=on_result)


def default_jobs() -> int:
    """One grading job per core."""
    return max(1, os.cpu_count() or 1)
