"""Grades in the import formats of two learning-management systems (pure: rows in, CSV text out).

**Canvas** (Grades → Import): the columns of Canvas's own gradebook export, ``Student``,
``ID``, ``SIS User ID``, ``SIS Login ID``, ``Section``, then one column per assignment, whose
header is the assignment's name (a new name creates a new assignment). A second line with
``Points Possible`` in the first column gives the assignment's maximum, as Canvas's export
does. Canvas matches a line to a student by ``ID`` (Canvas's internal number, which nncourse
does not know and leaves empty), ``SIS User ID`` or ``SIS Login ID``.

**Moodle** (Grades → Import → CSV file): any header; on import the teacher maps one column to
"Email address" or "ID number" to identify users and one column to the grade item. nncourse
writes ``ID number``, ``Email address``, ``Full name`` (for people; not mapped) and one
column named after the assignment.

Where the fields come from: ``student_id`` → SIS User ID / ID number, ``email`` → SIS Login ID
/ Email address, ``name`` → Student / Full name, ``section`` → Section (all from the roster,
see :mod:`.roster`); the score is the total after review decisions, ``0`` for a submission
that could not be graded. A student on the roster without a submission gets an empty cell
(the LMS leaves their grade alone); a submission not on the roster cannot be matched and is
left out (``nncourse export`` lists both).
"""

from __future__ import annotations

import csv
import io
from typing import Mapping, Sequence

from ..checks.results import SubmissionResult
from .roster import Student

CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_COLUMNS = ("ID number", "Email address", "Full name")


def _score(result: SubmissionResult | None) -> str:
    return "" if result is None else f"{result.score:g}"


def canvas_csv(results: Sequence[SubmissionResult], students: Mapping[str, Student], *, assignment: str,
               roster: Sequence[Student], max_score: float) -> str:
    """Canvas gradebook import CSV: one line per roster student."""
    scored = {students[r.submission].submission: r for r in results if r.submission in students}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CANVAS_COLUMNS, assignment])
    writer.writerow(["Points Possible", "", "", "", "", f"{max_score:g}"])
    for s in roster:
        writer.writerow([s.name, "", s.student_id, s.email, s.section, _score(scored.get(s.submission))])
    return out.getvalue()


def moodle_csv(results: Sequence[SubmissionResult], students: Mapping[str, Student], *, assignment: str,
               roster: Sequence[Student]) -> str:
    """Moodle grade import CSV: one line per roster student."""
    scored = {students[r.submission].submission: r for r in results if r.submission in students}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*MOODLE_COLUMNS, assignment])
    for s in roster:
        writer.writerow([s.student_id, s.email, s.name, _score(scored.get(s.submission))])
    return out.getvalue()
