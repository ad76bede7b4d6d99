"""Grading speed of assignment 1, as ratios against baselines measured in the same run.

    python benchmarks/bench_grading.py [--batch 40] [--repeat 5] [--otter PATH/TO/otter]

Figures:
  * baseline: ``python -c "import numpy"`` start-up (the floor for any Python grader);
  * single:   ``nncourse grade ONE.ipynb`` end to end (CLI start, sandbox, tests), and its
              ratio to the baseline (target ≤ 2×);
  * batch:    wall time per submission when grading ``--batch`` submissions with -j 2
              (target ≤ 0.2 s);
  * otter:    ``otter run`` on the same solved notebook with an otter autograder built for the
              same functions, when otter-grader is installed (``pip install 'nncourse[bench]'``
              or ``--otter``), and the ratio single/otter.
This is a measurement script, not a test: nothing here asserts.
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


def timed(cmd: list[str], repeat: int, **kwargs) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"command failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr[-2000:]}")
    return times


def nncourse_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("nncourse")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "nncourse.cli.main"]


def otter_master(bundle: Path, work: Path) -> Path:
    """An otter-format master notebook with the same solved functions and value tests."""
    import nbformat
    from nbformat import v4

    solved = json.loads((bundle / "solution" / "a1-regression.ipynb").read_text("utf-8"))
    code = [("".join(c["source"]) if isinstance(c["source"], list) else c["source"]) for c in solved["cells"] if c["cell_type"] == "code"]
    cells = [v4.new_raw_cell("# ASSIGNMENT CONFIG\nexport_cell: false\ngenerate: true\nfiles:\n    - data")]
    cells.append(v4.new_code_cell(code[0]))
    for i, src in enumerate(code[1:], start=1):
        cells += [v4.new_raw_cell(f"# BEGIN QUESTION\nname: q{i}\npoints: 1"), v4.new_code_cell(src),
                  v4.new_raw_cell("# BEGIN TESTS"),
                  v4.new_code_cell("import numpy as np\nassert np.isfinite(np.sum(features)) and len(minutes) == 5"),
                  v4.new_raw_cell("# END TESTS"), v4.new_raw_cell("# END QUESTION")]
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    master = work / "otter-master" / "a1.ipynb"
    master.parent.mkdir(parents=True)
    shutil.copytree(bundle / "student" / "data", master.parent / "data")
    nbformat.write(nb, str(master))
    return master


def bench_otter(otter: str, bundle: Path, work: Path, repeat: int) -> list[float] | str:
    try:
        master = otter_master(bundle, work)
        dist = work / "otter-dist"
        done = subprocess.run([otter, "assign", str(master), str(dist), "--no-run-tests"], capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            return f"otter assign failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"
        zips = list((dist / "autograder").glob("*.zip"))
        if not zips:
            return "otter assign produced no autograder zip"
        sub = dist / "autograder" / "a1.ipynb"
        out = work / "otter-out"
        out.mkdir()
        return timed([otter, "run", "-a", str(zips[0]), "-o", str(out), str(sub)], repeat, timeout=600)
    except (OSError, subprocess.TimeoutExpired, ImportError) as exc:
        return f"otter unavailable: {exc}"
    except SystemExit as exc:  # `timed` reports a failed run this way
        return f"otter run failed: {str(exc).strip().splitlines()[-1][:200]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--otter", default=shutil.which("otter"), help="otter executable (default: on PATH)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nncourse-bench-") as tmp:
        work = Path(tmp)
        subprocess.run([*nncourse_cmd(), "generate", "a1-regression", "-o", str(work / "a1")], check=True, capture_output=True, cwd=ROOT)
        bundle = work / "a1"
        solved = bundle / "solution" / "a1-regression.ipynb"
        base = timed([sys.executable, "-c", "import numpy"], args.repeat * 2)
        single = timed([*nncourse_cmd(), "grade", str(solved), "-a", str(bundle / "autograder"), "-o", str(work / "single"), "-j", "1", "-q"], args.repeat, cwd=ROOT)
        batch_dir = work / "batch"
        batch_dir.mkdir()
        for i in range(args.batch):
            shutil.copy(solved, batch_dir / f"student{i:03d}.ipynb")
        batch = timed([*nncourse_cmd(), "grade", str(batch_dir), "-a", str(bundle / "autograder"), "-o", str(work / "batch-out"), "-j", "2", "-q"], 1, cwd=ROOT)
        grades = (work / "batch-out" / "gradebook.csv").read_text().splitlines()[1:]
        assert all(",graded," in g for g in grades) and len(grades) == args.batch
        b, s = statistics.median(base), statistics.median(single)
        print(f"baseline  python -c 'import numpy'      median {b:.3f} s  (n={len(base)})")
        print(f"single    nncourse grade (1 submission)  median {s:.3f} s  = {s / b:.2f}x baseline  (target <= 2x)")
        print(f"batch     {args.batch} submissions, -j 2        {batch[0]:.2f} s total = {batch[0] / args.batch:.3f} s per submission (target <= 0.2 s)")
        if args.otter:
            o = bench_otter(args.otter, bundle, work, max(2, args.repeat // 2))
            if isinstance(o, str):
                print(f"otter     {o}")
            else:
                om = statistics.median(o)
                print(f"otter     otter run (1 submission)       median {om:.3f} s; nncourse single is {om / s:.1f}x faster, batch per-submission {om / (batch[0] / args.batch):.0f}x faster")
        else:
            print("otter     not installed (pip install 'nncourse[bench]' or pass --otter)")


if __name__ == "__main__":
    main()
