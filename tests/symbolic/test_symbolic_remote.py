"""Symbolic checks run in helper processes that can be killed, limited by CPU time (issues 18, 19).

No thread is ever left computing in the caller; a helper that overruns is ended (by its own
CPU limit, or by the caller's wall-clock backstop) and replaced; a verdict that is undecided
only because time ran out is not cached for the next student.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
import sympy

from nncourse.symbolic import check_equivalent, remote
from nncourse.symbolic.equivalence import make_options

#: A legal answer whose numeric evaluation needs far more than a fraction of a CPU second.
HEAVY = "Sum(Sum(x*i*j, (j, 1, 1000)), (i, 1, 1000))"


def _options(timeout: float = 2.0):  # type: ignore[no-untyped-def]
    return make_options(mode="equal", positive=(), integer=(), params=None, intervals=None, sigma="logistic",
                        syntax="auto", timeout=timeout, seed=0, prove=False)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    with open(f"/proc/{pid}/stat") as f:  # a zombie still answers kill(0)
        return f.read().split(")")[-1].split()[0] == "Z"


def _in_thread(fn):  # type: ignore[no-untyped-def]
    box: dict[str, object] = {}
    worker = threading.Thread(target=lambda: box.setdefault("value", fn()))
    worker.start()
    worker.join()
    return box["value"]


def test_a_heavy_check_from_a_thread_leaves_nothing_computing_here() -> None:
    verdict = _in_thread(lambda: check_equivalent(HEAVY, "250500250000*x + 1", timeout=0.3))
    assert verdict.status == "undecided" and verdict.timed_out
    threads = {t.name for t in threading.enumerate()}
    assert not any("symbolic" in name for name in threads), threads
    before = time.process_time()
    time.sleep(0.5)  # an abandoned thread would burn this process's CPU now
    assert time.process_time() - before < 0.25
    # and the pool still answers
    assert _in_thread(lambda: check_equivalent("sigma(z)*(1-sigma(z))", "exp(-z)/(1+exp(-z))**2")).status == "equivalent"


def test_timed_out_verdicts_are_not_cached_but_decided_ones_are(monkeypatch: pytest.MonkeyPatch) -> None:
    from nncourse.checks import CheckUndecided
    from nncourse.checks import symbolic as checks

    calls: list[object] = []
    real = remote.RemoteChecker.check

    def counting(self, student, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(student)
        return real(self, student, *args, **kwargs)

    monkeypatch.setattr(remote.RemoteChecker, "check", counting)
    monkeypatch.setattr(checks, "_CACHE", checks.VerdictCache())
    x = sympy.Symbol("x", real=True)
    for _ in range(2):
        with pytest.raises(CheckUndecided):
            checks.expect_equivalent(HEAVY, 250500250000 * x + 1, timeout=0.2)
    assert len(calls) == 2, "a timeout must be judged afresh for the next student"
    for _ in range(2):
        checks.expect_equivalent("2*x", 2 * x)
    assert len(calls) == 3, "a decided verdict is reused"


def test_a_silent_helper_is_killed_by_the_wall_backstop_and_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    checker = remote.RemoteChecker(max_helpers=1)
    try:
        assert checker.check("x", "x", options=_options()).status == "equivalent"
        (pid,) = checker.pids()
        os.kill(pid, signal.SIGSTOP)  # alive, using no CPU, never answering
        monkeypatch.setattr(remote, "wall_backstop", lambda budget: 0.5)
        verdict = checker.check("x", "x", options=_options())
        assert verdict.status == "undecided" and verdict.timed_out
        assert _gone(pid)
        monkeypatch.undo()
        assert checker.check("2*x", "x+x", options=_options()).status == "equivalent"
        assert checker.pids() and checker.pids() != [pid]
    finally:
        checker.close()


def test_the_kernel_ends_a_helper_stuck_beyond_its_cpu_budget() -> None:
    code = ("import resource\nfrom nncourse.symbolic import helper\nhelper.BACKSTOP_SECONDS = 0.0\n"
            "helper._cpu_backstop(resource, 0.2)\nwhile True:\n    pass\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=600)
    assert done.returncode == -signal.SIGXCPU


def test_helpers_end_with_their_pool() -> None:
    checker = remote.RemoteChecker()
    checker.prestart()
    assert checker.check("x", "x", options=_options()).status == "equivalent"
    pids = checker.pids()
    checker.close()
    assert pids and all(_gone(pid) for pid in pids)


def test_an_invalid_reference_raises_in_the_caller() -> None:
    from nncourse.errors import AnswerError

    checker = remote.RemoteChecker(max_helpers=1)
    try:
        with pytest.raises(AnswerError):
            checker.check("x", "__import__('os')", options=_options())
        assert checker.check("x", "x", options=_options()).status == "equivalent"
    finally:
        checker.close()
