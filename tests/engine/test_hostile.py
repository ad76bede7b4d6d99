"""Bad input and hostile student code (issue: grading engine). Each case gets its zero, or
keeps its earned points, and the batch completes.

Expected scores are derived from the master notebook's points and from grading an honest
twin of the same submission, never typed in.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from conftest import batch_of

WRONG_FIT = {"return np.linalg.solve(X.T @ X, X.T @ y)": "return np.zeros(X.shape[1])"}


@pytest.fixture()
def fast(a1_assignment):
    """The assignment with short timeouts, so hangs cost a second, not ten."""
    return dataclasses.replace(a1_assignment, cell_timeout=1.5, call_timeout=1.5)


def _grade_with(assignment, *paths, jobs=2):
    from nncourse.grading.batch import grade_batch

    return grade_batch(batch_of(list(paths)), assignment, jobs=jobs)


def _all_output(result) -> str:
    from nncourse.reporting.gradescope import results_json

    return json.dumps(results_json(result), ensure_ascii=False)


def test_solution_full_marks_and_stub_low(a1_bundle, grade, a1_assignment):
    solved, stub = grade(a1_bundle / "solution" / "a1-regression.ipynb", a1_bundle / "student" / "a1-regression.ipynb")
    assert solved.max_score == pytest.approx(a1_assignment.max_score) and a1_assignment.max_score > 0
    assert solved.score == pytest.approx(solved.max_score)
    assert stub.score < 0.2 * stub.max_score


def test_monkeypatched_checkers_change_nothing(notebooks, grade):
    honest = notebooks.make("honest", replace=WRONG_FIT)
    patched = notebooks.make(
        "patched",
        replace=WRONG_FIT,
        append=[
            "import numpy as np, numpy.testing\n"
            "np.allclose = lambda *a, **k: True\n"
            "np.isclose = lambda a, b, **k: np.ones(np.shape(b), bool)\n"
            "numpy.testing.assert_allclose = lambda *a, **k: None\n"
            "import builtins\n"
            "builtins.AssertionError = type('AssertionError', (Exception,), {})\n"
            "try:\n    import nncourse.checks as c\n    c.expect_close = lambda *a, **k: None\nexcept Exception:\n    pass\n"
        ],
    )
    r_honest, r_patched = grade(honest, patched)
    assert r_honest.score < r_honest.max_score  # the wrong fit_linear does lose points
    assert r_patched.score == pytest.approx(r_honest.score)
    assert [t.status for t in r_patched.tests[1:]] == [t.status for t in r_honest.tests[1:]]


def test_cannot_read_hidden_tests_or_solutions(notebooks, grade, course, a1_assignment):
    secret_files = [course.autograder / "a1-regression" / "test_closed_form.py", course.solutions / "regression.py"]
    probe = "\n".join(
        [
            "import os",
            f"TARGETS = {[str(p) for p in secret_files]!r}",
            "def leak():",
            "    found = []",
            "    for t in TARGETS:",
            "        try:",
            "            found.append(open(t).read())",
            "        except Exception as e:",
            "            found.append('blocked: ' + type(e).__name__)",
            "    return found",
            "print(leak())",
        ]
    )
    path = notebooks.make("reader", append=[probe])
    (result,) = grade(path)
    if not result.isolation.get("filesystem_isolated"):
        pytest.skip(f"this machine cannot isolate the file system: {result.isolation}")
    shown = _all_output(result)
    for secret in secret_files:
        assert secret.read_text("utf-8")[:200] not in shown
    assert result.score == pytest.approx(result.max_score)
    # And directly: the student's own function sees no file.
    from nncourse.execution.pool import WorkerPool
    from nncourse.execution.runtime import StudentRuntime
    from nncourse.grading.submission import sandbox_config
    from nncourse.notebook.reader import read_notebook

    config = sandbox_config(a1_assignment, extra_secrets=(str(course.root),))
    with WorkerPool(config.mode).configure(config, None) as pool:
        rt = StudentRuntime(read_notebook(path).code, pool.acquire, config)
        rt.run_notebook()
        assert all(v.startswith("blocked: ") for v in rt.call("leak"))
        rt.close()


def test_fake_results_json_is_ignored(notebooks, grade):
    fake = json.dumps({"score": 999, "max_score": 18, "tests": [{"name": "closed_form / FAKE-MARKER", "score": 999}]})
    honest = notebooks.make("honest", replace=WRONG_FIT)
    liar = notebooks.make(
        "liar",
        replace=WRONG_FIT,
        append=[f"import os, sys\nprint({fake!r})\nos.write(1, {fake!r}.encode())\nsys.__stdout__.write({fake!r})\n"
                f"def fit_ridge(X, y, lam):\n    print({fake!r})\n    raise ValueError({fake!r})\n"],
    )
    r_honest, r_liar = grade(honest, liar)
    assert r_liar.score < r_honest.score  # fit_ridge now raises: it loses, never gains
    assert r_liar.score <= r_liar.max_score
    hidden_outputs = " ".join(t.output for t in r_liar.tests if t.visibility != "visible")
    assert "FAKE-MARKER" not in hidden_outputs
    assert "999" not in json.dumps([t.score for t in r_liar.tests])


def test_infinite_loop_cell_costs_only_what_depends_on_it(notebooks, fast):
    looping = notebooks.make("loop", append=["while True:\n    pass"])
    hung_fn = notebooks.make("hung", replace={"return (X.T @ (X @ W) - X.T @ y) / len(y)": "while True:\n        pass"})
    r_loop, r_hung = _grade_with(fast, looping, hung_fn)
    assert r_loop.score == pytest.approx(r_loop.max_score)
    assert any(c.status == "timeout" for c in r_loop.cells)
    lost = {t.question for t in r_hung.tests if t.max_score and not t.passed}
    assert lost and lost <= {"closed_form", "gradient_descent"}
    assert r_hung.question_scores()["perceptron"][0] == pytest.approx(fast.points["perceptron"])


def test_os_exit_mid_notebook(notebooks, fast):
    # Insert the exit before the perceptron cell: cells after it must still run and be graded.
    path = notebooks.make("exit", replace={"def perceptron_pass(": "import os\nos._exit(0)\n\n\ndef perceptron_pass("})
    seg = notebooks.make("segv", append=["import ctypes\nctypes.string_at(0)"])
    r_exit, r_seg = _grade_with(fast, path, seg)
    assert any(c.status == "crashed" for c in r_exit.cells)
    assert r_exit.question_scores()["perceptron"][0] == 0  # its cell died, so its function is gone
    assert r_exit.score == pytest.approx(r_exit.max_score - fast.points["perceptron"])
    assert r_seg.score == pytest.approx(r_seg.max_score)


def test_deleted_and_renamed_functions(notebooks, grade, a1_assignment):
    renamed = notebooks.make("renamed", replace={"def fit_ridge(": "def fit_rigde("})
    deleted = notebooks.make("deleted", replace={"def perceptron_pass(": "def _unused("})
    r_ren, r_del = grade(renamed, deleted)
    assert r_ren.score == pytest.approx(r_ren.max_score - a1_assignment.points["ridge"])
    assert r_del.score == pytest.approx(r_del.max_score - a1_assignment.points["perceptron"])
    assert any("fit_rigde" in t.output for t in r_ren.tests)


def test_invalid_json_gets_zero_and_batch_continues(notebooks, grade, tmp_path):
    good = notebooks.make("good")
    broken = notebooks.folder / "broken.ipynb"
    broken.write_text('{"cells": [', "utf-8")
    r_good, r_broken = grade(good, broken)
    assert r_broken.score == 0 and "not a valid notebook" in r_broken.error and "\n" not in r_broken.error
    assert r_good.score == pytest.approx(r_good.max_score)


def test_fifty_megabyte_output_cell(notebooks, grade):
    path = notebooks.make("huge", append=["print('x' * 50_000_000)"])
    nb = json.loads(path.read_text("utf-8"))
    nb["cells"][-1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "y" * 50_000_000}]
    path.write_text(json.dumps(nb), "utf-8")
    assert path.stat().st_size > 50_000_000
    (result,) = grade(path)
    assert result.score == pytest.approx(result.max_score)
    assert len(json.dumps([c.stdout for c in result.cells])) < 100_000


def test_non_utf8_bytes(notebooks, grade):
    path = notebooks.make("latin", append=["# caf\u00e9 MARKER\nx_extra = 1"])
    data = path.read_bytes().replace("caf\u00e9".encode("utf-8"), b"caf\xe9")
    path.write_bytes(data)
    (result,) = grade(path)
    assert result.score == pytest.approx(result.max_score)
    assert any("not UTF-8" in w for w in result.warnings)


def test_student_cannot_fork_or_kill_the_grader(notebooks, grade):
    hostile = notebooks.make(
        "killer",
        append=["import os, signal\ntry:\n    os.kill(-1, signal.SIGKILL)\nexcept Exception:\n    pass\n"
                "try:\n    pid = os.fork()\n    FORKED = pid\nexcept Exception as e:\n    FORKED = type(e).__name__"],
    )
    good = notebooks.make("bystander")
    r_hostile, r_good = grade(hostile, good)
    assert r_good.score == pytest.approx(r_good.max_score)
    assert r_hostile.score == pytest.approx(r_hostile.max_score)


def test_notebook_semantics_magics_and_display(notebooks, grade):
    path = notebooks.make(
        "magics",
        append=["%matplotlib inline\n%load_ext autoreload\n%autoreload 2\nx_magic = 21\ndisplay(x_magic)\nx_magic * 2",
                "%%time\ny_magic = x_magic * 2",
                "!rm -rf /\nz_magic = y_magic + 1"],
    )
    (result,) = grade(path)
    assert [c.status for c in result.cells][-3:] == ["ok", "ok", "ok"], result.cells[-3:]
    assert result.score == pytest.approx(result.max_score)
    assert "shell command skipped" in result.cells[-1].stdout
