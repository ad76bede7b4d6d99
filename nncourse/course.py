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
from typing import Callable, Iterator

from .errors import CourseError, UnknownAssignment

_DEFAULTS = {
    "assignments": "assignments",
    "autograder": "autograder",
    "solutions": "solutions",
    "quizzes": "assignments/quizzes",
}


@dataclass(frozen=True)
class CatalogueEntry:
    """One line of ``nncourse list``."""

    id: str
    """Identifier used on the command line, e.g. ``a1-regression``."""
    kind: str
    """``assignment`` or ``quiz``."""
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

    # -- catalogue -----------------------------------------------------------------

    def catalogue(self) -> list[CatalogueEntry]:
        """Every assignment and quiz, sorted by id, from the registered providers."""
        entries = [e for provider in CATALOGUE_PROVIDERS for e in provider(self)]
        return sorted(entries, key=lambda e: (e.kind, e.id))

    def entry(self, ident: str, kind: str | None = None) -> CatalogueEntry:
        """The catalogue entry called ``ident`` (optionally of one kind)."""
        entries = [e for e in self.catalogue() if kind in (None, e.kind)]
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


def _assignment_entries(course: Course) -> Iterator[CatalogueEntry]:
    from .authoring.master import read_assignment_header  # local: keeps `list` start-up small

    if not course.assignments.is_dir():
        return
    for master in sorted(course.assignments.glob("*/master.ipynb")):
        header = read_assignment_header(master)
        yield CatalogueEntry(header.id, "assignment", header.title, master)


def _quiz_entries(course: Course) -> Iterator[CatalogueEntry]:
    try:
        from .quiz.catalogue import quiz_entries
    except ImportError:  # quiz support not installed in this build
        return
    yield from quiz_entries(course)


CatalogueProvider = Callable[[Course], Iterator[CatalogueEntry]]
#: Providers of ``nncourse list`` lines; a new kind of gradable item registers here.
CATALOGUE_PROVIDERS: tuple[CatalogueProvider, ...] = (_assignment_entries, _quiz_entries)
