"""Per-student data (``data_seed: student``): whose data a submission runs on, made on demand.

An assignment whose ASSIGNMENT CONFIG says ``data_seed: student`` gives each student their own
data files. They come from the reference module's generator (the seam; a function of a numpy
``Generator`` and nothing else, so the files are a pure function of the seed)::

    def student_data(rng: np.random.Generator) -> dict[str, str | bytes | np.ndarray]: ...

called with :func:`nncourse.keyed.generator` keyed by (course secret, assignment id, student
id, ``"data"``): the same secret and id give byte-identical files; without the secret they
cannot be computed from the id. A value that is an array is written as comma-separated text
with ``repr`` precision. The *variant* a student had is :func:`nncourse.keyed.fingerprint`
of the same key: ten hex digits of SHA-256 of the seed (never the seed itself).

Whose data: the student is the submission's id mapped through the grade roster
(``submission`` → ``student_id``) when one is given, else taken from the id itself
(:func:`student_of`). The notebook's metadata may name a student too; it is only reported
(a notebook handed in under another student's name is a possible copy), never believed.

A student's data folder is the assignment's ``data/`` with the generated files written over
it (files the generator does not make, e.g. a textbook exercise's fixed samples, stay).
Generated files live in a private folder of the grader (:class:`DataShelf`), one folder per
variant, hidden from every student process except as the one folder bound at ``data/`` for
the submission it belongs to; the shelf is removed when the batch ends.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import types
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Mapping

from ..errors import AuthoringError
from ..keyed import Secret, fingerprint, generator

#: Name of the generator function in the reference module.
GENERATOR = "student_data"
#: The label that keys data draws (so a quiz and an assignment of the same id never share draws).
PURPOSE = "data"
_SAFE_FILE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


@dataclass(frozen=True)
class StudentData:
    """One student's data for one assignment."""

    student: str
    """The student id the data were drawn for."""
    variant: str
    """Short fingerprint of the seed (:func:`variant_of`): what the gradebook shows."""
    folder: Path
    """The folder holding the files (bound read-only at the student's ``data/``)."""


def variant_of(secret: Secret, assignment_id: str, student: str) -> str:
    """The variant's fingerprint for ``student`` (cheap: no data are generated)."""
    return fingerprint(secret, assignment_id, student, PURPOSE)


def render(name: str, value: Any) -> bytes:
    """The bytes of one generated file: text as UTF-8, bytes as they are, an array as CSV."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    if hasattr(value, "shape") and hasattr(value, "tolist"):
        rows = value.tolist()
        rows = rows if rows and isinstance(rows[0], list) else [[v] for v in rows]
        return "".join(",".join(repr(v) for v in row) + "\n" for row in rows).encode("utf-8")
    raise AuthoringError(f"{GENERATOR}() returned a {type(value).__name__} for {name!r}; give text, bytes or a numpy array")


def student_files(make: Callable[..., Mapping[str, Any]], secret: Secret, assignment_id: str, student: str) -> dict[str, bytes]:
    """The files ``make`` (the reference module's generator) draws for ``student`` (pure)."""
    try:
        files = make(generator(secret, assignment_id, student, PURPOSE))
    except Exception as exc:  # the author's generator: its failure is one line, not a traceback
        raise AuthoringError(f"{GENERATOR}() failed for student {student}: {type(exc).__name__}: {exc}") from None
    if not isinstance(files, Mapping) or not files:
        raise AuthoringError(f"{GENERATOR}() must return a non-empty {{file name: contents}} mapping")
    out: dict[str, bytes] = {}
    for name, value in files.items():
        if not isinstance(name, str) or not name or name.startswith(".") or not set(name) <= _SAFE_FILE:
            raise AuthoringError(f"{GENERATOR}() returned the file name {name!r}; use letters, digits, . _ - only")
        out[name] = render(name, value)
    return out


def generator_of(reference: types.ModuleType | None, assignment_id: str) -> Callable[..., Mapping[str, Any]]:
    """The reference module's ``student_data`` function; a clear error if there is none."""
    make = getattr(reference, GENERATOR, None) if reference is not None else None
    if not callable(make):
        raise AuthoringError(f"{assignment_id}: data_seed: student, but the reference module has no {GENERATOR}(rng) function",
                             hint=f"define {GENERATOR}(rng) -> {{file name: text}} in the assignment's solutions module")
    return make


def write_files(folder: Path, files: Mapping[str, bytes], base: Path | None = None) -> Path:
    """Write ``files`` into ``folder`` (created) over a copy of the assignment's ``base`` data
    folder (the files the generator does not make stay everyone's), readable by the sandboxed
    student's user."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o755)
    if base is not None and base.is_dir():
        for path in sorted(base.iterdir()):
            if path.is_file() and not path.is_symlink() and path.name not in files:
                shutil.copyfile(path, folder / path.name)
                os.chmod(folder / path.name, 0o644)
    for name, content in files.items():
        (folder / name).write_bytes(content)
        os.chmod(folder / name, 0o644)
    return folder


def student_of(submission_id: str, roster: Mapping[str, str] | None = None, *, notebook_name: str = "") -> str:
    """The student a submission belongs to (pure).

    With a ``roster`` (submission id → student id, from the grade roster): that student, or ""
    when the submission is not on it. Without: the id's last part (``alice`` for
    ``alice.ipynb``), or the folder it was handed in under when the file still has the
    generated notebook's name (``alice`` for ``alice/a1-regression.ipynb``).

    >>> student_of("sec1/alice"), student_of("alice/a1-regression", notebook_name="a1-regression")
    ('alice', 'alice')
    >>> student_of("alice-complete", {"alice-complete": "2024001"})
    '2024001'
    """
    if roster is not None:
        return roster.get(submission_id, "")
    path = PurePosixPath(submission_id)
    if path.name == notebook_name and path.parent.name:
        return path.parent.name
    return path.name


class DataShelf:
    """A private folder of generated data for one batch: one sub-folder per variant, written
    once (threads may ask at the same time), all removed by :meth:`close`."""

    def __init__(self, secret: Secret, assignment_id: str, base: Path | None = None) -> None:
        """``base``: the assignment's own data folder, under every student's generated files."""
        self.secret = secret
        self.assignment_id = assignment_id
        self.base = base
        self.root = Path(tempfile.mkdtemp(prefix="nncourse-data-"))  # 0700: no student lists it
        self._lock = threading.Lock()
        self._made: dict[str, StudentData] = {}

    def get(self, student: str, reference: types.ModuleType | None) -> StudentData:
        """``student``'s data, generated on first use."""
        variant = variant_of(self.secret, self.assignment_id, student)
        with self._lock:
            if variant not in self._made:
                files = student_files(generator_of(reference, self.assignment_id), self.secret, self.assignment_id, student)
                self._made[variant] = StudentData(student, variant, write_files(self.root / variant, files, self.base))
            return self._made[variant]

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
