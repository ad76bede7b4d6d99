"""Grading on a Dask cluster: the executor seam, with dask.distributed doing the scheduling.

``nncourse grade … --executor dask [--scheduler ADDRESS]`` (extra ``nncourse[distributed]``).
Without an address a ``LocalCluster`` sized to the machine is started (one single-threaded
worker process per core).

What crosses to a worker is plain data: the autograder bundle once, as the bytes of a tar
archive (:class:`BundlePlugin`, a Dask worker plugin: every worker unpacks it into a private
folder when it joins, and keeps one pool of sandboxed student processes for the whole run),
then for each task a few notebooks' bytes and submission ids (:func:`chunk_size`: up to
:data:`MAX_CHUNK` per task, so that Dask's per-task cost stays small beside the grading). What
comes back is :meth:`SubmissionResult.to_json` of each. Workers need nncourse installed, not
the course folder; each grades exactly as ``grade`` does locally (fresh ``python -I -S``
students under the same lock-down, started by the worker, never forked from it), so the
clean-interpreter rule holds on every worker. Files the local executor refuses (links, FIFOs,
devices, notebooks over the size cap) are refused here too, before anything is sent.

Per-student data (``data_seed: student``): the course secret travels to the workers inside
the plugin (a cluster of your own; use TLS on a shared network), each worker draws a
student's data when their task arrives (:class:`.student_data.DataShelf`) and binds it to
that student's process only, as the local executor does.

Failures: a worker that dies mid-task has its task rescheduled on another worker by Dask;
a task that has been on a dying worker twice (``allowed-failures`` = 1 on a cluster started
here) is split, each of its submissions sent again alone, and a single submission that fails
that way is recorded as an error with the reason, once: one notebook that kills its worker
costs only its own grade. Results reach ``on_result`` as they finish, so the ledger and the
reporters see each one at once; a killed client loses only the submissions in flight.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tarfile
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from ..errors import NncourseError, UnreadableFile
from ..files import read_regular_file
from ..notebook.reader import MAX_NOTEBOOK_BYTES

try:  # the optional extra; DaskExecutor names it when it is missing
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover - exercised by the missing-extra test
    WorkerPlugin = object  # type: ignore[assignment,misc]

if TYPE_CHECKING:
    from ..checks.results import SubmissionResult
    from ..keyed import Secret
    from .assignment import GradableAssignment
    from .executor import OnResult, Submission
    from .source import AssignmentSource

#: Name under which the bundle's worker plugin registers (one bundle per run).
PLUGIN = "nncourse-bundle"
#: How long to wait for a scheduler before saying it cannot be reached.
CONNECT_TIMEOUT = "10s"
#: How many times a task may be on a worker that died before it is recorded as an error.
ALLOWED_FAILURES = 1
#: At most this many submissions are graded by one task (see :func:`chunk_size`).
MAX_CHUNK = 8
#: Settings of a cluster started here (the nannies pass them on to their workers):
#: - ``allowed-failures``: see :data:`ALLOWED_FAILURES`;
#: - ``worker-saturation`` 1.0: a worker holds only the task it runs, none queued behind it.
#:   Dask counts every task on a worker that dies as a suspect, queued ones too, so with the
#:   default (1.1, one task queued on a one-thread worker) an honest submission queued behind a
#:   notebook that kills its worker could be given up on with it;
#: - the worker's statistical profiler samples every thread every 10 ms: of no use here, and
#:   it competes with the students for the cores.
LOCAL_CLUSTER_CONFIG = {"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                        "distributed.scheduler.worker-saturation": 1.0,
                        "distributed.worker.profile.enabled": False}


def _distributed():
    try:
        import distributed
    except ImportError:
        raise NncourseError("--executor dask needs dask.distributed",
                            hint="pip install 'nncourse[distributed]'") from None
    return distributed


def pack_bundle(folder: Path) -> bytes:
    """The bundle folder as a gzip'd tar archive (what is shipped to every worker)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                archive.add(path, arcname=path.relative_to(folder).as_posix(), recursive=False)
    return buffer.getvalue()


