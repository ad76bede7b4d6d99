"""The class roster: which submission is whose, for the gradebook and the LMS exports.

``roster.csv`` is a CSV file with a header line. Columns (names as shown; order free; extra
columns ignored):

``submission``  the submission's id as ``nncourse grade`` reports it: the notebook's file
                stem (``alice-complete``), or its path relative to the folder given
                (``week3/alice``); a path or a file name with ``.ipynb`` also matches
``student_id``  the student's number in the university's records (Canvas: SIS User ID;
                Moodle: ID number)
``name``        the student's name as the LMS shows it
``email``       the student's e-mail address (Canvas: SIS Login ID; Moodle: Email address)
``section``     optional: the class section (Canvas: Section)

>>> s = Student("alice", "2024001", "Alice Zhang", "alice@example.edu")
>>> match_submission("week3/alice.ipynb", {"alice": s}) is s
True
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Mapping

from ..errors import NncourseError

#: Columns a roster must have, and the optional one.
REQUIRED = ("submission", "student_id", "name", "email")
OPTIONAL = ("section",)


@dataclass(frozen=True)
class Student:
    """One roster line."""

    submission: str
    student_id: str
    name: str
    email: str
    section: str = ""


def read_roster(path: Path) -> list[Student]:
    """The roster at ``path``; a missing column or a repeated submission is one clear error."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
            header = [h.strip() for h in (rows[0].keys() if rows else [])]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise NncourseError(f"cannot read roster {path}: {exc}") from None
    if not rows:
        raise NncourseError(f"roster {path} has no students", hint=f"a header line {','.join(REQUIRED)},section, then one line per student")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise NncourseError(f"roster {path} lacks column(s) {', '.join(missing)}",
                            hint=f"its first line must name {','.join(REQUIRED)} (and optionally section)")
    students: list[Student] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        key = _key(row["submission"])
        if not key:
            raise NncourseError(f"roster {path}, line {number}: empty submission")
        if key in seen:
            raise NncourseError(f"roster {path}, line {number}: submission {row['submission']!r} appears twice")
        seen.add(key)
        students.append(Student(key, row["student_id"], row["name"], row["email"], row.get("section", "")))
    return students


def _key(text: str) -> str:
    """A roster's or a submission's id, without a ``.ipynb`` suffix and with ``/`` separators."""
    text = text.strip().replace("\\", "/")
    return text[: -len(".ipynb")] if text.endswith(".ipynb") else text


def match_submission(submission: str, students: Mapping[str, Student]) -> Student | None:
    """The roster entry for a submission id: the same id, else the same last path component."""
    key = _key(submission)
    if key in students:
        return students[key]
    stem = PurePosixPath(key).name
    hits = [s for k, s in students.items() if PurePosixPath(k).name == stem]
    return hits[0] if len(hits) == 1 else None


def match_all(submissions: Iterable[str], students: Iterable[Student]) -> tuple[dict[str, Student], list[str], list[Student]]:
    """(submission id → student, submissions not in the roster, roster entries without a submission)."""
    by_key = {_key(s.submission): s for s in students}
    matched: dict[str, Student] = {}
    unmatched: list[str] = []
    for ident in submissions:
        student = match_submission(ident, by_key)
        if student is None:
            unmatched.append(ident)
        else:
            matched[ident] = student
    used = {id(s) for s in matched.values()}
    return matched, unmatched, [s for s in by_key.values() if id(s) not in used]
