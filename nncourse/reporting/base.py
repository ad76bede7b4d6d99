"""The reporter seam: every output format of a grading run is a :class:`Reporter`.

A reporter is configured once (its factory receives a :class:`ReportContext`), is fed each
result as soon as it is known (:meth:`Reporter.on_result`: write per-submission files there, so
a batch that dies keeps what it finished), and writes what needs the whole run in
:meth:`Reporter.finish`, which returns a short phrase for the closing line ("OUT/gradebook.csv")
or ``None``. The model is pytest's junitxml plugin: configured once, fed each result, writes at
the end. Reporters are named in :data:`nncourse.reporting.registry.REPORTERS`; ``nncourse grade
--report NAME[,NAME]`` picks them. Results are generic: assignments report
:class:`~nncourse.checks.results.SubmissionResult`, quizzes their own result records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Generic, Mapping, Protocol, Sequence, TextIO, TypeVar

R = TypeVar("R")
R_contra = TypeVar("R_contra", contravariant=True)


@dataclass(frozen=True)
class ReportContext:
    """What a reporter is configured with."""

    out: Path
    """The output folder of the run."""
    stream: TextIO
    """Where text for the person at the terminal goes (``sys.stdout``)."""
    quiet: bool = False
    """The user asked for no terminal output (``-q``)."""
    notebooks: Mapping[str, Path] = field(default_factory=dict)
    """Submission id → the graded notebook file, for reporters that show the notebook (``html``)."""


@dataclass(frozen=True)
class RunSummary(Generic[R]):
    """The whole run, as :meth:`Reporter.finish` sees it."""

    results: Sequence[R]
    """Every result of the run (for a merged output folder: every result it holds), in order."""
    questions: Sequence[str]
    """The assignment's questions, in notebook order (the gradebook's columns)."""
    graded: int = 0
    """How many of ``results`` were graded in this run (the rest were kept from earlier runs)."""


class Reporter(Protocol[R_contra]):
    """One output format."""

    def on_result(self, result: R_contra) -> None:
        """Called once per result, as soon as it is known, from the thread that produced it."""

    def finish(self, run: RunSummary) -> str | None:
        """Called once at the end; returns what was written, for the closing line, or None."""


ReporterFactory = Callable[[ReportContext], Reporter]


class Reporters(Generic[R]):
    """Several reporters fed as one (what ``grade`` holds)."""

    def __init__(self, reporters: Sequence[Reporter]) -> None:
        self.reporters = tuple(reporters)

    def on_result(self, result: R) -> None:
        for reporter in self.reporters:
            reporter.on_result(result)

    def finish(self, run: RunSummary) -> list[str]:
        """Every reporter's closing phrase, in order."""
        return [said for reporter in self.reporters if (said := reporter.finish(run))]
