"""Render quiz results: Gradescope ``results.json`` and a CSV for a batch (pure; returns text/data).

Gradescope format::

    {"score": 7.5, "max_score": 10.0, "output": "…",
     "tests": [{"name": "Q1 …", "score": 1.0, "max_score": 1.0, "output": "…", "visibility": "after_published"}]}
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any, Iterable, Sequence

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
    if result.variant:
        lines.append(f"你的题目版本 / your copy of the quiz: {result.variant}")
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
    """One row per submission: ``submission, quiz, score, max_score, Q1…Qn, error``
    (and ``student, variant`` when the quiz was graded per student).

    Text cells are escaped for spreadsheets and terminals (a file named ``=cmd…`` is shown, not run).
    """
    results = list(results)
    numbers = sorted({q.number for r in results for q in r.questions})
    per_student = any(r.student or r.variant for r in results)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["submission", "quiz", "score", "max_score", *(f"Q{n}" for n in numbers), "error",
                     *(["student", "variant"] if per_student else [])])
    for r in results:
        per = {q.number: q.score for q in r.questions}
        writer.writerow([spreadsheet_cell(printable(r.submission)), r.quiz_id, f"{r.score:g}", f"{r.max_score:g}",
                         *(f"{per[n]:g}" if n in per else "" for n in numbers), spreadsheet_cell(printable(r.error)),
                         *([spreadsheet_cell(printable(r.student)), r.variant] if per_student else [])])
    return out.getvalue()


def result_names(paths: Sequence[Path]) -> list[str]:
    """A distinct name per answers file, for its ``<name>.json`` (pure; same file → same name).

    The file's stem when the stems are distinct; otherwise its path relative to the folder
    that holds all of them (``alice/answers.json`` and ``bob/answers.json``: a roster's
    per-student folders), with the suffix when two files differ only by it.

    >>> result_names([Path("s/alice/answers.json"), Path("s/bob/answers.json")])
    ['alice/answers', 'bob/answers']
    """
    full = [Path(os.path.abspath(p)) for p in paths]
    if len({p.stem for p in set(full)}) == len(set(full)):
        return [p.stem for p in full]
    root = Path(os.path.commonpath([str(p.parent) for p in full]))
    relative = [p.relative_to(root) for p in full]
    if len({r.with_suffix("") for r in set(relative)}) == len(set(relative)):
        return [r.with_suffix("").as_posix() for r in relative]
    return [r.as_posix() for r in relative]
