"""``gradebook.csv``: one row per submission, one column per question.

With a roster (``nncourse grade --roster``), the columns ``student_id``, ``name``, ``email`` and
``section`` follow ``submission``. The file is replaced atomically (a temporary file renamed
into place), so a reader or a killed run never leaves half a gradebook.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Mapping, Sequence

from ..checks.results import SubmissionResult
from ..files import write_atomic
from .base import ReportContext, RunSummary
from .roster import Student
from .safe_text import printable, spreadsheet_cell


#: Columns before and after the per-question scores.
LEADING = ("submission", "score", "max_score", "percent")
TRAILING = ("status", "error")
#: Roster columns, after ``submission``, when a roster is known.
STUDENT = ("student_id", "name", "email", "section")
#: Per-student data columns (``data_seed: student``), after those: whose data the notebook ran
#: on, its variant, and the student the notebook's metadata names when that is someone else.
DATA = ("data_student", "variant", "notebook_student")


def read_questions(path: Path) -> list[str] | None:
    """The question columns of an existing gradebook, in order (None if there is none)."""
    if not path.is_file():
        return None
    with open(path, newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle), [])
    if "percent" not in header or header[-len(TRAILING):] != list(TRAILING):
        return None
    return header[header.index("percent") + 1 : -len(TRAILING)]


def read_gradebook_ids(path: Path) -> list[str]:
    """The ``submission`` column of an existing gradebook, in order (empty if there is none)."""
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            return [row.get("submission", "") for row in csv.DictReader(handle)]
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` so that a reader (or a run killed meanwhile) never sees half a file, with
    the permissions a plain ``open()`` would give (a gradebook or an LMS export is shared)."""
    write_atomic(path, text, private=False)


def write_gradebook(path: Path, results: Sequence[SubmissionResult], questions: Sequence[str],
                    students: Mapping[str, Student] | None = None) -> None:
    """Columns: submission, [student_id, name, email, section,] [data_student, variant,
    notebook_student,] score, max_score, percent, per-question scores, status, error.

    ``status`` is ``graded``, ``review`` (some answer is undecided, the score is provisional;
    ``instructor.json`` lists which) or ``error``. The roster columns appear when ``students``
    (submission id → roster entry) is given and not empty; the data columns when some result
ran on per-student data (a ``notebook_student`` cell flags a possible copy). Text cells that a spreadsheet would
    run as a formula (a student's file named ``=cmd…``) get a leading ``'``, control characters
    are escaped as in the console table; the file is replaced whole.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    who = STUDENT if students else ()
    data = DATA if any(r.variant for r in results) else ()
    writer.writerow([LEADING[0], *who, *data, *LEADING[1:], *questions, *TRAILING])
    for r in results:
        per_q = r.question_scores()
        pct = 100 * r.score / r.max_score if r.max_score else 0.0
        s = students.get(r.submission) if students else None
        person = (s.student_id, s.name, s.email, s.section) if s else ("",) * len(who)
        person += (r.student, r.variant, r.notebook_student) if data else ()
        writer.writerow(
            [spreadsheet_cell(printable(r.submission)), *(spreadsheet_cell(printable(v)) for v in person),
             f"{r.score:g}", f"{r.max_score:g}", f"{pct:.1f}",
             *(f"{per_q.get(q, (0.0, 0.0))[0]:g}" for q in questions),
             "error" if r.error else "review" if r.needs_review else "graded", spreadsheet_cell(printable(r.error))]
        )
    write_text_atomic(path, out.getvalue())


class GradebookReporter:
    """``gradebook``: ``OUTDIR/gradebook.csv``, written at the end."""

    def __init__(self, context: ReportContext) -> None:
        self.path = context.out / "gradebook.csv"

    def on_result(self, result: SubmissionResult) -> None:
        pass

    def finish(self, run: RunSummary) -> str:
        write_gradebook(self.path, run.results, run.questions, run.students)
        return str(self.path)
