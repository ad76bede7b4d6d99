"""``nncourse similarity SUBS… -a ASSIGNMENT -o similarity.html``: shared student code per pair."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

HELP = "code similarity across submissions (template removed): HTML with side-by-side matches, and CSV"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("targets", metavar="SUBS", nargs="+", type=Path, help="submission files or folders (.ipynb, .py)")
    parser.add_argument("-a", "--assignment", metavar="ASSIGNMENT",
                        help="assignment id or student notebook whose template text is removed before comparing")
    parser.add_argument("-o", "--out", type=Path, required=True, metavar="FILE",
                        help="report: FILE.html (and FILE.csv beside it), or only FILE.csv")
    parser.add_argument("--threshold", type=float, default=0.75, metavar="X",
                        help="list pairs with similarity ≥ X side by side (default 0.75)")
    parser.add_argument("--max-df", type=int, metavar="N",
                        help="fingerprints held by more than N submissions are common idioms and make no pair a candidate; "
                             "every fingerprint weighs ln(class size / holders) (default N: 5%% of the class, at least 10)")
    parser.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1), metavar="N",
                        help="processes that read and fingerprint submissions (default: 2, or 1 on one core)")
    parser.add_argument("--min-shared", type=int, default=4, metavar="N",
                        help="score a pair only when it shares at least N uncommon fingerprints (default 4)")


def run(args: argparse.Namespace) -> int:
    from ..course import Course
    from ..errors import CourseError
    from ..similarity.report import write_reports
    from ..similarity.run import similarity

    try:
        course = Course.locate(args.course)
    except CourseError:
        course = None
    result = similarity(targets=list(args.targets), course=course, assignment=args.assignment,
                        threshold=args.threshold, max_df=args.max_df, min_shared=args.min_shared,
                        jobs=max(1, args.jobs))
    written = write_reports(result, args.out)
    skipped = sum(1 for d in result.documents if d.error)
    print(f"{len(result.documents)} submissions ({skipped} unreadable), {len(result.pairs)} pairs share code, "
          f"{len(result.flagged)} at or above {args.threshold:.0%} → {', '.join(map(str, written))}")
    for f in result.flagged[:10]:
        p = f.pair
        print(f"  {p.similarity:4.0%}  {result.documents[p.a].id} ↔ {result.documents[p.b].id}")
    return 0
