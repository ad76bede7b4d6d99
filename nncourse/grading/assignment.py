"""A gradable assignment: its questions, tests, reference and data, loaded and ready to run.

It is built in one way, :func:`assemble`, from a :class:`~.manifest.Manifest` and the folders
that go with it. Three sources call it: a generated autograder bundle (:func:`from_bundle`), a
student bundle's public tests (:func:`from_public_tests`; no reference, no hidden tests, for
``nncourse check``) and the course itself (:func:`nncourse.authoring.source.from_master`).
:mod:`.source` describes each of them cheaply, before anything is loaded.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.runner import TestSpec, cell_test, collect_suite, load_module
from ..errors import AuthoringError
from ..execution.config import CALL_TIMEOUT, CELL_TIMEOUT
from ..keyed import DataSeed
from .manifest import MANIFEST_FILE, PUBLIC_FILE, Manifest, read_json

# Names kept for code written against the earlier module.
BUNDLE_MANIFEST = MANIFEST_FILE
PUBLIC_TESTS = PUBLIC_FILE


@dataclass
class GradableAssignment:
    """What the grader needs to grade one assignment."""

    id: str
    title: str
    points: dict[str, float]
    tests: list[TestSpec]
    reference: types.ModuleType | None = None
    data_dir: Path | None = None
    cell_timeout: float = CELL_TIMEOUT
    call_timeout: float = CALL_TIMEOUT
    secrets: tuple[str, ...] = field(default_factory=tuple)
    """Folders that student processes must not see."""
    manual: tuple[str, ...] = ()
    """Questions a person grades: reported as awaiting review, never scored by a test."""
    all_or_nothing: tuple[str, ...] = ()
    """Questions that earn their points only when every one of their tests passes."""
    student_imports: tuple[str, ...] = ()
    """Modules students may import, imported in their process before any clock starts."""
    data_seed: DataSeed = DataSeed.FIXED
    """Everyone's :attr:`data_dir` (fixed), or each student's own data (student: see :mod:`.student_data`)."""

    @property
    def max_score(self) -> float:
        return float(sum(self.points.values()))


def load_reference(path: Path) -> types.ModuleType:
    """The reference solution module at ``path`` (the one way every source loads it)."""
    return load_module(path, f"_nncourse_ref_{path.stem}")


def assemble(manifest: Manifest, *, suite: Path | None, suite_prefix: str, reference: Path | None,
             data: Path | None, secrets: tuple[str, ...] = ()) -> GradableAssignment:
    """The assignment ``manifest`` describes, with its hidden ``suite`` folder (if any), its
    ``reference`` module file (if any) and its ``data`` folder (if any)."""
    points = manifest.points
    specs = []
    for t in manifest.cell_tests:
        if t.question not in points:
            raise AuthoringError(f"test {t.name}: unknown question {t.question!r}")
        specs.append(cell_test(t.name, t.question, t.source, hidden=t.hidden, weight=t.weight, expected=t.expected,
                               messages=(t.success_message, t.failure_message)))
    if suite is not None and suite.is_dir():
        specs += collect_suite(suite, set(points), prefix=suite_prefix)
    module = load_reference(reference) if reference is not None else None
    untested = [q for q in points if q not in manifest.manual and not any(s.question == q for s in specs)]
    if untested:
        raise AuthoringError(f"{manifest.id}: question(s) without tests: {', '.join(untested)}")
    return GradableAssignment(
        manifest.id, manifest.title, points, specs, module, data if data is not None and data.is_dir() else None,
        manifest.cell_timeout, manifest.call_timeout, secrets=secrets, manual=manifest.manual,
        all_or_nothing=manifest.all_or_nothing, student_imports=manifest.student_imports,
        data_seed=manifest.data_seed,
    )


def from_bundle(folder: Path) -> GradableAssignment:
    """Load a generated autograder bundle (``nncourse generate … -o DIR`` → ``DIR/autograder``)."""
    manifest = Manifest.read(folder)
    return assemble(
        manifest, suite=folder / "suite", suite_prefix=manifest.id.replace("-", "_") + "_bundle",
        reference=folder / "reference" / f"{manifest.reference}.py" if manifest.reference else None,
        data=folder / "data", secrets=(str(folder.resolve()),),
    )


def public_manifest(path: Path) -> Manifest:
    """The public tests a student bundle ships (``tests/public.json``), tested questions only."""
    manifest = Manifest.from_public_json(read_json(path), where=str(path))
    tested = {t.question for t in manifest.cell_tests}
    return Manifest(manifest.id, manifest.title, {q: p for q, p in manifest.questions.items() if q in tested},
                    manifest.cell_tests, "", manifest.cell_timeout, manifest.call_timeout,
                    all_or_nothing=tuple(q for q in manifest.all_or_nothing if q in tested))


def from_public_tests(path: Path) -> GradableAssignment:
    """Public tests only, as shipped in a student bundle (``tests/public.json``)."""
    return assemble(public_manifest(path), suite=None, suite_prefix="", reference=None,
                    data=path.parent.parent / "data")
