"""What grading produces: frozen records that reporting renders, and that travel as JSON.

:meth:`SubmissionResult.to_json` and :meth:`SubmissionResult.from_json` are exact inverses,
so a result can be computed in another process or on another machine (see
:func:`nncourse.grading.executor.grade_one`) and stored in a results ledger.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Mapping

#: Gradescope visibility of tests the student may see at once.
VISIBLE = "visible"
#: Gradescope visibility of hidden tests: score shown only after grades are published.
HIDDEN = "after_published"
#: Question of the pseudo-test that reports how the notebook's cells ran (no points).
EXECUTION = "(execution)"


class Status(StrEnum):
    """Outcome of one test."""

    PASSED = "passed"
    FAILED = "failed"
    UNDECIDED = "undecided"
    """The grader could not decide (e.g. symbolic equivalence): 0 points for now, a person reviews it."""
    ERROR = "error"
    """A grader problem (a broken test), not the student's."""


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
    status: Status
    """A :class:`Status`: passed, failed, undecided (needs a human) or error (grader problem)."""
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
        return self.status == Status.PASSED

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "question": self.question, "score": self.score, "max_score": self.max_score,
                "status": str(self.status), "output": self.output, "visibility": self.visibility, "detail": self.detail,
                "mistakes": list(self.mistakes)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "TestResult":
        return cls(**{**data, "status": Status(data["status"]), "mistakes": tuple(data.get("mistakes", ()))})


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
    student: str = ""
    """Per-student data (``data_seed: student``): the student whose data the notebook ran on."""
    variant: str = ""
    """Per-student data: the short fingerprint of that student's data (never the seed)."""
    notebook_student: str = ""
    """Per-student data: the student the notebook's metadata names, when that is not
    :attr:`student` (a notebook generated for someone else: a possible copy). Only reported."""

    @property
    def score(self) -> float:
        return round(sum(t.score for t in self.tests), 6)

    @property
    def max_score(self) -> float:
        return round(sum(t.max_score for t in self.tests), 6) if self.tests else self.max_score_hint

    @property
    def needs_review(self) -> tuple[str, ...]:
        """Names of tests the grader could not decide (status ``undecided``): a human must look."""
        return tuple(t.name for t in self.tests if t.status == Status.UNDECIDED)

    def question_scores(self) -> dict[str, tuple[float, float]]:
        """Question → (earned, possible), in first-seen order."""
        out: dict[str, tuple[float, float]] = {}
        for t in self.tests:
            got, possible = out.get(t.question, (0.0, 0.0))
            out[t.question] = (got + t.score, possible + t.max_score)
        return out

    def to_json(self) -> dict[str, Any]:
        """Everything, as plain JSON data (the inverse of :meth:`from_json`)."""
        return {
            "submission": self.submission,
            "assignment": self.assignment,
            "score": self.score,
            "max_score": self.max_score,
            "error": self.error,
            "needs_review": list(self.needs_review),
            "seconds": self.seconds,
            "isolation": self.isolation,
            "warnings": list(self.warnings),
            "cells": [c._asdict() if hasattr(c, "_asdict") else dict(c.__dict__) for c in self.cells],
            "tests": [t.to_json() for t in self.tests],
            "max_score_hint": self.max_score_hint,
            **{k: v for k, v in (("student", self.student), ("variant", self.variant),
                                 ("notebook_student", self.notebook_student)) if v},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "SubmissionResult":
        """The result :meth:`to_json` described; also reads an ``instructor.json``."""
        from ..execution.runtime import CellOutcome

        return cls(
            data["submission"], data["assignment"],
            tests=tuple(TestResult.from_json(t) for t in data.get("tests", [])),
            error=data.get("error", ""),
            cells=tuple(CellOutcome(**c) for c in data.get("cells", [])),
            isolation=dict(data.get("isolation", {})),
            seconds=data.get("seconds", 0.0),
            warnings=tuple(data.get("warnings", [])),
            max_score_hint=data.get("max_score_hint", data.get("max_score", 0.0)),
            student=str(data.get("student", "")), variant=str(data.get("variant", "")),
            notebook_student=str(data.get("notebook_student", "")),
        )