def unpack_bundle(data: bytes, into: Path) -> Path:
    """Unpack :func:`pack_bundle`'s archive into ``into`` (regular files only, no path outside it)."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        archive.extractall(into, filter="data")
    return into


class BundlePlugin(WorkerPlugin):
    """A Dask worker plugin: the bundle unpacked on the worker, and one grading pool for the run."""

    name = PLUGIN

    def __init__(self, bundle: bytes, isolation: str, force: bool = False, secret: bytes = b"") -> None:
        self.bundle = bundle
        self.digest = hashlib.sha256(bundle).hexdigest()
        self.isolation = isolation
        self.force = force
        self.secret = secret
        """The course secret, for an assignment with per-student data (empty otherwise)."""
        self.shelf: Any = None
        self.folder: Path | None = None
        self.pool: Any = None
        self.source: Any = None
        self.assignment: Any = None

    def setup(self, worker: Any = None) -> None:
        from ..execution.pool import WorkerPool
        from .source import bundle_source

        self.folder = Path(tempfile.mkdtemp(prefix="nncourse-worker-"))
        self.source = bundle_source(unpack_bundle(self.bundle, self.folder / "bundle"))
        # One sandboxed student process kept ready ahead, forked from a clean zygote: this
        # worker grades one task at a time, for as long as the run lasts.
        self.pool = WorkerPool.for_batch(self.isolation, submissions=2**31, jobs=1)
        hide: tuple[str, ...] = (str(self.folder),)
        if self.secret:
            from ..keyed import Secret
            from .student_data import DataShelf

            self.shelf = DataShelf(Secret(self.secret), self.source.id, self.source.data_dir)
            hide += (str(self.shelf.root),)
        self.pool.configure(self.source.sandbox_config(self.isolation, hide=hide), self.source.data_dir,
                            per_submission=self.shelf is not None)
        self.assignment = self.source.load()

    def teardown(self, worker: Any = None) -> None:
        if self.pool is not None:
            self.pool.close()
        if self.shelf is not None:
            self.shelf.close()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def grade(self, notebook: bytes, filename: str, submission_id: str, student: str = "") -> dict[str, Any]:
        """Grade one notebook that arrived as bytes (``filename`` only names it in messages);
        with per-student data, with ``student``'s (default: the one the id names)."""
        from .student_data import student_of
        from .submission import grade_notebook, refused_result

        data = None
        if self.shelf is not None:
            student = student or student_of(submission_id, notebook_name=self.assignment.id)
            try:
                data = self.shelf.get(student, self.assignment.reference)
            except NncourseError as exc:
                return refused_result(submission_id, self.assignment, f"cannot make {student}'s data: {exc.one_line()}").to_json()
        with tempfile.TemporaryDirectory(prefix="nncourse-submission-", dir=self.folder) as tmp:
            path = Path(tmp) / (Path(filename).name or "submission.ipynb")
            path.write_bytes(notebook)
            return grade_notebook(path, submission_id, self.assignment, self.pool, force=self.force, data=data).to_json()


def grade_task(items: list[tuple[bytes, str, str, str]], digest: str) -> list[dict[str, Any]]:
    """The task a worker runs: grade a few notebooks, each ``(bytes, file name, submission id,
    student id)``, with the bundle its plugin holds; their results in the same order."""
    from distributed import get_worker

    plugin = get_worker().plugins.get(PLUGIN)
    if plugin is None or plugin.digest != digest:
        raise RuntimeError("this worker has not received the run's autograder bundle")
    return [plugin.grade(notebook, filename, submission_id, student) for notebook, filename, submission_id, student in items]


