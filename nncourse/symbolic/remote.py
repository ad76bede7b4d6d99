"""Symbolic checks in helper processes that can be killed: never an abandoned thread.

sympy is pure Python: a thread cannot be stopped from outside, and a thread left computing
after its time limit slows every later check (a batch of 30 notebooks once took 1,105 s
instead of 155 s). So the grader, and any caller outside a main thread, sends each check to
a small helper process (:mod:`.helper`), reused across checks (sympy is imported once and its
caches stay warm) and limited by CPU time:

* inside the helper, the check's own CPU budget (``timeout`` + :data:`~.timeouts.GRACE_SECONDS`)
  interrupts sympy between bytecodes (:mod:`.timeouts`);
* the helper's ``RLIMIT_CPU`` ends it if the check is stuck where no signal reaches;
* here, a generous wall-clock backstop (:func:`wall_backstop`: a multiple of the CPU budget)
  kills a helper that stopped using CPU without answering (it should never fire).

A helper that died or was killed is replaced on the next check; its verdict is *undecided*
with ``timed_out=True`` (so it is not cached for the next student). Helpers are pooled: one
per concurrent caller, at most :data:`MAX_HELPERS`.

    >>> from nncourse.symbolic.equivalence import make_options
    >>> checker = RemoteChecker()
    >>> options = make_options(mode="equal", positive=(), integer=(), params=None, intervals=None,
    ...                        sigma="logistic", syntax="auto", timeout=2.0, seed=0, prove=False)
    >>> checker.check("sigma(z)*(1-sigma(z))", "exp(-z)/(1+exp(-z))**2", options=options).status
    'equivalent'
    >>> checker.close()
"""

from __future__ import annotations

import atexit
import json
import os
import pickle
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional

from ..errors import AnswerError
from .frames import read_frame, write_frame
from .problem import Options
from .timeouts import GRACE_SECONDS
from .verdict import Verdict, out_of_time

#: Most helper processes alive at once (one per concurrent caller).
MAX_HELPERS = max(2, os.cpu_count() or 2)
#: Largest reply read from a helper.
MAX_REPLY = 1 << 20


def wall_backstop(cpu_budget: float) -> float:
    """Wall seconds after which a silent helper is killed: generous, as a loaded machine
    (load 50 on 2 cores) stretches one CPU second to ~25 wall seconds."""
    return 60.0 + 40.0 * cpu_budget


