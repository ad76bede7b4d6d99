"""``nncourse export canvas|moodle OUTDIR -o FILE``: the grades of OUTDIR in an LMS's import format.

The students come from the roster given to ``nncourse grade --roster`` (kept in OUTDIR's
ledger) or to ``--roster`` here; the formats and where each field comes from are described in
:mod:`nncourse.reporting.lms` and README.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "write OUTDIR's grades as a Canvas or Moodle grade import CSV (needs a roster)"

FORMATS = ("canvas", "moodle")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("format", choices=FORMATS, help="canvas (gradebook import) or moodle (grade import CSV)")
    parser.add_argument("out", type=Path, metavar="OUTDIR", help="the folder `nncourse grade -o` wrote")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="the CSV file to write")
    parser.add_argument("--roster", type=Path, metavar="CSV", help="roster to use (default: the one given to `grade --roster`)")
    parser.add_argument("--column", metavar="NAME", help="the assignment's column header (default: the assignment id)")


def run(args: argparse.Namespace) -> int:
    from ..errors import NncourseError
    from ..grading.ledger import LEDGER_FILE, Ledger
    from ..reporting.gradebook import write_text_atomic
    from ..reporting.lms import canvas_csv, moodle_csv
    from ..reporting.roster import match_all, read_roster

    if not (args.out / LEDGER_FILE).is_file():
        raise NncourseError(f"no results ledger in {args.out}", hint="pass the OUTDIR of `nncourse grade`")
    roster = read_roster(args.roster) if args.roster else None
    with Ledger.open(args.out) as ledger:
        roster = roster if roster is not None else ledger.roster()
        results = ledger.results()
        assignment = args.column or ledger.meta("assignment") or "nncourse"
    if not roster:
        raise NncourseError(f"{args.out} has no roster", hint="pass --roster CSV (here or to `nncourse grade`)")
    students, unmatched, missing = match_all((r.submission for r in results), roster)
    if args.format == "canvas":
        max_score = max((r.max_score for r in results), default=0.0)
        text = canvas_csv(results, students, assignment=assignment, roster=roster, max_score=max_score)
    else:
        text = moodle_csv(results, students, assignment=assignment, roster=roster)
    write_text_atomic(args.output, text)
    if unmatched:
        print(f"nncourse: warning: left out {len(unmatched)} submission(s) not on the roster: {', '.join(unmatched)}",
              file=sys.stderr)
    if missing:
        print(f"nncourse: warning: {len(missing)} student(s) have no submission (empty grade): "
              f"{', '.join(s.submission for s in missing)}", file=sys.stderr)
    print(f"wrote {args.output}: {len(roster)} student(s), {len(roster) - len(missing)} graded")
    return 0
