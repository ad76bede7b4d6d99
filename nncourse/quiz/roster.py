"""The class roster and the course secret for per-student variants (file I/O at the edge).

Roster: a CSV file with a header row and one student per row; the id column is the first
of ``id``, ``student_id``, ``student``, ``sid``, ``学号``, ``email`` that is present. Ids are
used as folder names, so they are limited to letters, digits and ``. _ @ + -``.

Secret: a file whose text (stripped) keys every draw; at least 16 bytes. Keep it out of the
repository and out of every student file: anyone holding it can compute every variant.
Given by ``--secret FILE`` or the ``NNCOURSE_SECRET_FILE`` environment variable.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import AnswerError
from ..keyed import SECRET_ENV, Secret, read_secret  # noqa: F401 (the quiz commands' names)

#: Header names accepted for the student id column, in order of preference.
ID_COLUMNS: tuple[str, ...] = ("id", "student_id", "student", "sid", "学号", "email")
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+\-]{0,127}$")
#: Largest roster read (bytes).
MAX_ROSTER_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Roster:
    """Student ids in file order."""

    students: tuple[str, ...]
    path: Path | None = None

    def __contains__(self, student: object) -> bool:
        return student in self.students

    def student_of(self, answers: Path) -> str | None:
        """Whose answers file this is: its name up to the first dot, else its folder's name.

        The id comes from where the file was handed in (the submission system's file or
        folder name), never from the file's contents: a student could write anyone's id there.
        """
        for candidate in (answers.name.split(".")[0], answers.parent.name):
            if candidate in self:
                return candidate
        return None


def parse_roster(text: str, where: str = "roster") -> Roster:
    """Read roster CSV ``text`` (see the module docstring)."""
    rows = list(csv.reader(text.splitlines()))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise AnswerError(f"{where}: the roster is empty", hint="a header row such as 'id,name' and one student per row")
    header = [h.strip().lstrip("\ufeff").lower() for h in rows[0]]
    column = next((header.index(name) for name in ID_COLUMNS if name in header), None)
    if column is None:
        raise AnswerError(f"{where}: no student id column (looked for {', '.join(ID_COLUMNS)}; found {', '.join(header) or 'nothing'})")
    students: list[str] = []
    seen: set[str] = set()
    for line, row in enumerate(rows[1:], start=2):
        student = row[column].strip() if column < len(row) else ""
        if not _SAFE_ID.match(student):
            raise AnswerError(f"{where}:{line}: student id {student!r} is empty or has characters other than letters, digits and . _ @ + -")
        if student in seen:
            raise AnswerError(f"{where}:{line}: student id {student!r} appears twice")
        seen.add(student)
        students.append(student)
    if not students:
        raise AnswerError(f"{where}: the roster has a header but no students")
    return Roster(tuple(students))


def read_roster(path: Path) -> Roster:
    """Read and check the roster file at ``path``."""
    try:
        if path.stat().st_size > MAX_ROSTER_BYTES:
            raise AnswerError(f"{path}: larger than {MAX_ROSTER_BYTES // 1024 // 1024} MiB; not a roster")
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise AnswerError(f"{path}: no such roster file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AnswerError(f"{path}: cannot read the roster: {exc}") from None
    roster = parse_roster(text, str(path))
    return Roster(roster.students, path)
