"""Grade one answer sheet against a key: parse, judge, explain (pure; no files).

Feedback is bilingual. With ``reveal=True`` (the default for instructor grading, shown on
Gradescope only after grades are published) it also names the key and gives the author's
one-line justification of every option the student judged wrongly.
"""

from __future__ import annotations

from dataclasses import dataclass

from .answers import AnswerSheet
from .keys import AUTHOR, KeyEntry, QuizKey
from .model import NUMERIC, Question, Quiz, Text
from .parsing import NumberAnswer, Rejected, Selection, parse_answer
from .scoring import CORRECT, INCORRECT, INVALID, MISSING, PARTIAL, judge

#: Gradescope visibility of a quiz's per-question results (they reveal the key).
AFTER_PUBLISHED = "after_published"

_STATUS = {
    CORRECT: Text("正确", "correct"),
    PARTIAL: Text("部分正确", "partly correct"),
    INCORRECT: Text("不正确", "incorrect"),
    INVALID: Text("无法识别的答案，记 0 分", "unreadable answer, scored 0"),
    MISSING: Text("未作答，记 0 分", "no answer, scored 0"),
}
_DUPLICATE = Text("同一题给出了多个答案，无法确定以哪个为准", "this question was answered more than once; it is unclear which answer counts")


@dataclass(frozen=True)
class QuestionResult:
    """How one question of one submission scored."""

    number: int
    name: str
    """``"Q4 多层感知机 / Multi-layer perceptron"``."""
    score: float
    max_score: float
    status: str
    """``correct``, ``partial``, ``incorrect``, ``invalid`` or ``missing``."""
    answer: str
    """What the student wrote, as read."""
    feedback: str
    """Bilingual explanation for the student."""
    visibility: str = AFTER_PUBLISHED

    @property
    def passed(self) -> bool:
        return self.status == CORRECT


@dataclass(frozen=True)
class QuizResult:
    """One graded submission of a quiz."""

    quiz_id: str
    submission: str
    """Where the answers came from (file name)."""
    questions: tuple[QuestionResult, ...]
    max_score: float
    notes: tuple[str, ...] = ()
    """Bilingual notes about the answers file (ignored keys …)."""
    error: str = ""
    """Set when the whole file could not be read: every question scores 0."""
    variant: str = ""
    """Per-student variants: which parameters this student's copy had (empty: the printed quiz)."""
    student: str = ""
    """Roster id the submission was graded as (per-student variants only)."""

    @property
    def score(self) -> float:
        return round(sum(q.score for q in self.questions), 6)


def _labels(question: Question, choices: frozenset[int]) -> str:
    return ", ".join(question.options[i - 1].label for i in sorted(choices)) or "{}"


def _key_text(question: Question, entry: KeyEntry) -> list[str]:
    if question.kind == NUMERIC:
        lines = [f"参考答案 / key: {entry.value:g}（允许误差 / tolerance ±{question.tolerance.abs:g}"
                 + (f" + {question.tolerance.rel:g}·|key|" if question.tolerance.rel else "") + "）"]
        if question.why:
            lines.append(f"说明 / why: {question.why.bilingual()}")
    else:
        lines = [f"参考答案 / key: {_labels(question, entry.choices)}"]
    if entry.source != AUTHOR:
        shown = f" → {entry.detail}" if len(entry.detail) <= 80 else ""
        lines.append(f"由课程的参考实现算出 / computed by the course's reference implementation{shown}")
    return lines


def _option_notes(question: Question, entry: KeyEntry, chosen: frozenset[int]) -> list[str]:
    """Justifications of the options the student judged differently from the key."""
    lines = []
    for option in question.options:
        if option.why and ((option.index in chosen) != (option.index in entry.choices)):
            lines.append(f"  {option.label}: {option.why.bilingual()}")
    return lines


def grade_question(question: Question, entry: KeyEntry, raw: object, policy: str, *, duplicate: bool = False,
                   reveal: bool = True, visibility: str = AFTER_PUBLISHED) -> QuestionResult:
    """Parse, judge and explain one answer."""
    parsed = Rejected(_DUPLICATE, repr(raw)) if duplicate else parse_answer(raw, question)
    verdict = judge(question, entry.choices, entry.value, parsed, policy)
    score = round(verdict.fraction * question.points, 6)
    status = _STATUS[verdict.status]
    lines = [f"{status.zh}（{score:g}/{question.points:g} 分）/ {status.en} ({score:g} of {question.points:g} points)"]
    if isinstance(parsed, Rejected):
        if not parsed.missing:
            lines.append(f"原因 / reason: {parsed.reason.zh} / {parsed.reason.en}")
        shown = parsed.raw
    elif isinstance(parsed, Selection):
        shown = _labels(question, parsed.choices)
        lines.append(f"你的答案 / your answer: {shown}")
        if question.kind == "multi" and verdict.status != CORRECT:
            lines.append(f"多选计分策略 / multi-select policy: {policy}")
    else:
        assert isinstance(parsed, NumberAnswer)
        shown = f"{parsed.value:g}"
        lines.append(f"你的答案 / your answer: {shown}")
    if reveal and verdict.status != CORRECT:
        lines.extend(_key_text(question, entry))
        chosen = parsed.choices if isinstance(parsed, Selection) else frozenset()
        if question.kind != NUMERIC:
            lines.extend(_option_notes(question, entry, chosen))
    return QuestionResult(question.number, question.name, score, question.points, verdict.status, shown,
                          "\n".join(lines), visibility)


def grade_sheet(key: QuizKey, sheet: AnswerSheet, submission: str, *, reveal: bool = True,
                visibility: str = AFTER_PUBLISHED) -> QuizResult:
    """Grade every question of ``key.quiz`` from ``sheet`` (missing answers score zero)."""
    quiz = key.quiz
    results = tuple(
        grade_question(q, key.entry(q.number), sheet.answers.get(q.number), quiz.policy,
                       duplicate=q.number in sheet.duplicates, reveal=reveal, visibility=visibility)
        for q in quiz.questions
    )
    return QuizResult(quiz.id, submission, results, quiz.max_score, tuple(n.bilingual() for n in sheet.notes))


def unreadable(quiz: Quiz, submission: str, reason: str) -> QuizResult:
    """The result of an answers file that could not be read at all: zero, with the reason."""
    results = tuple(
        QuestionResult(q.number, q.name, 0.0, q.points, INVALID, "", f"{_STATUS[INVALID].bilingual()}: {reason}")
        for q in quiz.questions
    )
    return QuizResult(quiz.id, submission, results, quiz.max_score, error=reason)
