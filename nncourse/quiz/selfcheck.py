"""Student self-check without the key: salted hashes of the normalised correct answers.

The instructor exports a *check bundle* (``nncourse quiz export``): for every question its
kind, option labels and ``sha256(salt | quiz | number | canonical answer)``. A student's
answer is parsed exactly as in grading, normalised the same way and hashed; equal hashes
mean "matches the key". The bundle never contains the key itself.

Honesty about what this protects (also in ``docs/quizzes.md``): a question with 4 options
has 4 possible answers and a 5-option multi-select has 32, so anyone with the bundle can
hash every possibility and recover the key in microseconds; the salt only stops reusing
tables across quizzes. Hashes are a convenience for practice, not secrecy. For a quiz that
counts, export with ``mode = "format-only"``: the bundle then has no hashes at all and the
check only says whether each answer is readable.

Numeric answers are compared after rounding to the question's ``decimals``; the real grade
uses the question's tolerance instead, so the two can differ at the boundary.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any, Mapping

from ..errors import AnswerError
from .answers import AnswerSheet
from .keys import QuizKey
from .model import NUMERIC, Option, Question, Text
from .parsing import NumberAnswer, Rejected, Selection, parse_answer

FORMAT = "nncourse-quiz-check/1"
HASHES, FORMAT_ONLY = "hashes", "format-only"
MODES = (HASHES, FORMAT_ONLY)

#: Printed (bilingual) under every self-check.
DISCLAIMER = Text(
    "注意：自检只比较加盐散列值，不会显示答案，也不是成绩；正式成绩由教师用其持有的答案评定。",
    "Note: this self-check only compares salted hashes, never shows the key and is not your grade; "
    "your real grade is computed by the instructor with the instructor's key.",
)


def canonical(question: Question, choices: frozenset[int] = frozenset(), value: float | None = None) -> str:
    """The normalised answer that is hashed: ``"1,4"`` for options, ``"391"``/``"1.225"`` for numbers.

    >>> q = Question(1, "numeric", Text("x", "x"), None, 1.0, decimals=3)
    >>> canonical(q, value=1.2247)
    '1.225'
    """
    if question.kind == NUMERIC:
        assert value is not None
        digits = question.decimals or 0
        text = f"{round(value, digits):.{digits}f}"
        return f"{0:.{digits}f}" if float(text) == 0 else text  # no "-0.000"
    return ",".join(str(i) for i in sorted(choices))


def digest(salt: str, quiz_id: str, number: int, answer: str) -> str:
    """``sha256(salt | quiz | number | answer)`` as hex."""
    return hashlib.sha256(f"{salt}|{quiz_id}|{number}|{answer}".encode()).hexdigest()


def make_bundle(key: QuizKey, mode: str = HASHES, salt: str | None = None) -> dict[str, Any]:
    """The student-side check bundle of ``key.quiz`` (JSON-ready; never contains the key)."""
    if mode not in MODES:
        raise AnswerError(f"unknown self-check mode {mode!r}", hint=f"use one of {', '.join(MODES)}")
    quiz = key.quiz
    salt = salt or secrets.token_hex(16)
    questions = []
    for q in quiz.questions:
        entry = key.entry(q.number)
        item: dict[str, Any] = {"number": q.number, "kind": q.kind, "points": q.points,
                                "options": [o.label for o in q.options], "decimals": q.decimals}
        if mode == HASHES:
            item["hash"] = digest(salt, quiz.id, q.number, canonical(q, entry.choices, entry.value))
        questions.append(item)
    bundle = {"format": FORMAT, "quiz": quiz.id, "title_zh": quiz.title.zh, "title_en": quiz.title.en,
              "mode": mode, "questions": questions}
    if mode == HASHES:
        bundle["salt"] = salt
    return bundle


def _question(item: Mapping[str, Any]) -> Question:
    blank = Text("", "")
    options = tuple(Option(i + 1, str(label), blank) for i, label in enumerate(item.get("options") or []))
    return Question(int(item["number"]), str(item["kind"]), blank, None, float(item.get("points", 1)), options,
                    decimals=item.get("decimals"))


@dataclass(frozen=True)
class CheckLine:
    """Self-check of one question."""

    number: int
    status: str
    """``match``, ``differs``, ``readable`` (format-only bundle), ``invalid`` or ``missing``."""
    message: str
    """Bilingual; never contains the key."""


def check_sheet(bundle: Mapping[str, Any], sheet: AnswerSheet) -> tuple[CheckLine, ...]:
    """Compare each answer with the bundle (pure)."""
    if bundle.get("format") != FORMAT:
        raise AnswerError(f"not a quiz check bundle (format {bundle.get('format')!r}, expected {FORMAT!r})")
    try:
        salt, quiz_id, mode = bundle.get("salt", ""), str(bundle["quiz"]), bundle["mode"]
        items = list(bundle["questions"])
        questions = [(_question(item), item.get("hash")) for item in items]
    except (KeyError, TypeError, ValueError):
        raise AnswerError("the check bundle is damaged; ask for a fresh one") from None
    lines = []
    for q, wanted in questions:
        raw = sheet.answers.get(q.number)
        parsed = parse_answer(raw, q)
        if q.number in sheet.duplicates:
            lines.append(CheckLine(q.number, "invalid", "同一题给出了多个答案 / answered more than once"))
        elif isinstance(parsed, Rejected):
            status = "missing" if parsed.missing else "invalid"
            lines.append(CheckLine(q.number, status, parsed.reason.bilingual()))
        elif mode == FORMAT_ONLY or not wanted:
            shown = ", ".join(q.options[i - 1].label for i in sorted(parsed.choices)) if isinstance(parsed, Selection) else parsed.raw
            lines.append(CheckLine(q.number, "readable", f"答案可识别 / answer readable: {shown or '{}'}"))
        else:
            if isinstance(parsed, NumberAnswer):
                mine = canonical(q, value=parsed.value)
            else:
                mine = canonical(q, choices=parsed.choices)
            if digest(salt, quiz_id, q.number, mine) == wanted:
                lines.append(CheckLine(q.number, "match", "与答案一致 / matches the key"))
            elif q.kind == "multi":
                lines.append(CheckLine(q.number, "differs", "与答案不完全一致（按本测验的计分策略可能仍有部分分）/ "
                                       "does not match the key exactly (may still earn partial credit under this quiz's policy)"))
            elif q.kind == NUMERIC:
                lines.append(CheckLine(q.number, "differs", f"保留 {q.decimals or 0} 位小数后与答案不一致 / "
                                       f"does not match the key when rounded to {q.decimals or 0} decimals"))
            else:
                lines.append(CheckLine(q.number, "differs", "与答案不一致 / does not match the key"))
    return tuple(lines)


def render_check(bundle: Mapping[str, Any], lines: tuple[CheckLine, ...], notes: tuple[Text, ...] = ()) -> str:
    """The text ``nncourse quiz check`` prints."""
    marks = {"match": "✓", "differs": "✗", "readable": "·", "invalid": "?", "missing": "–"}
    out = [f"{bundle.get('quiz')} 自检 / self-check ({'仅检查格式 / format only' if bundle.get('mode') == FORMAT_ONLY else '散列比对 / hash comparison'})"]
    out.extend(f"  Q{line.number:<3} {marks.get(line.status, '?')} {line.message}" for line in lines)
    out.extend(f"  {note.bilingual()}" for note in notes)
    matched = sum(1 for line in lines if line.status == "match")
    if bundle.get("mode") != FORMAT_ONLY:
        out.append(f"{matched}/{len(lines)} 题与答案一致 / {matched} of {len(lines)} questions match the key")
    out.append(DISCLAIMER.zh)
    out.append(DISCLAIMER.en)
    return "\n".join(out)
