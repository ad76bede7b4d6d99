"""``nncourse generate ASSIGNMENT -o DIR``: student, solution and autograder bundles."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..execution.config import Isolation

HELP = "write DIR/student, DIR/solution and DIR/autograder for an assignment and check the solution scores full marks"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assignment", help="assignment id (see `nncourse list`)")
    parser.add_argument("-o", "--out", required=True, type=Path, metavar="DIR", help="output folder")
    parser.add_argument("--isolation", default=Isolation.AUTO, choices=tuple(Isolation), help="sandbox mode for the validation run")


def run(args: argparse.Namespace) -> int:
    from ..authoring.generate import generate
    from ..course import Course

    report = generate(Course.locate(args.course), args.assignment, args.out, mode=args.isolation)
    print(f"wrote {report.out}/student, solution, autograder")
    print(f"solved notebook: {report.solution_score:g} / {report.max_score:g} (full marks)")
    print(f"untouched student notebook: {report.student_score:g} / {report.max_score:g}")
    return 0
