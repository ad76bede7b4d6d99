"""``nncourse grade SUBMISSION_OR_DIR... -o OUTDIR``: results.json per submission + gradebook.csv.

OUTDIR keeps a results ledger (``ledger.sqlite``): grading into it again adds to it, skips
notebooks graded before with the same assignment, and rewrites the views from it.
"""

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
    parser.add_argument("-o", "--out", required=True, type=Path, metavar="OUTDIR",
                        help="output folder; grading into it again adds to its grades (see --force)")
    parser.add_argument("-j", "--jobs", type=int, default=0, help="submissions graded in parallel (default: one per core)")
    parser.add_argument("--isolation", default=Isolation.AUTO, choices=tuple(Isolation),
                        help="sandbox: strongest available (auto), or force one")
    parser.add_argument("--force", action="store_true",
                        help="grade every submission again, even those graded before from the same notebook and assignment, "
                             "and grade notebooks whose metadata names another assignment (refused otherwise)")
    parser.add_argument("--roster", type=Path, metavar="CSV",
                        help="roster (columns submission, student_id, name, email[, section]): adds the students to the "
                             "gradebook and is kept in OUTDIR for `nncourse export`")
    parser.add_argument("--secret", type=Path, metavar="FILE",
                        help="the course secret, for an assignment with per-student data (data_seed: student): each "
                             "submission is graded with its own student's data (default: $NNCOURSE_SECRET_FILE)")
    parser.add_argument("--report", default=_DEFAULT_REPORTS, metavar="NAME[,NAME]",
                        help="outputs to write: gradebook (OUTDIR/gradebook.csv), gradescope (OUTDIR/<id>/results.json), "
                             "instructor (OUTDIR/<id>/instructor.json), table (score table on the terminal), "
                             "html (OUTDIR/<id>/feedback.html and OUTDIR/report.html); "
                             f"default: {_DEFAULT_REPORTS}")
    parser.add_argument("-q", "--quiet", action="store_true", help="no score table, no progress")
    parser.add_argument("--follow-symlinks", action="store_true",
                        help="grade symbolic links whose target is inside the submissions folder (default: links are not graded)")
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


def _warn_roster(unmatched: list[str], missing: list) -> None:
    if unmatched:
        print(f"nncourse: warning: {len(unmatched)} submission(s) not on the roster: {', '.join(unmatched)}", file=sys.stderr)
    if missing:
        names = ", ".join(f"{s.submission} ({s.name or s.student_id})" for s in missing)
        print(f"nncourse: warning: {len(missing)} roster student(s) without a submission: {names}", file=sys.stderr)


def _per_student(args: argparse.Namespace, source, submissions: list, roster) -> tuple[list, dict[str, str], object]:
    """For an assignment with per-student data: (submissions with their student set, submission
    id → variant, the secret); a submission the roster does not name is refused with the reason.
    Other assignments: the submissions as they are, no variants, no secret."""
    from ..keyed import DataSeed, read_secret

    if source.data_seed != DataSeed.STUDENT:
        return submissions, {}, None
    from ..grading.student_data import student_of, variant_of
    from ..reporting.roster import match_all

    secret = read_secret(args.secret)  # none given and no $NNCOURSE_SECRET_FILE: one line, exit 2
    owners = None
    if roster is not None:
        matched, _, _ = match_all((s.id for s in submissions), roster)
        owners = {ident: person.student_id for ident, person in matched.items() if person.student_id}
    out, variants = [], {}
    for sub in submissions:
        student = student_of(sub.id, owners, notebook_name=source.id)
        if sub.refused:
            out.append(sub)
        elif not student:
            out.append(sub._replace(refused="not on the roster (or no student_id there): whose data to grade it with "
                                            "is unknown / 名册中没有此提交，无法确定用哪位学生的数据评分"))
        else:
            out.append(sub._replace(student=student))
            variants[sub.id] = variant_of(secret, source.id, student)
    return out, variants, secret


def _local_executor(args: argparse.Namespace, expected: int, hide: tuple[str, ...]):
    from ..grading.batch import default_jobs
    from ..grading.executor import ThreadExecutor

    return ThreadExecutor(isolation=args.isolation, jobs=args.jobs or default_jobs(), expected=expected, hide=hide,
                          force=args.force)


