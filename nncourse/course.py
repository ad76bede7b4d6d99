"""Where the course lives and what it offers.

A *course* is a folder with ``assignments/`` (master notebooks and quiz files),
``autograder/`` (hidden pytest suites) and ``solutions/`` (reference implementations).
It is found from, in order: an explicit ``--course`` path, the ``NNCOURSE_COURSE``
environment variable, the nearest parent of the working directory whose
``pyproject.toml`` has a ``[tool.nncourse]`` table, and the checkout this package was
installed from. Folder names can be changed in that table; its keys mirror the CLI flags.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from enum import StrEnum

from .errors import CourseError, UnknownAssignment

_DEFAULTS = {
    "assignments": "assignments",
    "autograder": "autograder",
    "solutions": "solutions",
    "quizzes": "assignments/quizzes",
}


class EntryKind(StrEnum):
    """The kinds of gradable item a course offers (``nncourse list --kind``)."""

    ASSIGNMENT = "assignment"
    QUIZ = "quiz"


@dataclass(frozen=True)
class CatalogueEntry:
    """One line of ``nncourse list``; each kind's subpackage finds its own
    (:func:`nncourse.authoring.catalogue.assignment_entries`,
    :func:`nncourse.quiz.catalogue.quiz_entries`) and :mod:`nncourse.catalogue` lists both."""

    id: str
    """Identifier used on the command line, e.g. ``a1-regression``."""
    kind: EntryKind
    title: str
    """Human title (may be bilingual)."""
    path: Path
    """The source file: a master notebook or a quiz file."""


@dataclass(frozen=True)
class Course:
    """Paths of one course; passed explicitly wherever course content is needed."""

    root: Path
    assignments: Path
    autograder: Path
    solutions: Path
    quizzes: Path

    @classmethod
    def at(cls, root: Path) -> "Course":
        """The course rooted at ``root``, reading folder names from its pyproject."""
        root = root.resolve()
        names = dict(_DEFAULTS)
        pyproject = root / "pyproject.toml"
        if pyproject.is_file():
            try:
                table = tomllib.loads(pyproject.read_text("utf-8")).get("tool", {}).get("nncourse", {})
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise CourseError(f"{pyproject}: cannot read [tool.nncourse]: {exc}") from None
            names.update({k: str(v) for k, v in table.items() if k in names})
        return cls(root, *(root / names[k] for k in ("assignments", "autograder", "solutions", "quizzes")))

    @classmethod
    def locate(cls, explicit: str | os.PathLike[str] | None = None, *, cwd: Path | None = None) -> "Course":
        """Find the course (see the module docstring for the search order)."""
        if explicit:
            root = Path(explicit)
            if not root.is_dir():
                raise CourseError(f"course folder {root} does not exist")
            return cls.at(root)
        env = os.environ.get("NNCOURSE_COURSE")
        if env:
            return cls.locate(env)
        start = (cwd or Path.cwd()).resolve()
        for folder in (start, *start.parents):
            if _declares_course(folder / "pyproject.toml"):
                return cls.at(folder)
        checkout = Path(__file__).resolve().parent.parent
        if _declares_course(checkout / "pyproject.toml"):
            return cls.at(checkout)
        raise CourseError(
            "no course found",
            hint="run inside the course checkout or pass --course DIR (a folder with assignments/)",
        )

    def private_paths(self) -> tuple[str, ...]:
        """Folders student processes must never see: the course and its answers and tests."""
        return tuple(dict.fromkeys(str(p) for p in (self.root, self.assignments, self.autograder, self.solutions)))


def find_entry(entries: Iterable[CatalogueEntry], ident: str, kind: EntryKind | None = None) -> CatalogueEntry:
    """The entry called ``ident`` among ``entries`` (of ``kind``, if given); an unknown id is
    an :class:`UnknownAssignment` that lists the known ones."""
    entries = [e for e in entries if kind in (None, e.kind)]
    for e in entries:
        if e.id == ident:
            return e
    known = ", ".join(e.id for e in entries) or "none"
    raise UnknownAssignment(f"no {kind or 'assignment or quiz'} called {ident!r}", hint=f"known: {known}")


def _declares_course(pyproject: Path) -> bool:
    try:
        return "[tool.nncourse]" in pyproject.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
