"""Grade many submissions: one fresh sandbox each, results written as soon as known.

A batch survives its worst member (STYLE.md §10): each submission's outcome, including a
grader error, is recorded and written before the next result is awaited, and the gradebook
lists every submission, with a reason where there is no score.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, NamedTuple

from ..errors import NncourseError
from ..execution.pool import WorkerPool

if TYPE_CHECKING:  # keep `find_submissions` light: it runs before the student processes start
    from ..checks.results import SubmissionResult
    from .assignment import GradableAssignment


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
    assignment: "GradableAssignment",
    *,
    jobs: int = 1,
    mode: str = "auto",
    hide: tuple[str, ...] = (),
    on_result: "Callable[[SubmissionResult], None] | None" = None,
    pool: WorkerPool | None = None,
) -> "list[SubmissionResult]":
    """Grade every submission with ``jobs`` in parallel; results keep the input order."""
    from .submission import grade_notebook, sandbox_config

    jobs = max(1, min(jobs, len(submissions) or 1))
    secrets = tuple(str(s.path.parent.resolve()) for s in submissions) + hide
    own_pool = pool is None
    if pool is None:
        config = sandbox_config(assignment, mode=mode, extra_secrets=secrets)
        pool = WorkerPool.for_batch(config.mode, submissions=len(submissions), jobs=jobs).configure(config, assignment.data_dir)
    pool.preload(assignment.student_imports)
    try:
        def one(sub: Submission) -> "SubmissionResult":
            result = grade_notebook(sub.path, sub.id, assignment, pool)
            if on_result is not None:
                on_result(result)
            return result

        if jobs == 1:
            return [one(s) for s in submissions]
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=jobs) as executor:
            return list(executor.map(one, submissions))
    finally:
        if own_pool:
            pool.close()


def default_jobs() -> int:
    """One grading job per core."""
    return max(1, os.cpu_count() or 1)
