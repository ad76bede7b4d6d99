"""Which files of a batch are submissions, and the id each is reported under.

An id is the notebook's path relative to the folder given, without ``.ipynb``
(``sec1/alice``), or the file's stem for a file given by name. Two different files never
share an id: within one folder relative paths are unique, and a clash between two inputs
stops the batch with one line naming both files (no silent renaming). The results folder of
an id is :func:`nncourse.reporting.safe_text.folder_name`, which is injective.

What is not graded is still listed, with the reason, so it gets a row in the gradebook:

* a symbolic link, unless ``follow_symlinks`` — and even then only a link whose target is a
  regular file inside the folder it was found in and not another submission of the batch (a
  link to the solution or to another student's notebook is not that student's work);
* anything that is not a regular file (a FIFO, a device), which is never opened.

Folders are walked without following links to folders.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterable, NamedTuple

from ..errors import NncourseError
from ..files import file_refusal

SUFFIX = ".ipynb"
_SKIP_DIRS = frozenset({".ipynb_checkpoints"})


class Submission(NamedTuple):
    """One notebook to grade and the identifier it is reported under."""

    id: str
    path: Path
    refused: str = ""
    """Why this file is not graded ("" when it is); the batch reports it as an error row."""
    student: str = ""
    """Whose data it is graded with, for an assignment with per-student data ("": the one
    :func:`.student_data.student_of` reads from the id). Set by the caller, e.g. from the roster."""


def _candidates(root: Path) -> Iterable[Path]:
    """Every ``*.ipynb`` entry under ``root`` that is not a folder, in sorted order, links not followed."""
    found = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        # a link to a folder named x.ipynb is listed among dirs; a link is judged as a file
        links = [d for d in dirs if d.endswith(SUFFIX) and os.path.islink(os.path.join(folder, d))]
        found += [Path(folder) / name for name in [*files, *links] if name.endswith(SUFFIX)]
    return sorted(found)


def _judge(path: Path, inside: Path, follow_symlinks: bool) -> tuple[Path, str]:
    """(path to read, refusal) for a candidate found in folder ``inside``."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return path, f"cannot read {path.name}: {exc.strerror or exc}"
    if not stat.S_ISLNK(mode):
        return path, file_refusal(path)
    if not follow_symlinks:
        return path, f"{path.name} is a symbolic link; links are not graded (pass --follow-symlinks to grade links that stay inside the submissions folder)"
    target = path.resolve()
    root = inside.resolve()
    if not target.is_relative_to(root):
        return path, f"{path.name} is a symbolic link to a file outside the submissions folder; it is not graded"
    return target, file_refusal(target)


def submission_ids(found: Iterable[tuple[Path | None, Path]], *,
                   hint: str = "grade them from one folder (ids are paths inside it), or rename one") -> dict[Path, str]:
    """Ids for ``(folder given or None, notebook path)`` pairs, keyed by notebook path (pure).

    Raises :class:`NncourseError` when two different files would get the same id.

    >>> ids = submission_ids([(Path("subs"), Path("subs/sec1/alice.ipynb")), (None, Path("x/bob.ipynb"))])
    >>> sorted(ids.values())
    ['bob', 'sec1/alice']
    """
    ids: dict[Path, str] = {}
    owner: dict[str, Path] = {}
    for root, path in found:
        ident = (path.relative_to(root) if root is not None else Path(path.name)).as_posix()
        ident = ident[: -len(SUFFIX)] if ident.endswith(SUFFIX) else Path(ident).stem if root is None else ident
        if ident in owner and owner[ident] != path:
            raise NncourseError(
                f"two submissions map to the same id {ident!r}: {owner[ident]} and {path}",
                hint=hint,
            )
        owner[ident] = path
        ids[path] = ident
    return ids


def find_submissions(inputs: Iterable[Path], *, follow_symlinks: bool = False) -> list[Submission]:
    """Notebook files from files and folders (see the module docstring), in input order.

    The same file named twice (a folder and a file inside it) is graded once.
    """
    found: list[tuple[Path | None, Path]] = []
    for item in inputs:
        if item.is_dir():
            found += [(item, nb) for nb in _candidates(item)]
        elif os.path.lexists(item):
            found.append((None, item))
        else:
            raise NncourseError(f"no such file or folder: {item}")
    unique: dict[str, tuple[Path | None, Path]] = {}
    for root, path in found:
        unique.setdefault(os.path.realpath(path) if not os.path.islink(path) else os.path.abspath(path), (root, path))
    pairs = list(unique.values())
    ids = submission_ids(pairs)
    judged = [(path, *_judge(path, root if root is not None else path.parent, follow_symlinks)) for root, path in pairs]
    own = {os.path.realpath(path): ids[path] for path, _, refused in judged if not refused and not os.path.islink(path)}
    out = []
    for path, read, refused in judged:
        other = own.get(os.path.realpath(read)) if not refused and os.path.islink(path) else None
        if other is not None:
            refused = f"{path.name} is a symbolic link to another submission ({other}); it is not graded"
        out.append(Submission(ids[path], read, refused))
    return out


def declared_assignment(submissions: Iterable[Submission]) -> str | None:
    """The assignment most of the readable notebooks declare in their metadata (None if none does).

    One notebook cannot choose the assignment of a whole batch: a tie between the most
    declared ids raises :class:`NncourseError` asking for ``-a``.
    """
    from collections import Counter

    from ..notebook.reader import read_notebook

    votes: Counter[str] = Counter()
    for sub in submissions:
        if sub.refused:
            continue
        try:
            declared = read_notebook(sub.path, follow_symlinks=False).assignment_id()
        except NncourseError:
            continue
        if declared:
            votes[declared] += 1
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        counts = ", ".join(f"{ident} ({n})" for ident, n in ranked[:4])
        raise NncourseError(f"the notebooks declare different assignments: {counts}", hint="pass -a ASSIGNMENT")
    return ranked[0][0] if ranked else None
