"""The grader's own view of one student process: who it is, what it has used, how to end it.

Nothing here trusts the student. The student process announces itself once, before lock-down,
by writing one byte on a Unix datagram socket (:func:`.worker.announce`) whose receiving end has ``SO_PASSCRED``: the
kernel attaches the *sender's* process id, translated into the grader's PID namespace (inside
its own namespace the student is PID 1), so the grader learns the real process without taking
the student's word for it. From then on the grader

* holds a pidfd on it (``pidfd_open``), so a recycled pid can never be mistaken for it;
* reads its CPU time from ``/proc/PID/stat`` (user + system time of all its threads: the
  kernel's own accounting, unchanged by how busy the machine is) and, from
  ``/proc/PID/schedstat``, how long it ran and how long it waited for a CPU; wall time minus
  both is time it spent *blocked* (sleeping, waiting for input), which is what a wall-clock
  backstop should count so that a loaded machine never fails a student;
* ends it with ``pidfd_send_signal(SIGKILL)``. In an isolated mode the student is PID 1 of its
  own PID namespace, and when a namespace's first process dies the kernel kills every other
  process in it: nothing the submission started outlives it.

Where any of this is unavailable (not Linux, no ``/proc``) :func:`watch` returns None and the
limits fall back to wall-clock time.
"""

from __future__ import annotations

import os
import select
import signal
import socket
import struct
import time
from typing import NamedTuple

_UCRED = struct.Struct("3i")  # struct ucred: pid, uid, gid


def announce_channel() -> tuple[socket.socket, int] | None:
    """A socket pair for the student's one announcement: (grader's end, fd for the student).

    None where the platform has no ``SO_PASSCRED`` (the grader then measures wall time only).
    """
    passcred = getattr(socket, "SO_PASSCRED", None)
    if passcred is None or not hasattr(os, "pidfd_open"):
        return None
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    for end in (ours, theirs):
        end.setsockopt(socket.SOL_SOCKET, passcred, 1)
    ours.setblocking(False)
    fd = theirs.detach()
    return ours, fd


def announced_pid(sock: socket.socket) -> int | None:
    """The announcing process's pid in the grader's namespace, once it has announced; else None."""
    try:
        _, ancillary, _, _ = sock.recvmsg(1, socket.CMSG_SPACE(_UCRED.size))
    except (BlockingIOError, InterruptedError, OSError):
        return None
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS and len(data) >= _UCRED.size:
            pid = _UCRED.unpack(data[: _UCRED.size])[0]
            return pid if pid > 0 else None
    return None


class Sample(NamedTuple):
    """One reading of a process's clocks, in seconds."""

    wall: float
    """``time.monotonic()`` when read."""
    cpu: float
    """User + system CPU time of all threads."""
    scheduled: float
    """Time the main thread ran or waited on a run queue (runnable); equal to ``cpu`` where unknown."""


class Usage(NamedTuple):
    """What a process used between two samples."""

    cpu: float
    wall: float
    blocked: float
    """Wall time during which it neither ran nor waited for a CPU: it was sleeping or blocked."""


def usage(start: Sample, now: Sample) -> Usage:
    wall = now.wall - start.wall
    return Usage(now.cpu - start.cpu, wall, max(0.0, wall - (now.scheduled - start.scheduled)))


class ProcessWatch:
    """A pidfd on one student process, its clocks, and a kill that reaches its whole namespace."""

    def __init__(self, pid: int, pidfd: int) -> None:
        self.pid = pid
        self.pidfd = pidfd
        self._tick = float(os.sysconf("SC_CLK_TCK"))
        self._stat = _open(f"/proc/{pid}/stat")  # kept open: one pread per reading
        self._schedstat = _open(f"/proc/{pid}/schedstat")

    @property
    def alive(self) -> bool:
        if self.pidfd < 0:
            return False
        readable, _, _ = select.select([self.pidfd], [], [], 0)  # a pidfd becomes readable when the process ends
        return not readable

    def sample(self) -> Sample | None:
        """The process's clocks now; None once it has ended."""
        try:
            fields = os.pread(self._stat, 4096, 0).rsplit(b")", 1)[1].split()
            cpu = (int(fields[11]) + int(fields[12])) / self._tick
            try:
                ran, waited = os.pread(self._schedstat, 256, 0).split()[:2]
                scheduled = (int(ran) + int(waited)) / 1e9
            except (OSError, ValueError):
                scheduled = cpu
        except (OSError, IndexError, ValueError):
            return None
        now = time.monotonic()
        if not self.alive:  # the numbers may belong to a new process with a recycled pid
            return None
        return Sample(now, cpu, max(scheduled, cpu))

    def kill(self) -> None:
        """SIGKILL through the pidfd (never a recycled pid). Idempotent."""
        if self.pidfd < 0:
            return
        try:
            signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            pass

    def close(self) -> None:
        for fd in (self.pidfd, self._stat, self._schedstat):
            if fd >= 0:
                os.close(fd)
        self.pidfd = self._stat = self._schedstat = -1


def _open(path: str) -> int:
    try:
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return -1


def watch(sock: socket.socket | None) -> ProcessWatch | None:
    """A :class:`ProcessWatch` on the process that announced itself on ``sock`` (closed here)."""
    if sock is None:
        return None
    try:
        pid = announced_pid(sock)
    finally:
        sock.close()
    if pid is None:
        return None
    try:
        pidfd = os.pidfd_open(pid)
    except OSError:
        return None
    process = ProcessWatch(pid, pidfd)
    if process._stat < 0:  # no /proc here: limits fall back to wall-clock time
        process.close()
        return None
    return process
