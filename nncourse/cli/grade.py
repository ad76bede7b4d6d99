"""``nncourse grade SUBMISSION_OR_DIR... -o OUTDIR``: results.json per submission + gradebook.csv."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "grade notebooks (files or folders) into OUTDIR/<id>/results.json and OUTDIR/gradebook.csv"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submissions", nargs="+", type=Path, metavar="SUBMISSION_OR_DIR")
    parser.add_argument("-a", "--assignment", help="assignment id, or a generated autograder folder (default: read from the notebook)")
    parser.add_argument("-o", "--out", required=True, type=Path, metavar="OUTDIR")
    parser.add_argument("-j", "--jobs", type=int, default=0, help="submissions graded in parallel (default: one per core)")
    parser.add_argument("--isolation", default="auto", choices=("auto", "root", "userns", "none"),
                        help="sandbox: strongest available (auto), or force one")
    parser.add_argument("-q", "--quiet", action="store_true", help="no score table")
    parser.add_argument("--follow-symlinks", action="store_true",
                        help="grade symbolic links whose target is inside the submissions folder (default: links are not graded)")
    parser.add_argument("--force", action="store_true",
                        help="grade notebooks whose metadata names another assignment (default: they are not graded)")


def _assignment_source(args: argparse.Namespace, submissions: list):
    """(loader, data_dir, timeouts, secrets) without importing the tests yet."""
    from ..errors import NncourseError

    ident = args.assignment
    if ident and Path(ident).is_dir() and (Path(ident) / "assignment.json").is_file():
        import json

        folder = Path(ident).resolve()
        manifest = json.loads((folder / "assignment.json").read_text("utf-8"))
        data = folder / "data"

        def load():
            from ..grading.assignment import from_bundle

            return from_bundle(folder)

        return load, (data if data.is_dir() else None), (manifest.get("cell_timeout", 10), manifest.get("call_timeout", 5)), (str(folder),)
    from ..course import Course

    course = Course.locate(args.course)
    if not ident:
        from ..grading.discovery import declared_assignment

        ident = declared_assignment(submissions)
        if not ident:
            raise NncourseError("cannot tell which assignment this is", hint="pass -a ASSIGNMENT")
    from ..authoring.master import load_master

    master = load_master(course.entry(ident, "assignment").path, course.solutions)
    data = master.path.parent / master.header.data

    def load():
        from ..grading.assignment import from_master

        return from_master(master, course)

    return load, (data if data.is_dir() else None), (master.header.cell_timeout, master.header.call_timeout), course.private_paths()


def run(args: argparse.Namespace) -> int:
    # Import order matters for speed: the sandbox modules do not load numpy, so student
    # processes start (and import numpy themselves) before the grader has even read the
    # assignment; they receive its lock-down settings once it has.
    from ..execution.pool import WorkerPool
    from ..execution.config import SandboxConfig
    from ..grading.batch import default_jobs, find_submissions

    from ..files import prepare_output_folder

    submissions = find_submissions(args.submissions, follow_symlinks=args.follow_symlinks)
    if not submissions:
        print("nncourse: no notebooks found", file=sys.stderr)
        return 2
    prepare_output_folder(args.out)  # a file, a read-only folder: one line before any grading
    jobs = args.jobs or default_jobs()
    with WorkerPool.for_batch(args.isolation, submissions=len(submissions), jobs=jobs) as pool:
        load, data_dir, (cell_t, call_t), secrets = _assignment_source(args, submissions)
        hide = tuple(dict.fromkeys((*secrets, str(args.out.resolve()), *(str(s.path.parent.resolve()) for s in submissions))))
        config = SandboxConfig(mode=args.isolation, cell_timeout=float(cell_t), call_timeout=float(call_t), hide=hide)
        pool.configure(config, data_dir)
        from ..grading.batch import grade_batch
        from ..reporting.gradescope import write_submission

        assignment = load()
        if pool.mode == "none":
            print(f"warning: student code is not isolated from the file system: {pool.mode_note}", file=sys.stderr)
        results = grade_batch(submissions, assignment, jobs=jobs, pool=pool, force=args.force,
                              on_result=lambda r: write_submission(args.out, r))
    from ..reporting.console import score_table
    from ..reporting.gradebook import write_gradebook
    from ..reporting.safe_text import printable

    write_gradebook(args.out / "gradebook.csv", results, list(assignment.points))
    if not args.quiet:
        print(score_table(results))
        print(f"\nwrote {printable(str(args.out))}/gradebook.csv and {len(results)} results.json")
    return 0
