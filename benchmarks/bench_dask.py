"""Dask executor overhead: the same batch graded locally (-j 2) and on a 2-worker LocalCluster.

    python benchmarks/bench_dask.py [--batch 400] [--repeat 2]

The batch is assignment 1's solved and untouched notebooks (two in three solved). Each repeat
grades it both ways, one after the other, with the same command line but ``--executor dask``;
the figure is the ratio dask / local of each pair (target ≤ 1.15), so the machine's drift
between minutes cancels. Cluster start-up is included: it is part of what a user waits for.
Nothing asserts.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(cmd: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def main() -> None:
    from course_secret import ensure_secret

    ensure_secret()  # a1 has per-student data: grading it needs a course secret
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    nncourse = [sys.executable, "-m", "nncourse.cli.main"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        run([*nncourse, "generate", "a1-regression", "-o", str(tmp / "a1")])
        subs = tmp / "subs"
        subs.mkdir()
        for i in range(args.batch):
            kind = "student" if i % 3 == 0 else "solution"
            shutil.copy(tmp / "a1" / kind / "a1-regression.ipynb", subs / f"s{i:04d}.ipynb")
        bundle = str(tmp / "a1" / "autograder")
        print(f"{'repeat':>6} {'local s':>8} {'dask s':>8} {'dask/local':>10}")
        ratios = []
        for r in range(args.repeat):
            local = run([*nncourse, "grade", str(subs), "-a", bundle, "-o", str(tmp / f"l{r}"), "-q", "-j", "2"])
            dask = run([*nncourse, "grade", str(subs), "-a", bundle, "-o", str(tmp / f"d{r}"), "-q", "-j", "2",
                        "--executor", "dask"])
            same = (tmp / f"l{r}" / "gradebook.csv").read_bytes() == (tmp / f"d{r}" / "gradebook.csv").read_bytes()
            ratios.append(dask / local)
            print(f"{r:>6} {local:>8.1f} {dask:>8.1f} {dask / local:>10.2f}  same gradebook: {same}", flush=True)
        print(f"median dask/local: {sorted(ratios)[len(ratios) // 2]:.2f} ({args.batch} submissions, 2 workers vs -j 2)")


if __name__ == "__main__":
    main()
