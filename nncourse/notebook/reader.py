"""Read a submitted notebook without trusting it.

Plain ``json`` instead of nbformat: nbformat validation costs start-up time and raises on
the small irregularities real submissions have. What grading needs is each cell's type and
source; outputs are only summarised (did the cell run in the student's session, did it fail
there: for the readiness check) and dropped (a 50 MB output cell is read and dropped). Problems
that make the file unusable raise :class:`~nncourse.errors.NotebookError` with one line;
problems that do not (stray non-UTF-8 bytes) become warnings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import NotebookError, UnreadableFile
from ..files import read_regular_file
from .checkcells import is_check_cell

#: Largest notebook file accepted (bytes).
MAX_NOTEBOOK_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Cell:
    """One notebook cell."""

    kind: str
    """``code``, ``markdown`` or ``raw``."""
    source: str
    session: str = ""
    """A code cell's state as saved: ``ok`` (ran), ``error`` (ran and raised), ``""`` (never ran)."""


@dataclass(frozen=True)
class Notebook:
    """The parts of a notebook that grading uses."""

    cells: tuple[Cell, ...]
    metadata: dict[str, Any]
    warnings: tuple[str, ...] = ()

    @property
    def code(self) -> list[str]:
        """Sources of the code cells, in order, as the grader runs them: an unchanged generated
        self-check cell (:mod:`.checkcells`) is empty, since it only reports to the student."""
        return ["" if is_check_cell(c.source) else c.source for c in self.cells if c.kind == "code"]

    def assignment_id(self) -> str | None:
        """The assignment this notebook was generated for, if recorded."""
        meta = self.metadata.get("nncourse")
        value = meta.get("assignment") if isinstance(meta, dict) else None
        return value if isinstance(value, str) else None

    def student_id(self) -> str | None:
        """The student this notebook was generated for (per-student data), if recorded.
        Written by the student's own copy of the file: report it, never trust it."""
        meta = self.metadata.get("nncourse")
        value = meta.get("student") if isinstance(meta, dict) else None
        return value if isinstance(value, str) else None


def _session(cell: dict[str, Any]) -> str:
    if cell.get("cell_type") != "code" or not isinstance(cell.get("execution_count"), int):
        return ""
    outputs = cell.get("outputs")
    failed = isinstance(outputs, list) and any(isinstance(o, dict) and o.get("output_type") == "error" for o in outputs)
    return "error" if failed else "ok"


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    if isinstance(src, list):
        return "".join(s for s in src if isinstance(s, str))
    return src if isinstance(src, str) else ""


def parse_notebook(data: bytes, name: str = "notebook") -> Notebook:
    """Parse notebook bytes (see the module docstring)."""
    warnings = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        warnings.append(f"{name} has bytes that are not UTF-8 (first at byte {exc.start}); they were replaced with �")
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(f"{name} is not a valid notebook: broken JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})") from None
    except RecursionError:
        raise NotebookError(f"{name} is not a valid notebook: JSON nested too deeply") from None
    if not isinstance(raw, dict):
        raise NotebookError(f"{name} is not a valid notebook: the top level is not a JSON object")
    cells = raw.get("cells")
    if cells is None and isinstance(raw.get("worksheets"), list):
        raise NotebookError(f"{name} uses the old notebook format 3; open it in Jupyter and save it again")
    if not isinstance(cells, list):
        raise NotebookError(f"{name} is not a valid notebook: it has no list of cells")
    parsed = []
    for cell in cells:
        if not isinstance(cell, dict):
            warnings.append(f"{name}: a cell that is not a JSON object was skipped")
            continue
        kind = cell.get("cell_type")
        parsed.append(Cell(kind if kind in ("code", "markdown", "raw") else "raw", _source(cell), _session(cell)))
    metadata = raw.get("metadata") if isinstance(raw.get("metadata"), dict) else {}
    return Notebook(tuple(parsed), metadata, tuple(warnings))


def read_notebook(path: Path, *, follow_symlinks: bool = True) -> Notebook:
    """Read and parse ``path``; every failure is a one-line :class:`NotebookError`.

    Only a regular file is read, and at most :data:`MAX_NOTEBOOK_BYTES` of it (a FIFO or a
    link to ``/dev/zero`` is refused, not read forever); with ``follow_symlinks=False`` a
    symbolic link is refused too.
    """
    try:
        data = read_regular_file(path, MAX_NOTEBOOK_BYTES, follow_symlinks=follow_symlinks)
    except UnreadableFile as exc:
        raise NotebookError(exc.message + (" (clear the outputs and save again)" if "larger than" in exc.message else "")) from None
    return parse_notebook(data, path.name)
