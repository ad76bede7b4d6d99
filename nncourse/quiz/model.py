"""A quiz as data: questions, options and how each key is obtained (no I/O here).

A quiz file (``assignments/quizzes/<id>.toml``, see ``docs/quizzes.md``) is read by
:mod:`nncourse.quiz.loader` into these frozen records. Keys are *not* stored here for
computed questions: :mod:`nncourse.quiz.keys` derives them from the course's reference
functions, so the records only say where a key comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

#: Question kinds: one option, any set of options, or a number with a tolerance.
SINGLE, MULTI, NUMERIC = "single", "multi", "numeric"
KINDS: tuple[str, ...] = (SINGLE, MULTI, NUMERIC)

#: How options are labelled on paper and in answers: ``A, B, C…`` or ``1, 2, 3…``.
LETTERS, NUMBERS = "letters", "numbers"
LABEL_STYLES: tuple[str, ...] = (LETTERS, NUMBERS)


def option_label(index: int, style: str) -> str:
    """The printed label of the 1-based option ``index``: ``2 → "B"`` or ``2 → "2"``.

    >>> option_label(2, "letters"), option_label(2, "numbers")
    ('B', '2')
    """
    return chr(ord("A") + index - 1) if style == LETTERS else str(index)


@dataclass(frozen=True)
class Text:
    """A bilingual text: Chinese first, English beside it."""

    zh: str
    """Chinese text (what students read first)."""
    en: str
    """English text, the same content."""

    def bilingual(self, sep: str = " / ") -> str:
        """``"中文 / English"``, or just one of them when both are the same."""
        return self.zh if self.zh == self.en else f"{self.zh}{sep}{self.en}"


@dataclass(frozen=True)
class Option:
    """One option of a single- or multi-select question."""

    index: int
    """1-based position; the label is derived from it and the quiz's label style."""
    label: str
    """``"B"`` or ``"2"``."""
    text: Text
    """What the student reads."""
    value: Any = None
    """What a computed key matches against (number, list, table or formula text)."""
    correct: bool | None = None
    """Author key: is this option right (single) / a true statement (multi)? None when computed."""
    why: Text | None = None
    """Author's one-line justification of ``correct``."""
    line: int = 0
    """Line of the option in the quiz file (for error messages)."""


@dataclass(frozen=True)
class Reference:
    """Where a computed key comes from: ``key = { from = "solutions.textbook:ex1_q6", ... }``."""

    target: str
    """``"solutions.<module>:<function>"``; the module is loaded from the course's solutions folder."""
    match: str
    """Name of a registered matcher (:data:`nncourse.quiz.matching.MATCHERS`)."""
    decimals: int | None = None
    """Round the reference result to this many decimals before matching (``rounded``)."""
    args: tuple[Any, ...] = ()
    """Positional arguments passed to the reference function."""
    variables: tuple[str, ...] = ()
    """Free variables of formula options (``expression`` matcher), e.g. ``("a", "b")``."""
    line: int = 0
    kwargs: tuple[tuple[str, Any], ...] = ()
    """Keyword arguments: a variant question's parameters (``eta=0.4, steps=22``), else empty."""

    def call(self, func: Callable[..., Any], *leading: Any) -> Any:
        """``func(*leading, *args, **kwargs)``: how every matcher calls the reference."""
        return func(*leading, *self.args, **dict(self.kwargs))


@dataclass(frozen=True)
class Tolerance:
    """Numeric questions accept ``|x − key| ≤ abs + rel·|key|``."""

    abs: float = 0.0
    rel: float = 0.0

    def accepts(self, value: float, key: float) -> bool:
        """True when ``value`` is within tolerance of ``key``.

        >>> Tolerance(abs=0.01).accepts(1.005, 1.0)
        True
        """
        return abs(value - key) <= self.abs + self.rel * abs(key) + 1e-12


@dataclass(frozen=True)
class VariantSpec:
    """Per-student parameters of a question (``[questions.variant]``, see docs/quizzes.md).

    Each student gets one combination of the parameter values, drawn from a keyed hash of
    the course secret and the student id (:mod:`nncourse.quiz.variants`); the key is the
    reference function called with those parameters, and the options are the key and the
    first distinct results of ``distractors`` (usual mistakes), in a per-student order.
    """

    params: tuple[tuple[str, tuple[Any, ...]], ...]
    """Parameter name → the values a student may get (finite, so every variant is checked)."""
    defaults: tuple[tuple[str, Any], ...]
    """The printed (textbook) version: the static options belong to these values; never drawn."""
    text: Text
    """Question text with ``{name}`` placeholders for the parameters."""
    distractors: str
    """``"solutions.<module>:<function>"`` returning ``[(zh, en, value), …]`` usual mistakes."""
    format: str
    """How generated option values are printed (:data:`nncourse.quiz.variants.FORMATS`)."""
    options: int
    """Options per variant (the key and ``options − 1`` distractors)."""
    line: int = 0

    @property
    def size(self) -> int:
        """Number of parameter combinations (the textbook's included)."""
        total = 1
        for _, values in self.params:
            total *= len(values)
        return total


@dataclass(frozen=True)
class Question:
    """One question of a quiz."""

    number: int
    """1, 2, … in file order (the textbook's numbering)."""
    kind: str
    """``single``, ``multi`` or ``numeric``."""
    text: Text
    topic: Text | None
    points: float
    options: tuple[Option, ...] = ()
    reference: Reference | None = None
    """Computed key; None for an author key."""
    answer: float | None = None
    """Author key of a numeric question."""
    why: Text | None = None
    """Author justification of a numeric answer."""
    tolerance: Tolerance = Tolerance()
    decimals: int | None = None
    """Numeric questions: the precision students are asked for (also used by self-check)."""
    line: int = 0
    variant: VariantSpec | None = None
    """Per-student parameters; None for a question everyone gets alike."""
    params: tuple[tuple[str, Any], ...] = ()
    """The parameters this copy of the question was built with (empty: the printed version)."""

    @property
    def name(self) -> str:
        """``"Q4"`` or ``"Q4 多层感知机 / Multi-layer perceptron"``."""
        return f"Q{self.number}" + (f" {self.topic.bilingual()}" if self.topic else "")


@dataclass(frozen=True)
class Quiz:
    """A whole quiz file."""

    id: str
    title: Text
    labels: str
    """Label style of options: ``letters`` or ``numbers``."""
    policy: str
    """Multi-select scoring policy (:data:`nncourse.quiz.scoring.POLICIES`)."""
    questions: tuple[Question, ...]
    source: str = ""
    """Where the material comes from (seed files, textbook section)."""
    path: Path | None = None

    @property
    def has_variants(self) -> bool:
        """True when some question draws per-student parameters."""
        return any(q.variant is not None for q in self.questions)

    @property
    def max_score(self) -> float:
        return float(sum(q.points for q in self.questions))

    def question(self, number: int) -> Question:
        """The question numbered ``number`` (KeyError if none)."""
        for q in self.questions:
            if q.number == number:
                return q
        raise KeyError(number)