def _dask_executor(args: argparse.Namespace, expected: int, hide: tuple[str, ...]):
    from ..grading.dask_executor import DaskExecutor

    return DaskExecutor(scheduler=args.scheduler, isolation=args.isolation, workers=args.jobs or None, force=args.force)


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
    # Into a fresh folder every notebook is graded: start the executor (local students' processes)
    # at once. Into a folder with a ledger, first find what changed: perhaps nothing, then none start.
    resuming = (args.out / "ledger.sqlite").is_file() and not args.force
    executor = None if resuming else _executor(args, len(submissions))
    try:
        source = _assignment_source(args, submissions)
        import json

        from ..grading.ledger import Ledger, now, sha256_file
        from ..reporting.base import ReportContext, Reporters, RunSummary
        from ..reporting.progress import progress
        from ..reporting.registry import make_reporters, parse_names
        from ..reporting.roster import match_all, read_roster

        from ..grading.ledger import with_variant

        names = parse_names(args.report + (",html" if args.html else ""))
        roster = read_roster(args.roster) if args.roster else None
        submissions, variants, secret = _per_student(args, source, submissions, roster)
        if executor is not None:
            executor.secret = secret  # known only now that the assignment is (the executor started first)
        with Ledger.open(args.out) as ledger:
            started, views_at = now(), ledger.meta("views_at")
            ledger.claim(source.id)
            assignment_sha = source.fingerprint()
            inputs = {s.id: with_variant(assignment_sha, variants.get(s.id, "")) for s in submissions}
            notebook_sha = {s.id: "" if s.refused else sha256_file(s.path) for s in submissions}
            todo = [s for s in submissions if args.force or not ledger.unchanged(s.id, notebook_sha[s.id], inputs[s.id])]
            ledger.order(s.id for s in submissions)
            ledger.set_meta("questions", json.dumps(list(source.questions)))
            if roster is not None:
                ledger.set_roster(roster)
            notebooks = {s.id: s.path for s in submissions if not s.refused}
            reporters = make_reporters(names, ReportContext(args.out, sys.stdout, args.quiet, notebooks=notebooks))
            if args.summary_md:
                from ..reporting.markdown import MarkdownSummary

                reporters = Reporters([*reporters.reporters, MarkdownSummary(args.summary_md, title=source.id)])
            shown = progress(len(todo), skipped=len(submissions) - len(todo), stream=sys.stderr, quiet=args.quiet)
            if todo and executor is None:
                executor = _executor(args, len(todo))
                executor.secret = secret
            pool = getattr(executor, "pool", None)
            if todo and pool is not None and pool.mode == Isolation.NONE:
                print(f"warning: student code is not isolated from the file system: {pool.mode_note}", file=sys.stderr)

            def on_result(result) -> None:
                ledger.record(result, notebook_sha256=notebook_sha[result.submission], assignment_sha256=inputs[result.submission])
                reporters.on_result(ledger.reviewed(result, notebook_sha[result.submission]))
                shown.on_result(result)

            try:
                if todo:
                    executor.grade(source, todo, on_result=on_result)
            finally:
                shown.close()
            everything = ledger.results()
            students, unmatched, missing = match_all((r.submission for r in everything), ledger.roster())
            if ledger.roster():
                _warn_roster(unmatched, missing)
            changed = ledger.changed_since(views_at)
            said = reporters.finish(RunSummary(everything, ledger.questions, graded=len(todo), students=students,
                                               changed=None if changed is None else frozenset(changed)))
            if {"gradescope", "instructor"} <= set(names):  # every per-submission view is now as new as this run's start
                ledger.set_meta("views_at", started)
    finally:
        if executor is not None:
            executor.close()
    if not args.quiet:
        skipped = len(submissions) - len(todo)
        if skipped:
            print(f"\n{skipped} unchanged, {len(todo)} graded (--force grades them all again)")
        if said:
            from ..reporting.safe_text import printable

            print(f"{'' if skipped else chr(10)}wrote {printable(' and '.join(said))}")
    if args.fail_under is not None:
        below = [r.submission for r in everything
                 if r.error or not r.max_score or 100 * r.score / r.max_score < args.fail_under]
        if below:
            from ..reporting.safe_text import printable

            print(printable(f"{len(below)} submission(s) below {args.fail_under:g} %: {', '.join(below[:10])}"), file=sys.stderr)
            return 1
    return 0
