"""Run a sympy computation under a CPU-time limit, and say so when it did not finish.

The limit counts the process's *CPU time* (``ITIMER_PROF``: user + system), not wall time,
so a busy machine slows a check down but never changes its verdict (issue: verdicts that do
not depend on the machine). sympy is pure Python, so on POSIX in the main thread the
``SIGPROF`` of that interval timer interrupts it cleanly between bytecodes; the previous
handler and timer are restored in ``finally`` (ARCHITECTURE.md, Conventions 7).

Elsewhere (another thread, or no ``setitimer``) nothing can interrupt Python code, and a
thread left computing would slow every later check; so there ``fn`` simply runs to the end.
Callers that may run there and need a bound use :mod:`.remote`, which runs the check in a
helper process that can be killed (:func:`~nncourse.symbolic.check_equivalent` does so by
itself). Operations that never return to the interpreter (a single huge integer power)
cannot be interrupted even in the main thread; the parsers reject them before they are
built (:func:`~.vocabulary.check_power`), and the helper process also has an ``RLIMIT_CPU``.

    >>> run_with_timeout(lambda: 1 + 1, 1.0)
    Finished(value=2)
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

#: A whole check may take its ``timeout`` plus this many CPU seconds before it is stopped as undecided.
GRACE_SECONDS = 1.0


@dataclass(frozen=True)
class Finished(Generic[T]):
    """The computation returned ``value`` in time."""

    value: T


@dataclass(frozen=True)
class TimedOut:
    """The computation did not finish within ``seconds`` of CPU time."""

    seconds: float


class _Alarm(BaseException):
    """Raised inside the computation by the SIGPROF handler (BaseException: not swallowed by sympy)."""


def can_interrupt() -> bool:
    """True where :func:`run_with_timeout` can stop a computation (POSIX, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def cpu_seconds() -> float:
    """CPU time of this process so far (the clock the limits count)."""
    return time.process_time()


def run_with_timeout(fn: Callable[[], T], seconds: float) -> Finished[T] | TimedOut:
    """Call ``fn()``; return :class:`Finished` or :class:`TimedOut` (CPU seconds). Exceptions propagate."""
    if seconds <= 0:
        return TimedOut(seconds)
    if can_interrupt():
        return _with_cpu_alarm(fn, seconds)
    return Finished(fn())


def _with_cpu_alarm(fn: Callable[[], T], seconds: float) -> Finished[T] | TimedOut:
    state = {"armed": True}

    def on_alarm(signum: int, frame: object) -> None:
        if state["armed"]:  # a late alarm (after fn returned) is ignored
            raise _Alarm()

    previous_handler = signal.signal(signal.SIGPROF, on_alarm)
    previous_timer = signal.setitimer(signal.ITIMER_PROF, seconds)
    started = cpu_seconds()
    try:
        value = fn()
        state["armed"] = False
        return Finished(value)
    except _Alarm:
        return TimedOut(seconds)
    finally:
        state["armed"] = False
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous_handler)
        if previous_timer[0] > 0:  # an outer timer was running: give it back what is left
            left = previous_timer[0] - (cpu_seconds() - started)
            signal.setitimer(signal.ITIMER_PROF, max(left, 1e-3), previous_timer[1])
