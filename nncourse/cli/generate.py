"""``nncourse generate ASSIGNMENT -o DIR``: student, solution and autograder bundles."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..execution.config import Isolation

HELP = ("write DIR/student, DIR/solution and DIR/autograder for an assignment and check the solution scores full marks; "
        "with --roster, also DIR/students/<id>/ per student (per-student data)")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assignment", help="assignment id (see `nncourse list`), or the path of a master notebook "
                        "(nncourse's format or otter-grader's, as it is)")
    parser.add_argument("-o", "--out", required=True, type=Path, metavar="DIR", help="output folder")
    parser.add_argument("--isolation", default=Isolation.AUTO, choices=tuple(Isolation), help="sandbox mode for the validation run")
    parser.add_argument("--roster", type=Path, metavar="CSV",
                        help="for an assignment with per-student data (data_seed: student): also write DIR/students/<id>/ "
                             "(notebook + that student's data) for every student of the roster (id column: id, student_id, "
                             "student, sid, 学号 or email)")
    parser.add_argument("--secret", type=Path, metavar="FILE",
                        help="the course secret that keys each student's data (default: $NNCOURSE_SECRET_FILE); "
                             "never hand it out")


def run(args: argparse.Namespace) -> int:
    from ..authoring.generate import generate
    from ..course import Course
    from ..errors import CourseError, OutputError
    from ..files import prepare_output_folder

    try:
        course = Course.locate(args.course)
    except CourseError:
        if not args.assignment.endswith(".ipynb"):
            raise
        course = None  # a master notebook brought from elsewhere needs no course
    prepare_output_folder(args.out)  # -o naming a file, a read-only folder: one line, before any work
    students: tuple[str, ...] = ()
    secret = None
    if args.roster:
        from ..keyed import read_secret
        from ..quiz.roster import read_roster

        students = read_roster(args.roster).students
        secret = read_secret(args.secret)
    try:
        report = generate(course, args.assignment, args.out, mode=args.isolation, students=students, secret=secret)
    except OSError as exc:  # e.g. the disk filled up while the bundles were written
        raise OutputError(f"cannot write the bundles to {args.out}: {exc.strerror or exc}") from None
    for warning in report.warnings:
        print(f"warning: {warning}")
    print(f"wrote {report.out}/student, solution, autograder")
    if report.students:
        print(f"wrote {report.out}/students/<id>/ for {report.students} student(s): each with their own data (keep the secret private)")
    print(f"solved notebook: {report.solution_score:g} / {report.max_score:g} (full marks on every autograded question)")
    print(f"untouched student notebook: {report.student_score:g} / {report.max_score:g}")
    if report.install_note:
        print(report.install_note)
    return 0
