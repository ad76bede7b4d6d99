"""Speed and accuracy of ``check_equivalent`` on the labelled corpus, against a naive baseline.

    python benchmarks/bench_equiv.py [--repeat 3] [--baseline-timeout 2.0]

Figures (all measured in this run, same process, after one warm-up pass):
  * ours:     median / p90 / max milliseconds per check (parse both answers + verdict),
              and the verdict counts against the hand-made labels;
  * baseline: the same parsing, then ``sympy.simplify(a - b) == 0`` (σ declared logistic,
              derivatives carried out) under a per-pair time limit; a timeout counts as the
              limit and as "undecided";
  * ratio:    baseline median / our median (how many times faster), and the same for p90.
  * assignment: every check the derivations assignment's hidden suite makes (``diagnose`` with
              the question's mode and known wrong variants) on the solved answers and on each
              known wrong variant, i.e. what grading a7-derivations costs per check.
Target: median ≤ 50 ms per check on derivation-style answers. This script asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "symbolic"))

from symbolic_corpus import Pair, load_corpus  # noqa: E402

def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_ours(pairs: list[Pair], repeat: int) -> tuple[list[float], dict[str, int]]:
    from nncourse.symbolic import check_equivalent

    times: list[float] = []
    outcome = {"correct": 0, "undecided": 0, "wrong": 0}
    for pair in pairs:
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            verdict = check_equivalent(pair.student, pair.reference, **pair.options())
            best = min(best, time.perf_counter() - start)
        times.append(best)
        expected = "equivalent" if pair.equivalent else "not_equivalent"
        key = "correct" if verdict.status == expected else "undecided" if verdict.status == "undecided" else "wrong"
        outcome[key] += 1
    return times, outcome


def run_baseline(pairs: list[Pair], limit: float) -> tuple[list[float], dict[str, int]]:
    import sympy

    from nncourse.symbolic import logistic, parse_answer
    from nncourse.symbolic.equivalence import canonical, make_options
    from nncourse.symbolic.timeouts import Finished, run_with_timeout

    times: list[float] = []
    outcome = {"correct": 0, "undecided": 0, "wrong": 0}
    for pair in pairs:
        options = make_options(mode="equal", positive=pair.positive, integer=(), params=None, intervals=None,
                               sigma="logistic", syntax="auto", timeout=limit, seed=0, prove=False)
        start = time.perf_counter()
        a, b = (logistic(canonical(parse_answer(t), options)).doit() for t in (pair.student, pair.reference))
        result = run_with_timeout(lambda: sympy.simplify(a - b) == 0, limit)
        times.append(time.perf_counter() - start)
        if not isinstance(result, Finished) or pair.mode != "equal":
            outcome["undecided"] += 1  # the naive check has no modes and no third value
        elif result.value == pair.equivalent:
            outcome["correct"] += 1
        else:
            outcome["wrong"] += 1  # "simplify ≠ 0" read as "not equivalent"
    return times, outcome


def assignment_checks() -> list[tuple[str, object, object, dict]]:
    """(label, answer, reference, options) for the a7-derivations suite's checks: solved answers and wrong variants."""
    import json

    sys.path.insert(0, str(ROOT))
    from solutions.derivations import DERIVATIONS, answer_variable

    answers: dict[str, object] = {}
    cells = json.loads((ROOT / "assignments" / "a7-derivations" / "master.ipynb").read_text("utf-8"))["cells"]
    for cell in cells:  # the master's own code (instructor-written, trusted), not its test cells
        if cell["cell_type"] == "code" and "expect_" not in "".join(cell["source"]):
            exec("".join(cell["source"]), answers)
    checks = []
    for key, d in DERIVATIONS.items():
        variable = answer_variable(key)
        if variable in answers:
            checks.append((f"{key} (solved)", answers[variable], d.reference, {**d.options(), "variants": dict(d.variants)}))
        checks += [(f"{key} ({name})", str(expr), d.reference, {**d.options(), "variants": dict(d.variants)})
                   for name, expr in d.variants.items()]
    return checks


def run_assignment(checks: list[tuple[str, object, object, dict]], repeat: int) -> tuple[list[float], dict[str, int]]:
    from nncourse.symbolic import diagnose

    times: list[float] = []
    outcome = {"correct": 0, "undecided": 0, "wrong": 0}
    for label, answer, reference, options in checks:
        options = dict(options)
        variants = options.pop("variants")
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            verdict = diagnose(answer, reference, variants, **options)
            best = min(best, time.perf_counter() - start)
        times.append(best)
        expected = "equivalent" if label.endswith("(solved)") else "not_equivalent"
        key = "correct" if verdict.status == expected else "undecided" if verdict.status == "undecided" else "wrong"
        outcome[key] += 1
    return times, outcome


def describe(name: str, times: list[float], outcome: dict[str, int]) -> str:
    ms = [t * 1000 for t in times]
    return (f"{name:9s} median {statistics.median(ms):7.1f} ms   p90 {percentile(ms, 0.9):7.1f} ms   "
            f"max {max(ms):7.1f} ms   correct {outcome['correct']}/{len(times)}   "
            f"undecided {outcome['undecided']}   wrong {outcome['wrong']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per pair for our checker (best is kept)")
    parser.add_argument("--baseline-timeout", type=float, default=2.0, help="per-pair limit of the naive baseline")
    args = parser.parse_args(argv)

    pairs = load_corpus()
    run_ours(pairs[:10], 1)  # warm-up: imports, sympy caches, lambdify printers
    ours, ours_outcome = run_ours(pairs, args.repeat)
    base, base_outcome = run_baseline(pairs, args.baseline_timeout)
    print(f"corpus: {len(pairs)} labelled pairs ({sum(p.equivalent for p in pairs)} equivalent)")
    print(describe("ours", ours, ours_outcome))
    print(describe("baseline", base, base_outcome))
    checks = assignment_checks()
    mine, mine_outcome = run_assignment(checks, args.repeat)
    print(f"a7-derivations: {len(checks)} checks (solved answers and known wrong variants, with diagnosis)")
    print(describe("a7", mine, mine_outcome))
    print(f"ratio     baseline/ours: median {statistics.median(base) / statistics.median(ours):.1f}x   "
          f"p90 {percentile(base, 0.9) / percentile(ours, 0.9):.1f}x   "
          f"total {sum(base) / sum(ours):.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
