"""What a class did, as plain data: the numbers behind the instructor's report page.

Pure functions of the graded results (no I/O): score distribution, per-question mean and
spread, the named mistakes ranked by how many *students* made them in each question, the
answers waiting for a person's review, and what went wrong while grading.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from ..checks.results import EXECUTION, SubmissionResult


@dataclass(frozen=True)
class QuestionStats:
    """One question across the class (graded submissions only)."""

    question: str
    points: float
    mean: float
    stdev: float
    """Population standard deviation of the scores."""
    minimum: float
    maximum: float
    full_marks: int
    """Students with every point of the question."""


@dataclass(frozen=True)
class MistakeCount:
    """A named mistake and how many students made it in one question."""

    question: str
    mistake: str
    students: int
    examples: tuple[str, ...]
    """Up to five of those students' ids."""


@dataclass(frozen=True)
class Pending:
    """An answer the grader could not decide: a person must look (``nncourse review``)."""

    submission: str
    test: str
    question: str


@dataclass(frozen=True)
class Problem:
    """A submission that could not be (fully) graded: an error, a timeout, a crash."""

    submission: str
    kind: str
    """``error`` (not graded), ``timeout`` / ``crashed`` (a cell), ``grader`` (a broken test)."""
    what: str


@dataclass(frozen=True)
class ClassSummary:
    assignment: str
    submissions: int
    graded: int
    max_score: float
    scores: tuple[float, ...]
    """Total scores of the graded submissions, in input order."""
    questions: tuple[QuestionStats, ...]
    mistakes: tuple[MistakeCount, ...]
    """Per question (in question order), most frequent first."""
    pending: tuple[Pending, ...]
    problems: tuple[Problem, ...]

    @property
    def mean(self) -> float:
        return statistics.fmean(self.scores) if self.scores else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.scores) if self.scores else 0.0


def question_order(results: Sequence[SubmissionResult], known: Sequence[str] = ()) -> list[str]:
    """``known`` first (the gradebook's columns), then any other question in first-seen order."""
    order = [q for q in known if q != EXECUTION]
    for r in results:
        for q in r.question_scores():
            if q not in order and q != EXECUTION:
                order.append(q)
    return order


def mistake_ranking(results: Sequence[SubmissionResult], order: Sequence[str] = ()) -> tuple[MistakeCount, ...]:
    """Named mistakes per question, counted once per student, most frequent first (ties by name)."""
    who: dict[tuple[str, str], list[str]] = {}
    for r in results:
        seen = {(t.question, m) for t in r.tests for m in t.mistakes}
        for key in sorted(seen):
            who.setdefault(key, []).append(r.submission)
    rank = {q: i for i, q in enumerate(question_order(results, order))}
    items = sorted(who.items(), key=lambda kv: (rank.get(kv[0][0], len(rank)), -len(kv[1]), kv[0][1]))
    return tuple(MistakeCount(q, m, len(ids), tuple(ids[:5])) for (q, m), ids in items)


def summarize(results: Sequence[SubmissionResult], questions: Sequence[str] = ()) -> ClassSummary:
    """The class summary of ``results``; ``questions`` gives the question order (optional)."""
    graded = [r for r in results if not r.error]
    order = question_order(results, questions)
    stats = []
    for q in order:
        pairs = [r.question_scores().get(q) for r in graded]
        pairs = [p for p in pairs if p is not None]
        if not pairs:
            continue
        got = [g for g, _ in pairs]
        possible = max(p for _, p in pairs)
        stats.append(QuestionStats(q, possible, statistics.fmean(got), statistics.pstdev(got), min(got), max(got),
                                   sum(1 for g in got if g >= possible - 1e-9)))
    pending = tuple(Pending(r.submission, t.name, t.question) for r in results for t in r.tests if t.status == "undecided")
    problems: list[Problem] = []
    for r in results:
        if r.error:
            problems.append(Problem(r.submission, "error", r.error))
        for c in r.cells:
            status = c.status
            if status in ("timeout", "crashed"):
                problems.append(Problem(r.submission, status, f"code cell {c.index}: {c.detail or status}"))
        problems += [Problem(r.submission, "grader", f"{t.name}: {t.detail.splitlines()[0] if t.detail else t.output}")
                     for t in r.tests if t.status == "error"]
    max_score = max((r.max_score for r in results), default=0.0)
    return ClassSummary(
        assignment=results[0].assignment if results else "",
        submissions=len(results), graded=len(graded), max_score=max_score,
        scores=tuple(r.score for r in graded), questions=tuple(stats),
        mistakes=mistake_ranking(results, order), pending=pending, problems=tuple(problems),
    )
