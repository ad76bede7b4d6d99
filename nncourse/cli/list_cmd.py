"""``nncourse list``: one line per assignment or quiz, ``ID KIND TITLE``."""

from __future__ import annotations

import argparse

HELP = "list assignments and quizzes as 'ID KIND TITLE'"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", choices=("assignment", "quiz"), help="only this kind")


def run(args: argparse.Namespace) -> int:
    from ..catalogue import catalogue
    from ..course import Course

    for entry in catalogue(Course.locate(args.course)):
        if args.kind in (None, entry.kind):
            print(f"{entry.id} {entry.kind} {entry.title}")
    return 0
