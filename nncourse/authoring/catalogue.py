"""The course's assignments: one per ``<assignments>/*/master.ipynb``, known by the id in its header."""

from __future__ import annotations

from typing import Iterator

from ..course import CatalogueEntry, Course, EntryKind, find_entry
from .master import read_assignment_header


def assignment_entries(course: Course) -> Iterator[CatalogueEntry]:
    """A :class:`CatalogueEntry` of kind ``assignment`` per master notebook of ``course``, by path."""
    if not course.assignments.is_dir():
        return
    for master in sorted(course.assignments.glob("*/master.ipynb")):
        header = read_assignment_header(master)
        yield CatalogueEntry(header.id, EntryKind.ASSIGNMENT, header.title, master)


def assignment_entry(course: Course, ident: str) -> CatalogueEntry:
    """The assignment called ``ident`` (its master notebook is ``.path``)."""
    return find_entry(sorted(assignment_entries(course), key=lambda e: e.id), ident, EntryKind.ASSIGNMENT)
