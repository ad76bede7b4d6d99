"""Grade many submissions: one fresh sandbox each, results written as soon as known.

A batch survives its worst member (STYLE.md §10): each submission's outcome, including a
grader error, is recorded and written before the next result is awaited, and the gradebook
lists every submission, with a reason where there is no score.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable

from ..execution.pool import WorkerPool
from .discovery import Submission, find_submissions

__all__ = ["Submission", "default_jobs", "find_submissions", "grade_batch"]

if TYPE_CHECKING:  # keep `find_submissions` light: it runs before the student processes start
    from ..checks.results import SubmissionResult
    from .assignment import GradableAssignment


def grade_batch(
    submissions: list[Submission],
    assignment: "GradableAssignment",
    *,
    jobs: int = 1,
    mode: str = "auto",
    hide: tuple[str, ...] = (),
    on_result: "Callable[[SubmissionResult], None] | None" = None,
    pool: WorkerPool | None = None,
    force: bool = False,
) -> "list[SubmissionResult]":
    """Grade every submission with ``jobs`` in parallel; results keep the input order.

    A submission that discovery refused (a link, a FIFO) gets its reason as an error result,
    as does a notebook made for another assignment unless ``force``.
    """
    from .submission import grade_notebook, refused_result, sandbox_config

    jobs = max(1, min(jobs, len(submissions) or 1))
    secrets = tuple(dict.fromkeys(str(s.path.parent.resolve()) for s in submissions)) + hide
    own_pool = pool is None
    if pool is None:
        config = sandbox_config(assignment, mode=mode, extra_secrets=secrets)
        pool = WorkerPool.for_batch(config.mode, submissions=len(submissions), jobs=jobs).configure(config, assignment.data_dir)
    try:
        def one(sub: Submission) -> "SubmissionResult":
            if sub.refused:
                result = refused_result(sub.id, assignment, sub.refused)
            else:
                result = grade_notebook(sub.path, sub.id, assignment, pool, force=force)
            if on_result is not None:
                on_result(result)
            return result

        if jobs == 1:
            return [one(s) for s in submissions]
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=jobs) as executor:
            futures = [executor.submit(one, s) for s in submissions]
            try:
                return [f.result() for f in futures]
            except BaseException:  # e.g. results cannot be written: stop, do not grade the rest
                for f in futures:
                    f.cancel()
                raise
    finally:
        if own_pool:
            pool.close()


def default_jobs() -> int:
    """One grading job per core."""
    return max(1, os.cpu_count() or 1)
