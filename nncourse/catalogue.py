"""Everything a course offers, for ``nncourse list``: each kind of gradable item contributes
its entries through a provider (a function ``Course -> Iterator[CatalogueEntry]``).

A new kind of item (say, a project) adds its provider to :data:`PROVIDERS`; the providers live
in the subpackage that understands that kind of file, below this module.
"""

from __future__ import annotations

from typing import Callable, Iterator

from .authoring.catalogue import assignment_entries
from .course import CatalogueEntry, Course
from .quiz.catalogue import quiz_entries

CatalogueProvider = Callable[[Course], Iterator[CatalogueEntry]]
#: Providers of ``nncourse list`` lines, one per kind of gradable item.
PROVIDERS: tuple[CatalogueProvider, ...] = (assignment_entries, quiz_entries)


def catalogue(course: Course) -> list[CatalogueEntry]:
    """Every assignment and quiz of ``course``, sorted by kind, then id."""
    return sorted((e for provider in PROVIDERS for e in provider(course)), key=lambda e: (e.kind, e.id))
