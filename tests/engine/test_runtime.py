"""The runtime sends a notebook's cells ahead; outcomes must be exactly those of one-at-a-time runs."""

from __future__ import annotations

import time

import pytest

from nncourse.execution.config import SandboxConfig
from nncourse.execution.pool import WorkerPool
from nncourse.execution.runtime import StudentRuntime

BIG = "x = 0\n" + "# padding\n" * 5_000  # ~50 KB: more than the cells sent ahead at once


def _run(cells: list[str]) -> tuple[list[tuple[int, str]], StudentRuntime, WorkerPool]:
    config = SandboxConfig(cell_timeout=2.0, call_timeout=2.0)
    pool = WorkerPool(config.mode, prestart=1, expected=1).configure(config, None)
    runtime = StudentRuntime(cells, pool.acquire, config)
    outcomes = [(o.index, o.status) for o in runtime.run_notebook()]
    return outcomes, runtime, pool


@pytest.mark.parametrize(
    "cells, expected, last",
    [
        # a cell past the send-ahead budget, and cells after it
        (["a = 1", BIG, "b = a + x + 1", "print(b)"], ["ok", "ok", "ok", "ok"], ("b", 2)),
        # a crash among the cells already sent: the rest are replayed in a fresh process
        (["a = 1", "import os; os._exit(0)", "b = a + 1", "raise ValueError('no')", "c = b + 1"],
         ["ok", "crashed", "ok", "error", "ok"], ("c", 3)),
        # a hang among them
        (["a = 1", "while True: pass", "b = a + 1"], ["ok", "timeout", "ok"], ("b", 2)),
    ],
    ids=["beyond-budget", "crash", "hang"],
)
def test_cells_sent_ahead_keep_one_at_a_time_outcomes(cells, expected, last):
    outcomes, runtime, pool = _run(cells)
    try:
        assert outcomes == list(enumerate(expected, start=1))
        name, value = last
        assert runtime.get(name) == value
    finally:
        runtime.close()
        pool.close()


def test_a_process_that_ran_ahead_and_exited_is_replaced_without_losing_a_cell(monkeypatch):
    """The cells are sent ahead; the student runs them all and exits (``os._exit`` in the last
    cell) before the grader reads the first reply. The next cell is then run afresh in a new
    process, never awaited there under the id it had in the old one (that hung for the whole
    backstop and cost every question of the cell: 14.11 instead of 16.33 for a sample)."""
    from nncourse.execution import sandbox

    original = sandbox.Worker.receive
    waited: set[int] = set()

    def receive(self, number, limit):
        if id(self) not in waited and self.watch is not None:  # let it finish every cell and exit first
            waited.add(id(self))
            deadline = time.monotonic() + 60
            while self.watch.alive and time.monotonic() < deadline:
                time.sleep(0.02)
        return original(self, number, limit)

    monkeypatch.setattr(sandbox.Worker, "receive", receive)
    outcomes, runtime, pool = _run(["a = 1", "b = a + 1", "c = b + 1", "import os\nos._exit(0)"])
    try:
        assert outcomes == list(enumerate(["ok", "ok", "ok", "crashed"], start=1))
        assert runtime.get("c") == 3
    finally:
        runtime.close()
        pool.close()
