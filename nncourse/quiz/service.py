"""Library entry points behind ``nncourse quiz …`` (keyword-only; files in, data out).

The CLI (:mod:`nncourse.cli.quiz`) only parses arguments, calls these and prints.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..course import Course
from ..errors import AnswerError, NncourseError
from .catalogue import quiz_entry
from .answers import collect, read_pairs, read_sheet
from .grading import AFTER_PUBLISHED, QuizResult, grade_sheet, unreadable
from .keys import QuizKey, build_key
from .loader import load_quiz
from .model import NUMERIC, Quiz
from .references import folder_resolver
from .selfcheck import HASHES, check_sheet, make_bundle, render_check


def quiz_path(course: Course, ident: str) -> Path:
    """The quiz file for ``ident``: a quiz id of the course, or a path to a ``.toml`` file."""
    candidate = Path(ident)
    if candidate.suffix == ".toml" and candidate.is_file():
        return candidate
    return quiz_entry(course, ident).path


def open_quiz(*, course: Course, ident: str) -> Quiz:
    """Load and validate the quiz ``ident``."""
    return load_quiz(quiz_path(course, ident))


def quiz_key(*, course: Course, ident: str) -> QuizKey:
    """The key of quiz ``ident`` (computed keys call the course's reference functions)."""
    return build_key(open_quiz(course=course, ident=ident), folder_resolver(course.solutions))


def grade_files(*, course: Course, ident: str, answers: list[Path], reveal: bool = True,
                visibility: str = AFTER_PUBLISHED) -> list[QuizResult]:
    """Grade every answers file; a file that cannot be read scores zero with its reason.

    One hostile file (nested a million deep, a link, a device) costs only its own grade.
    """
    key = quiz_key(course=course, ident=ident)
    results = []
    for path in answers:
        try:
            sheet = read_sheet(path, key.quiz)
            results.append(grade_sheet(key, sheet, str(path), reveal=reveal, visibility=visibility))
        except NncourseError as exc:
            results.append(unreadable(key.quiz, str(path), exc.one_line()))
        except (RecursionError, MemoryError, ValueError, TypeError, AttributeError) as exc:  # a shape no reader foresaw
            results.append(unreadable(key.quiz, str(path), f"{path}: not a readable answers file ({type(exc).__name__})"))
    return results


def export_bundle(*, course: Course, ident: str, out_dir: Path, mode: str = HASHES) -> list[Path]:
    """Write the student files of quiz ``ident`` into ``out_dir`` (no key in any of them).

    ``<id>.check.json`` (self-check bundle), ``<id>.md`` (the questions) and
    ``<id>.answers.json`` (an empty answers template).
    """
    return write_student_files(quiz_key(course=course, ident=ident), out_dir, mode)


def write_student_files(key: QuizKey, out_dir: Path, mode: str = HASHES) -> list[Path]:
    """The three student files of ``key.quiz`` (one student's copy, or the printed quiz)."""
    quiz = key.quiz
    bundle = make_bundle(key, mode)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in (
            (f"{quiz.id}.check.json", json.dumps(bundle, ensure_ascii=False, indent=2) + "\n"),
            (f"{quiz.id}.md", question_sheet(quiz)),
            (f"{quiz.id}.answers.json", json.dumps({str(q.number): "" for q in quiz.questions}, indent=2) + "\n"),
        ):
            path = out_dir / name
            path.write_text(text, "utf-8")
            written.append(path)
    except OSError as exc:
        raise AnswerError(f"cannot write the student files to {out_dir}: {exc}") from None
    return written


def question_sheet(quiz: Quiz) -> str:
    """The questions as bilingual Markdown, without keys or justifications."""
    kinds = {"single": "单选 / single choice", "multi": "多选（选出所有正确项）/ check all that apply",
             "numeric": "数值 / numeric"}
    out = [f"# {quiz.title.zh} / {quiz.title.en}", ""]
    for q in quiz.questions:
        out.append(f"## {q.name} — {kinds[q.kind]} ({q.points:g})")
        out.extend(["", q.text.zh, "", q.text.en, ""])
        for o in q.options:
            out.append(f"- **{o.label}** {o.text.bilingual()}")
        if q.kind == NUMERIC and q.decimals is not None:
            out.append(f"（保留 {q.decimals} 位小数 / give {q.decimals} decimals）")
        out.append("")
    return "\n".join(out)


def load_bundle(path: Path) -> dict[str, Any]:
    """Read a check bundle written by :func:`export_bundle`."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AnswerError(f"{path}: cannot read the check bundle: {exc}") from None
    if not isinstance(data, dict):
        raise AnswerError(f"{path}: not a quiz check bundle")
    return data


def self_check(*, course: Course | None, target: str, answers: Path) -> str:
    """The self-check report of ``answers`` against a bundle file or (instructor side) a quiz id."""
    if target.endswith(".json") and Path(target).is_file():
        bundle = load_bundle(Path(target))
    else:
        if course is None:
            raise AnswerError(f"{target!r} is not a check bundle file", hint="pass the <id>.check.json you were given")
        bundle = make_bundle(quiz_key(course=course, ident=target))
    numbers = {int(q["number"]) for q in bundle.get("questions", []) if isinstance(q, dict) and "number" in q}
    sheet = collect(read_pairs(answers), numbers)
    return render_check(bundle, check_sheet(bundle, sheet), sheet.notes)
