"""Grading on a real Dask ``LocalCluster`` (two worker processes): same verdicts, nothing lost.

The local executor's gradebook for the same notebooks is the expectation; a worker killed in
the middle of a batch, or a client killed and run again, must end in that same gradebook.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, nncourse

pytest.importorskip("distributed")

from nncourse.grading.dask_executor import BundlePlugin  # noqa: E402

SAMPLES = ROOT / "assignments" / "a1-regression" / "samples"


@pytest.fixture(scope="module")
def batch(a1_bundle, tmp_path_factory) -> Path:
    """40 submissions: the seven samples, and copies of the solved and student notebooks."""
    folder = tmp_path_factory.mktemp("batch")
    for nb in SAMPLES.glob("*.ipynb"):
        shutil.copy(nb, folder)
    for i in range(33):
        source = a1_bundle / ("solution" if i % 3 else "student") / "a1-regression.ipynb"
        shutil.copy(source, folder / f"s{i:02d}.ipynb")
    return folder


@pytest.fixture(scope="module")
def local_gradebook(batch, a1_bundle, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("local")
    done = nncourse("grade", str(batch), "-a", str(a1_bundle / "autograder"), "-o", str(out), "-q", "-j", "2")
    assert done.returncode == 0, done.stderr
    return (out / "gradebook.csv").read_text("utf-8")


def rows(gradebook: str) -> list[str]:
    """Gradebook lines without the time-dependent nothing (the gradebook holds no times)."""
    return gradebook.splitlines()


def test_dask_gives_the_local_gradebook(batch, a1_bundle, local_gradebook, tmp_path):
    out = tmp_path / "dask"
    done = nncourse("grade", str(batch), "-a", str(a1_bundle / "autograder"), "-o", str(out), "-q",
                    "--executor", "dask", "-j", "2")
    assert done.returncode == 0, done.stderr
    assert rows((out / "gradebook.csv").read_text("utf-8")) == rows(local_gradebook)
    alice = json.loads((out / "alice-complete" / "results.json").read_text("utf-8"))
    assert alice["score"] == alice["extra_data"]["max_score"] > 0


def test_a_worker_killed_mid_batch_loses_nothing(batch, a1_bundle, local_gradebook, tmp_path):
    from nncourse.grading.batch import find_submissions
    from nncourse.grading.dask_executor import DaskExecutor
    from nncourse.grading.source import bundle_source
    from nncourse.reporting.base import ReportContext, RunSummary
    from nncourse.reporting.registry import make_reporters

    out = tmp_path / "killed"
    reporters = make_reporters(("gradebook",), ReportContext(out, sys.stdout, True))
    seen: list[str] = []
    killed: list[int] = []
    with DaskExecutor(isolation="auto", workers=2) as executor:
        pids = executor.client.run(os.getpid)

        def on_result(result) -> None:
            seen.append(result.submission)
            reporters.on_result(result)
            if len(seen) == 5 and not killed:  # mid-batch: one worker dies with its task
                victim = sorted(pids.values())[0]
                killed.append(victim)
                os.kill(victim, signal.SIGKILL)

        source = bundle_source(a1_bundle / "autograder")
        results = executor.grade(source, find_submissions([batch]), on_result=on_result)
    reporters.finish(RunSummary(results, list(source.load().points), graded=len(results)))
    assert killed, "no worker was killed"
    assert sorted(seen) == sorted(r.submission for r in results) and len(set(seen)) == len(seen) == 40
    assert rows((out / "gradebook.csv").read_text("utf-8")) == rows(local_gradebook)


class _Poisoned(BundlePlugin):
    """Stands in for the run's worker plugin: grading the submission named ``poison`` kills the
    worker process (what a grader fault on one notebook would do); the rest grade normally."""

    def grade(self, notebook, filename, submission_id, student=""):
        if submission_id == "poison":
            os._exit(1)
        return super().grade(notebook, filename, submission_id, student)


def test_a_notebook_that_kills_its_worker_costs_only_its_own_grade(batch, a1_bundle, monkeypatch):
    """Tasks group several submissions (``chunk_size``); when one of them kills the worker twice,
    the group is split and each submission is sent again alone: only the culprit is an error."""
    from nncourse.grading import dask_executor
    from nncourse.grading.batch import find_submissions, grade_batch
    from nncourse.grading.source import bundle_source

    subs = find_submissions([batch])
    poison = subs[3]._replace(id="poison")
    subs = [*subs[:3], poison, *subs[4:16]]
    assert dask_executor.chunk_size(len(subs), 2) > 1  # the poison shares a task with others
    monkeypatch.setattr(dask_executor, "BundlePlugin", _Poisoned)
    with dask_executor.DaskExecutor(isolation="auto", workers=2) as executor:
        results = {r.submission: r for r in executor.grade(bundle_source(a1_bundle / "autograder"), subs)}
    assert set(results) == {s.id for s in subs}
    assert "not graded on the cluster" in results["poison"].error and results["poison"].score == 0
    honest = [s for s in subs if s.id != "poison"]
    local = {r.submission: r for r in grade_batch(honest, bundle_source(a1_bundle / "autograder").load(), jobs=2)}
    for sub in honest:
        assert results[sub.id].error == local[sub.id].error, sub.id
        assert [(t.name, t.status, t.score) for t in results[sub.id].tests] == \
            [(t.name, t.status, t.score) for t in local[sub.id].tests], sub.id


def test_unreachable_scheduler_is_one_line(a1_bundle, tmp_path):
    done = nncourse("grade", str(SAMPLES / "alice-complete.ipynb"), "-a", str(a1_bundle / "autograder"),
                    "-o", str(tmp_path / "o"), "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "scheduler" in done.stderr


def test_missing_extra_names_it(a1_bundle, tmp_path):
    blocker = ("import sys\nclass Block:\n    def find_spec(self, name, path=None, target=None):\n"
               "        if name.split('.')[0] in ('distributed', 'dask'):\n            raise ImportError(name)\n"
               "sys.meta_path.insert(0, Block())\nfrom nncourse.cli.main import main\n"
               f"sys.exit(main(['grade', {str(SAMPLES / 'alice-complete.ipynb')!r}, '-a', {str(a1_bundle / 'autograder')!r}, "
               f"'-o', {str(tmp_path / 'o')!r}, '--executor', 'dask']))")
    done = subprocess.run([sys.executable, "-c", blocker], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 2 and "nncourse[distributed]" in done.stderr and "Traceback" not in done.stderr


def test_a_killed_client_resumes_where_it_stopped(batch, a1_bundle, local_gradebook, tmp_path):
    """SIGKILL the whole `grade --executor dask` (client, cluster, students) mid-batch; the
    re-run grades only what the ledger lacks and ends with the local executor's gradebook."""
    import signal as _signal

    out = tmp_path / "resumed"
    cmd = [sys.executable, "-m", "nncourse.cli.main", "grade", str(batch), "-a", str(a1_bundle / "autograder"),
           "-o", str(out), "-q", "--executor", "dask", "-j", "2"]
    first = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 600
        while len(list(out.glob("*/results.json"))) < 8 and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        os.killpg(first.pid, _signal.SIGKILL)
        first.wait()
    done_before = len(list(out.glob("*/results.json")))
    assert 0 < done_before < 40, done_before
    second = nncourse(*cmd[3:])
    assert second.returncode == 0, second.stderr
    assert rows((out / "gradebook.csv").read_text("utf-8")) == rows(local_gradebook)
    assert not list(out.rglob(".tmp*"))


def test_files_the_local_executor_refuses_are_refused_on_the_cluster(a1_bundle, tmp_path):
    """A FIFO (reading it would block forever), a link and a notebook of another assignment are
    not sent to the cluster: each gets the local executor's error row, the honest one its grade."""
    folder = tmp_path / "subs"
    folder.mkdir()
    shutil.copy(SAMPLES / "alice-complete.ipynb", folder)
    os.mkfifo(folder / "fifo.ipynb")
    (folder / "link.ipynb").symlink_to(SAMPLES / "alice-complete.ipynb")
    other = json.loads((SAMPLES / "alice-complete.ipynb").read_text("utf-8"))
    other["metadata"].setdefault("nncourse", {})["assignment"] = "a4-cnn"
    (folder / "other.ipynb").write_text(json.dumps(other), "utf-8")
    books = {}
    for executor in ("local", "dask"):
        out = tmp_path / executor
        done = nncourse("grade", str(folder), "-a", str(a1_bundle / "autograder"), "-o", str(out), "-q",
                        "--executor", executor, "-j", "2", timeout=240)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        books[executor] = rows((out / "gradebook.csv").read_text("utf-8"))
    assert books["dask"] == books["local"]
    assert len(books["dask"]) == 1 + 4
