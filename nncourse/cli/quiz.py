"""``nncourse quiz key|grade|check|export``: multiple-choice quizzes (see docs/quizzes.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = "quizzes: print the key, grade answer files, self-check, export student files"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="quiz_command", metavar="ACTION")
    sub.required = True

    key = sub.add_parser("key", help="print the answer key (instructor)")
    key.add_argument("quiz", metavar="QUIZ", help="quiz id (see 'nncourse list --kind quiz') or a .toml path")
    key.add_argument("--json", action="store_true", help='print {"1": "B", …} instead of a table')
    key.add_argument("--student", metavar="ID", help="the key of this student's copy (per-student variants; needs --secret)")
    key.add_argument("--secret", type=Path, metavar="FILE", help="course secret for per-student variants "
                     "(default: $NNCOURSE_SECRET_FILE)")

    grade = sub.add_parser("grade", help="grade answer files; Gradescope results.json (+ CSV for a batch)")
    grade.add_argument("quiz", metavar="QUIZ")
    grade.add_argument("answers", metavar="ANSWERS", nargs="+", type=Path,
                       help="answers files: .json, .toml, .ipynb (answers cell) or .txt ('4: B' lines)")
    grade.add_argument("-o", "--out", type=Path, metavar="OUT",
                       help="one file: results JSON path; several: a folder for <name>.json files and grades.csv "
                            "(<name>: the file's stem, or its path below their common folder when two stems are equal)")
    grade.add_argument("--csv", type=Path, metavar="CSV", help="also write the batch CSV here")
    grade.add_argument("--no-reveal", action="store_true", help="do not name the key in the feedback")
    grade.add_argument("--visibility", default="after_published",
                       choices=("visible", "hidden", "after_due_date", "after_published"),
                       help="Gradescope visibility of the per-question results (default: after_published)")
    _per_student_flags(grade, "grade each file against its student's own copy (student id = file or folder name)")

    check = sub.add_parser("check", help="students: check answers against a key-free bundle")
    check.add_argument("quiz", metavar="QUIZ", help="the <id>.check.json bundle (or, instructor side, a quiz id)")
    check.add_argument("answers", metavar="ANSWERS", type=Path)

    export = sub.add_parser("export", help="write the student files (questions, check bundle, template)")
    export.add_argument("quiz", metavar="QUIZ")
    export.add_argument("-o", "--out", type=Path, required=True, metavar="DIR")
    export.add_argument("--format-only", action="store_true",
                        help="bundle without hashes: the check only says whether answers are readable")
    _per_student_flags(export, "one copy per student: DIR/students/<id>/, and DIR/instructor/variants.csv")


def _per_student_flags(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--roster", type=Path, metavar="CSV", help=f"per-student variants: {what}")
    parser.add_argument("--secret", type=Path, metavar="FILE",
                        help="course secret keying the variants (default: $NNCOURSE_SECRET_FILE; never hand it out)")


def _key(args: argparse.Namespace) -> int:
    from ..course import Course
    from ..quiz.service import quiz_key

    course = Course.locate(args.course)
    if args.student:
        from ..quiz.per_student import student_key
        from ..quiz.roster import read_secret
        from ..quiz.variants import variant_label

        key = student_key(course=course, ident=args.quiz, secret=read_secret(args.secret), student=args.student)
        if not args.json:
            print(f"student {args.student}: {variant_label(key.quiz) or '(no variant questions)'}")
    else:
        key = quiz_key(course=course, ident=args.quiz)
    if args.json:
        print(json.dumps(key.as_json(), ensure_ascii=False))
        return 0
    print(f"{key.quiz.id}  {key.quiz.title.bilingual()}  (policy: {key.quiz.policy})")
    for entry in key.entries:
        answer = key.answer_json(entry.number)
        shown = ", ".join(map(str, answer)) if isinstance(answer, list) else str(answer)
        origin = "author" if entry.source == "author" else f"{entry.source} → {entry.detail}"
        print(f"{entry.number:>3}  {shown:<10} {origin}")
    return 0


def _grade(args: argparse.Namespace) -> int:
    from ..course import Course
    from ..errors import AnswerError
    from ..files import prepare_output_folder
    from ..quiz.report import CsvFileReporter, JsonFileReporter, JsonFolderReporter, StreamReporter, result_names
    from ..quiz.service import grade_files
    from ..reporting.base import Reporters, RunSummary
    from ..reporting.safe_text import printable

    one_file = len(args.answers) == 1 and not (args.out and args.out.is_dir())
    if args.out and not one_file:
        prepare_output_folder(args.out)  # a file, a read-only folder: one line before grading
    if args.roster:
        from ..quiz.per_student import grade_students
        from ..quiz.roster import read_roster, read_secret

        results = grade_students(course=Course.locate(args.course), ident=args.quiz, answers=list(args.answers),
                                 roster=read_roster(args.roster), secret=read_secret(args.secret),
                                 reveal=not args.no_reveal, visibility=args.visibility)
    else:
        results = grade_files(course=Course.locate(args.course), ident=args.quiz, answers=list(args.answers),
                              reveal=not args.no_reveal, visibility=args.visibility)
    for r in results:
        if r.error:
            print(printable(f"nncourse: warning: {r.submission}: scored 0: {r.error}"), file=sys.stderr)
    if not args.out:
        chosen: list = [StreamReporter(sys.stdout)]
    elif one_file:
        chosen = [JsonFileReporter(args.out)]
    else:
        names = dict(zip(map(str, args.answers), result_names(args.answers)))  # two answers.json never share one
        chosen = [JsonFolderReporter(args.out, names),
                  CsvFileReporter(args.out / "grades.csv",
                                  phrase=f"{len(results)} submissions graded → {printable(str(args.out))}/ (grades.csv)")]
    if args.csv:
        chosen.append(CsvFileReporter(args.csv))
    reporters = Reporters(chosen)
    try:
        for r in results:
            reporters.on_result(r)
        for said in reporters.finish(RunSummary(results, [], graded=len(results))):
            print(said)
    except OSError as exc:
        raise AnswerError(f"cannot write results: {exc}") from None
    return 0


def _check(args: argparse.Namespace) -> int:
    from ..course import Course
    from ..errors import CourseError
    from ..quiz.service import self_check

    try:
        course = Course.locate(args.course)
    except CourseError:  # a student has only the bundle, not the course
        course = None
    print(self_check(course=course, target=args.quiz, answers=args.answers))
    return 0


def _export(args: argparse.Namespace) -> int:
    from ..course import Course
    from ..quiz.selfcheck import FORMAT_ONLY, HASHES
    from ..quiz.service import export_bundle

    mode = FORMAT_ONLY if args.format_only else HASHES
    if args.roster:
        from ..quiz.per_student import INSTRUCTOR, export_students
        from ..quiz.roster import read_roster, read_secret

        roster = read_roster(args.roster)
        export_students(course=Course.locate(args.course), ident=args.quiz, roster=roster,
                        secret=read_secret(args.secret), out_dir=args.out, mode=mode)
        print(f"{len(roster.students)} student copies → {args.out}/students/<id>/; "
              f"instructor table (do not hand out) → {args.out}/{INSTRUCTOR}/variants.csv")
        return 0
    written = export_bundle(course=Course.locate(args.course), ident=args.quiz, out_dir=args.out, mode=mode)
    for path in written:
        print(path)
    return 0


_ACTIONS = {"key": _key, "grade": _grade, "check": _check, "export": _export}


def run(args: argparse.Namespace) -> int:
    return _ACTIONS[args.quiz_command](args)