def chunk_size(submissions: int, workers: int) -> int:
    """How many submissions one task grades.

    Dask's scheduler, the client and each worker spend a few milliseconds on every task whatever
    it does, and an a1 submission is graded in ~25 ms of CPU: one task per submission makes that
    overhead a tenth of the work. Grouping up to :data:`MAX_CHUNK` submissions divides it, while
    keeping at least four tasks per worker so that the load still balances and a straggler
    holds back little (``submissions / (4 × workers)``, between 1 and :data:`MAX_CHUNK`).
    """
    return max(1, min(MAX_CHUNK, submissions // (4 * max(1, workers))))


class DaskExecutor:
    """Grades on a Dask cluster (see the module docstring); the same contract as :class:`.executor.ThreadExecutor`."""

    def __init__(self, *, scheduler: str | None = None, isolation: str = "auto", workers: int | None = None,
                 force: bool = False, secret: "Secret | None" = None) -> None:
        """``force``: grade notebooks whose metadata names another assignment (as ``grade --force``);
        ``secret``: the course secret for per-student data (None: ``$NNCOURSE_SECRET_FILE`` when an
        assignment needs it)."""
        distributed = _distributed()
        import dask

        self.isolation = isolation
        self.force = force
        self.secret = secret
        self._cluster = None
        try:
            if scheduler:
                self.client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
            else:
                with dask.config.set(LOCAL_CLUSTER_CONFIG):
                    self._cluster = distributed.LocalCluster(
                        n_workers=workers or max(1, os.cpu_count() or 1), threads_per_worker=1, processes=True,
                        dashboard_address=":0", silence_logs=50)
                self.client = distributed.Client(self._cluster, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise NncourseError(f"cannot reach the Dask scheduler {scheduler or '(local cluster)'}: {exc}",
                                hint="check the address (tcp://HOST:8786) and that the scheduler runs") from None

    def grade(self, assignment: "AssignmentSource | GradableAssignment", submissions: Sequence["Submission"], *,
              on_result: "OnResult | None" = None) -> "list[SubmissionResult]":
        from distributed import as_completed

        from ..checks.results import SubmissionResult
        from .submission import refused_result

        bundle = getattr(assignment, "bundle", None)
        if bundle is None:
            raise NncourseError("--executor dask grades from a generated autograder bundle",
                                hint="pass -a DIR/autograder (from `nncourse generate`)")
        from ..keyed import DataSeed, read_secret

        secret = b""
        if getattr(assignment, "data_seed", DataSeed.FIXED) == DataSeed.STUDENT:
            secret = (self.secret or read_secret(None)).value
        plugin = BundlePlugin(pack_bundle(Path(bundle)), self.isolation, self.force, secret)
        self.client.register_plugin(plugin, name=PLUGIN)
        results: dict[str, SubmissionResult] = {}
        loaded = assignment.load() if hasattr(assignment, "load") else assignment
        max_score = loaded.max_score  # for a submission the cluster could not grade

        def settle(result: "SubmissionResult") -> None:
            results[result.submission] = result
            if on_result is not None:
                on_result(result)

        items: list[tuple[bytes, str, str, str]] = []
        for sub in submissions:
            # Read here exactly as the local executor's reader would: regular files only, bounded
            # (a FIFO or /dev/zero must not hang or exhaust the client); a refused file is not sent.
            try:
                if refused := getattr(sub, "refused", ""):
                    raise UnreadableFile(refused)
                items.append((read_regular_file(Path(sub.path), MAX_NOTEBOOK_BYTES), Path(sub.path).name, sub.id,
                              getattr(sub, "student", "")))
            except UnreadableFile as exc:
                settle(refused_result(sub.id, loaded, exc.one_line()))

        def submit(chunk: list[tuple[bytes, str, str, str]]):
            digest = hashlib.sha256(b"".join(item[0] for item in chunk)).hexdigest()[:12]
            key = f"grade-{plugin.digest[:12]}-{chunk[0][2]}-{len(chunk)}-{digest}"
            return self.client.submit(grade_task, chunk, plugin.digest, key=key, retries=0, pure=False)

        size = chunk_size(len(items), sum(self.client.nthreads().values()))
        futures = {submit(chunk): chunk for chunk in (items[i:i + size] for i in range(0, len(items), size))}
        running = as_completed(list(futures), loop=self.client.loop)
        for future in running:
            chunk = futures.pop(future)
            try:
                for data in future.result():
                    settle(SubmissionResult.from_json(data))
            except Exception as exc:  # a worker died twice, or the cluster went away
                if len(chunk) > 1:  # one of them may be the cause: each again on its own
                    for item in chunk:
                        single = submit([item])
                        futures[single] = [item]
                        running.add(single)
                    continue
                settle(SubmissionResult(chunk[0][2], getattr(assignment, "id", ""), max_score_hint=max_score,
                                        error=f"not graded on the cluster ({type(exc).__name__}: {str(exc)[:200]})"))
        return [results[s.id] for s in submissions]

    def close(self) -> None:
        client, cluster = getattr(self, "client", None), self._cluster
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    def __enter__(self) -> "DaskExecutor":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
