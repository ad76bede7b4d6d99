"""Run a sympy computation under a time limit, and say so when it did not finish.

sympy is pure Python, so on POSIX in the main thread a ``SIGALRM`` interval timer
interrupts it cleanly between bytecodes; the previous handler and timer are restored in
``finally`` (ARCHITECTURE.md, Conventions 7). Elsewhere (another thread, Windows) the work runs in a daemon
worker thread that is abandoned when the limit passes: the caller still gets its answer on
time, the stray thread finishes (or not) in the background. Operations that never return
to the interpreter (a single huge integer power) cannot be interrupted; the parsers reject
them before they are built (:func:`~.vocabulary.check_power`).

    >>> run_with_timeout(lambda: 1 + 1, 1.0)
    Finished(value=2)
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Finished(Generic[T]):
    """The computation returned ``value`` in time."""

    value: T


@dataclass(frozen=True)
class TimedOut:
    """The computation did not finish within ``seconds``."""

    seconds: float


class _Alarm(BaseException):
    """Raised inside the computation by the SIGALRM handler (BaseException: not swallowed by sympy)."""


def run_with_timeout(fn: Callable[[], T], seconds: float) -> Finished[T] | TimedOut:
    """Call ``fn()``; return :class:`Finished` or :class:`TimedOut`. Exceptions propagate."""
    if seconds <= 0:
        return TimedOut(seconds)
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        return _with_alarm(fn, seconds)
    return _with_thread(fn, seconds)


def _with_alarm(fn: Callable[[], T], seconds: float) -> Finished[T] | TimedOut:
    state = {"armed": True}

    def on_alarm(signum: int, frame: object) -> None:
        if state["armed"]:  # a late alarm (after fn returned) is ignored
            raise _Alarm()

    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    previous_timer = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        value = fn()
        state["armed"] = False
        return Finished(value)
    except _Alarm:
        return TimedOut(seconds)
    finally:
        state["armed"] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_timer[0] > 0:  # an outer timer was running: give it back what is left
            signal.setitimer(signal.ITIMER_REAL, max(previous_timer[0] - seconds, 1e-3), previous_timer[1])


def _with_thread(fn: Callable[[], T], seconds: float) -> Finished[T] | TimedOut:
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller below
            box["error"] = exc

    worker = threading.Thread(target=work, name="nncourse-symbolic-timeout", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        return TimedOut(seconds)
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return Finished(box["value"])  # type: ignore[arg-type]
