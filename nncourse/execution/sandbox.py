"""Grader side of the sandbox: start workers, talk to them, bound them, survive them.

A :class:`Worker` is one student process. How it is started (command, environment, isolation
mode) is :mod:`.launch`; how the grader watches its CPU time and ends it is :mod:`.meter`.

Every request is answered within a :class:`~.config.Budget`: CPU seconds counted by the
kernel, plus a backstop on time spent *blocked* (neither running nor waiting for a CPU), so a
busy machine never changes a verdict. Request ids are random, so a student who writes forged
replies on its pipe can only ever answer the request it is running in (and is ended if it
answers anything else); a stale duplicate of an answered request is skipped, never taken for
the next one.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import codec
from .config import Budget
from .launch import (  # noqa: F401  (re-exported: the grader's one import for starting students)
    _WORKER_ENTRY,
    _python_command,
    _unshare_prefix,
    _worker_env,
    choose_mode,
    prepare_bytecode,
    site_path,
    start_zygote,
)
from .meter import ProcessWatch, announce_channel, usage, watch

if TYPE_CHECKING:
    from .config import SandboxConfig
    from .zygote import Zygote

_PIPE_ATOMIC = 4096  # POSIX guarantees at least PIPE_BUF = 512; Linux gives 4096 (and a 64 KiB buffer)
_STATUS_WAIT = 60.0  # wall seconds for the exit status of a student that has ended (its parent reports it)
_QUICK = 0.05  # seconds a reply may take before the grader starts reading the student's clocks


class WorkerDied(Exception):
    """The student process ended (crash, ``os._exit``, killed by a limit)."""


class WorkerTimeout(Exception):
    """The student process went over a limit (and has been ended).

    ``kind`` is ``cpu`` (used more CPU than allowed), ``blocked`` (blocked without using CPU:
    the wall-clock backstop), or ``wall`` (no CPU accounting here, or a protocol wait).
    """

    def __init__(self, message: str, kind: str = "wall", limit: float = 0.0) -> None:
        super().__init__(message)
        self.kind = kind
        self.limit = limit


def _new_id() -> int:
    return int.from_bytes(os.urandom(6), "little") or 1


class Worker:
    """One student process and the pipes to it.

    Starting the process needs only the isolation mode; its lock-down spec (folders to hide,
    data, limits) follows in :meth:`configure`, so a grader can start it before it has read
    the assignment and let it import numpy meanwhile.
    """

    def __init__(self, mode: str, zygote: "Zygote | None" = None) -> None:
        self.mode = mode
        self.config: SandboxConfig | None = None
        self.watch: ProcessWatch | None = None
        self.cpu_used = 0.0
        """CPU seconds used by the requests answered so far (as the grader measured them)."""
        self._closed = False
        self.scratch = Path(tempfile.mkdtemp(prefix="nncourse-"))
        fds: list[int] = []
        try:
            to_worker_r, self._to_worker = os.pipe()
            fds += [to_worker_r, self._to_worker]
            self._from_worker, from_worker_w = os.pipe()
            fds += [self._from_worker, from_worker_w]
            channel = announce_channel()
            self._announce, announce_fd = channel if channel else (None, -1)
            if announce_fd >= 0:
                fds.append(announce_fd)
            child_fds = [to_worker_r, from_worker_w] + ([announce_fd] if announce_fd >= 0 else [])
            if zygote is not None:  # forked from a clean zygote: same namespaces and lock-down, no new interpreter
                from .zygote import ZygoteChild

                self.proc: Any = ZygoteChild(zygote, zygote.fork(child_fds))
            else:
                debug = os.environ.get("NNCOURSE_DEBUG_WORKER")
                self.proc = subprocess.Popen(
                    [*_unshare_prefix(mode), *_python_command(_WORKER_ENTRY), *map(str, [to_worker_r, from_worker_w, announce_fd])],
                    stdin=subprocess.DEVNULL,
                    stdout=None if debug else subprocess.DEVNULL,
                    stderr=None if debug else subprocess.DEVNULL,
                    pass_fds=tuple(child_fds),
                    env=_worker_env(mode),
                    cwd=str(self.scratch),
                    start_new_session=True,
                )
        except BaseException:
            for fd in fds:
                _close_quietly(fd)
            if getattr(self, "_announce", None) is not None:
                self._announce.close()
            shutil.rmtree(self.scratch, ignore_errors=True)
            raise
        for fd in child_fds:
            os.close(fd)
        self._buffer = b""
        self._last_sample: Any = None
        self._start_sample: Any = None
        self._answered: set[int] = set()
        self.report: dict[str, Any] | None = None
        self.started = time.monotonic()

    def configure(self, config: SandboxConfig, data_dir: Path | None) -> "Worker":
        """Send the lock-down spec (once). A worker that has already died says so in :meth:`wait_ready`."""
        if self.config is not None:
            raise RuntimeError("worker already configured")
        self.config = config
        root = self.scratch / "root"
        root.mkdir()
        if self.mode == "none" and data_dir is not None:
            (root / "data").symlink_to(data_dir, target_is_directory=True)
        spec = {
            "mode": self.mode,
            "root_dir": str(root),
            "data_dir": str(data_dir) if data_dir else "",
            "uid": 200_000 + int.from_bytes(os.urandom(4), "little") % 800_000,
            "hide": list(config.hide),
            "limits": config.limits.to_json(),
            "preload": list(config.preload),
        }
        try:
            self._send(codec.encode(spec) + b"\n", config.startup_timeout)
        except (WorkerDied, WorkerTimeout):
            pass
        return self

    # -- protocol ----------------------------------------------------------------

    def wait_ready(self) -> dict[str, Any]:
        """Block until the worker has locked itself down; return its isolation report."""
        if self.config is None:
            raise RuntimeError("worker not configured (call configure first)")
        if self.report is None:
            reply = self._read(self.config.startup_timeout)
            if not reply.get("ok"):
                self.kill()
                raise WorkerDied(reply.get("error", {}).get("message", "worker failed to start"))
            # It announced itself before locking down, so the announcement is there by now.
            self.watch, self._announce = watch(self._announce), None
            self.report = dict(reply.get("value") or {}, cpu_metered=self.watch is not None)
        return self.report

    def request(self, message: dict[str, Any], limit: Budget | float) -> dict[str, Any]:
        """Send one request and return its reply; end the worker on a limit or garbage."""
        return self.receive(self.send(message, _wall(limit)), limit)

    def send(self, message: dict[str, Any], timeout: float) -> int:
        """Send one request without waiting for its reply; returns its id for :meth:`receive`."""
        self.wait_ready()
        number = _new_id()
        self._send(codec.encode(dict(message, id=number)) + b"\n", timeout)
        return number

    def receive(self, number: int, limit: Budget | float) -> dict[str, Any]:
        """The reply to request ``number``, which must be the next one the worker answers.

        The budget starts now (for a request sent ahead, when the one before it was answered).
        """
        metered = self.watch is not None and isinstance(limit, Budget)
        began = time.monotonic()
        self._start_sample = self._last_sample = None
        if metered and b"\n" not in self._buffer:
            # Most replies come within milliseconds: wait a moment before reading /proc at all
            # (the CPU used meanwhile, at most that moment, is then not counted: lenient).
            select.select([self._from_worker], [], [], _QUICK)
        try:
            while True:
                reply = self._read(limit)
                got = reply.get("id")
                if got == number:
                    self._answered.add(number)
                    return reply
                if got not in self._answered:  # not a stale duplicate: a reply to nothing asked
                    self.kill()
                    raise WorkerDied("student process sent an unexpected message")
        finally:
            start = self._start_sample
            if start is not None and self.watch is not None:
                now = self.watch.sample() or self._last_sample  # the last reading, if it has ended since
                self.cpu_used += usage(start, now).cpu
            elif metered:  # answered at once: charge the (short) wall time as CPU
                self.cpu_used += time.monotonic() - began

    def _send(self, data: bytes, timeout: float) -> None:
        try:
            view = memoryview(data)
            if len(view) <= _PIPE_ATOMIC:  # fits the pipe buffer: the write cannot block
                view = view[os.write(self._to_worker, view) :]
            while view:
                _, writable, _ = select.select([], [self._to_worker], [], timeout)
                if not writable:
                    self.kill()
                    raise WorkerTimeout(f"did not read its input within {timeout:g} s")
                view = view[os.write(self._to_worker, view[: 1 << 16]) :]
        except OSError:
            raise WorkerDied(self._death_reason()) from None

    def _read(self, limit: Budget | float) -> dict[str, Any]:
        began = time.monotonic()
        while b"\n" not in self._buffer:
            wait = self._check_limit(limit, began)
            readable, _, _ = select.select([self._from_worker], [], [], wait)
            if not readable:
                continue
            chunk = os.read(self._from_worker, codec.READ_CHUNK)
            if not chunk:
                raise WorkerDied(self._death_reason())
            self._buffer += chunk
            if len(self._buffer) > codec.MAX_MESSAGE_BYTES:
                self.kill()
                raise WorkerDied("student process sent too much data")
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            reply = codec.decode(line)
        except codec.CodecError as exc:
            self.kill()
            raise WorkerDied(f"student process sent a malformed message ({str(exc)[:80]})") from None
        if not isinstance(reply, dict):
            self.kill()
            raise WorkerDied("student process sent a malformed message")
        return reply

    def _check_limit(self, limit: Budget | float, began: float) -> float:
        """Raise (after ending the process) if a limit is exhausted; else how long to wait for a reply.

        A budget's clock starts at the first wait of the request (see :meth:`receive`)."""
        elapsed = time.monotonic() - began
        if isinstance(limit, Budget) and self.watch is not None and self._start_sample is None:
            self._start_sample = self._last_sample = self.watch.sample()
        start = self._start_sample
        if not isinstance(limit, Budget) or start is None or self.watch is None:
            seconds = limit.blocked if isinstance(limit, Budget) else float(limit)  # no CPU accounting: wall time
            if elapsed >= seconds:
                self.kill()
                raise WorkerTimeout(f"did not finish within {seconds:g} s", "wall", seconds)
            return seconds - elapsed
        now = self.watch.sample()
        if now is None:  # it has ended: the pipe will say so
            return 0.05
        self._last_sample = now
        used = usage(start, now)
        if used.cpu > limit.cpu:
            self.kill()
            raise WorkerTimeout(f"used more than {limit.cpu:g} s of {limit.what}", "cpu", limit.cpu)
        if used.blocked > limit.blocked:
            self.kill()
            raise WorkerTimeout(f"was blocked without using CPU for {used.blocked:.0f} s (used {used.cpu:.1f} s of CPU)",
                                "blocked", limit.blocked)
        if used.wall > limit.ceiling:
            self.kill()
            raise WorkerTimeout(f"did not finish within {limit.ceiling:g} s of wall-clock time", "wall", limit.ceiling)
        # CPU time cannot grow faster than wall time (per thread): sleep until a limit could be reached.
        return min(max(0.02, min(limit.cpu - used.cpu, limit.blocked - used.blocked)), 1.0)

    def _death_reason(self) -> str:
        """Why the process ended: its exit status once known, else ended now.

        If the student itself is gone (its pidfd says so) the status is on its way, however
        busy the machine is, so it is waited for; a student that merely closed its pipe and
        goes on running is ended at once."""
        gone = self.watch is None or not self.watch.alive
        try:
            code = self.proc.wait(timeout=_STATUS_WAIT if gone else 0.2)
        except subprocess.TimeoutExpired:
            self.kill()
            return "student process stopped answering"
        if code < 0:
            import signal

            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return f"student process was killed by {name}"
        return f"student process exited (status {code})"

    # -- lifetime ----------------------------------------------------------------

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """End the student and everything it started, at once; idempotent.

        SIGKILL through the pidfd reaches the student itself wherever it is (in an isolated mode
        it is the first process of its PID namespace, so the kernel then ends every process in
        that namespace); the ``unshare`` process group or the zygote's middle process follow.
        """
        if self.watch is not None:
            self.watch.kill()
        if self.proc.poll() is None:
            if isinstance(self.proc, subprocess.Popen):
                try:
                    os.killpg(self.proc.pid, 9)
                except (ProcessLookupError, PermissionError):
                    pass
            else:
                self.proc.kill()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass

    def close(self) -> None:
        """Ask the worker to leave, then make sure it has; release its pipes and scratch folder. Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self.proc.poll() is None and self.report is not None:
            try:
                os.write(self._to_worker, codec.encode({"op": "bye", "id": 0}) + b"\n")
                self.proc.wait(timeout=0.5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()
        for fd in (self._to_worker, self._from_worker):
            _close_quietly(fd)
        if self._announce is not None:
            self._announce.close()
            self._announce = None
        if self.watch is not None:
            self.watch.close()
        shutil.rmtree(self.scratch, ignore_errors=True)


def _wall(limit: Budget | float) -> float:
    return limit.ceiling if isinstance(limit, Budget) else float(limit)


def _close_quietly(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass
