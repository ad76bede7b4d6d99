"""Pre-started student processes, one per submission, never reused.

While one submission is graded the next processes are already starting, so a batch pays
process start-up in parallel instead of in series. For a batch (more than one submission
expected) workers are forked from a clean zygote (:mod:`.zygote`), which pays Python's and
numpy's start-up once. A worker handed out by :meth:`WorkerPool.acquire` belongs to one
student and is closed with them.
"""

from __future__ import annotations

import os
import signal
import threading
import weakref
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING

from .sandbox import Worker, WorkerDied, choose_mode, prepare_bytecode, start_zygote

if TYPE_CHECKING:
    from .config import SandboxConfig


class WorkerPool:
    """A queue of fresh workers for one assignment (one data folder, or one per submission).

    Two steps, so that student processes can start before the assignment is read: the
    constructor starts processes (they import numpy meanwhile); :meth:`configure` gives them
    the assignment's lock-down settings and must come before :meth:`acquire`.

    With per-submission data (``configure(..., per_submission=True)``) a ready worker is
    started but not locked down: its data folder is only known when a submission takes it,
    :meth:`acquire` ``(data_dir)`` sends the spec then. A worker is never reused, so one
    student's data folder never reaches another's process.
    """

    def __init__(self, mode: str = "auto", *, prestart: int = 1, expected: int | None = None) -> None:
        """``mode`` is the isolation asked for (see :func:`.sandbox.choose_mode`); ``prestart``
        workers are kept ready; ``expected`` (the number of submissions, if known) caps how many
        are ever started ahead, so the last submission does not pay for a spare process
        competing for the CPU. Replays after a crash start workers on demand."""
        self.config: SandboxConfig | None = None
        self.data_dir: Path | None = None
        self.per_submission = False
        """Each :meth:`acquire` names its own data folder (``data_seed: student``)."""
        self.mode, self.mode_note = choose_mode(mode)
        self.prestart = max(0, prestart)
        self._ahead = expected if expected is not None else float("inf")
        self._ready: deque[Worker] = deque()
        self._saved_handlers: dict[int, object] = {}
        self._started: weakref.WeakSet[Worker] = weakref.WeakSet()
        """Every worker this pool started that may still be running (handed out or not)."""
        self._lock = threading.Lock()
        self._closed = False
        prepare_bytecode()
        self._zygote = start_zygote(self.mode) if self._ahead > 1 else None
        self._fill()

    @classmethod
    def for_batch(cls, mode: str, *, submissions: int, jobs: int) -> "WorkerPool":
        """The pool for grading ``submissions`` notebooks ``jobs`` at a time, with two workers
        ready ahead: at most ``jobs`` + 2 student processes are alive at any moment."""
        return cls(mode, prestart=min(submissions, 2), expected=submissions)

    def configure(self, config: SandboxConfig, data_dir: Path | None, *, per_submission: bool = False) -> "WorkerPool":
        """Lock-down settings for every worker, started or to come; returns the pool.
        ``per_submission``: no common data folder; each :meth:`acquire` gives its own."""
        with self._lock:
            self.config, self.data_dir = config, None if per_submission else data_dir
            self.per_submission = per_submission
            if self._zygote is not None:
                self._zygote.preload(list(config.preload))
            if not per_submission:
                for worker in self._ready:
                    worker.configure(config, data_dir)
        return self

    def preload(self, modules: tuple[str, ...]) -> None:
        """Modules students may import: the zygote imports them now, so students forked from it
        have them already (each student's process also imports them before its first cell)."""
        if modules and self._zygote is not None:
            self._zygote.preload(list(modules))

    def _new_worker(self) -> Worker:
        worker = self._start_worker()
        return worker.configure(self.config, self.data_dir) if self.config is not None and not self.per_submission else worker

    def _start_worker(self) -> Worker:
        worker = None
        if self._zygote is not None and self._zygote.alive:
            try:
                worker = Worker(self.mode, self._zygote)
            except OSError:  # the zygote went away between the check and the request
                self._zygote.close()
                self._zygote = None
        worker = worker or Worker(self.mode)
        self._started.add(worker)
        return worker

    def _fill(self) -> None:
        while len(self._ready) < self.prestart and self._ahead > 0:
            self._ready.append(self._new_worker())
            self._ahead -= 1

    def acquire(self, data_dir: Path | None = None) -> Worker:
        """A started, locked-down worker for one submission (with per-submission data: whose
        ``data_dir`` is bound at its ``data/``; otherwise ``data_dir`` must be None)."""
        with self._lock:
            if self._closed:
                raise RuntimeError("pool is closed")
            if self.config is None:
                raise RuntimeError("pool not configured (call configure first)")
            if data_dir is not None and not self.per_submission:
                raise RuntimeError("this pool has one data folder for every submission")
            worker = self._ready.popleft() if self._ready else self._new_worker()
            if self.per_submission:
                worker.configure(self.config, data_dir)
            self._fill()
        try:
            worker.wait_ready()
        except WorkerDied as exc:
            if self.mode == "none":
                raise
            # Namespaces exist but lock-down failed (e.g. mounts refused): fall back, loudly.
            with self._lock:
                self.mode_note = f"isolation failed ({exc}); running without namespaces"
                self.mode = "none"
                for stale in self._ready:
                    stale.close()
                self._ready.clear()
                if self._zygote is not None:
                    self._zygote.close()
                    self._zygote = None
                worker = self._new_worker()
                if self.per_submission:
                    worker.configure(self.config, data_dir)
                self._fill()
            worker.wait_ready()
        return worker

    def kill_all(self) -> None:
        """End every student process this pool started, at once, from any thread or a signal
        handler (takes no lock): for a grader that is itself being stopped."""
        for worker in list(self._started):
            worker.kill()

    def close(self) -> None:
        """Close the spare workers and the zygote, and end any worker still running."""
        with self._lock:
            self._closed = True
            while self._ready:
                self._ready.popleft().close()
            self.kill_all()
            if self._zygote is not None:
                self._zygote.close()
                self._zygote = None

    def __enter__(self) -> "WorkerPool":
        """In the main thread, also end every student process if the grader is told to stop
        (SIGTERM, SIGHUP), unless those signals are already handled or ignored: see :meth:`_stop`."""
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
                if sig is not None and signal.getsignal(sig) == signal.SIG_DFL:
                    self._saved_handlers[sig] = signal.signal(sig, self._stop)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._saved_handlers.items():
            signal.signal(sig, handler)
        self.close()

    def _stop(self, signum: int, frame: object) -> None:
        """The grader is being stopped: end every student now, release their folders and pipes,
        then die of the same signal (results already written stay; nothing half-done is written)."""
        self._closed = True
        for worker in list(self._started):
            worker.kill()
        for worker in list(self._started):
            worker.close()
        if self._zygote is not None:
            self._zygote.close()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
