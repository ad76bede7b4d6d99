"""``nncourse list`` lines for quizzes: one per ``<quizzes>/<id>.toml``.

Only the title is read here (no validation), so one broken quiz file never hides the
others; ``nncourse quiz key ID`` reports its problems with line numbers.
"""

from __future__ import annotations

import tomllib
from typing import Iterator

from ..course import CatalogueEntry, Course, EntryKind, find_entry


def quiz_entries(course: Course) -> Iterator[CatalogueEntry]:
    """A :class:`CatalogueEntry` of kind ``quiz`` for every quiz file of ``course``."""
    if not course.quizzes.is_dir():
        return
    for path in sorted(course.quizzes.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text("utf-8"))
            zh, en = str(data.get("title_zh", "")).strip(), str(data.get("title_en", "")).strip()
            title = " / ".join(t for t in (zh, en) if t) or path.stem
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            title = f"(无法读取的测验文件 / unreadable quiz file; run: nncourse quiz key {path.stem})"
        yield CatalogueEntry(path.stem, EntryKind.QUIZ, title, path)


def quiz_entry(course: Course, ident: str) -> CatalogueEntry:
    """The quiz called ``ident``."""
    return find_entry(sorted(quiz_entries(course), key=lambda e: e.id), ident, EntryKind.QUIZ)
