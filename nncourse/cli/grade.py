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
    parser.add_argument("--summary-md", type=Path, metavar="FILE",
                        help="append a Markdown score table to FILE (e.g. $GITHUB_STEP_SUMMARY)")
    parser.add_argument("--fail-under", type=float, metavar="PERCENT",
                        help="exit 1 if a submission scores below PERCENT (one not graded counts as 0)")
    parser.add_argument("--executor", default="local", choices=("local", "dask"),
                        help="where submissions are graded: threads here (local), or a Dask cluster (dask; "
                             "extra nncourse[distributed])")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="with --executor dask: an existing scheduler (tcp://HOST:8786); default: a local cluster")


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


def _local_executor(args: argparse.Namespace, expected: int, hide: tuple[str, ...]):
    from ..grading.batch import default_jobs
    from ..grading.executor import ThreadExecutor

    return ThreadExecutor(isolation=args.isolation, jobs=args.jobs or default_jobs(), expected=expected, hide=hide,
                          force=args.force)


def _dask_executor(args: argparse.Namespace, expected: int, hide: tuple[str, ...]):
    from ..grading.dask_executor import DaskExecutor

    return DaskExecutor(scheduler=args.scheduler, isolation=args.isolation, workers=args.jobs or None)


#: ``--executor`` name → how to make it (before the assignment is read: local students start at once).
EXECUTORS = {"local": _local_executor, "dask": _dask_executor}


def _executor(args: argparse.Namespace, expected: int):
    if args.scheduler and args.executor != "dask":
        from ..errors import NncourseError

        raise NncourseError("--scheduler needs --executor dask")
    return EXECUTORS[args.executor](args, expected, (str(args.out.resolve()),))


def run(args: argparse.Namespace) -> int:
    # Import order matters for speed: the sandbox modules do not load numpy, so student
    # processes start (and import numpy themselves) before the grader has even read the
    # assignment; they receive its lock-down settings once it has.
    from ..files import prepare_output_folder
    from ..grading.batch import find_submissions

    submissions = find_submissions(args.submissions, follow_symlinks=args.follow_symlinks)
    if not submissions:
        print("nncourse: no notebooks found", file=sys.stderr)
        return 2
    prepare_output_folder(args.out)  # a file, a read-only folder: one line before any grading
    with _executor(args, len(submissions)) as executor:
        source = _assignment_source(args, submissions)
        from ..reporting.base import ReportContext, Reporters, RunSummary
        from ..reporting.registry import make_reporters, parse_names

        names = parse_names(args.report + (",html" if args.html else ""))
        notebooks = {s.id: s.path for s in submissions if not s.refused}
        reporters = make_reporters(names, ReportContext(args.out, sys.stdout, args.quiet, notebooks=notebooks))
        if args.summary_md:
            from ..reporting.markdown import MarkdownSummary

            reporters = Reporters([*reporters.reporters, MarkdownSummary(args.summary_md, title=source.id)])
        pool = getattr(executor, "pool", None)
        if pool is not None and pool.mode == "none":
            print(f"warning: student code is not isolated from the file system: {pool.mode_note}", file=sys.stderr)
        results = executor.grade(source, submissions, on_result=reporters.on_result)
    said = reporters.finish(RunSummary(results, list(source.load().points), graded=len(results)))
    from ..reporting.safe_text import printable

    if not args.quiet and said:
        print(f"\nwrote {printable(' and '.join(said))}")
    if args.fail_under is not None:
        below = [r.submission for r in results if r.error or not r.max_score or 100 * r.score / r.max_score < args.fail_under]
        if below:
            print(printable(f"{len(below)} submission(s) below {args.fail_under:g} %: {', '.join(below[:10])}"), file=sys.stderr)
            return 1
    return 0
