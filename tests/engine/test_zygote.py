"""Batches fork each student from a clean zygote (:mod:`nncourse.execution.zygote`): every
student still gets its own process in its own namespaces, and one hostile submission in a
batch cannot touch the others. Expected scores come from the master's points."""

from __future__ import annotations

import pytest

PROBE = "import os\nPID, UID = os.getpid(), os.getuid()\n"
HOSTILE = ("import os, signal\n"
           "for sig in (signal.SIGKILL, signal.SIGSTOP):\n"
           "    try:\n        os.kill(-1, sig)\n    except Exception:\n        pass\n"
           "try:\n    os.kill(1, signal.SIGKILL)\nexcept Exception:\n    pass\n")


@pytest.fixture()
def isolated():
    from nncourse.execution.sandbox import choose_mode

    mode, note = choose_mode("auto")
    if mode == "none":
        pytest.skip(f"no namespaces here: {note}")
    return mode


def test_a_batch_forks_from_the_zygote_and_each_student_is_alone(isolated, notebooks, grade, a1_assignment):
    from nncourse.execution.pool import WorkerPool
    from nncourse.grading.submission import sandbox_config

    config = sandbox_config(a1_assignment)
    pool = WorkerPool(config.mode, prestart=2, expected=3).configure(config, a1_assignment.data_dir)
    try:
        assert pool._zygote is not None and pool._zygote.alive
        workers = [pool.acquire() for _ in range(3)]
        seen = []
        for i, w in enumerate(workers, start=1):
            assert w.report["filesystem_isolated"] and w.report["process_isolated"]
            assert w.request({"op": "exec", "cell": 1, "code": PROBE}, 5)["ok"]
            seen.append(w.request({"op": "get", "name": "PID"}, 5)["value"])
            seen.append(w.request({"op": "get", "name": "UID"}, 5)["value"])
        pids, uids = seen[0::2], seen[1::2]
        assert pids == [1, 1, 1]  # PID 1 of a namespace of its own
        if isolated == "root":  # a uid of its own (in a user namespace everyone is that namespace's root)
            assert len(set(uids)) == 3 and 0 not in uids
        for w in workers:
            w.close()
    finally:
        pool.close()


def test_a_hostile_student_in_a_batch_harms_only_itself(isolated, notebooks, grade, a1_assignment):
    hostile = notebooks.make("hostile", append=[HOSTILE])
    honest = [notebooks.make(f"honest{i}") for i in range(3)]
    results = {r.submission: r for r in grade(hostile, *honest, jobs=2)}
    full = a1_assignment.max_score
    for i in range(3):
        assert results[f"honest{i}"].score == pytest.approx(full), results[f"honest{i}"].error
    assert results["hostile"].score == pytest.approx(full)  # its own functions are still right


def test_a_dead_zygote_falls_back_to_fresh_interpreters(isolated, notebooks, a1_assignment):
    from nncourse.execution.pool import WorkerPool
    from nncourse.grading.submission import sandbox_config

    config = sandbox_config(a1_assignment)
    pool = WorkerPool(config.mode, prestart=0, expected=3).configure(config, a1_assignment.data_dir)
    try:
        pool._zygote.close()
        worker = pool.acquire()
        assert worker.report["filesystem_isolated"]
        assert worker.request({"op": "exec", "cell": 1, "code": "x = 1"}, 5)["ok"]
        worker.close()
    finally:
        pool.close()
