"""Reporters by name (``nncourse grade --report NAME[,NAME]``).

A new output format is one new module in this folder (a factory ``ReportContext -> Reporter``,
see :mod:`.base`) plus one line here and its tests.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping, Sequence

from ..errors import NncourseError
from .base import ReportContext, Reporter, ReporterFactory, Reporters
from .console import TableReporter
from .gradebook import GradebookReporter
from .gradescope import InstructorJsonReporter, ResultsJsonReporter
from .html_files import HtmlReporter

#: Name → factory, in the order their closing phrases are printed.
REPORTERS: Mapping[str, ReporterFactory] = MappingProxyType({
    "gradebook": GradebookReporter,
    "gradescope": ResultsJsonReporter,
    "instructor": InstructorJsonReporter,
    "table": TableReporter,
    "html": HtmlReporter,
})

#: What ``nncourse grade`` writes unless ``--report`` says otherwise.
DEFAULT_REPORTS: tuple[str, ...] = ("gradebook", "gradescope", "instructor", "table")


def parse_names(text: str) -> tuple[str, ...]:
    """``"gradebook,table"`` → ``("gradebook", "table")``; an unknown name is one clear error."""
    names = tuple(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    unknown = [n for n in names if n not in REPORTERS]
    if unknown or not names:
        raise NncourseError(f"unknown report {', '.join(unknown) or repr(text)}",
                            hint=f"choose from {', '.join(REPORTERS)} (comma-separated)")
    return names


def make_reporters(names: Sequence[str], context: ReportContext) -> Reporters:
    """The named reporters, configured, in registry order."""
    chosen = [n for n in REPORTERS if n in names]
    built: list[Reporter] = [REPORTERS[n](context) for n in chosen]
    return Reporters(built)
