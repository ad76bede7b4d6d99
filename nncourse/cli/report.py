"""``nncourse report OUTDIR``: HTML feedback per student and a class report, from a graded folder.

Reads what ``nncourse grade -o OUTDIR`` wrote (``instructor.json``, ``gradebook.csv`` and the
kept ``submission.ipynb`` of each student; no regrading) and writes
``OUTDIR/<id>/feedback.html`` (give it to that student) and ``OUTDIR/report.html`` (staff only).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "write OUTDIR/<id>/feedback.html per student and OUTDIR/report.html from a graded OUTDIR"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, metavar="OUTDIR", help="the folder `nncourse grade -o` wrote")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")


def run(args: argparse.Namespace) -> int:
    from ..reporting.html_files import read_outdir

    require_extras()
    results, questions = read_outdir(args.out)
    written = write_html(args.out, results, questions)
    if not args.quiet:
        print(f"wrote {written} and {len(results)} feedback.html")
    return 0


def require_extras() -> None:
    """Fail with one line, before any work, when the instructor extra is not installed."""
    import importlib.util

    from ..errors import NncourseError

    for module in ("nbconvert", "bleach", "matplotlib"):
        if importlib.util.find_spec(module) is None:
            raise NncourseError(f"HTML reports need {module}", hint="pip install 'nncourse[instructor]'")


def write_html(out: Path, results, questions) -> Path:
    """Both kinds of page (call :func:`require_extras` first)."""
    from ..reporting.html_files import write_class_page, write_feedback_pages

    failed = write_feedback_pages(out, results, questions)
    for ident in failed:
        print(f"warning: could not write the feedback page of {ident}", file=sys.stderr)
    return write_class_page(out, results, questions)
