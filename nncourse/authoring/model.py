"""What a master notebook becomes: the records both master formats parse into.

:mod:`.master` reads nncourse's own masters (``id`` in the config, ``# REFERENCE:``, hidden
pytest suites); :mod:`.otter` reads otter-grader's (``name`` in the config, doctest test cells,
manual questions). Generation and grading see only these records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..execution.config import CALL_TIMEOUT, CELL_TIMEOUT
from ..grading.manifest import CellTest
from ..keyed import DataSeed


@dataclass(frozen=True)
class AssignmentHeader:
    """The ``# ASSIGNMENT CONFIG`` cell."""

    id: str
    title: str
    reference: str = ""
    suite: str = ""
    data: str = "data"
    cell_timeout: float = CELL_TIMEOUT
    call_timeout: float = CALL_TIMEOUT
    student_imports: tuple[str, ...] = ()
    """Modules students may import (e.g. sympy), imported in their process before any clock starts."""
    data_seed: DataSeed = DataSeed.FIXED
    """Everyone's ``data/`` (fixed) or each student's own data (student)."""
    given: tuple[str, ...] = ()
    """The keys the config cell set itself (the others are defaults)."""


@dataclass(frozen=True)
class Question:
    name: str
    points: float
    manual: bool = False
    """Graded by a person (otter's ``manual: true``): listed for review, never scored 0 by a test."""
    all_or_nothing: bool = False
    """Full points only when every test of the question passes (otter's ``all_or_nothing``)."""
    public_only: bool = False
    """Checked by public tests only: no hidden test is expected."""


@dataclass(frozen=True)
class OutputCell:
    """A cell of the generated notebooks: same position, two versions of its source
    (``None``: the cell is left out of that notebook, e.g. an otter prompt cell)."""

    kind: str
    student: str | None
    solution: str | None


@dataclass(frozen=True)
class Master:
    """Everything generated from one master notebook."""

    path: Path
    header: AssignmentHeader
    questions: tuple[Question, ...]
    cells: tuple[OutputCell, ...]
    tests: tuple[CellTest, ...] = field(default_factory=tuple)
    references: tuple[str, ...] = field(default_factory=tuple)
    """Reference functions the notebook includes with ``# REFERENCE:``, in order."""
    warnings: tuple[str, ...] = field(default_factory=tuple)
    """What the author should know but that does not stop generation (e.g. otter keys nncourse ignores)."""
    files: tuple[str, ...] = field(default_factory=tuple)
    """Files next to the master that the notebooks need (otter's ``files``), copied beside them."""
    question_spans: tuple[tuple[str, int, int], ...] = field(default_factory=tuple)
    """(question, start, end): the question's output cells are ``cells[start:end]``, in order
    (where the self-check cell of each question goes)."""

    @property
    def points(self) -> dict[str, float]:
        return {q.name: q.points for q in self.questions}
