"""``gradebook.csv``: one row per submission, one column per question (LMS-importable)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Sequence

from ..checks.results import SubmissionResult
from ..files import write_atomic
from .base import ReportContext, RunSummary
from .safe_text import printable, spreadsheet_cell


#: Columns before and after the per-question scores.
LEADING = ("submission", "score", "max_score", "percent")
TRAILING = ("status", "error")


def read_questions(path: Path) -> list[str] | None:
    """The question columns of an existing gradebook, in order (None if there is none)."""
    if not path.is_file():
        return None
    with open(path, newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle), [])
    return header[len(LEADING):-len(TRAILING)] if len(header) > len(LEADING) + len(TRAILING) else None


def write_gradebook(path: Path, results: Sequence[SubmissionResult], questions: Sequence[str]) -> None:
    """Columns: submission, score, max_score, percent, per-question scores, status, error.

    ``status`` is ``graded``, ``review`` (some answer is undecided, the score is provisional;
    ``instructor.json`` lists which) or ``error``. Text cells that a spreadsheet would run as a
    formula (a student's file named ``=cmd…``) get a leading ``'``, control characters are
    escaped as in the console table; the file is replaced whole.
    """
    handle = io.StringIO()
    writer = csv.writer(handle)
    writer.writerow([*LEADING, *questions, *TRAILING])
    for r in results:
        per_q = r.question_scores()
        pct = 100 * r.score / r.max_score if r.max_score else 0.0
        writer.writerow(
            [spreadsheet_cell(printable(r.submission)), f"{r.score:g}", f"{r.max_score:g}", f"{pct:.1f}",
             *(f"{per_q.get(q, (0.0, 0.0))[0]:g}" for q in questions),
             "error" if r.error else "review" if r.needs_review else "graded", spreadsheet_cell(printable(r.error))]
        )
    write_atomic(path, handle.getvalue(), private=False)


class GradebookReporter:
    """``gradebook``: ``OUTDIR/gradebook.csv``, written at the end."""

    def __init__(self, context: ReportContext) -> None:
        self.path = context.out / "gradebook.csv"

    def on_result(self, result: SubmissionResult) -> None:
        pass

    def finish(self, run: RunSummary) -> str:
        write_gradebook(self.path, run.results, run.questions)
        return str(self.path)
