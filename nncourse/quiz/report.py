"""Render quiz results: Gradescope ``results.json`` and a CSV for a batch (pure; returns text/data),
and the reporters that write them (the reporter seam of :mod:`nncourse.reporting.base`).

Gradescope format::

    {"score": 7.5, "output": "…", "extra_data": {"max_score": 10.0, "quiz": "…"},
     "tests": [{"name": "Q1 …", "number": "1", "score": 1.0, "max_score": 1.0, "output": "…", "visibility": "after_published"}]}

Only keys Gradescope's specification lists; the quiz's total is in ``extra_data``.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any, Iterable, Sequence, TextIO

from ..files import write_atomic
from ..reporting.base import RunSummary
from ..reporting.safe_text import folder_name, printable, spreadsheet_cell
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
        "output": "\n".join(lines),
        "extra_data": {"max_score": _number(result.max_score), "quiz": result.quiz_id},
        "tests": [
            {
                "name": q.name,
                "number": str(q.number),
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


# -- reporters (the protocol of :mod:`nncourse.reporting.base`) --------------------------------


def _json_text(result: QuizResult) -> str:
    return json.dumps(gradescope(result), ensure_ascii=False, indent=2) + "\n"


class JsonFileReporter:
    """One submission's Gradescope JSON into the file ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.results: list[QuizResult] = []

    def on_result(self, result: QuizResult) -> None:
        self.results.append(result)

    def finish(self, run: RunSummary) -> str:
        write_atomic(self.path, _json_text(self.results[-1]), private=False)
        return f"{summary(self.results[-1])} → {printable(str(self.path))}"


class JsonFolderReporter:
    """Every submission's Gradescope JSON as ``folder/<name>.json``, as it is graded (graded
    per student: ``folder/<student id>.json``, since their files may share a name).

    ``names`` maps each submission (its answers path as given) to a distinct name
    (:func:`result_names`); without it, the file's stem.
    """

    def __init__(self, folder: Path, names: dict[str, str] | None = None) -> None:
        self.folder = folder
        self.names = names or {}

    def on_result(self, result: QuizResult) -> None:
        name = result.student or self.names.get(result.submission) or Path(result.submission).stem
        write_atomic(self.folder / f"{folder_name(name)}.json", _json_text(result), private=False)

    def finish(self, run: RunSummary) -> None:
        return None


class CsvFileReporter:
    """The batch CSV (:func:`batch_csv`) into the file ``path``, at the end."""

    def __init__(self, path: Path, *, phrase: str | None = None) -> None:
        self.path, self.phrase = path, phrase

    def on_result(self, result: QuizResult) -> None:
        pass

    def finish(self, run: RunSummary) -> str | None:
        write_atomic(self.path, batch_csv(run.results), private=False)
        return self.phrase


class StreamReporter:
    """The single submission's JSON, or else the batch CSV, on ``stream`` at the end."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def on_result(self, result: QuizResult) -> None:
        pass

    def finish(self, run: RunSummary) -> None:
        self.stream.write(_json_text(run.results[0]) if len(run.results) == 1 else batch_csv(run.results))
        return None
