"""The results ledger: ``OUTDIR/ledger.sqlite``, the one store of a grading folder.

One row per submission: its id, the SHA-256 of the notebook's bytes, the fingerprint of the
assignment it was graded with (:meth:`~.source.AssignmentSource.fingerprint`), the result as
JSON (:meth:`SubmissionResult.to_json`) and when it was graded. ``results.json``,
``instructor.json`` and ``gradebook.csv`` are views of these rows, rewritten from it
(atomically) by the reporters; a person's review decisions and the roster live here too.

Why it never loses a grade:

* each result is committed (SQLite, write-ahead log) the moment it is known, so a batch killed
  at any moment (``SIGKILL``, a sleeping laptop) loses only the submissions in flight, and the
  next ``grade`` finishes the rest;
* a ``grade`` into a folder that holds grades adds to them: a regraded submission replaces its
  own row and nothing else;
* a submission whose notebook and assignment are unchanged is not graded again (unless
  ``--force``); a changed bundle (a fixed test) changes the fingerprint, so everything graded
  with the old one is graded again;
* one ``grade`` at a time: :meth:`Ledger.open` takes an exclusive ``flock`` on
  ``OUTDIR/.nncourse.lock`` (the kernel drops it when the process dies, even by ``SIGKILL``) and
  a second one refuses with one line.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import stat
import json
import os
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from ..checks.results import SubmissionResult
from ..errors import NncourseError
from ..reporting.roster import Student
from .review import decide

LEDGER_FILE = "ledger.sqlite"
LOCK_FILE = ".nncourse.lock"
#: Version of the tables below; a newer ledger is refused rather than misread.
SCHEMA = 1

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS submissions (id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS results (
    id TEXT PRIMARY KEY REFERENCES submissions(id),
    notebook_sha256 TEXT NOT NULL,
    assignment_sha256 TEXT NOT NULL,
    result TEXT NOT NULL,
    graded_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS decisions (
    id TEXT NOT NULL, test TEXT NOT NULL, notebook_sha256 TEXT NOT NULL, accept INTEGER NOT NULL,
    decided_at TEXT NOT NULL, PRIMARY KEY (id, test)
);
CREATE TABLE IF NOT EXISTS students (
    id TEXT PRIMARY KEY, student_id TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL, section TEXT NOT NULL
);
"""


class LedgerBusy(NncourseError):
    """Another ``nncourse`` is writing to the same output folder."""


def sha256_file(path: Path) -> str:
    """The SHA-256 of a regular file's bytes (hex); ``""`` when it cannot be read or is not a
    regular file (a FIFO or a device named ``x.ipynb`` is never opened for reading: it could block
    or never end)."""
    digest = hashlib.sha256()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return ""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        with os.fdopen(fd, "rb", closefd=False) as handle:
            for block in iter(lambda: handle.read(1 << 16), b""):
                digest.update(block)
    except OSError:
        return ""
    finally:
        os.close(fd)
    return digest.hexdigest()


def with_variant(assignment_sha256: str, variant: str) -> str:
    """The inputs key of a submission graded with per-student data: the assignment's
    fingerprint and the data variant (another secret or another student means a regrade)."""
    if not variant:
        return assignment_sha256
    return hashlib.sha256(f"{assignment_sha256}\nvariant {variant}".encode()).hexdigest()


