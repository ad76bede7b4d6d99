"""Library entry points for per-student variants (``nncourse quiz … --roster``); files in, data out.

Export writes, for a roster, ``DIR/students/<id>/`` (that student's questions, answers template
and self-check bundle: only their own copy) and ``DIR/instructor/variants.csv`` (every
student's parameters and key: never hand it out). Grading reads whose answers a file holds
from its file or folder name (:meth:`Roster.student_of`) and grades it against that student's
own key; an answers file of nobody on the roster scores zero with the reason.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

from ..course import Course
from ..errors import AnswerError, NncourseError
from .answers import read_sheet
from .grading import AFTER_PUBLISHED, QuizResult, grade_sheet, unreadable
from .keys import QuizKey
from .references import folder_resolver
from .roster import Roster
from .selfcheck import HASHES
from .service import open_quiz, write_student_files
from .variants import Classroom, Secret, check_every_variant, variant_label

#: Folder of the files handed to students, and of the instructor's table.
STUDENTS, INSTRUCTOR = "students", "instructor"


def classroom(*, course: Course, ident: str, secret: Secret, check_all: bool = True) -> Classroom:
    """Every student's copy of quiz ``ident``; with ``check_all``, every variant is built first
    (an ambiguous one fails here, before any student sees a copy)."""
    quiz = open_quiz(course=course, ident=ident)
    if not quiz.has_variants:
        raise AnswerError(f"quiz {quiz.id!r} has no per-student variants ([questions.variant])",
                          hint="export and grade it without --roster")
    room = Classroom(quiz, secret, folder_resolver(course.solutions))
    if check_all:
        check_every_variant(quiz, room.resolve)
    return room


def student_key(*, course: Course, ident: str, secret: Secret, student: str) -> QuizKey:
    """The key of one student's copy (``nncourse quiz key QUIZ --student ID``)."""
    return classroom(course=course, ident=ident, secret=secret, check_all=False).key(student)


def variants_table(room: Classroom, roster: Roster) -> str:
    """``student, variant, key`` per student: what the instructor keeps."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", "quiz", "variant", "key"])
    for student in roster.students:
        key = room.key(student)
        writer.writerow([student, room.quiz.id, variant_label(key.quiz), json.dumps(key.as_json(), ensure_ascii=False)])
    return out.getvalue()


def export_students(*, course: Course, ident: str, roster: Roster, secret: Secret, out_dir: Path,
                    mode: str = HASHES) -> list[Path]:
    """One folder of student files per student, and the instructor's table of variants."""
    room = classroom(course=course, ident=ident, secret=secret)
    written: list[Path] = []
    for student in roster.students:
        written.extend(write_student_files(room.key(student), out_dir / STUDENTS / student, mode))
    table = out_dir / INSTRUCTOR / "variants.csv"
    try:
        table.parent.mkdir(parents=True, exist_ok=True)
        table.write_text(variants_table(room, roster), "utf-8")
    except OSError as exc:
        raise AnswerError(f"cannot write {table}: {exc}") from None
    return [*written, table]


def grade_students(*, course: Course, ident: str, answers: list[Path], roster: Roster, secret: Secret,
                   reveal: bool = True, visibility: str = AFTER_PUBLISHED) -> list[QuizResult]:
    """Grade every answers file against its student's own copy; problems score zero with a reason."""
    room = classroom(course=course, ident=ident, secret=secret)
    results = []
    for path in answers:
        student = roster.student_of(path)
        if student is None:
            reason = (f"{path.name}: no student on the roster matches this file or folder name "
                      f"(name it <student id>.json or put it in a folder named after the student)")
            results.append(unreadable(room.quiz, str(path), reason))
            continue
        key = room.key(student)
        label = variant_label(key.quiz)
        try:
            sheet = read_sheet(path, key.quiz)
            graded = grade_sheet(key, sheet, str(path), reveal=reveal, visibility=visibility)
        except NncourseError as exc:
            graded = unreadable(key.quiz, str(path), exc.one_line())
        except (RecursionError, MemoryError, ValueError, TypeError, AttributeError) as exc:  # a shape no reader foresaw
            graded = unreadable(key.quiz, str(path), f"{path}: not a readable answers file ({type(exc).__name__})")
        results.append(_tagged(graded, student, label))
    return results


def _tagged(result: QuizResult, student: str, label: str) -> QuizResult:
    return replace(result, student=student, variant=label)
