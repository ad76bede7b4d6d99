"""The bundle manifest: what ``nncourse generate`` promises the grader, as one typed, versioned record.

``autograder/assignment.json`` is :meth:`Manifest.to_json`; the student bundle's
``tests/public.json`` is :meth:`Manifest.public_json` (the same record without hidden tests
and without the reference's name). Both are read back only through :meth:`Manifest.from_json`
and :meth:`Manifest.from_public_json`, so a key is spelt in one place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from ..errors import AuthoringError
from ..execution.config import CALL_TIMEOUT, CELL_TIMEOUT

#: File name of the manifest inside an autograder bundle.
MANIFEST_FILE = "assignment.json"
#: File name of the public tests inside a student bundle's ``tests/`` folder.
PUBLIC_FILE = "public.json"
#: Version of the manifest format this code writes and reads. Bundles written before the
#: field existed are version 1.
VERSION = 1


@dataclass(frozen=True)
class CellTest:
    """An otter-style test cell, as stored in a bundle."""

    name: str
    question: str
    source: str
    hidden: bool
    weight: float = 1.0
    expected: str | None = None
    """What the cell must show (otter's doctest semantics); None: passes unless it raises."""
    success_message: str = ""
    failure_message: str = ""

    def to_json(self) -> dict[str, Any]:
        data = {"name": self.name, "question": self.question, "source": self.source,
                "hidden": self.hidden, "weight": self.weight}
        if self.expected is not None:
            data["expected"] = self.expected
        data.update({k: v for k, v in (("success_message", self.success_message),
                                        ("failure_message", self.failure_message)) if v})
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "CellTest":
        expected = data.get("expected")
        return cls(str(data["name"]), str(data["question"]), str(data["source"]), bool(data["hidden"]),
                   float(data.get("weight", 1.0)), None if expected is None else str(expected),
                   str(data.get("success_message", "")), str(data.get("failure_message", "")))


@dataclass(frozen=True)
class Manifest:
    """One assignment as a generated bundle describes it."""

    id: str
    title: str
    questions: Mapping[str, float]
    """Question name → points, in notebook order."""
    cell_tests: tuple[CellTest, ...] = ()
    reference: str = ""
    """Module name of the reference solution in ``reference/`` (empty: none)."""
    cell_timeout: float = CELL_TIMEOUT
    call_timeout: float = CALL_TIMEOUT
    student_imports: tuple[str, ...] = ()
    """Modules students may import, imported in their process before any clock starts (``sympy``)."""
    version: int = VERSION
    manual: tuple[str, ...] = ()
    """Questions a person grades (they await review, with no test)."""
    all_or_nothing: tuple[str, ...] = ()
    """Questions that earn their points only when every one of their tests passes."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "questions", MappingProxyType({k: float(v) for k, v in self.questions.items()}))

    @property
    def points(self) -> dict[str, float]:
        return dict(self.questions)

    # -- autograder/assignment.json -------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version, "id": self.id, "title": self.title, "questions": dict(self.questions),
            "cell_tests": [t.to_json() for t in self.cell_tests], "reference": self.reference,
            "cell_timeout": self.cell_timeout, "call_timeout": self.call_timeout,
            "student_imports": list(self.student_imports), **self._grading_rules(),
        }

    def _grading_rules(self) -> dict[str, list[str]]:
        """``manual`` and ``all_or_nothing``, where there are any (otter-format assignments)."""
        return {k: list(v) for k, v in (("manual", self.manual), ("all_or_nothing", self.all_or_nothing)) if v}

    @classmethod
    def from_json(cls, data: Any, *, where: str = MANIFEST_FILE) -> "Manifest":
        """The manifest ``data`` describes; a wrong shape or a newer version is an :class:`AuthoringError`."""
        _check_version(data, where)
        try:
            return cls(
                id=str(data["id"]), title=str(data.get("title", data["id"])), questions=dict(data["questions"]),
                cell_tests=tuple(CellTest.from_json(t) for t in data.get("cell_tests", [])),
                reference=str(data.get("reference") or ""),
                cell_timeout=float(data.get("cell_timeout", CELL_TIMEOUT)),
                call_timeout=float(data.get("call_timeout", CALL_TIMEOUT)),
                manual=tuple(map(str, data.get("manual", ()))),
                all_or_nothing=tuple(map(str, data.get("all_or_nothing", ()))),
                student_imports=tuple(str(m) for m in data.get("student_imports", ())),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise AuthoringError(f"{where}: not an nncourse manifest ({type(exc).__name__}: {exc})",
                                 hint="regenerate it with `nncourse generate`") from None

    # -- student/tests/public.json --------------------------------------------------------

    def public_json(self) -> dict[str, Any]:
        """What students get: every question, the public test cells, the time limits."""
        return {
            "id": self.id, "title": self.title, "questions": dict(self.questions),
            "tests": [t.to_json() for t in self.cell_tests if not t.hidden],
            "cell_timeout": self.cell_timeout, "call_timeout": self.call_timeout,
            "student_imports": list(self.student_imports), **self._grading_rules(),
        }

    @classmethod
    def from_public_json(cls, data: Any, *, where: str = PUBLIC_FILE) -> "Manifest":
        """The public part of a manifest, as :meth:`public_json` wrote it."""
        if not isinstance(data, dict) or "tests" not in data:
            raise AuthoringError(f"{where}: not an nncourse public tests file")
        return cls.from_json({**data, "cell_tests": data["tests"]}, where=where)

    # -- files ----------------------------------------------------------------------------

    def write(self, folder: Path) -> Path:
        """Write ``folder/assignment.json``; returns its path."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / MANIFEST_FILE
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=1), "utf-8")
        return path

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        """The manifest of the bundle in ``folder``."""
        path = folder / MANIFEST_FILE
        return cls.from_json(read_json(path), where=str(path))


def _check_version(data: Any, where: str) -> None:
    if not isinstance(data, dict):
        raise AuthoringError(f"{where}: not an nncourse manifest (expected a JSON object)")
    version = data.get("version", 1)
    if not isinstance(version, int) or version > VERSION:
        raise AuthoringError(f"{where}: manifest version {version!r} is newer than this nncourse understands ({VERSION})",
                             hint="upgrade nncourse, or regenerate the bundle with this version")


def read_json(path: Path) -> Any:
    """A JSON file, or an :class:`AuthoringError` saying why it cannot be read."""
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise AuthoringError(f"cannot read {path}: {exc}") from None


def is_bundle(folder: Path) -> bool:
    """Whether ``folder`` is a generated autograder bundle."""
    return (folder / MANIFEST_FILE).is_file()
