"""A person's decision on an answer the grader could not decide (status ``undecided``).

Pure: a :class:`~nncourse.checks.results.SubmissionResult` and a decision in, the re-totalled
result out. Accepting gives the test its points; rejecting keeps 0; either way the test is no
longer pending and its feedback says a person decided.
"""

from __future__ import annotations

import dataclasses

from ..checks.results import Status, SubmissionResult, TestResult
from ..errors import NncourseError

ACCEPTED = " — accepted on review / 人工复核：通过"
REJECTED = " — rejected on review / 人工复核：不通过"


def find_pending(result: SubmissionResult, test: str) -> TestResult:
    """The undecided test called ``test`` (or whose name ends with it, if that is unique)."""
    pending = [t for t in result.tests if t.status == Status.UNDECIDED]
    matches = [t for t in pending if t.name == test] or [t for t in pending if t.name.endswith(test)]
    if len(matches) != 1:
        listed = ", ".join(t.name for t in pending) or "none"
        how = "is ambiguous" if matches else "is not pending review"
        raise NncourseError(f"{result.submission}: test {test!r} {how} (pending: {listed})")
    return matches[0]


def decide(result: SubmissionResult, test: str, *, accept: bool) -> SubmissionResult:
    """``result`` with the pending test ``test`` accepted (full points) or rejected (0)."""
    old = find_pending(result, test)
    new = dataclasses.replace(
        old,
        status=Status.PASSED if accept else Status.FAILED,
        score=old.max_score if accept else 0.0,
        output=old.output + (ACCEPTED if accept else REJECTED),
        detail=f"{old.detail}; reviewed: {'accepted' if accept else 'rejected'}",
    )
    return dataclasses.replace(result, tests=tuple(new if t is old else t for t in result.tests))
