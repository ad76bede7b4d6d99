"""No student process outlives its submission, in every pool mode (issue 18, issue 19 "a killed
student survives").

Each hostile notebook names its processes (``prctl(PR_SET_NAME)``, visible in
``/proc/PID/comm``) with a tag of its own; after each result is written, no live process may
carry that submission's tag, and after the batch none may carry any. Short CPU limits keep the
hangs cheap; the honest twin's score comes from the same batch.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from conftest import live_processes_named
from hostile_cells import HOSTILE_CELLS, LOOPING_FUNCTION, NAME

def live_tagged(prefix: str = "nncleak-") -> dict[int, str]:
    return live_processes_named(prefix)


def student_processes(ancestor: int) -> int:
    """Descendants of ``ancestor`` running under a per-student uid (the root isolation mode gives
    each student its own; other processes on the machine are not counted)."""
    parent, student = {}, set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                status = Path(f"/proc/{entry}/status").read_text().splitlines()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status if ":" in line)
            parent[int(entry)] = int(fields.get("PPid", "0").split()[0] or 0)
            if 200_000 <= int(fields.get("Uid", "0").split()[0]) < 1_000_000 and fields.get("State", "").split()[0] not in "ZX":
                student.add(int(entry))
    count = 0
    for pid in student:
        seen = 0
        while pid > 1 and seen < 64:
            pid, seen = parent.get(pid, 0), seen + 1
            if pid == ancestor:
                count += 1
                break
    return count


@pytest.fixture()
def hostile_batch(notebooks):
    paths = {"loopfunc": notebooks.make("loopfunc", replace=LOOPING_FUNCTION, append=[NAME.format(tag="nncleak-loopfunc")])}
    for tag, cells in HOSTILE_CELLS.items():
        paths[tag] = notebooks.make(tag, append=[NAME.format(tag=f"nncleak-{tag}"), *cells])
    paths["honest"] = notebooks.make("honest")
    return paths


def _grade(paths, assignment, *, jobs, mode, on_result=None):
    from nncourse.grading.batch import find_submissions, grade_batch
    from nncourse.grading.executor import ThreadExecutor

    submissions = find_submissions(list(paths))
    with ThreadExecutor(isolation=mode, jobs=jobs, expected=len(submissions)) as executor:
        return grade_batch(submissions, assignment, on_result=on_result, executor=executor)


def _check_batch(paths, assignment, mode, *, one_at_a_time: bool):
    assert not live_tagged(), "tagged processes from an earlier test"
    leaks: dict[str, dict[int, str]] = {}
    peak = [0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], student_processes(os.getpid()))
            time.sleep(0.05)

    def after(result):
        left = live_tagged(f"nncleak-{result.submission}")
        if left:
            leaks[result.submission] = left

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        if one_at_a_time:  # one submission per pool: each student starts from a fresh interpreter
            results = [r for p in paths.values() for r in _grade([p], assignment, jobs=1, mode=mode, on_result=after)]
        else:  # a batch: students fork from the zygote
            results = _grade(paths.values(), assignment, jobs=2, mode=mode, on_result=after)
    finally:
        stop.set()
        sampler.join()
    assert leaks == {}
    assert live_tagged() == {}
    by_id = {r.submission: r for r in results}
    assert by_id["honest"].score == pytest.approx(assignment.max_score), by_id["honest"].error
    for tag in HOSTILE_CELLS:  # the hang is in the last cell: every question still scores
        assert by_id[tag].score == pytest.approx(assignment.max_score), (tag, by_id[tag].error)
    assert by_id["loopfunc"].score < assignment.max_score
    return peak[0]


def _isolated_mode() -> str:
    from nncourse.execution.sandbox import choose_mode

    mode, note = choose_mode("auto")
    if mode == "none":
        pytest.skip(f"no namespaces here: {note}")
    return mode


def test_a_zygote_batch_leaves_no_student_process(hostile_batch, quick):
    mode = _isolated_mode()
    peak = _check_batch(hostile_batch, quick, "auto", one_at_a_time=False)
    if mode == "root":  # each student has a uid of its own there, so they can be counted
        assert 0 < peak <= 2 + 2  # jobs + 2


def test_fresh_interpreters_leave_no_student_process(hostile_batch, quick):
    _isolated_mode()
    _check_batch(hostile_batch, quick, "auto", one_at_a_time=True)


def test_without_isolation_no_student_process_is_left(hostile_batch, quick):
    _check_batch(hostile_batch, quick, "none", one_at_a_time=False)
