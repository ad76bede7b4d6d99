"""``nncourse review OUTDIR``: list answers awaiting a person, accept or reject them, re-total.

Works on the output of ``nncourse grade`` (no regrading): each decision rewrites that
submission's ``results.json`` and ``instructor.json`` and then ``gradebook.csv``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "list undecided answers in a graded OUTDIR; --accept/--reject them and re-total the gradebook"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, metavar="OUTDIR", help="the folder `nncourse grade -o` wrote")
    parser.add_argument("--accept", nargs=2, action="append", default=[], metavar=("SUBMISSION", "TEST"),
                        help="give this undecided test its points (TEST: full name, or a unique ending)")
    parser.add_argument("--reject", nargs=2, action="append", default=[], metavar=("SUBMISSION", "TEST"),
                        help="mark this undecided test wrong")


def run(args: argparse.Namespace) -> int:
    from ..checks.results import EXECUTION
    from ..errors import NncourseError
    from ..grading.review import decide
    from ..reporting.gradebook import read_questions, write_gradebook
    from ..reporting.gradescope import read_instructor_json, write_submission

    paths = sorted(args.out.glob("*/instructor.json"))
    if not paths:
        raise NncourseError(f"no graded submissions in {args.out}", hint="pass the OUTDIR of `nncourse grade`")
    results = {r.submission: r for r in map(read_instructor_json, paths)}
    decisions = [(sub, test, True) for sub, test in args.accept] + [(sub, test, False) for sub, test in args.reject]
    for sub, test, accept in decisions:
        if sub not in results:
            raise NncourseError(f"no submission {sub!r} in {args.out}")
        results[sub] = decide(results[sub], test, accept=accept)
    if decisions:
        for sub in {sub for sub, _, _ in decisions}:
            write_submission(args.out, results[sub])
        ordered = list(results.values())
        questions = read_questions(args.out / "gradebook.csv") or list(dict.fromkeys(
            t.question for r in ordered for t in r.tests if t.question != EXECUTION))
        write_gradebook(args.out / "gradebook.csv", ordered, questions)
    pending = [(r.submission, t) for r in results.values() for t in r.tests if t.status == "undecided"]
    for sub, t in pending:
        print(f"{sub}\t{t.name}\t{t.detail.splitlines()[0] if t.detail else ''}")
    print(f"{len(decisions)} decision(s) applied; {len(pending)} answer(s) still awaiting review")
    return 0
