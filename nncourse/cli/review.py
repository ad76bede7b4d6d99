"""``nncourse review OUTDIR``: list answers awaiting a person, accept or reject them, re-total.

Works on the output of ``nncourse grade`` (no regrading). Decisions are kept in OUTDIR's
results ledger, for the notebook they were made on: regrading other submissions keeps them,
and the views (``results.json``, ``instructor.json``, ``gradebook.csv``) are rewritten.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "list undecided answers in a graded OUTDIR; --accept/--reject them and re-total the gradebook"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, metavar="OUTDIR", help="the folder `nncourse grade -o` wrote")
    parser.add_argument("--accept", nargs=2, action="append", default=[], metavar=("SUBMISSION", "TEST"),
                        help="give this undecided test its points (TEST: full name, or a unique ending)")
    parser.add_argument("--reject", nargs=2, action="append", default=[], metavar=("SUBMISSION", "TEST"),
                        help="mark this undecided test wrong")


def run(args: argparse.Namespace) -> int:
    from ..checks.results import EXECUTION, Status
    from ..errors import NncourseError
    from ..grading.ledger import LEDGER_FILE, Ledger
    from ..reporting.base import ReportContext, RunSummary
    from ..reporting.registry import make_reporters
    from ..reporting.roster import match_all

    if not (args.out / LEDGER_FILE).is_file() and not any(args.out.glob("*/instructor.json")):
        raise NncourseError(f"no graded submissions in {args.out}", hint="pass the OUTDIR of `nncourse grade`")
    decisions = [(sub, test, True) for sub, test in args.accept] + [(sub, test, False) for sub, test in args.reject]
    with Ledger.open(args.out) as ledger:
        for sub, test, accept in decisions:
            ledger.decide(sub, test, accept=accept)
        results = ledger.results()
        if decisions:
            questions = ledger.questions or list(dict.fromkeys(
                t.question for r in results for t in r.tests if t.question != EXECUTION))
            students, _, _ = match_all((r.submission for r in results), ledger.roster())
            reporters = make_reporters(("gradebook", "gradescope", "instructor"), ReportContext(args.out, sys.stdout))
            reporters.finish(RunSummary(results, questions, students=students))
    pending = [(r.submission, t) for r in results for t in r.tests if t.status == Status.UNDECIDED]
    for sub, t in pending:
        print(f"{sub}\t{t.name}\t{t.detail.splitlines()[0] if t.detail else ''}")
    print(f"{len(decisions)} decision(s) applied; {len(pending)} answer(s) still awaiting review")
    return 0
