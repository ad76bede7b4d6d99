"""The executor seam: who runs the grading of many submissions, and where.

The unit of work is :func:`.remote.grade_one` — a function of paths and plain data whose result
round-trips through JSON (:meth:`SubmissionResult.to_json` / ``from_json``). Anything that can
call it can grade: a thread in this process, another process, another machine that has the
bundle folder and the notebook's bytes (:func:`.remote.grade_bytes`).

An :class:`Executor` grades a batch for ``nncourse grade``:

* it is created first, so that it can start student processes before anything of the
  assignment is read (keep that: it is what makes one grade cost little more than a numpy
  import);
* :meth:`Executor.grade` then receives the :class:`~.source.AssignmentSource` (or an already
  loaded :class:`~.assignment.GradableAssignment`) and the submissions, calls ``on_result``
  with each result as soon as it is known (reporters write it at once) and returns the
  results in input order;
* :meth:`Executor.close` ends every process it started.

:class:`ThreadExecutor` is the default: one pool of pre-started sandboxed processes, ``jobs``
threads taking submissions from the list. For an assignment with per-student data
(``data_seed: student``) it draws each student's data into a private folder of its own
(:class:`.student_data.DataShelf`) and binds that student's folder to the process that runs
their notebook, and only to it (the pool locks a worker down when a submission takes it). ARCHITECTURE.md shows another executor built on
:func:`.remote.grade_bytes`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol, Sequence

from ..execution.config import Isolation
from ..execution.pool import WorkerPool

if TYPE_CHECKING:
    from ..checks.results import SubmissionResult
    from ..keyed import Secret
    from .assignment import GradableAssignment
    from .source import AssignmentSource
    from .student_data import DataShelf

OnResult = Callable[["SubmissionResult"], None]


class Submission(Protocol):
    """One notebook and the id it is reported under (:class:`.batch.Submission` is one)."""

    @property
    def id(self) -> str: ...

    @property
    def path(self) -> Path: ...

    @property
    def refused(self) -> str:
        """Why this file is not graded ("" when it is): a link, a FIFO (see :mod:`.discovery`)."""
        ...

    @property
    def student(self) -> str:
        """Whose data it is graded with (per-student data; "": read from the id)."""
        ...


class Executor(Protocol):
    """Grades submissions; see the module docstring for the order of calls."""

    def grade(self, assignment: "AssignmentSource | GradableAssignment", submissions: Sequence[Submission], *,
              on_result: OnResult | None = None) -> "list[SubmissionResult]": ...

    def close(self) -> None: ...


class ThreadExecutor:
    """Threads in this process, each grading one submission at a time in a fresh sandboxed process."""

    def __init__(self, *, isolation: str = Isolation.AUTO, jobs: int = 1, expected: int | None = None,
                 hide: tuple[str, ...] = (), force: bool = False, secret: "Secret | None" = None) -> None:
        """``isolation``: the sandbox mode asked for; ``jobs``: submissions graded at once;
        ``expected``: how many submissions will come (starts that many processes ahead at
        most); ``hide``: folders students must not see beyond the assignment's own (e.g. the
        output folder); ``force``: grade notebooks whose metadata names another assignment;
        ``secret``: the course secret for per-student data (None: read from
        ``$NNCOURSE_SECRET_FILE`` when an assignment needs it, else a one-line error).
        Student processes start here, before the assignment is known."""
        self.isolation = isolation
        self.secret = secret
        self.jobs = max(1, jobs)
        self.hide = hide
        self.force = force
        if expected is None:
            self.pool = WorkerPool(isolation, prestart=1)
        else:
            self.pool = WorkerPool.for_batch(isolation, submissions=expected, jobs=self.jobs)

    def grade(self, assignment: "AssignmentSource | GradableAssignment", submissions: Sequence[Submission], *,
              on_result: OnResult | None = None) -> "list[SubmissionResult]":
        from ..keyed import DataSeed
        from .source import AssignmentSource, sandbox_config

        shelf = None
        if getattr(assignment, "data_seed", DataSeed.FIXED) == DataSeed.STUDENT:
            from ..keyed import read_secret
            from .student_data import DataShelf

            shelf = DataShelf(self.secret or read_secret(None), assignment.id, assignment.data_dir)
        hide = tuple(dict.fromkeys((*self.hide, *(str(s.path.parent.resolve()) for s in submissions),
                                    *((str(shelf.root),) if shelf else ()))))
        config = sandbox_config(assignment, isolation=self.isolation, hide=hide)
        self.pool.configure(config, assignment.data_dir, per_submission=shelf is not None)
        try:
            return self._grade(assignment, submissions, shelf, on_result)
        finally:
            if shelf is not None:
                shelf.close()

    def _grade(self, assignment: "AssignmentSource | GradableAssignment", submissions: Sequence[Submission],
               shelf: "DataShelf | None", on_result: OnResult | None) -> "list[SubmissionResult]":
        from ..errors import NncourseError
        from .source import AssignmentSource
        from .student_data import student_of
        from .submission import grade_notebook, refused_result

        loaded = assignment.load() if isinstance(assignment, AssignmentSource) else assignment

        def one(sub: Submission) -> "SubmissionResult":
            if refused := getattr(sub, "refused", ""):
                result = refused_result(sub.id, loaded, refused)
            elif shelf is None:
                result = grade_notebook(sub.path, sub.id, loaded, self.pool, force=self.force)
            else:
                student = getattr(sub, "student", "") or student_of(sub.id, notebook_name=loaded.id)
                try:
                    data = shelf.get(student, loaded.reference)
                except NncourseError as exc:  # the generator failed: this submission, not the batch
                    result = refused_result(sub.id, loaded, f"cannot make {student}'s data: {exc.one_line()}")
                else:
                    result = grade_notebook(sub.path, sub.id, loaded, self.pool, force=self.force, data=data)
            if on_result is not None:
                on_result(result)  # a reporter that cannot write stops the batch (below)
            return result

        jobs = max(1, min(self.jobs, len(submissions) or 1))
        if jobs == 1:
            return [one(s) for s in submissions]
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=jobs) as threads:
            futures = [threads.submit(one, s) for s in submissions]
            try:
                return [f.result() for f in futures]
            except BaseException:  # e.g. OUTDIR is full: stop, do not grade the rest
                for f in futures:
                    f.cancel()
                raise

    def close(self) -> None:
        self.pool.close()

    def __enter__(self) -> "ThreadExecutor":
        self.pool.__enter__()  # a grader told to stop (SIGTERM) ends its students first
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.__exit__(*exc)
