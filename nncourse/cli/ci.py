"""``nncourse ci github --course | --student ASSIGNMENT``: a GitHub Actions workflow to commit."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "write a GitHub Actions workflow: grade a course repository's submissions, or check a student's repository"


def configure(parser: argparse.ArgumentParser) -> None:
    hosts = parser.add_subparsers(dest="host", metavar="HOST")
    hosts.required = True
    gh = hosts.add_parser("github", help="GitHub Actions (and GitHub Classroom)",
                          description="Write a workflow file: --course grades submissions/<assignment-id>/ on every push; "
                          "--student ID checks a student repository's notebook (GitHub Classroom).")
    who = gh.add_mutually_exclusive_group(required=True)
    who.add_argument("--course", action="store_true", help="for the course repository")
    who.add_argument("--student", metavar="ASSIGNMENT", help="for a student repository of this assignment")
    gh.add_argument("-o", "--out", type=Path, help="file to write (default: the workflow path under the current folder; - for standard output)")
    gh.add_argument("--notebook", help="the student's notebook file (default: ASSIGNMENT.ipynb)")
    gh.add_argument("--threshold", type=float, default=60.0, metavar="PERCENT",
                    help="with hidden tests, a student's run fails below this percentage (default: 60)")
    gh.add_argument("--install", default=None,
                    help="pip arguments that install nncourse (default: '.[instructor]' for a course; the committed wheel for a student)")
    gh.add_argument("--python", default="3.11", help="Python version for actions/setup-python (default: 3.11)")


def run(args: argparse.Namespace) -> int:
    import sys

    from ..errors import NncourseError
    from ..integrations import github

    try:
        if args.course:
            text, default = github.course_workflow(install=args.install or ".[instructor]", python=args.python), github.COURSE_PATH
        else:
            text = github.student_workflow(args.student, notebook=args.notebook, threshold=args.threshold,
                                           install=args.install or "", python=args.python)
            default = github.STUDENT_PATH
    except ValueError as exc:
        raise NncourseError(str(exc)) from None
    if args.out is not None and str(args.out) == "-":
        sys.stdout.write(text)
        return 0
    out = args.out or Path(default)
    if out.is_dir():
        raise NncourseError(f"{out} is a folder", hint=f"give the workflow's file name, e.g. {default}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, "utf-8")
    print(f"wrote {out}")
    return 0
