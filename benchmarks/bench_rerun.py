"""Time of an unchanged re-run of ``nncourse grade`` into the same OUTDIR, as a ratio to the first run.

    python benchmarks/bench_rerun.py [--batch 40] [--repeat 3]

Grades ``--batch`` copies of assignment 1's solved notebook (each made different by one
comment, as real submissions are) into a fresh OUTDIR, then runs the same command again: the
ledger finds every notebook and the bundle unchanged, so nothing is graded. Prints both wall
times and their ratio (target: under 10 %), the median of ``--repeat`` pairs. Bytecode is
compiled first, as ``pip install`` does. A measurement script, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def nncourse_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("nncourse")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "nncourse.cli.main"]


def timed(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"command failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr[-2000:]}")
    return took, done.stdout


def main() -> None:
    from course_secret import ensure_secret

    ensure_secret()  # a1 has per-student data: grading it needs a course secret
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    # Bytecode first, as `pip install` leaves it (matters where PYTHONDONTWRITEBYTECODE is set).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "nncourse")], check=True, capture_output=True)
    with tempfile.TemporaryDirectory(prefix="nncourse-rerun-") as tmp:
        work = Path(tmp)
        subprocess.run([*nncourse_cmd(), "generate", "a1-regression", "-o", str(work / "a1")], check=True, capture_output=True, cwd=ROOT)
        solved = json.loads((work / "a1" / "solution" / "a1-regression.ipynb").read_text("utf-8"))
        subs = work / "subs"
        subs.mkdir()
        for i in range(args.batch):
            nb = json.loads(json.dumps(solved))
            nb["cells"].append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                                "source": f"# student {i}"})
            (subs / f"student{i:03d}.ipynb").write_text(json.dumps(nb), "utf-8")
        firsts, reruns = [], []
        for r in range(args.repeat):
            out = work / f"out{r}"
            cmd = [*nncourse_cmd(), "grade", str(subs), "-a", str(work / "a1" / "autograder"), "-o", str(out), "-j", "2"]
            first, _ = timed(cmd)
            again, said = timed(cmd)
            assert f"{args.batch} unchanged, 0 graded" in said, said[-500:]
            firsts.append(first)
            reruns.append(again)
            shutil.rmtree(out)
        ratio = statistics.median(a / f for a, f in zip(reruns, firsts))
        print(f"batch {args.batch}: first run {statistics.median(firsts):.2f} s, unchanged re-run "
              f"{statistics.median(reruns):.3f} s, ratio {100 * ratio:.1f} % (target < 10 %)")


if __name__ == "__main__":
    main()
