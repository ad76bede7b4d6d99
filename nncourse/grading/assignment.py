"""A gradable assignment: its questions, tests, reference and data, from any source.

Three sources give the same object: the course (master notebook + ``autograder/`` suite +
``solutions/`` module), a generated autograder bundle folder, and a student bundle's public
tests (for ``nncourse check``; no reference, no hidden tests).
"""

from __future__ import annotations

import json
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import AuthoringError
from ..checks.runner import TestSpec, cell_test, collect_suite, load_module

if TYPE_CHECKING:  # a generated bundle grades without the course or master-notebook parser
    from ..authoring.master import Master
    from ..course import Course

BUNDLE_MANIFEST = "assignment.json"
PUBLIC_TESTS = "public.json"


@dataclass
class GradableAssignment:
    """What the grader needs to grade one assignment."""

    id: str
    title: str
    points: dict[str, float]
    tests: list[TestSpec]
    reference: types.ModuleType | None = None
    data_dir: Path | None = None
    cell_timeout: float = 10.0
    call_timeout: float = 5.0
    secrets: tuple[str, ...] = field(default_factory=tuple)
    """Folders that student processes must not see."""
    student_imports: tuple[str, ...] = ()
    """Modules students may import, imported in their process before any clock starts."""

    @property
    def max_score(self) -> float:
        return float(sum(self.points.values()))


def _cell_specs(entries: list[dict], points: dict[str, float]) -> list[TestSpec]:
    specs = []
    for t in entries:
        if t["question"] not in points:
            raise AuthoringError(f"test {t['name']}: unknown question {t['question']!r}")
        specs.append(cell_test(t["name"], t["question"], t["source"], hidden=bool(t["hidden"]), weight=float(t.get("weight", 1.0))))
    return specs


def from_master(master: Master, course: Course) -> GradableAssignment:
    """Grade straight from the course sources."""
    h = master.header
    points = master.points
    specs = _cell_specs([t.__dict__ for t in master.tests], points)
    suite = course.autograder / h.suite
    if suite.is_dir():
        specs += collect_suite(suite, set(points), prefix=h.id.replace("-", "_"))
    reference = load_module(course.solutions / f"{h.reference}.py", f"_nncourse_ref_{h.reference}") if h.reference else None
    _check_every_question_tested(points, specs, h.id)
    data = master.path.parent / h.data
    return GradableAssignment(
        h.id, h.title, points, specs, reference, data if data.is_dir() else None, h.cell_timeout, h.call_timeout,
        secrets=course.private_paths(), student_imports=h.student_imports,
    )


def from_course(course: Course, ident: str) -> GradableAssignment:
    entry = course.entry(ident, "assignment")
    from ..authoring.master import load_master

    return from_master(load_master(entry.path, course.solutions), course)


def _check_every_question_tested(points: dict[str, float], specs: list[TestSpec], ident: str) -> None:
    untested = [q for q in points if not any(s.question == q for s in specs)]
    if untested:
        raise AuthoringError(f"{ident}: question(s) without tests: {', '.join(untested)}")


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise AuthoringError(f"cannot read {path}: {exc}") from None


def _imports(manifest: dict) -> tuple[str, ...]:
    value = manifest.get("student_imports", [])
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def from_bundle(folder: Path) -> GradableAssignment:
    """Load a generated autograder bundle (``nncourse generate … -o DIR`` → ``DIR/autograder``)."""
    manifest = _read_json(folder / BUNDLE_MANIFEST)
    points = {k: float(v) for k, v in manifest["questions"].items()}
    specs = _cell_specs(manifest.get("cell_tests", []), points)
    suite = folder / "suite"
    if suite.is_dir():
        specs += collect_suite(suite, set(points), prefix=manifest["id"].replace("-", "_") + "_bundle")
    reference = None
    if manifest.get("reference"):
        reference = load_module(folder / "reference" / f"{manifest['reference']}.py", f"_nncourse_bref_{manifest['reference']}")
    _check_every_question_tested(points, specs, manifest["id"])
    data = folder / "data"
    return GradableAssignment(
        manifest["id"], manifest.get("title", manifest["id"]), points, specs, reference,
        data if data.is_dir() else None, float(manifest.get("cell_timeout", 10)), float(manifest.get("call_timeout", 5)),
        secrets=(str(folder.resolve()),), student_imports=_imports(manifest),
    )


def from_public_tests(path: Path) -> GradableAssignment:
    """Public tests only, as shipped in a student bundle (``tests/public.json``)."""
    manifest = _read_json(path)
    points = {k: float(v) for k, v in manifest["questions"].items()}
    tested = {t["question"] for t in manifest.get("tests", [])}
    points = {q: p for q, p in points.items() if q in tested}
    specs = _cell_specs(manifest.get("tests", []), points)
    data = path.parent.parent / "data"
    return GradableAssignment(
        manifest["id"], manifest.get("title", manifest["id"]), points, specs, None,
        data if data.is_dir() else None, float(manifest.get("cell_timeout", 10)), float(manifest.get("call_timeout", 5)),
        student_imports=_imports(manifest),
    )
