"""A clean parent for student processes in a batch: start Python and numpy once, fork per student.

The zygote is started exactly like a worker (``unshare … python -I -S``, minimal environment,
its own namespaces) and never sees a test, a solution or a submission: it only imports numpy
and the worker module, then waits. For each student the grader sends the two pipe ends over a
Unix socket; the zygote forks, and the child

1. enters fresh mount, PID, network, IPC and UTS namespaces (``unshare(2)``) and forks again,
   so the student is PID 1 of a namespace of its own: it cannot see, signal or talk to the
   zygote or other students, exactly as a worker started with ``unshare --fork``;
2. reads its lock-down spec from the grader and locks down as every worker does
   (:func:`.worker.run`), then serves the grader.

So each student still gets a process of its own that is never reused, but a batch pays
Python's and numpy's start-up once instead of once per student. Exit codes go back to the
grader as messages; ``kill`` is a request (the grader cannot see into the namespaces).

Wire format on the ``SOCK_SEQPACKET`` socket, one JSON object per message::

    grader → zygote   {"op": "fork", "n": 7}  + fds [to_worker_r, from_worker_w(, announce)]
                      {"op": "kill", "n": 7}
                      {"op": "preload", "modules": ["sympy"]}   (the assignment's declared imports)
    zygote → grader   {"exit": 7, "code": -9}
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import sys
import threading

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWPID, CLONE_NEWNET = 0x20000, 0x4000000, 0x8000000, 0x20000000, 0x40000000
PR_SET_PDEATHSIG = 1
_MESSAGE = 1 << 16


# -- inside the zygote ---------------------------------------------------------------------

def _student(fds: list[int]) -> None:
    """In the forked child: new namespaces, a second fork to be PID 1, then a worker. Never returns."""
    from .isolation import libc as c_library
    from .worker import run

    os.setsid()
    libc = c_library()
    # (The zygote is PID 1 of its own namespace: if it dies the kernel ends every process in it,
    # this one and the students in their nested namespaces included.)
    if libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS) != 0:
        os._exit(4)
    pid = os.fork()
    if pid:  # the middle process: mirror the student's end, as `unshare --fork` does
        for fd in fds:
            os.close(fd)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code < 0:
            signal.signal(-code, signal.SIG_DFL)
            os.kill(os.getpid(), -code)
        os._exit(code & 0xFF)
    # The middle dies (killed) → so does the student. Lock-down re-arms this after it changes
    # credentials (setuid clears it), and the grader can also end the student directly.
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    run(fds[0], fds[1], fds[2] if len(fds) > 2 else -1)  # reads its lock-down spec from the grader first


def serve(sock_fd: int) -> None:
    """The zygote's loop: fork on request, kill on request, report exits; ends with the grader."""
    from .worker import prepare

    mode = os.environ.get("NNCOURSE_MODE", "root")
    prepare(mode)
    sock = socket.socket(fileno=sock_fd)
    children: dict[int, int] = {}  # pid of a middle process → the grader's number for it
    numbers: dict[int, int] = {}
    while True:
        _reap(sock, children, numbers)
        ready, _, _ = select.select([sock], [], [], 0.02)
        if not ready:
            continue
        try:
            data, fds, _, _ = socket.recv_fds(sock, _MESSAGE, 3)
        except OSError:
            break
        if not data:
            break  # the grader has gone: so do we (and, through PDEATHSIG chains, the students)
        request = json.loads(data)
        if request.get("op") == "fork" and len(fds) in (2, 3):
            pid = os.fork()
            if pid == 0:
                try:
                    sock.close()
                    _student(fds)
                finally:
                    os._exit(6)
            children[pid] = int(request["n"])
            numbers[int(request["n"])] = pid
            for fd in fds:
                os.close(fd)
        elif request.get("op") == "preload":
            from .worker import preload

            preload(request.get("modules", []))
        elif request.get("op") == "kill":
            pid = numbers.get(int(request["n"]))
            if pid is not None:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        else:
            for fd in fds:
                os.close(fd)
    for pid in children:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    os._exit(0)


def _reap(sock: socket.socket, children: dict[int, int], numbers: dict[int, int]) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        n = children.pop(pid, None)
        if n is not None:
            numbers.pop(n, None)
            try:
                sock.send(json.dumps({"exit": n, "code": os.waitstatus_to_exitcode(status)}).encode())
            except OSError:
                pass


# -- in the grader -------------------------------------------------------------------------

class Zygote:
    """The grader's handle on one zygote process (thread-safe)."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        import subprocess

        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.proc = subprocess.Popen(
            [*command, str(child.fileno())], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, pass_fds=(child.fileno(),), env=env, start_new_session=True,
        )
        child.close()
        self.sock = parent
        self._send = threading.Lock()
        self._exits: dict[int, int] = {}
        self._changed = threading.Condition()
        self._next = 0
        self._closed = False
        threading.Thread(target=self._listen, name="nncourse-zygote", daemon=True).start()

    @property
    def alive(self) -> bool:
        return not self._closed and self.proc.poll() is None

    def fork(self, fds: list[int]) -> int:
        """Ask for one student process on these ends (input pipe, output pipe, announce socket);
        returns its number.

        The grader sends the student's lock-down spec down the input pipe itself, as to any worker."""
        with self._send:
            self._next += 1
            number = self._next
            socket.send_fds(self.sock, [json.dumps({"op": "fork", "n": number}).encode()], list(fds))
        return number

    def preload(self, modules: list[str]) -> None:
        """Have the zygote import these, so students forked from now on have them already."""
        if not modules:
            return
        with self._send:
            try:
                self.sock.send(json.dumps({"op": "preload", "modules": list(modules)}).encode())
            except OSError:
                pass

    def kill(self, number: int) -> None:
        with self._send:
            try:
                self.sock.send(json.dumps({"op": "kill", "n": number}).encode())
            except OSError:
                pass

    def exit_code(self, number: int, timeout: float | None) -> int | None:
        """The student's exit code once it has ended (negative: killed by that signal); None if not yet."""
        with self._changed:
            self._changed.wait_for(lambda: number in self._exits or self._closed, timeout)
            return self._exits.get(number, -signal.SIGKILL if self._closed else None)

    def _listen(self) -> None:
        while True:
            try:
                data = self.sock.recv(_MESSAGE)
            except OSError:
                data = b""
            with self._changed:
                if not data:
                    self._closed = True
                    self._changed.notify_all()
                    return
                message = json.loads(data)
                self._exits[int(message["exit"])] = int(message["code"])
                self._changed.notify_all()

    def close(self) -> None:
        """End the zygote (its students die with it)."""
        self._closed = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()


class ZygoteChild:
    """One student process forked by a :class:`Zygote`, with the bits of ``Popen`` a worker uses."""

    def __init__(self, zygote: Zygote, number: int) -> None:
        self.zygote = zygote
        self.pid = number

    def poll(self) -> int | None:
        return self.zygote.exit_code(self.pid, 0)

    def wait(self, timeout: float | None = None) -> int:
        import subprocess

        code = self.zygote.exit_code(self.pid, timeout)
        if code is None:
            raise subprocess.TimeoutExpired(f"student process {self.pid}", timeout or 0)
        return code

    def kill(self) -> None:
        self.zygote.kill(self.pid)


if __name__ == "__main__":  # pragma: no cover
    serve(int(sys.argv[1]))
