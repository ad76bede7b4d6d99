"""Scoring one parsed answer against its key: pure functions, no I/O.

Single-choice and numeric questions are right or wrong. Multi-select questions are scored
by the quiz's *policy*, a function registered in :data:`POLICIES` that maps
(selected, key, number of options) to a fraction of the points in [0, 1].
Worked example used in ``docs/quizzes.md`` and the tests: 5 options, key {1, 4}, 1 point.

==================  =======  =====  =======  =====  ====
selection           {1, 4}   {1}    {1,4,5}  {1,2}  {}
==================  =======  =====  =======  =====  ====
all-or-nothing      1        0      0        0      0
right-minus-wrong   1        0.5    0.5      0      0
coverage            1        0.5    0        0      0
==================  =======  =====  =======  =====  ====
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .model import MULTI, NUMERIC, Question
from .parsing import NumberAnswer, ParsedAnswer, Rejected, Selection

#: (selected, key, number of options) → fraction of the question's points.
Policy = Callable[[frozenset[int], frozenset[int], int], float]
#: Multi-select scoring policies by name (the ``policy`` field of a quiz file).
POLICIES: dict[str, Policy] = {}

CORRECT, PARTIAL, INCORRECT, INVALID, MISSING = "correct", "partial", "incorrect", "invalid", "missing"


def policy(name: str) -> Callable[[Policy], Policy]:
    """Register a multi-select scoring policy under ``name``."""

    def register(func: Policy) -> Policy:
        POLICIES[name] = func
        return func

    return register


@policy("all-or-nothing")
def all_or_nothing(selected: frozenset[int], key: frozenset[int], n_options: int) -> float:
    """Full points only for exactly the key: ``{1,4}`` → 1, anything else → 0.

    >>> all_or_nothing(frozenset({1}), frozenset({1, 4}), 5)
    0.0
    """
    return 1.0 if selected == key else 0.0


@policy("right-minus-wrong")
def right_minus_wrong(selected: frozenset[int], key: frozenset[int], n_options: int) -> float:
    """Each true option chosen earns 1/|K|, each false option chosen costs 1/|K|; floored at 0.

    fraction = max(0, (|S ∩ K| − |S \\ K|) / |K|). With K = {1, 4}: {1, 4, 5} → (2 − 1)/2 = 0.5.

    >>> right_minus_wrong(frozenset({1, 4, 5}), frozenset({1, 4}), 5)
    0.5
    """
    right, wrong = len(selected & key), len(selected - key)
    return max(0.0, (right - wrong) / len(key))


@policy("coverage")
def coverage(selected: frozenset[int], key: frozenset[int], n_options: int) -> float:
    """Share of the true options found, provided no false option was chosen (有错不得分).

    fraction = |S ∩ K| / |K| if S ⊆ K else 0. With K = {1, 4}: {1} → 0.5, {1, 2} → 0.

    >>> coverage(frozenset({1}), frozenset({1, 4}), 5), coverage(frozenset({1, 2}), frozenset({1, 4}), 5)
    (0.5, 0.0)
    """
    if not selected <= key:
        return 0.0
    return len(selected) / len(key)


@dataclass(frozen=True)
class Verdict:
    """How one answer scored (feedback text is added by :mod:`nncourse.quiz.grading`)."""

    fraction: float
    """Share of the question's points earned, in [0, 1]."""
    status: str
    """``correct``, ``partial``, ``incorrect``, ``invalid`` (unreadable) or ``missing``."""


def judge(question: Question, key_choices: frozenset[int], key_value: float | None, answer: ParsedAnswer, policy_name: str) -> Verdict:
    """Score ``answer`` against the key of ``question`` (choices for single/multi, value for numeric)."""
    if isinstance(answer, Rejected):
        return Verdict(0.0, MISSING if answer.missing else INVALID)
    if question.kind == NUMERIC:
        assert isinstance(answer, NumberAnswer) and key_value is not None
        ok = question.tolerance.accepts(answer.value, key_value)
        return Verdict(1.0 if ok else 0.0, CORRECT if ok else INCORRECT)
    assert isinstance(answer, Selection)
    if question.kind == MULTI:
        fraction = POLICIES[policy_name](answer.choices, key_choices, len(question.options))
    else:
        fraction = 1.0 if answer.choices == key_choices else 0.0
    fraction = min(1.0, max(0.0, fraction))
    status = CORRECT if fraction == 1.0 else PARTIAL if fraction > 0 else INCORRECT
    return Verdict(fraction, status)
