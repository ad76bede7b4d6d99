"""Execution faults (issue 19): each costs only the call or cell that caused it.

Expected scores come from grading the honest twin in the same batch (or the master's points),
never typed in.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import ROOT, code_cell
from nncourse.execution import codec
from nncourse.execution.config import SandboxConfig
from nncourse.execution.pool import WorkerPool
from nncourse.execution.sandbox import WorkerDied

def _grade(assignment, *paths, jobs=2):
    from nncourse.grading.batch import find_submissions, grade_batch

    return {r.submission: r for r in grade_batch(find_submissions(list(paths)), assignment, jobs=jobs)}


@pytest.mark.parametrize("payload", [
    {"$nd": {"dtype": "<f8", "shape": [1] * 40, "data": ""}},     # more dimensions than numpy allows
    {"$nd": {"dtype": "<f8", "shape": [1e400], "data": ""}},      # not an integer shape
    {"$nd": {"dtype": "<f8", "shape": 3, "data": ""}},            # not a list
    {"$nd": ["dtype", "shape"]},                                  # not an object
    {"$c": [1]}, {"$c": 5}, {"$t": 5}, {"$d": [[1]]}, {"$d": 7}, {"$sym": [1, 2]},
])
def test_a_malformed_payload_raises_the_codecs_own_error(payload):
    with pytest.raises(codec.CodecError):
        codec.decode(json.dumps(payload).encode())


def test_a_forged_reply_costs_only_the_forging_call():
    """A function that writes a forged reply (bad array shape) on the worker's output pipe is
    blamed; the worker is reset and the next call to a correct function keeps its mark. A
    function that answers its own request twice does not shift replies onto the next call."""
    config = SandboxConfig(cell_timeout=2.0, call_timeout=2.0)
    forge = textwrap.dedent("""
        import json, os, sys
        def _serving():  # the worker's frame that is answering this very request
            frame = sys._getframe(1)
            while frame is not None and "fd_out" not in frame.f_locals:
                frame = frame.f_back
            return frame.f_locals["fd_out"], frame.f_locals["request"]["id"]
        def forged_shape():
            fd, rid = _serving()
            bad = {"$nd": {"dtype": "<f8", "shape": [1] * 40, "data": ""}}
            os.write(fd, (json.dumps({"id": rid, "ok": True, "value": bad}) + "\\n").encode())
            return 0
        def echo_twice():
            fd, rid = _serving()
            os.write(fd, (json.dumps({"id": rid, "ok": True, "value": 41}) + "\\n").encode())
            return 42
        def correct(x):
            return 2 * x
    """)
    pool = WorkerPool(config.mode, prestart=1, expected=1).configure(config, None)
    from nncourse.execution.runtime import StudentRuntime

    runtime = StudentRuntime([forge], pool.acquire, config)
    try:
        assert [o.status for o in runtime.run_notebook()] == ["ok"]
        with pytest.raises(WorkerDied):
            runtime.call("forged_shape")
        assert runtime.call("correct", 21) == 42
        runtime.call("echo_twice")  # its own answer, whichever copy is taken
        assert runtime.call("correct", 5) == 10
        assert runtime.call("correct", 6) == 12
    finally:
        runtime.close()
        pool.close()


@pytest.mark.parametrize("jobs", [1, 2], ids=["fresh", "zygote"])
def test_exit_status_is_reported_as_an_exit_not_a_signal(notebooks, quick, jobs):
    """``os._exit(3)`` in the first cell, while the grader is still sending the cells after it:
    reported as an exit with status 3 (not as the SIGKILL the grader sent on a broken pipe)."""
    path = notebooks.make("exits")
    notebook = json.loads(path.read_text("utf-8"))
    notebook["cells"].insert(0, code_cell("import os\nos._exit(3)"))
    path.write_text(json.dumps(notebook), "utf-8")
    twin = notebooks.make("twin")
    result = _grade(quick, path, *([twin] if jobs == 2 else []), jobs=jobs)["exits"]
    crashed = [c for c in result.cells if c.status == "crashed"]
    assert [c.index for c in crashed] == [1]
    assert "exited (status 3)" in crashed[0].detail and "SIG" not in crashed[0].detail
    assert result.score == pytest.approx(quick.max_score)


def test_crashes_in_many_functions_cost_only_those_functions(notebooks, quick):
    """More crashing functions than the old bound on fresh processes: honest tests keep their marks."""
    crashing = ["mse_cost", "mse_gradient", "fit_linear", "fit_ridge", "sqrt_decay", "gradient_descent", "minibatch_sgd",
                "squared_hinge_cost"]
    crashy = notebooks.make("crashy", append=["import os\n" + "".join(f"def {f}(*a, **k):\n    os._exit(1)\n" for f in crashing)])
    honest = notebooks.make("honest")
    results = _grade(quick, crashy, honest)
    assert results["honest"].score == pytest.approx(quick.max_score)
    twin = {t.name: t.status for t in results["honest"].tests}
    for t in results["crashy"].tests:
        assert "too many times" not in t.output, t.name
        if t.status != twin[t.name]:  # a test that changed must be one calling a crashing function
            assert any(f in t.output or f in t.detail for f in crashing) or "ended the" in t.output, (t.name, t.output)
    assert any(t.status == "passed" and t.question == "perceptron" for t in results["crashy"].tests)


def test_a_cell_too_large_to_send_fails_alone(notebooks, quick):
    huge = "x = '" + "a" * (70 * 1024 * 1024) + "'\n"
    path = notebooks.make("huge")
    notebook = json.loads(path.read_text("utf-8"))
    notebook["cells"].insert(len(notebook["cells"]) // 2, code_cell(huge))
    path.write_text(json.dumps(notebook), "utf-8")
    del notebook, huge
    result = _grade(quick, path, jobs=1)["huge"]
    assert result.error in (None, ""), result.error
    bad = [c for c in result.cells if c.status != "ok"]
    assert len(bad) == 1 and "too large" in bad[0].detail
    assert result.score == pytest.approx(quick.max_score)


LOW_FD_PROBE = """
import json, os, resource, sys
resource.setrlimit(resource.RLIMIT_NOFILE, (int(sys.argv[1]), int(sys.argv[1])))
from nncourse.grading.assignment import from_bundle
from nncourse.grading.batch import find_submissions, grade_batch
import dataclasses
a = dataclasses.replace(from_bundle(__import__("pathlib").Path(sys.argv[2])), cell_timeout=1.0, call_timeout=1.0)
results = grade_batch(find_submissions([__import__("pathlib").Path(p) for p in sys.argv[3:]]), a, jobs=2)
print(json.dumps({r.submission: r.score for r in results}))
"""


def test_crashes_and_hangs_leak_no_scratch_folder_or_pipe(notebooks, a1_bundle, a1_assignment, tmp_path):
    """With only 64 file descriptors, six crashing or hanging notebooks do not starve three honest ones,
    and no scratch folder is left behind."""
    bad = [notebooks.make(f"bad{i}", replace={"return np.linalg.solve(X.T @ X, X.T @ y)": "while True:\n        pass"}
                          if i % 2 else {"return np.linalg.solve(X.T @ X, X.T @ y)": "import os; os._exit(1)"})
           for i in range(6)]
    honest = [notebooks.make(f"honest{i}") for i in range(3)]
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", LOW_FD_PROBE, "64", str(a1_bundle / "autograder"), *map(str, bad + honest)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    scores = json.loads(done.stdout.strip().splitlines()[-1])
    assert all(scores[f"honest{i}"] == pytest.approx(a1_assignment.max_score) for i in range(3)), scores
    assert [p.name for p in scratch.iterdir() if p.name.startswith("nncourse-")] == []


SIGTERM_PROBE = "import ctypes, time\nctypes.CDLL(None).prctl(15, b'nncterm-probe', 0, 0, 0)\nwhile True:\n    time.sleep(0.01)\n"


def test_sigterm_to_a_single_submission_grader_ends_its_student(notebooks, a1_bundle, tmp_path):
    from conftest import live_processes_named as live_tagged

    path = notebooks.make("term", append=[SIGTERM_PROBE])
    grader = subprocess.Popen([sys.executable, "-m", "nncourse.cli.main", "grade", str(path), "-a", str(a1_bundle / "autograder"),
                               "-o", str(tmp_path / "out"), "-q"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not live_tagged("nncterm-probe") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert live_tagged("nncterm-probe"), "the student never started"
        grader.send_signal(signal.SIGTERM)
        grader.wait(timeout=60)
        time.sleep(0.5)
        assert live_tagged("nncterm-probe") == {}
    finally:
        if grader.poll() is None:
            grader.kill()
            grader.wait()
