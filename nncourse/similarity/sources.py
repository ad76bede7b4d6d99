"""Read submissions and the template, and keep only the code students wrote (file I/O here).

A submission is a notebook (``.ipynb``) or a Python file (``.py``). The template is the
student notebook of the assignment (its code cells as handed out: stubs, signatures,
docstrings, given code). Template text is removed twice: a code cell whose normalised tokens
equal a template cell's is dropped (an untouched stub or a given cell), and every k-gram of
the template is *boilerplate* that never counts as shared (a signature left in place).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import NncourseError
from ..notebook.reader import read_notebook
from .fingerprints import DEFAULT_K, DEFAULT_W, Fingerprints, fingerprint, kgram_hashes
from .tokens import Token, normalise, units

SUFFIXES = (".ipynb", ".py")
#: Most code (characters) compared per submission; a bigger one is listed as not compared.
MAX_CODE_CHARS = 2_000_000


@dataclass(frozen=True)
class Document:
    """The student-written code of one submission and its fingerprints."""

    id: str
    path: Path
    text: str
    """Kept code cells, joined by blank lines (what the side-by-side view shows)."""
    prints: Fingerprints | None
    unique: np.ndarray
    """Distinct fingerprint hashes not in the template (what pairs are scored on)."""
    error: str = ""
    """Why the submission could not be read (then it takes part in no pair)."""


def code_cells(path: Path) -> list[str]:
    """Code of a notebook's code cells, or of a ``.py`` file as one cell."""
    if path.suffix == ".py":
        try:
            return [path.read_text("utf-8", errors="replace")]
        except OSError as exc:
            raise NncourseError(f"cannot read {path}: {exc.strerror or exc}") from None
    return read_notebook(path).code


def _key(tokens: list[Token]) -> tuple[str, ...]:
    return tuple(t.text for t in tokens)


@dataclass(frozen=True)
class Template:
    """What students were given: cells to drop and k-gram hashes never to count."""

    cells: frozenset[tuple[str, ...]]
    boilerplate: np.ndarray

    @classmethod
    def from_cells(cls, cells: list[str], k: int = DEFAULT_K) -> "Template":
        tokens = [normalise(c) for c in cells]
        hashes = [kgram_hashes(u, k) for t in tokens for u in units(t)]
        joined = np.unique(np.concatenate(hashes)) if hashes else np.zeros(0, dtype=np.uint64)
        return cls(frozenset(_key(t) for t in tokens if t), joined)

    @classmethod
    def empty(cls) -> "Template":
        return cls(frozenset(), np.zeros(0, dtype=np.uint64))


def document(ident: str, path: Path, template: Template, k: int = DEFAULT_K, w: int = DEFAULT_W) -> Document:
    """Read one submission; an unreadable one becomes a document with its error."""
    try:
        cells = code_cells(path)
    except NncourseError as exc:
        return Document(ident, path, "", None, np.zeros(0, dtype=np.uint64), exc.one_line())
    size = sum(len(c) for c in cells)
    if size > MAX_CODE_CHARS:
        return Document(ident, path, "", None, np.zeros(0, dtype=np.uint64),
                        f"{size:,} characters of code, more than the {MAX_CODE_CHARS:,} compared")
    kept_text: list[str] = []
    tokens: list[Token] = []
    lengths: list[int] = []
    line = 0
    for cell in cells:
        cell_tokens = normalise(cell)
        if not cell_tokens or _key(cell_tokens) in template.cells:
            continue
        for unit in units(cell_tokens):
            tokens.extend(Token(t.text, t.line + line) for t in unit)
            lengths.append(len(unit))
        kept_text.append(cell.rstrip("\n"))
        line += cell.rstrip("\n").count("\n") + 2  # the cell and one blank separator line
    prints = fingerprint(tokens, k, w, lengths)
    unique = np.setdiff1d(np.unique(prints.hashes), template.boilerplate, assume_unique=True)
    return Document(ident, path, "\n\n".join(kept_text), prints, unique)


def submission_paths(targets: list[Path]) -> list[tuple[str, Path]]:
    """``(id, path)`` of every submission: files as given, folders searched recursively.

    Ids are file stems, or paths relative to a folder given on the command line.
    """
    found: list[tuple[str, Path]] = []
    for target in targets:
        if target.is_dir():
            for path in sorted(p for p in target.rglob("*") if p.suffix in SUFFIXES and p.is_file()
                               and ".ipynb_checkpoints" not in p.parts):
                found.append((str(path.relative_to(target).with_suffix("")), path))
        elif target.is_file():
            found.append((target.stem, target))
        else:
            raise NncourseError(f"{target}: no such file or folder")
    return found
