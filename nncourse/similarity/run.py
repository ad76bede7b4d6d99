"""Library entry point behind ``nncourse similarity`` (keyword-only; paths in, a run out)."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from ..course import Course
from ..errors import NncourseError
from .fingerprints import DEFAULT_K, DEFAULT_W
from .index import DEFAULT_MIN_SHARED, default_max_df, score_pairs
from .regions import matching_lines
from .report import Flagged, SimilarityRun
from .sources import Document, Template, code_cells, document, submission_paths

#: Pairs at or above this similarity are listed with a side-by-side view.
DEFAULT_THRESHOLD = 0.75


def template_for(course: Course | None, assignment: str | None) -> tuple[str, Template]:
    """The template of ``assignment``: an assignment id (its student notebook) or a notebook path."""
    if not assignment:
        return "", Template.empty()
    path = Path(assignment)
    if path.suffix in (".ipynb", ".py") and path.is_file():
        return path.stem, Template.from_cells(code_cells(path))
    if course is None:
        raise NncourseError(f"{assignment!r} is not a notebook file and no course was found")
    from ..authoring.catalogue import assignment_entry  # local: only when an assignment id is given
    from ..authoring.master import load_master

    master = load_master(assignment_entry(course, assignment).path, course.solutions)
    return assignment, Template.from_cells([c.student for c in master.cells if c.kind == "code"])


def compare(*, documents: list[Document], threshold: float = DEFAULT_THRESHOLD, max_df: int | None = None,
            min_shared: int = DEFAULT_MIN_SHARED, assignment: str = "", k: int = DEFAULT_K, w: int = DEFAULT_W) -> SimilarityRun:
    """Score all pairs of ``documents`` and collect the matching lines of the flagged ones."""
    readable = [i for i, d in enumerate(documents) if not d.error]
    max_df = default_max_df(len(readable)) if max_df is None else max_df
    pairs = score_pairs([documents[i].unique for i in readable], max_df=max_df, min_shared=min_shared)
    pairs = [type(p)(readable[p.a], readable[p.b], p.shared, p.share_a, p.share_b) for p in pairs]
    flagged = []
    for p in pairs:
        if p.similarity < threshold:
            break
        a, b = documents[p.a], documents[p.b]
        assert a.prints is not None and b.prints is not None
        shared = np.intersect1d(a.unique, b.unique)
        lines_a, lines_b = matching_lines(a.prints, b.prints, shared)
        flagged.append(Flagged(p, lines_a, lines_b))
    settings = f"k = {k}, w = {w}, max_df = {max_df}, min_shared = {min_shared}"
    return SimilarityRun(assignment, documents, pairs, flagged, threshold, settings)


def read_documents(found: list[tuple[str, Path]], template: Template, k: int, w: int, jobs: int) -> list[Document]:
    """Tokenise and fingerprint every submission, in ``jobs`` processes (the slow, parallel part)."""
    if jobs <= 1 or len(found) < 64:
        return [document(ident, path, template, k, w) for ident, path in found]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_document, [(ident, path, template, k, w) for ident, path in found], chunksize=32))


def _document(args: tuple[str, Path, Template, int, int]) -> Document:
    return document(*args)


def similarity(*, targets: list[Path], course: Course | None = None, assignment: str | None = None,
               threshold: float = DEFAULT_THRESHOLD, max_df: int | None = None,
               min_shared: int = DEFAULT_MIN_SHARED, k: int = DEFAULT_K, w: int = DEFAULT_W,
               jobs: int = 1) -> SimilarityRun:
    """Read every submission under ``targets`` (template of ``assignment`` removed) and compare them."""
    if not 0 < threshold <= 1:
        raise NncourseError(f"threshold must be in (0, 1] (got {threshold})")
    name, template = template_for(course, assignment)
    found = submission_paths(targets)
    if len(found) < 2:
        raise NncourseError(f"need at least two submissions to compare (found {len(found)})",
                            hint="pass a folder of .ipynb or .py files")
    documents = read_documents(found, template, k, w, jobs)
    return compare(documents=documents, threshold=threshold, max_df=max_df, min_shared=min_shared,
                   assignment=name, k=k, w=w)
