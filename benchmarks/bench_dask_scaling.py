"""How Dask's throughput grows with workers, and where its per-task overhead starts to dominate.

    python benchmarks/bench_dask_scaling.py [--tasks 400] [--workers 1,2,4,8,16,32] [--costs 0.1,0.01,0.001]

A simulation, not a grading run: this machine has two cores, so many real graders cannot run
at once. Instead a ``LocalCluster`` of N single-threaded workers (threads in one process, so
that N can exceed the core count) runs tasks that each wait a fixed time, standing in for
one submission's grading on a worker of its own. What is measured is what the scheduler adds:

* ``ideal``      = tasks × cost / N (perfect scaling);
* ``wall``       the measured time to submit every task and gather every result;
* ``efficiency`` = ideal / wall;
* ``overhead``   = (wall × N − tasks × cost) / tasks, the scheduler's time per task as the
                   workers see it.

With the per-task cost of a real a1 submission (~0.1 s on one core; see
``bench_grading.py``), efficiency stays near 1 far beyond this machine's size; at 1–10 ms
per task the fixed per-task cost (~1 ms of scheduler and network round trip) dominates.
The figures and the arithmetic for a course are in ``docs/scaling.md``. Nothing asserts.
"""

from __future__ import annotations

import argparse
import time


def _task(cost: float, index: int) -> int:
    time.sleep(cost)
    return index


def measure(workers: int, tasks: int, cost: float) -> dict[str, float]:
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.submit(_task, 0.0, -1).result()  # warm up: workers registered, function shipped
        started = time.perf_counter()
        futures = client.map(_task, [cost] * tasks, range(tasks), pure=False)
        done = client.gather(futures)
        wall = time.perf_counter() - started
    assert sorted(done) == list(range(tasks))
    ideal = tasks * cost / workers
    return {"wall": wall, "ideal": ideal, "efficiency": ideal / wall if wall else 0.0,
            "overhead_ms": 1000 * max(0.0, wall * workers - tasks * cost) / tasks,
            "throughput": tasks / wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=400)
    parser.add_argument("--workers", default="1,2,4,8,16,32")
    parser.add_argument("--costs", default="0.1,0.01,0.001", help="seconds per task, comma-separated")
    args = parser.parse_args()
    print(f"{'cost':>7} {'workers':>7} {'wall s':>8} {'ideal s':>8} {'efficiency':>10} {'overhead ms/task':>16} {'tasks/s':>8}")
    for cost in (float(c) for c in args.costs.split(",")):
        for workers in (int(w) for w in args.workers.split(",")):
            m = measure(workers, args.tasks, cost)
            print(f"{cost:>7g} {workers:>7} {m['wall']:>8.2f} {m['ideal']:>8.2f} {m['efficiency']:>10.2f} "
                  f"{m['overhead_ms']:>16.2f} {m['throughput']:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
