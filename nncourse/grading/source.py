"""Where an assignment comes from, known before anything of it is loaded.

An :class:`AssignmentSource` holds what the sandbox needs up front (time limits, data folder,
private folders) and loads the tests, the reference and the hidden suite only on
:meth:`~AssignmentSource.load`. That order is what lets ``nncourse grade`` start the students'
processes before the grader imports numpy or reads a test: the command starts its executor,
then describes the source (cheap: one JSON file or the master notebook), then configures the
sandbox from it, and loads the assignment last.

Sources: :func:`bundle_source` (a generated autograder bundle), :func:`public_source` (a
student bundle's public tests) and :func:`nncourse.authoring.source.course_source` (the course's
master notebook, suite and solutions).
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol, Sequence

from ..execution.config import Isolation, SandboxConfig
from ..keyed import DataSeed
from .manifest import Manifest, read_json

if TYPE_CHECKING:
    from .assignment import GradableAssignment


class HasLimits(Protocol):
    """Anything that states an assignment's time limits and private folders."""

    cell_timeout: float
    call_timeout: float


def sandbox_config(assignment: HasLimits, *, isolation: str = Isolation.AUTO, hide: tuple[str, ...] = ()) -> SandboxConfig:
    """The sandbox settings for one assignment: its time limits, and ``hide`` plus the
    assignment's own private folders kept out of the students' sight (the one place a
    :class:`SandboxConfig` is built from an assignment)."""
    private = getattr(assignment, "private_paths", None)
    if private is None:
        private = getattr(assignment, "secrets", ())
    return SandboxConfig(
        mode=isolation, cell_timeout=float(assignment.cell_timeout), call_timeout=float(assignment.call_timeout),
        hide=tuple(dict.fromkeys((*private, *hide))), preload=tuple(getattr(assignment, "student_imports", ())),
    )


@dataclass(frozen=True)
class AssignmentSource:
    """An assignment, described but not loaded."""

    id: str
    cell_timeout: float
    call_timeout: float
    data_dir: Path | None
    private_paths: tuple[str, ...]
    """Folders student processes must never see (course, bundle)."""
    loader: Callable[[], "GradableAssignment"] = field(repr=False, compare=False)
    bundle: Path | None = None
    """The generated autograder bundle this source reads, if any: all another machine needs."""
    reference: Path | None = None
    """The reference module's file, if any."""
    questions: tuple[str, ...] = ()
    """The questions, in notebook order (the gradebook's columns)."""
    inputs: tuple[Path, ...] = ()
    """Every file and folder the assignment is read from (what :meth:`fingerprint` hashes)."""
    student_imports: tuple[str, ...] = ()
    """Modules students may import, imported in their process before any clock starts."""
    data_seed: DataSeed = DataSeed.FIXED
    """Everyone's :attr:`data_dir` (fixed), or each student's own data (student: see :mod:`.student_data`)."""
    _loaded: list = field(default_factory=list, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def load(self) -> "GradableAssignment":
        """The loaded assignment (tests, reference, suite); loaded once, on first call."""
        with self._lock:
            if not self._loaded:
                self._loaded.append(self.loader())
            return self._loaded[0]

    def sandbox_config(self, isolation: str = Isolation.AUTO, *, hide: tuple[str, ...] = ()) -> SandboxConfig:
        return sandbox_config(self, isolation=isolation, hide=hide)

    def fingerprint(self) -> str:
        """SHA-256 over the names and contents of every file in :attr:`inputs`: it changes when
        anything that can change a grade changes (a test, the reference, the data, a limit)."""
        return fingerprint(self.inputs)


def fingerprint(paths: Sequence[Path]) -> str:
    """SHA-256 of the files under ``paths`` (relative names and bytes; bytecode caches skipped)."""
    digest = hashlib.sha256()
    for root in paths:
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root] if root.is_file() else []
        digest.update(f"root {root.name}\n".encode())
        for path in files:
            rel = path.relative_to(root) if root.is_dir() else Path(path.name)
            if "__pycache__" in rel.parts or ".ipynb_checkpoints" in rel.parts or path.suffix == ".pyc":
                continue
            digest.update(f"file {rel.as_posix()} {path.stat().st_size}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _existing(folder: Path) -> Path | None:
    return folder if folder.is_dir() else None


def bundle_source(folder: Path) -> AssignmentSource:
    """A generated autograder bundle (``nncourse generate … -o DIR`` → ``DIR/autograder``)."""
    folder = folder.resolve()
    manifest = Manifest.read(folder)

    def load() -> "GradableAssignment":
        from .assignment import from_bundle

        return from_bundle(folder)

    reference = folder / "reference" / f"{manifest.reference}.py" if manifest.reference else None
    return AssignmentSource(manifest.id, manifest.cell_timeout, manifest.call_timeout, _existing(folder / "data"),
                            (str(folder),), load, bundle=folder, reference=reference,
                            questions=tuple(manifest.questions), inputs=(folder,), student_imports=manifest.student_imports,
                            data_seed=manifest.data_seed)


def public_source(path: Path) -> AssignmentSource:
    """The public tests of a student bundle (``tests/public.json``), for ``nncourse check``."""
    manifest = Manifest.from_public_json(read_json(path), where=str(path))

    def load() -> "GradableAssignment":
        from .assignment import from_public_tests

        return from_public_tests(path)

    data = _existing(path.parent.parent / "data")
    return AssignmentSource(manifest.id, manifest.cell_timeout, manifest.call_timeout, data, (), load,
                            questions=tuple(manifest.questions), inputs=(path, *((data,) if data else ())),
                            student_imports=manifest.student_imports)
