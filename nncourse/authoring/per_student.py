"""One student folder per roster student, for an assignment with per-student data.

``nncourse generate ASSIGNMENT --roster roster.csv --secret FILE -o DIR`` writes, besides the
usual bundles, ``DIR/students/<id>/``: the student bundle (``<assignment>.ipynb``,
``tests/public.json``, the install files) with that student's own files in ``data/`` (drawn by
:func:`nncourse.grading.student_data.student_files`, exactly as the grader draws them) and the
student's id and data variant in the notebook's metadata. Nothing else differs: no secret, no
generator and no other student's data reach the folder.

The data also travel *inside* the notebook. A code line of the master that ends with the
directive ``# STUDENT DATA: FILE`` (FILE: a CSV file with a header row and numbers only)::

    my_commute = np.loadtxt("data/commute.csv", delimiter=",", skiprows=1)  # STUDENT DATA: commute.csv

becomes, in that student's notebook, ``my_commute = np.array([[…], …])`` holding the rows of
their FILE. A notebook therefore carries its owner's numbers: handed in by another student, it
answers the data questions for its owner's data, not for the data the grader binds for the
student who handed it in. Notebooks generated without a roster keep the line as written
(they read ``data/``: the default data, or in the grader each student's own).
"""

from __future__ import annotations

import csv
import os
import re
import shutil
from pathlib import Path
from typing import Mapping

from ..errors import AuthoringError
from ..grading.student_data import generator_of, student_files, variant_of, write_files
from ..keyed import DataSeed, Secret
from ..notebook.writer import write_notebook
from .master import Master
from .selfcheck import with_check_cells

__all__ = ["STUDENTS", "embed_data", "personal_cells", "personal_metadata", "table_literal", "write_student_folders"]

#: Folder of the per-student copies inside the output folder.
STUDENTS = "students"
_DIRECTIVE = re.compile(r"^(?P<lhs>[ \t]*[A-Za-z_]\w*[ \t]*=)[^\n]*?#[ \t]*STUDENT DATA:[ \t]*(?P<file>[\w.\-]+)[ \t]*$",
                        re.MULTILINE)


def table_literal(name: str, content: bytes) -> str:
    """``np.array([...])`` holding the numeric rows of CSV ``content`` (header row skipped);
    the same array as ``np.loadtxt(file, delimiter=",", skiprows=1)`` reads (floats repr exactly).

    >>> table_literal("t.csv", b"a,b\\n1,2.5\\n3,4\\n")
    'np.array([[1.0, 2.5], [3.0, 4.0]])'
    """
    rows = [r for r in csv.reader(content.decode("utf-8").splitlines()) if r][1:]
    try:
        values = [[float(v) for v in row] for row in rows]
    except ValueError:
        raise AuthoringError(f"# STUDENT DATA: {name} needs a CSV file of numbers under one header row") from None
    return "np.array([" + ", ".join("[" + ", ".join(repr(v) for v in row) + "]" for row in values) + "])"


def embed_data(source: str, files: Mapping[str, bytes], where: str = "notebook") -> str:
    """``source`` with every ``# STUDENT DATA: FILE`` line's right-hand side replaced by FILE's rows."""
    def replace(match: re.Match[str]) -> str:
        name = match["file"]
        if name not in files:
            raise AuthoringError(f"{where}: '# STUDENT DATA: {name}' names a file the generator does not make",
                                 hint=f"it makes: {', '.join(files)}")
        return f"{match['lhs']} {table_literal(name, files[name])}  # 你的数据 / your own data ({name})"

    return _DIRECTIVE.sub(replace, source)


def _copy_bundle(student_bundle: Path, target: Path, notebook: str) -> None:
    """The student bundle without its notebook and data (hard links where the disk allows)."""
    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(student_bundle, target, copy_function=link_or_copy,
                    ignore=lambda folder, names: [n for n in names if Path(folder) == student_bundle and n in (notebook, "data")])


def personal_cells(master: Master, files: Mapping[str, bytes], *, solved: bool = False) -> list[tuple[str, str]]:
    """The student's (or, ``solved``, the solution's) notebook cells carrying ``files``."""
    out = []
    for cell in with_check_cells(master):
        source = cell.solution if solved else cell.student
        if source is not None:
            out.append((cell.kind, embed_data(source, files, master.path.name) if cell.kind == "code" else source))
    return out


def personal_metadata(master: Master, student: str, variant: str) -> dict:
    """The notebook metadata of one student's copy (whose it is; reported by the grader, never trusted)."""
    return {"nncourse": {"assignment": master.header.id, "title": master.header.title, "student": student, "variant": variant}}


def write_student_folders(master: Master, reference_module: object, *, out: Path, students: tuple[str, ...],
                          secret: Secret) -> list[Path]:
    """``out/students/<id>/`` for every id in ``students`` (after ``out/student`` is written)."""
    h = master.header
    if h.data_seed != DataSeed.STUDENT:
        raise AuthoringError(f"{h.id} has no per-student data (data_seed: student in its ASSIGNMENT CONFIG)",
                             hint="generate it without --roster")
    make = generator_of(reference_module, h.id)  # type: ignore[arg-type]
    written = []
    for student in students:
        files = student_files(make, secret, h.id, student)
        folder = out / STUDENTS / student
        _copy_bundle(out / "student", folder, f"{h.id}.ipynb")
        write_files(folder / "data", files, out / "student" / "data")
        write_notebook(folder / f"{h.id}.ipynb", personal_cells(master, files),
                       personal_metadata(master, student, variant_of(secret, h.id, student)))
        written.append(folder)
    return written
