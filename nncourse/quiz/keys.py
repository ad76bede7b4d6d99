"""Build a quiz's answer key: author keys as written, computed keys from reference functions.

A computed single-choice key is the one option that matches the reference result; building
fails when zero or several options match (the quiz or the reference is wrong, and grading
with a guessed key would be worse). A computed multi-select key is every option that matches
(at least one). A computed numeric key is the reference result itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..errors import AuthoringError
from .matching import MATCHERS, plain, show
from .model import LETTERS, MULTI, NUMERIC, SINGLE, Question, Quiz
from .references import Resolver

AUTHOR = "author"


class KeyBuildError(AuthoringError):
    """A computed key does not single out the options it should (0 or ≥ 2 matches)."""


@dataclass(frozen=True)
class KeyEntry:
    """The key of one question and where it came from."""

    number: int
    kind: str
    choices: frozenset[int] = frozenset()
    """Correct option indices (single: exactly one; multi: the true statements)."""
    value: float | None = None
    """Numeric answer."""
    source: str = AUTHOR
    """``author`` or the reference target, e.g. ``solutions.textbook:ex1_q6``."""
    detail: str = ""
    """The reference result, shown briefly (empty for author keys)."""


@dataclass(frozen=True)
class QuizKey:
    """The key of a whole quiz."""

    quiz: Quiz
    entries: tuple[KeyEntry, ...]

    def entry(self, number: int) -> KeyEntry:
        for e in self.entries:
            if e.number == number:
                return e
        raise KeyError(number)

    def answer_json(self, number: int) -> Any:
        """``"B"`` / ``2`` (single), ``[1, 4]`` / ``["A", "C"]`` (multi) or a number (numeric)."""
        e = self.entry(number)
        if e.kind == NUMERIC:
            assert e.value is not None
            return int(e.value) if float(e.value).is_integer() else e.value
        labels = [self.quiz.question(number).options[i - 1].label for i in sorted(e.choices)]
        shown: list[Any] = labels if self.quiz.labels == LETTERS else [int(x) for x in labels]
        return shown[0] if e.kind == SINGLE else shown

    def as_json(self) -> dict[str, Any]:
        """The key as ``{"1": …, "2": …}`` (what ``nncourse quiz key --json`` prints)."""
        return {str(e.number): self.answer_json(e.number) for e in self.entries}


def _where(quiz: Quiz, line: int) -> str:
    return f"{quiz.path}:{line}" if quiz.path else f"{quiz.id}:{line}"


def _computed(quiz: Quiz, question: Question, resolve: Resolver) -> KeyEntry:
    ref = question.reference
    assert ref is not None
    where = f"{_where(quiz, ref.line or question.line)}: question {question.number}"
    func = resolve(ref.target)
    try:
        if question.kind == NUMERIC:
            result = plain(ref.call(func))
            if isinstance(result, list) and len(result) == 1:  # a 1-element array is a number
                result = result[0]
            if isinstance(result, bool) or not isinstance(result, (int, float)) or not math.isfinite(result):
                raise TypeError(f"a numeric key needs a finite number, got {show(result)}")
            value = round(float(result), ref.decimals) if ref.decimals is not None else float(result)
            return KeyEntry(question.number, NUMERIC, value=value, source=ref.target, detail=show(result))
        outcome = MATCHERS[ref.match](func, question.options, ref)
    except AuthoringError:
        raise
    except Exception as exc:  # the reference is course code: report, never crash
        raise AuthoringError(f"{where}: reference {ref.target} failed: {type(exc).__name__}: {exc}") from None
    chosen = frozenset(o.index for o, ok in zip(question.options, outcome.matches) if ok)
    labels = ", ".join(question.options[i - 1].label for i in sorted(chosen)) or "none"
    if question.kind == SINGLE and len(chosen) != 1:
        raise KeyBuildError(
            f"{where}: {len(chosen)} options match the reference {ref.target} (need exactly 1; matched: {labels}; "
            f"reference result {outcome.shown})",
            hint="check the option values, the matcher and its decimals",
        )
    if question.kind == MULTI and not chosen:
        raise KeyBuildError(f"{where}: no option matches the reference {ref.target} (result {outcome.shown})")
    return KeyEntry(question.number, question.kind, chosen, source=ref.target, detail=outcome.shown)


def _authored(question: Question) -> KeyEntry:
    if question.kind == NUMERIC:
        return KeyEntry(question.number, NUMERIC, value=question.answer)
    return KeyEntry(question.number, question.kind, frozenset(o.index for o in question.options if o.correct))


def question_key(quiz: Quiz, question: Question, resolve: Resolver) -> KeyEntry:
    """The key of one question of ``quiz`` (computed or as the author wrote it)."""
    return _computed(quiz, question, resolve) if question.reference else _authored(question)


def build_key(quiz: Quiz, resolve: Resolver) -> QuizKey:
    """The key of ``quiz``; ``resolve`` finds reference functions (see :mod:`.references`)."""
    return QuizKey(quiz, tuple(question_key(quiz, q, resolve) for q in quiz.questions))
