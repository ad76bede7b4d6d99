"""Render quiz results: Gradescope ``results.json`` and a CSV for a batch (pure; returns text/data).

Gradescope format::

    {"score": 7.5, "max_score": 10.0, "output": "…",
     "tests": [{"name": "Q1 …", "score": 1.0, "max_score": 1.0, "output": "…", "visibility": "after_published"}]}
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable

from ..reporting.safe_text import printable, spreadsheet_cell
from .grading import QuizResult


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 6)


def summary(result: QuizResult) -> str:
    """One bilingual line: ``测验 textbook-ex1：7.5/10 分 / quiz textbook-ex1: 7.5 of 10 points``."""
    return (f"测验 {result.quiz_id}：{result.score:g}/{result.max_score:g} 分 / "
            f"quiz {result.quiz_id}: {result.score:g} of {result.max_score:g} points")


def gradescope(result: QuizResult) -> dict[str, Any]:
    """The Gradescope results.json object of one submission."""
    lines = [summary(result)]
    if result.error:
        lines.append(f"无法读取答案文件，全部记 0 分 / the answers file could not be read, every question scores 0: {result.error}")
    lines.extend(result.notes)
    return {
        "score": _number(result.score),
        "max_score": _number(result.max_score),
        "output": "\n".join(lines),
        "tests": [
            {
                "name": q.name,
                "score": _number(q.score),
                "max_score": _number(q.max_score),
                "output": q.feedback,
                "visibility": q.visibility,
            }
            for q in result.questions
        ],
    }


def batch_csv(results: Iterable[QuizResult]) -> str:
    """One row per submission: ``submission, quiz, score, max_score, Q1…Qn, error``.

    Text cells are escaped for spreadsheets and terminals (a file named ``=cmd…`` is shown, not run).
    """
    results = list(results)
    numbers = sorted({q.number for r in results for q in r.questions})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["submission", "quiz", "score", "max_score", *(f"Q{n}" for n in numbers), "error"])
    for r in results:
        per = {q.number: q.score for q in r.questions}
        writer.writerow([spreadsheet_cell(printable(r.submission)), r.quiz_id, f"{r.score:g}", f"{r.max_score:g}",
                         *(f"{per[n]:g}" if n in per else "" for n in numbers), spreadsheet_cell(printable(r.error))])
    return out.getvalue()
