"""Limits count the student's CPU time, with a backstop on time spent blocked (issue 18).

Sleeping is the deterministic stand-in for a busy machine: it takes wall-clock time without
CPU, as waiting for a CPU does. A cell that sleeps longer than its limit must still pass; one
that spins must be ended for its CPU; one that blocks for ever must be ended by the backstop,
and say so. Later failures name the cell that did not finish.
"""

from __future__ import annotations

import dataclasses

import pytest

from nncourse.execution.config import SandboxConfig
from nncourse.execution.pool import WorkerPool
from nncourse.execution.runtime import StudentRuntime


@pytest.fixture()
def run_cells():
    made = []

    def run(cells, **limits):
        config = SandboxConfig(**{"cell_timeout": 1.0, "call_timeout": 1.0, **limits})
        pool = WorkerPool(config.mode, prestart=1, expected=1).configure(config, None)
        runtime = StudentRuntime(cells, pool.acquire, config)
        made.append((runtime, pool))
        return runtime, runtime.run_notebook()

    yield run
    for runtime, pool in made:
        runtime.close()
        pool.close()


def test_a_cell_waiting_longer_than_its_limit_is_not_failed_but_a_spinning_one_is(run_cells):
    runtime, outcomes = run_cells(["import time\ntime.sleep(1.6)\na = 1", "while True:\n    pass", "b = a + 1"])
    assert [o.status for o in outcomes] == ["ok", "timeout", "ok"]
    assert outcomes[1].detail.startswith("cell 2 used more than 1 s of CPU")
    assert runtime.get("b") == 2
    if runtime.report.get("cpu_metered"):  # the kernel's own accounting was available
        assert runtime.cpu_spent() >= 1.0


def test_a_cell_blocked_for_ever_is_ended_by_the_backstop_and_says_so(run_cells):
    runtime, outcomes = run_cells(["x = 1", "import time\ntime.sleep(3600)", "y = x + 1"], cell_timeout=0.5)
    assert [o.status for o in outcomes] == ["ok", "timeout", "ok"]
    if runtime.report.get("cpu_metered"):
        assert "blocked without using CPU for" in outcomes[1].detail
    assert runtime.get("y") == 2


def test_total_cpu_of_the_cells_is_bounded_and_the_message_says_which_limit(run_cells):
    spin = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.6:\n    pass\n"
    runtime, outcomes = run_cells([spin] * 6 + ["z = 3"], cell_timeout=1.0, notebook_cpu=1.5)
    statuses = [o.status for o in outcomes]
    assert statuses[:2] == ["ok", "ok"] and statuses[2] == "timeout"
    assert "all cells together may use 1.5 s" in outcomes[2].detail
    assert set(statuses[3:]) == {"skipped"} and "1.5 s of CPU" in outcomes[3].detail


def test_cells_beyond_the_bound_are_not_run_and_say_so(run_cells):
    runtime, outcomes = run_cells([f"v{i} = {i}" for i in range(12)], max_cells=10)
    assert [o.status for o in outcomes] == ["ok"] * 10 + ["skipped"]
    assert "at most 10 code cells" in outcomes[-1].detail
    assert runtime.get("v9") == 9 and "v10" not in runtime.names()


def test_a_name_missing_because_its_cell_hung_says_so(notebooks, a1_assignment):
    from nncourse.grading.batch import find_submissions, grade_batch

    quick = dataclasses.replace(a1_assignment, cell_timeout=1.0, call_timeout=1.0)
    hung = notebooks.make("hung", replace={"def fit_linear(": "while True:\n    pass\n\ndef fit_linear("})
    (result,) = grade_batch(find_submissions([hung]), quick, jobs=1)
    # what the tests of fit_linear say (not a later cell that needed it: its own error is reported as it is)
    texts = [t.output for t in result.tests if "`fit_linear` is not defined" in t.output]
    assert texts, [t.output for t in result.tests]
    assert all("did not finish" in t and "used more than 1 s of CPU" in t and "rename" not in t for t in texts)


@pytest.mark.parametrize("declared", [("sympy",), ()])
def test_declared_imports_are_loaded_before_the_first_cell(run_cells, declared):
    pytest.importorskip("sympy")
    config = SandboxConfig(cell_timeout=1.0, call_timeout=1.0)
    pool = WorkerPool(config.mode, prestart=1, expected=1).configure(config, None)
    runtime = StudentRuntime(["import sys\nPRE = 'sympy' in sys.modules"], pool.acquire, config, preload=declared)
    try:
        assert [o.status for o in runtime.run_notebook()] == ["ok"]
        assert runtime.get("PRE") is bool(declared)
    finally:
        runtime.close()
        pool.close()


def test_assignment_7_declares_sympy_for_its_students(generated):
    from nncourse.grading.assignment import from_bundle

    assert "sympy" in from_bundle(generated("a7-derivations").out / "autograder").student_imports
