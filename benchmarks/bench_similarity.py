"""Similarity at class scale, and its precision on labelled corpora.

    python benchmarks/bench_similarity.py [--students 1000] [--copies 20] [--labelled-seeds 10]

Figures (all measured in this run):
  * scale:     ``nncourse similarity`` on ``--students`` assignment-1 notebooks (honest ones and
               ``--copies`` disguised copies, tests/similarity/a1_corpus.py) in a fresh process:
               wall time and peak resident memory (the child's ru_maxrss), and whether every
               copy was flagged;
  * index:     on the same fingerprints, the inverted-index scoring against a direct baseline
               that intersects every pair (n(n − 1)/2 intersections), both timed here; ratio =
               baseline / index;
  * precision: on ``--labelled-seeds`` corpora of 40 honest notebooks and 5 disguised copies,
               precision and recall of the flagged pairs at thresholds 0.5, 0.6, 0.75 (default)
               and 0.9, and the largest honest similarity seen.
This script asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "similarity"))

import a1_corpus  # noqa: E402


def build_class(folder: Path, students: int, copies: int, seed: int) -> set[frozenset[str]]:
    rng = random.Random(seed)
    cells = {}
    for n in range(students - copies):
        name = f"s{n:04d}"
        cells[name] = a1_corpus.honest(seed * 1_000_003 + n)
        a1_corpus.write(folder, name, cells[name])
    positives = set()
    for n, source in enumerate(rng.sample(sorted(cells), copies)):
        name = f"c{n:04d}"
        a1_corpus.write(folder, name, a1_corpus.copy_of(cells[source], rng.randrange(10**9)))
        positives.add(frozenset({source, name}))
    return positives


def scale(students: int, copies: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "subs", Path(tmp) / "report" / "similarity.html"
        start = time.perf_counter()
        positives = build_class(folder, students, copies, seed=2026)
        print(f"corpus: {students} notebooks ({copies} disguised copies) written in {time.perf_counter() - start:.1f} s")
        command = [sys.executable, "-m", "nncourse.cli.main", "similarity", str(folder), "-a", "a1-regression", "-o", str(out)]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if done.returncode != 0:
            print(done.stderr)
            return
        print(f"scale: nncourse similarity <{students} notebooks> -a a1-regression -o similarity.html")
        print(f"  wall {wall:.1f} s, peak memory {peak:.0f} MiB  ({done.stdout.splitlines()[0]})")
        rows = [r.split(",") for r in out.with_suffix(".csv").read_text("utf-8").splitlines()[1:]]
        flagged = {frozenset(r[:2]) for r in rows if r[-1] == "yes"}
        print(f"  copies flagged: {len(positives & flagged)}/{len(positives)}; other pairs flagged: {len(flagged - positives)}")
        index_versus_all_pairs(folder)


def index_versus_all_pairs(folder: Path) -> None:
    from nncourse.course import Course
    from nncourse.similarity.index import score_pairs
    from nncourse.similarity.run import template_for
    from nncourse.similarity.sources import document, submission_paths

    _, template = template_for(Course.at(ROOT), "a1-regression")
    prints = [document(i, p, template).unique for i, p in submission_paths([folder])]
    start = time.perf_counter()
    pairs = score_pairs(prints)
    index = time.perf_counter() - start
    start = time.perf_counter()
    n, shared = len(prints), 0
    for a in range(n):
        for b in range(a + 1, n):
            shared += len(np.intersect1d(prints[a], prints[b], assume_unique=True)) > 0
    direct = time.perf_counter() - start
    print(f"index: {index:.2f} s for {len(pairs)} scored pairs; all-pairs baseline {direct:.2f} s "
          f"({n * (n - 1) // 2} intersections, {shared} pairs share ≥ 1 fingerprint); ratio {direct / index:.1f}×")


def precision(seeds: int) -> None:
    from nncourse.course import Course
    from nncourse.similarity.run import compare, template_for
    from nncourse.similarity.sources import document, submission_paths

    course = Course.at(ROOT)
    name, template = template_for(course, "a1-regression")
    thresholds = (0.5, 0.6, 0.75, 0.9)
    tally = {t: [0, 0] for t in thresholds}  # flagged, of which true copies
    total, worst_honest = 0, 0.0
    for seed in range(seeds):
        with tempfile.TemporaryDirectory() as tmp:
            positives = a1_corpus.labelled_corpus(Path(tmp), honest_count=40, copies=5, seed=100 + seed)
            docs = [document(i, p, template) for i, p in submission_paths([Path(tmp)])]
        run = compare(documents=docs, threshold=min(thresholds), assignment=name)
        total += len(positives)
        for pair in run.pairs:
            ids = frozenset({docs[pair.a].id, docs[pair.b].id})
            if ids not in positives:
                worst_honest = max(worst_honest, pair.similarity)
            for t in thresholds:
                if pair.similarity >= t:
                    tally[t][0] += 1
                    tally[t][1] += ids in positives
    print(f"precision: {seeds} labelled corpora × (40 honest + 5 disguised copies) = {total} positive pairs")
    for t in thresholds:
        flagged, correct = tally[t]  # each positive pair is one pair, so correct flags = positives found
        shown = f"{correct / flagged:.3f}" if flagged else "n/a"
        print(f"  threshold {t:.2f}: flagged {flagged}, precision {shown}, recall {correct / total:.3f}")
    print(f"  largest honest-pair similarity: {worst_honest:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--labelled-seeds", type=int, default=10)
    args = parser.parse_args()
    precision(args.labelled_seeds)
    scale(args.students, args.copies)


if __name__ == "__main__":
    main()