class _Helper:
    """One helper process and its pipes.

    Where the caller has sympy loaded already (the grader: its reference answers are sympy
    expressions) and ``os.fork`` exists, the helper is forked from it, so it starts with sympy
    imported instead of importing it again (on a busy machine that import is most of a grade's
    cost); the child keeps only its two pipe ends, sends its own output to ``/dev/null``,
    resets signal handlers, and leaves with ``os._exit``. Otherwise it is a fresh
    ``python -m nncourse.symbolic.helper``.
    """

    def __init__(self) -> None:
        self._popen: Optional[subprocess.Popen] = None
        self._status: Optional[int] = None
        if hasattr(os, "fork") and "sympy" in sys.modules:
            self._fork()
        else:
            self._spawn()

    def _spawn(self) -> None:
        root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self._popen = subprocess.Popen(
            [sys.executable, "-m", "nncourse.symbolic.helper"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, cwd=root, env=env, close_fds=True,
        )
        self.pid = self._popen.pid
        self.requests, self.replies = self._popen.stdin, self._popen.stdout

    def _fork(self) -> None:
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the helper
            code = 1
            try:
                _become_helper(req_r, rep_w)
                code = 0
            finally:
                os._exit(code)
        os.close(req_r)
        os.close(rep_w)
        self.pid = pid
        self.requests, self.replies = os.fdopen(req_w, "wb"), os.fdopen(rep_r, "rb")

    def ask(self, body: bytes, wall_limit: float) -> Optional[dict[str, Any]]:
        """Send one request; the decoded reply, or None when the helper died or overran (it is then killed)."""
        try:
            write_frame(self.requests, body)
        except (BrokenPipeError, OSError, ValueError):
            self.kill()
            return None
        deadline = time.monotonic() + wall_limit
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                return None
            ready, _, _ = select.select([self.replies], [], [], min(left, 1.0))
            if ready:
                break
        try:
            reply = read_frame(self.replies, MAX_REPLY)
            if reply is None:
                self.kill()
                return None
            return json.loads(reply.decode("utf-8"))
        except (ValueError, OSError):
            self.kill()
            return None

    @property
    def alive(self) -> bool:
        return self._poll() is None

    def _poll(self) -> Optional[int]:
        if self._popen is not None:
            return self._popen.poll()
        if self._status is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self._status = -1
            else:
                if pid:
                    self._status = status
        return self._status

    def kill(self) -> None:
        """End the process (SIGKILL by its own pid) and reap it."""
        if self._poll() is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.close(wait=10.0)

    def close(self, wait: float = 2.0) -> None:
        """Close the pipes (an idle helper then exits) and reap the process; SIGKILL after ``wait`` s."""
        for stream in (self.requests, self.replies):
            try:
                stream.close()
            except OSError:
                pass
        deadline = time.monotonic() + wait
        while self._poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        if self._poll() is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            if self._popen is not None:
                self._popen.wait()
            else:
                try:
                    os.waitpid(self.pid, 0)
                except ChildProcessError:
                    pass
                self._status = -signal.SIGKILL


def _become_helper(requests: int, replies: int) -> None:
    """In a forked child: drop everything of the parent but the two pipe ends, then serve."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    keep = sorted({requests, replies})
    os.closerange(3, keep[0])
    os.closerange(keep[0] + 1, keep[1])
    os.closerange(keep[1] + 1, 1 << 16)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD, signal.SIGPROF, signal.SIGALRM):
        signal.signal(sig, signal.SIG_DFL)
    signal.setitimer(signal.ITIMER_PROF, 0)
    from .helper import serve

    serve(os.fdopen(requests, "rb"), os.fdopen(replies, "wb"))


class RemoteChecker:
    """A pool of helper processes judging answers under CPU limits (see the module docstring)."""

    def __init__(self, max_helpers: int = MAX_HELPERS) -> None:
        self._idle: list[_Helper] = []
        self._count = 0
        self._max = max(1, max_helpers)
        self._lock = threading.Condition()
        self._closed = False

    def prestart(self) -> None:
        """Start one helper now, so that its imports overlap other work (never blocks)."""
        with self._lock:
            if not self._idle and self._count == 0 and not self._closed:
                self._idle.append(_Helper())
                self._count += 1

    def check(self, student: Any, reference: Any, *, options: Options, variants: Sequence[Any] = (),
              builtin: bool = False) -> Verdict:
        """``diagnose`` (with :class:`~.mistakes.Variant` ``variants`` and ``builtin``) or
        ``check_equivalent`` in a helper process.

        Raises :class:`~nncourse.errors.AnswerError` only for an invalid reference or option.
        """
        budget = options.timeout + GRACE_SECONDS
        fields = {name: getattr(options, name) for name in options.__dataclass_fields__}
        fields["intervals"] = dict(options.intervals)
        body = pickle.dumps((student, reference, fields, tuple(variants), builtin), protocol=pickle.HIGHEST_PROTOCOL)
        helper = self._acquire()
        reply = helper.ask(body, wall_backstop(budget))
        self._release(helper)
        if reply is None:
            return out_of_time(budget, options.mode)
        if "error" in reply:
            raise AnswerError(str(reply["error"]))
        return Verdict.from_dict(reply["verdict"])

    def _acquire(self) -> _Helper:
        with self._lock:
            while True:
                while self._idle:
                    helper = self._idle.pop()
                    if helper.alive:
                        return helper
                    self._count -= 1
                    helper.close()
                if self._count < self._max:
                    self._count += 1
                    break
                self._lock.wait()
        try:
            return _Helper()
        except BaseException:
            with self._lock:
                self._count -= 1
                self._lock.notify()
            raise

    def _release(self, helper: _Helper) -> None:
        with self._lock:
            if helper.alive and not self._closed:
                self._idle.append(helper)
            else:
                self._count -= 1
                helper.close()
            self._lock.notify()

    def close(self) -> None:
        """End every idle helper (their stdin closes, they exit); later checks start new ones."""
        with self._lock:
            idle, self._idle = self._idle, []
            self._count -= len(idle)
        for helper in idle:
            helper.close()

    def pids(self) -> list[int]:
        """Process ids of the idle helpers (for tests)."""
        with self._lock:
            return [h.pid for h in self._idle]


_SHARED: list[RemoteChecker] = []
_SHARED_LOCK = threading.Lock()


def shared_checker() -> RemoteChecker:
    """The process's one pool (created on first use, closed at exit).

    A pool is process-wide on purpose: helpers are costly to start and cheap to keep, and
    every caller of :func:`~.check_equivalent` in this process may share them.
    """
    with _SHARED_LOCK:
        if not _SHARED:
            _SHARED.append(RemoteChecker())
            atexit.register(_SHARED[0].close)
        return _SHARED[0]
