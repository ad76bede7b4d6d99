"""What grading produces: frozen records that reporting renders (STYLE.md §3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Gradescope visibility of tests the student may see at once.
VISIBLE = "visible"
#: Gradescope visibility of hidden tests: score shown only after grades are published.
HIDDEN = "after_published"
#: Question of the pseudo-test that reports how the notebook's cells ran (no points).
EXECUTION = "(execution)"


@dataclass(frozen=True)
class TestResult:
    """One test of one submission."""

    __test__ = False  # not a pytest test class

    name: str
    """Stable name, e.g. ``closed_form / test_commute_example``."""
    question: str
    """The question the test belongs to."""
    score: float
    """Points earned."""
    max_score: float
    """Points possible."""
    status: str
    """``passed``, ``failed``, ``undecided`` (needs a human) or ``error`` (grader problem)."""
    output: str
    """Feedback the student may see: never hidden sources, expected values or student-printed text in hidden tests."""
    visibility: str = VISIBLE
    """``visible`` or ``after_published`` (hidden tests)."""
    detail: str = ""
    """Instructor-only explanation (expected values, tracebacks)."""
    mistakes: tuple[str, ...] = ()
    """Names of the usual mistakes the answer matched (the class report counts them per question)."""

    @property
    def passed(self) -> bool:
        return self.status == "passed"


@dataclass(frozen=True)
class SubmissionResult:
    """Everything known about one graded submission."""

    submission: str
    """Student identifier (file stem or folder name)."""
    assignment: str
    tests: tuple[TestResult, ...] = ()
    error: str = ""
    """One-line reason when the submission could not be graded at all (score 0)."""
    cells: tuple[Any, ...] = ()
    """:class:`~nncourse.execution.runtime.CellOutcome` per code cell."""
    isolation: dict[str, Any] = field(default_factory=dict)
    """What the sandbox enforced (``filesystem_isolated`` etc.)."""
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()
    max_score_hint: float = 0.0
    """Assignment total, used when ``tests`` is empty because of ``error``."""

    @property
    def score(self) -> float:
        return round(sum(t.score for t in self.tests), 6)

    @property
    def max_score(self) -> float:
        return round(sum(t.max_score for t in self.tests), 6) if self.tests else self.max_score_hint

    @property
    def needs_review(self) -> tuple[str, ...]:
        """Names of tests the grader could not decide (status ``undecided``): a human must look."""
        return tuple(t.name for t in self.tests if t.status == "undecided")

    def question_scores(self) -> dict[str, tuple[float, float]]:
        """Question → (earned, possible), in first-seen order."""
        out: dict[str, tuple[float, float]] = {}
        for t in self.tests:
            got, possible = out.get(t.question, (0.0, 0.0))
            out[t.question] = (got + t.score, possible + t.max_score)
        return out
