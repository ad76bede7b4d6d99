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
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, NamedTuple

from ..errors import NncourseError

if TYPE_CHECKING:  # keep `find_submissions` light: it runs before the student processes start
    from ..checks.results import SubmissionResult
    from .assignment import GradableAssignment
    from .executor import Executor
    from .source import AssignmentSource


class Submission(NamedTuple):
    """One notebook to grade and the identifier it is reported under."""

    id: str
    path: Path


def find_submissions(inputs: Iterable[Path]) -> list[Submission]:
    """Notebook files from files and folders; ids are paths relative to the folder given."""
    found: list[Submission] = []
    for item in inputs:
        if item.is_dir():
            for nb in sorted(item.rglob("*.ipynb")):
                if ".ipynb_checkpoints" in nb.parts:
                    continue
                rel = nb.relative_to(item).with_suffix("")
                found.append(Submission(rel.as_posix(), nb))
        elif item.exists():
            found.append(Submission(item.stem, item))
        else:
            raise NncourseError(f"no such file or folder: {item}")
    seen: dict[str, int] = {}
    unique = []
    for s in found:
        n = seen.get(s.id, 0)
        seen[s.id] = n + 1
        unique.append(Submission(s.id if n == 0 else f"{s.id}~{n}", s.path))
    return unique


def grade_batch(
    submissions: list[Submission],
    assignment: "AssignmentSource | GradableAssignment",
    *,
    jobs: int = 1,
    on_result: "Callable[[SubmissionResult], None] | None" = None,
    executor: "Executor | None" = None,
) -> "list[SubmissionResult]":
    """Grade every submission; results keep the input order.

    With no ``executor``, a :class:`~.executor.ThreadExecutor` grading ``jobs`` at a time
    (strongest isolation available) is started for this batch and closed after it; a given
    ``executor`` is used and left open (its owner chose its isolation and closes it).
    """
    if executor is not None:
        return executor.grade(assignment, submissions, on_result=on_result)
    from .executor import ThreadExecutor

    jobs = max(1, min(jobs, len(submissions) or 1))
    with ThreadExecutor(jobs=jobs, expected=len(submissions)) as own:
        return own.grade(assignment, submissions, on_result=on_result)


def default_jobs() -> int:
    """One grading job per core."""
    return max(1, os.cpu_count() or 1)
