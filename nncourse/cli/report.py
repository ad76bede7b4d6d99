"""``nncourse report OUTDIR``: HTML feedback per student and a class report, from a graded folder.

Reads what ``nncourse grade -o OUTDIR`` wrote (``instructor.json`` and ``gradebook.csv``; no
regrading) and runs the ``html`` reporter over it: ``OUTDIR/<id>/feedback.html`` (give it to
that student) and ``OUTDIR/report.html`` (staff only). The notebooks shown are the copies
``grade --html`` kept, or those found in SUBMISSION_OR_DIR (ids as ``grade`` gives them).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "write OUTDIR/<id>/feedback.html per student and OUTDIR/report.html from a graded OUTDIR"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, metavar="OUTDIR", help="the folder `nncourse grade -o` wrote")
    parser.add_argument("submissions", nargs="*", type=Path, metavar="SUBMISSION_OR_DIR",
                        help="the graded notebooks, to show them in the pages (default: the copies `grade --html` kept)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")


def run(args: argparse.Namespace) -> int:
    from ..grading.batch import find_submissions
    from ..reporting.base import ReportContext, RunSummary
    from ..reporting.html_files import HtmlReporter, read_outdir, require_extras

    require_extras()
    results, questions = read_outdir(args.out)
    notebooks = {s.id: s.path for s in find_submissions(args.submissions)} if args.submissions else {}
    reporter = HtmlReporter(ReportContext(args.out, sys.stdout, args.quiet, notebooks=notebooks))
    for result in results:
        reporter.on_result(result)
    said = reporter.finish(RunSummary(results, questions, graded=0))
    if not args.quiet:
        print(f"wrote {said}")
    return 0
