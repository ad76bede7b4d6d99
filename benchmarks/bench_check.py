"""Time ``check("question")`` as a student's kernel runs it, for every question of a1 and a2.

Generates the assignments (``nncourse generate``), runs each solved notebook's code in a
namespace as a kernel would (in its own folder), then times ``check(q)`` for every question,
``--repeat`` times, interleaved with a fixed baseline workload (1,000 3×3 ``np.linalg.solve``
calls) so that a slow or busy machine shows in both. Prints per question the median in
milliseconds and its ratio to the baseline's median. The target is ≤ 50 ms for a typical
question of assignment 1.

    python benchmarks/bench_check.py [--repeat 30] [--assignments a1-regression a2-backprop]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def baseline() -> None:
    a, b = np.eye(3) * 2.0, np.ones(3)
    for _ in range(1000):
        np.linalg.solve(a, b)


def kernel_namespace(notebook: Path) -> dict:
    """The solved notebook's code run in a dict, as the kernel's globals would hold it."""
    from nncourse.notebook.checkcells import is_check_cell

    ns: dict = {"__name__": "__main__"}
    for cell in json.loads(notebook.read_text("utf-8"))["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "code" and not is_check_cell(src):
            exec(compile(src, "<cell>", "exec"), ns)
    exec("from nncourse.student import check", ns)
    return ns


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--assignments", nargs="+", default=["a1-regression", "a2-backprop"])
    args = parser.parse_args()
    from nncourse.authoring.generate import generate
    from nncourse.course import Course

    with tempfile.TemporaryDirectory() as tmp:
        for ident in args.assignments:
            out = Path(tmp) / ident
            generate(Course.at(ROOT), ident, out)
            folder = out / "solution"
            here = os.getcwd()
            os.chdir(folder)
            try:
                ns = kernel_namespace(folder / f"{ident}.ipynb")
                public = json.loads((folder / "tests" / "public.json").read_text("utf-8"))
                questions = list(dict.fromkeys(t["question"] for t in public["tests"]))
                base, times = [], {q: [] for q in questions}
                for _ in range(args.repeat):
                    base.append(timed(baseline))
                    for q in questions:
                        report = None

                        def run(q=q):
                            nonlocal report
                            report = eval(f"check({q!r})", ns)

                        times[q].append(timed(run))
                        assert report is not None and report.passed, repr(report)
            finally:
                os.chdir(here)
            b = statistics.median(base)
            print(f"{ident}: baseline (1000 × 3×3 solve) median {b:.2f} ms, {args.repeat} runs")
            for q, ts in times.items():
                m = statistics.median(ts)
                print(f"  check({q!r}): median {m:7.2f} ms  max {max(ts):7.2f} ms  ({m / b:5.2f} × baseline)")


if __name__ == "__main__":
    main()
