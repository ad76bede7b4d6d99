"""What ``generate`` adds for students: self-check cells in the notebooks, and a way to install them.

:func:`with_check_cells` puts, around the cells of a master notebook, a first markdown cell
(install → check → submit), the import cell, a ``check("q")`` cell after every question that
has public tests, and ``check_all()`` / ``check_submission()`` at the end. Both the student
and the solved notebook get them; the grader skips them (:mod:`nncourse.notebook.checkcells`).

:func:`write_student_install` puts a wheel of nncourse, built from the source tree this
nncourse runs from with ``pip wheel --no-deps``, and a ``requirements.txt`` naming it (and
sympy for derivation answers) into the student folder: ``pip install -r requirements.txt``
there installs the student part, numpy (+ sympy) and nothing of the instructor's extras.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import AuthoringError
from ..notebook import checkcells
from .master import Master, OutputCell

#: Public test helpers that need sympy on the student's machine.
SYMBOLIC_HELPERS = ("expect_parses", "expect_equivalent")


def needs_sympy(master: Master) -> bool:
    """Whether the public tests check derivation answers (then students install sympy too)."""
    return any(h in t.source for t in master.tests if not t.hidden for h in SYMBOLIC_HELPERS)


def with_check_cells(master: Master) -> list[OutputCell]:
    """The master's output cells with the self-check cells added (see the module docstring)."""
    tested = {t.question for t in master.tests if not t.hidden}
    after: dict[int, list[str]] = {}
    for question, _start, end in master.question_spans:
        if question in tested:
            after.setdefault(end, []).append(question)
    same = lambda kind, text: OutputCell(kind, text, text)  # noqa: E731
    cells = [same("markdown", checkcells.setup_markdown(master.header.id, symbolic=needs_sympy(master))), same("code", checkcells.SETUP_CELL)]
    for index, cell in enumerate([*master.cells, None]):
        cells += [same("code", checkcells.check_cell(q)) for q in after.get(index, [])]
        if cell is not None:
            cells.append(cell)
    cells += [same("code", text) for text in checkcells.final_cells()]
    return cells


def _source_tree() -> Path | None:
    """The folder with nncourse's ``pyproject.toml``, when nncourse runs from a source tree."""
    root = Path(__file__).resolve().parents[2]
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and 'name = "nncourse"' in pyproject.read_text("utf-8"):
        return root
    return None


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted([root / "pyproject.toml", *(root / "nncourse").rglob("*.py")]):
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def build_wheel(root: Path, cache: Path) -> Path:
    """``pip wheel --no-deps`` of the nncourse source at ``root``, reused while the source is unchanged.

    The build runs on a copy of the package (``pyproject.toml``, ``README.md``, ``nncourse/``),
    so the source tree gets no ``build/`` folder; ``cache`` holds one wheel per source digest.
    """
    target = cache / _digest(root)
    wheels = sorted(target.glob("nncourse-*.whl"))
    if wheels:
        return wheels[0]
    with tempfile.TemporaryDirectory(prefix="nncourse-wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(root / name, src / name)
        shutil.copytree(root / "nncourse", src / "nncourse", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        built = Path(tmp) / "wheel"
        base = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check", "-w", str(built)]
        # First as pip normally builds (an isolated environment with setuptools from the index);
        # offline, with the setuptools already installed.
        for extra in ([], ["--no-build-isolation"]):
            done = subprocess.run([*base, *extra, str(src)], capture_output=True, text=True)
            found = sorted(built.glob("nncourse-*.whl"))
            if done.returncode == 0 and found:
                break
        else:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise AuthoringError(f"building the student wheel failed: {last}", hint="`pip wheel --no-deps .` in the nncourse source tree shows why")
        target.mkdir(parents=True, exist_ok=True)
        partial = target / f".{found[0].name}.{os.getpid()}"
        shutil.copy2(found[0], partial)
        os.replace(partial, target / found[0].name)  # a concurrent generate never sees half a wheel
    return target / found[0].name


def _default_cache() -> Path:
    return Path(tempfile.gettempdir()) / "nncourse-student-wheels"


def write_student_install(folder: Path, master: Master, *, cache: Path | None = None) -> str:
    """Put the wheel and ``requirements.txt`` into ``folder``; returns a one-line note for the report."""
    root = _source_tree()
    lines = ["# pip install -r requirements.txt   (in this folder / 在此文件夹中运行)"]
    if root is None:
        note = "no nncourse source tree here, so no wheel was built: give students nncourse another way"
        lines.append("nncourse")
    else:
        try:
            wheel = build_wheel(root, cache or _default_cache())
        except AuthoringError as exc:  # the bundles are still good; say what is missing
            note = f"warning: {exc.one_line()}; student/requirements.txt names nncourse without a wheel"
            lines.append("nncourse")
        else:
            shutil.copy2(wheel, folder / wheel.name)
            lines.append(f"./{wheel.name}")
            note = f"student install: {folder.name}/requirements.txt + {wheel.name}"
    lines.append("numpy>=1.23")
    if needs_sympy(master):
        lines.append("sympy>=1.12")
    (folder / "requirements.txt").write_text("\n".join(lines) + "\n", "utf-8")
    return note

