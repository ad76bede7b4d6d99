"""``nncourse grade SUBMISSION_OR_DIR... -o OUTDIR``: results.json per submission + gradebook.csv."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "grade notebooks (files or folders) into OUTDIR/<id>/results.json and OUTDIR/gradebook.csv"

#: Kept here, not imported from the reporting registry: ``--help`` stays instant and the
#: registry (which loads dataclasses) is imported only after the students' processes start.
_DEFAULT_REPORTS = "gradebook,gradescope,instructor,table"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submissions", nargs="+", type=Path, metavar="SUBMISSION_OR_DIR")
    parser.add_argument("-a", "--assignment", help="assignment id, or a generated autograder folder (default: read from the notebook)")
    parser.add_argument("-o", "--out", required=True, type=Path, metavar="OUTDIR")
    parser.add_argument("-j", "--jobs", type=int, default=0, help="submissions graded in parallel (default: one per core)")
    parser.add_argument("--isolation", default="auto", choices=("auto", "root", "userns", "none"),
                        help="sandbox: strongest available (auto), or force one")
    parser.add_argument("--report", default=_DEFAULT_REPORTS, metavar="NAME[,NAME]",
                        help="outputs to write: gradebook (OUTDIR/gradebook.csv), gradescope (OUTDIR/<id>/results.json), "
                             "instructor (OUTDIR/<id>/instructor.json), table (score table on the terminal), "
                             "html (OUTDIR/<id>/feedback.html and OUTDIR/report.html); "
                             f"default: {_DEFAULT_REPORTS}")
    parser.add_argument("-q", "--quiet", action="store_true", help="no score table")
    parser.add_argument("--follow-symlinks", action="store_true",
                        help="grade symbolic links whose target is inside the submissions folder (default: links are not graded)")
    parser.add_argument("--force", action="store_true",
                        help="grade notebooks whose metadata names another assignment (default: they are not graded)")
    parser.add_argument("--html", action="store_true",
                        help="also write OUTDIR/<id>/feedback.html per student and OUTDIR/report.html "
                             "(the same as adding html to --report; needs the instructor extra)")


def _assignment_source(args: argparse.Namespace, submissions: list):
    """The :class:`~nncourse.grading.source.AssignmentSource` named by ``-a`` (a bundle folder
    or an assignment id) or by what most notebooks declare in their metadata; nothing is loaded yet."""
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
        from ..grading.discovery import declared_assignment

        ident = declared_assignment(submissions)
        if not ident:
            raise NncourseError("cannot tell which assignment this is", hint="pass -a ASSIGNMENT")
    return course_source(course, ident)


def run(args: argparse.Namespace) -> int:
    # Import order matters for speed: the sandbox modules do not load numpy, so student
    # processes start (and import numpy themselves) before the grader has even read the
    # assignment; they receive its lock-down settings once it has.
    from ..grading.batch import default_jobs, find_submissions
    from ..files import prepare_output_folder
    from ..grading.executor import ThreadExecutor

    submissions = find_submissions(args.submissions, follow_symlinks=args.follow_symlinks)
    if not submissions:
        print("nncourse: no notebooks found", file=sys.stderr)
        return 2
    prepare_output_folder(args.out)  # a file, a read-only folder: one line before any grading
    jobs = args.jobs or default_jobs()
    with ThreadExecutor(isolation=args.isolation, jobs=jobs, expected=len(submissions),
                        hide=(str(args.out.resolve()),), force=args.force) as executor:
        source = _assignment_source(args, submissions)
        from ..reporting.base import ReportContext, RunSummary
        from ..reporting.registry import make_reporters, parse_names

        names = parse_names(args.report + (",html" if args.html else ""))
        notebooks = {s.id: s.path for s in submissions if not s.refused}
        reporters = make_reporters(names, ReportContext(args.out, sys.stdout, args.quiet, notebooks=notebooks))
        if executor.pool.mode == "none":
            print(f"warning: student code is not isolated from the file system: {executor.pool.mode_note}", file=sys.stderr)
        results = executor.grade(source, submissions, on_result=reporters.on_result)
    said = reporters.finish(RunSummary(results, list(source.load().points), graded=len(results)))
    if not args.quiet and said:
        from ..reporting.safe_text import printable

        print(f"\nwrote {printable(' and '.join(said))}")
    return 0
