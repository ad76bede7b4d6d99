"""``nncourse grade SUBMISSION_OR_DIR... -o OUTDIR``: results.json per submission + gradebook.csv."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..execution.config import Isolation

HELP = "grade notebooks (files or folders) into OUTDIR/<id>/results.json and OUTDIR/gradebook.csv"

#: Kept here, not imported from the reporting registry: ``--help`` stays instant and the
#: registry (which loads dataclasses) is imported only after the students' processes start.
_DEFAULT_REPORTS = "gradebook,gradescope,instructor,table"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submissions", nargs="+", type=Path, metavar="SUBMISSION_OR_DIR")
    parser.add_argument("-a", "--assignment", help="assignment id, or a generated autograder folder (default: read from the notebook)")
    parser.add_argument("-o", "--out", required=True, type=Path, metavar="OUTDIR")
    parser.add_argument("-j", "--jobs", type=int, default=0, help="submissions graded in parallel (default: one per core)")
    parser.add_argument("--isolation", default=Isolation.AUTO, choices=tuple(Isolation),
                        help="sandbox: strongest available (auto), or force one")
    parser.add_argument("--report", default=_DEFAULT_REPORTS, metavar="NAME[,NAME]",
                        help="outputs to write: gradebook (OUTDIR/gradebook.csv), gradescope (OUTDIR/<id>/results.json), "
                             "instructor (OUTDIR/<id>/instructor.json), table (score table on the terminal); "
                             f"default: {_DEFAULT_REPORTS}")
    parser.add_argument("-q", "--quiet", action="store_true", help="no score table")


def _assignment_source(args: argparse.Namespace, first: Path | None):
    """The :class:`~nncourse.grading.source.AssignmentSource` named by ``-a`` (a bundle folder
    or an assignment id) or by the first notebook's metadata; nothing is loaded yet."""
    from ..errors import NncourseError
    from ..grading.manifest import is_bundle

    ident = args.assignment
    if ident and Path(ident).is_dir() and is_bundle(Path(ident)):
        from ..grading.source import bundle_source

        return bundle_source(Path(ident))
    from ..authoring.source import course_source
    from ..course import Course

    course = Course.locate(args.course)
    if not ident:
        from ..notebook.reader import read_notebook

        try:
            ident = read_notebook(first).assignment_id() if first else None
        except NncourseError:
            ident = None
        if not ident:
            raise NncourseError("cannot tell which assignment this is", hint="pass -a ASSIGNMENT")
    return course_source(course, ident)


def run(args: argparse.Namespace) -> int:
    # Import order matters for speed: the sandbox modules do not load numpy, so student
    # processes start (and import numpy themselves) before the grader has even read the
    # assignment; they receive its lock-down settings once it has.
    from ..grading.batch import default_jobs, find_submissions
    from ..grading.executor import ThreadExecutor

    submissions = find_submissions(args.submissions)
    if not submissions:
        print("nncourse: no notebooks found", file=sys.stderr)
        return 2
    jobs = args.jobs or default_jobs()
    with ThreadExecutor(isolation=args.isolation, jobs=jobs, expected=len(submissions),
                        hide=(str(args.out.resolve()),)) as executor:
        source = _assignment_source(args, submissions[0].path)
        from ..reporting.base import ReportContext, RunSummary
        from ..reporting.registry import make_reporters, parse_names

        reporters = make_reporters(parse_names(args.report), ReportContext(args.out, sys.stdout, args.quiet))
        if executor.pool.mode == Isolation.NONE:
            print(f"warning: student code is not isolated from the file system: {executor.pool.mode_note}", file=sys.stderr)
        results = executor.grade(source, submissions, on_result=reporters.on_result)
    said = reporters.finish(RunSummary(results, list(source.load().points), graded=len(results)))
    if not args.quiet and said:
        print(f"\nwrote {' and '.join(said)}")
    return 0