def now() -> str:
    """The current time as the ledger writes it (ISO 8601, UTC, microseconds: sortable as text)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def remove_leftovers(outdir: Path) -> None:
    """Delete temporary files a killed run left (``.tmp-*``: written files are renamed into place)."""
    for leftover in outdir.rglob(".tmp-*"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _why_unwritable(outdir: Path) -> None:
    """Raise the one-line error that writing a ledger-sized file in ``outdir`` meets, if any."""
    from ..files import write_atomic

    probe = outdir / ".probe-ledger"
    try:
        write_atomic(probe, b"\0" * (1 << 16), private=True)
    finally:
        probe.unlink(missing_ok=True)


class Ledger:
    """The results of one output folder. Open it with :meth:`open` (which locks the folder)."""

    def __init__(self, outdir: Path, connection: sqlite3.Connection) -> None:
        self.outdir = outdir
        self._db = connection
        self._write = threading.Lock()

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    @contextlib.contextmanager
    def open(cls, outdir: Path) -> Iterator["Ledger"]:
        """The ledger of ``outdir`` (created if need be), with the folder locked until the block ends."""
        outdir.mkdir(parents=True, exist_ok=True)
        with lock(outdir):
            remove_leftovers(outdir)
            fresh = not (outdir / LEDGER_FILE).exists()
            try:
                db = sqlite3.connect(outdir / LEDGER_FILE, check_same_thread=False, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable across a killed process
                db.executescript(_TABLES)
            except sqlite3.DatabaseError as exc:
                if fresh:  # nothing was there: the folder cannot be written (full disk, file size limit)
                    for leftover in outdir.glob(LEDGER_FILE + "*"):
                        leftover.unlink(missing_ok=True)
                    _why_unwritable(outdir)
                raise NncourseError(f"{outdir / LEDGER_FILE}: not a results ledger ({exc})",
                                    hint="choose another -o, or move that folder away") from None
            ledger = cls(outdir, db)
            try:
                ledger._check_schema()
                if fresh:
                    ledger._import_files()
                yield ledger
            finally:
                db.close()

    def _check_schema(self) -> None:
        version = self.meta("schema")
        if version is None:
            self.set_meta("schema", str(SCHEMA))
        elif int(version) > SCHEMA:
            raise NncourseError(f"{self.outdir / LEDGER_FILE} was written by a newer nncourse (schema {version})",
                                hint="upgrade nncourse")

    def _import_files(self) -> None:
        """Adopt an output folder written before the ledger existed (``*/instructor.json`` and
        ``gradebook.csv``): its results become rows with an unknown notebook hash, so the next
        ``grade`` of those submissions grades them again."""
        from ..reporting.gradebook import read_gradebook_ids, read_questions

        records = sorted(self.outdir.glob("*/instructor.json"))
        if not records:
            return
        results = []
        for path in records:
            try:
                results.append(SubmissionResult.from_json(json.loads(path.read_text("utf-8"))))
            except (OSError, ValueError, KeyError, TypeError):
                continue
        order = read_gradebook_ids(self.outdir / "gradebook.csv")
        results.sort(key=lambda r: (order.index(r.submission) if r.submission in order else len(order), r.submission))
        self.order(r.submission for r in results)
        for r in results:
            self.record(r, notebook_sha256="", assignment_sha256="")
        questions = read_questions(self.outdir / "gradebook.csv")
        if questions is not None:
            self.set_meta("questions", json.dumps(questions))
        if results:
            self.set_meta("assignment", results[0].assignment)

    # -- meta ---------------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._write:
            self._db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                             (key, value))

    def claim(self, assignment: str) -> None:
        """Mark this folder as holding grades of ``assignment``; grades of another one are refused."""
        held = self.meta("assignment")
        if held is not None and held != assignment:
            raise NncourseError(f"{self.outdir} holds grades of {held}, not {assignment}",
                                hint="grade each assignment into its own -o folder")
        self.set_meta("assignment", assignment)

    @property
    def questions(self) -> list[str]:
        return json.loads(self.meta("questions") or "[]")

    # -- results ------------------------------------------------------------------------------

    def order(self, ids: Iterable[str]) -> None:
        """Give each new submission id the next place in the views (first seen, first listed)."""
        with self._write:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                (top,) = self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM submissions").fetchone()
                for ident in ids:
                    if self._db.execute("SELECT 1 FROM submissions WHERE id = ?", (ident,)).fetchone() is None:
                        top += 1
                        self._db.execute("INSERT INTO submissions (id, seq) VALUES (?, ?)", (ident, top))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def unchanged(self, ident: str, notebook_sha256: str, assignment_sha256: str) -> bool:
        """Whether ``ident`` was graded from this very notebook with this very assignment."""
        row = self._db.execute("SELECT notebook_sha256, assignment_sha256 FROM results WHERE id = ?", (ident,)).fetchone()
        return row is not None and bool(notebook_sha256) and row == (notebook_sha256, assignment_sha256)

    def record(self, result: SubmissionResult, *, notebook_sha256: str, assignment_sha256: str) -> None:
        """Store (or replace) the result of one submission, committed before this returns."""
        with self._write:
            self._db.execute(
                "INSERT INTO results (id, notebook_sha256, assignment_sha256, result, graded_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET notebook_sha256 = excluded.notebook_sha256, "
                "assignment_sha256 = excluded.assignment_sha256, result = excluded.result, graded_at = excluded.graded_at",
                (result.submission, notebook_sha256, assignment_sha256, json.dumps(result.to_json(), ensure_ascii=False), now()),
            )

    def results(self) -> list[SubmissionResult]:
        """Every stored result in view order, with the review decisions that still apply."""
        rows = self._db.execute(
            "SELECT r.id, r.notebook_sha256, r.result FROM results r JOIN submissions s ON s.id = r.id ORDER BY s.seq").fetchall()
        return [self.reviewed(SubmissionResult.from_json(json.loads(text)), sha) for _, sha, text in rows]

    def reviewed(self, result: SubmissionResult, notebook_sha256: str) -> SubmissionResult:
        """``result`` with the decisions a person made on this notebook's undecided tests."""
        for test, accept in self._db.execute(
                "SELECT test, accept FROM decisions WHERE id = ? AND notebook_sha256 = ? ORDER BY rowid",
                (result.submission, notebook_sha256)).fetchall():
            if test in result.needs_review:
                result = decide(result, test, accept=bool(accept))
        return result

    def changed_since(self, moment: str | None) -> set[str] | None:
        """Submissions graded or reviewed at or after ``moment`` (None: all of them)."""
        if moment is None:
            return None
        rows = self._db.execute("SELECT id FROM results WHERE graded_at >= ? UNION SELECT id FROM decisions WHERE decided_at >= ?",
                                (moment, moment)).fetchall()
        return {row[0] for row in rows}

    def result(self, ident: str) -> SubmissionResult | None:
        """One submission's result with its decisions applied (None if it has none)."""
        return next((r for r in self.results() if r.submission == ident), None)

    # -- review -------------------------------------------------------------------------------

    def decide(self, ident: str, test: str, *, accept: bool) -> SubmissionResult:
        """Record a person's decision on an undecided test of ``ident``; returns the re-totalled result.

        The decision holds for this notebook: a new version of it is graded afresh."""
        current = self.result(ident)
        if current is None:
            raise NncourseError(f"no submission {ident!r} in {self.outdir}")
        decided = decide(current, test, accept=accept)  # raises if the test is not pending
        name = next(t.name for t, old in zip(decided.tests, current.tests) if t is not old)
        (sha,) = self._db.execute("SELECT notebook_sha256 FROM results WHERE id = ?", (ident,)).fetchone()
        with self._write:
            self._db.execute(
                "INSERT INTO decisions (id, test, notebook_sha256, accept, decided_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(id, test) DO UPDATE SET notebook_sha256 = excluded.notebook_sha256, accept = excluded.accept, "
                "decided_at = excluded.decided_at",
                (ident, name, sha, int(accept), now()),
            )
        return decided

    # -- roster -------------------------------------------------------------------------------

    def set_roster(self, students: Sequence[Student]) -> None:
        """Replace the stored roster."""
        with self._write:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("DELETE FROM students")
                self._db.executemany("INSERT INTO students (id, student_id, name, email, section) VALUES (?, ?, ?, ?, ?)",
                                     [(s.submission, s.student_id, s.name, s.email, s.section) for s in students])
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def roster(self) -> list[Student]:
        """The roster the last ``--roster`` gave, in its order (empty: none given yet)."""
        return [Student(*row) for row in self._db.execute("SELECT id, student_id, name, email, section FROM students ORDER BY rowid")]


@contextlib.contextmanager
def lock(outdir: Path) -> Iterator[None]:
    """Hold ``OUTDIR/.nncourse.lock`` exclusively, or refuse at once with one line."""
    path = outdir / LOCK_FILE
    handle = open(path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise LedgerBusy(f"{outdir} is being written by another nncourse ({holder})",
                             hint="wait for it to finish, or choose another -o") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()
