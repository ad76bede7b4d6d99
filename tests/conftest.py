"""Shared fixtures: the course, a generated assignment-1 bundle, notebook builders."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: The course secret every test's grading uses: assignment 1 gives each student their own
#: data (``data_seed: student``), and grading it needs the secret (``$NNCOURSE_SECRET_FILE``,
#: inherited by every CLI run and Gradescope/Dask worker a test starts). A per-session file.
TEST_SECRET = Path(tempfile.mkdtemp(prefix="nncourse-test-secret-")) / "secret.txt"
TEST_SECRET.write_text("test-course-secret-0123456789abcdef\n", "utf-8")
os.environ["NNCOURSE_SECRET_FILE"] = str(TEST_SECRET)


def nncourse(*args: str, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the CLI as a user would (a fresh interpreter), capturing text output."""
    return subprocess.run([sys.executable, "-m", "nncourse.cli.main", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def course():
    from nncourse.course import Course

    return Course.at(ROOT)


@pytest.fixture(scope="session")
def a1_bundle(tmp_path_factory) -> Path:
    """``nncourse generate a1-regression`` output (validated: the solution scores full marks)."""
    from nncourse.authoring.generate import generate
    from nncourse.course import Course

    out = tmp_path_factory.mktemp("a1")
    generate(Course.at(ROOT), "a1-regression", out)
    return out


def assignment_ids() -> list[str]:
    """Every assignment in the catalogue (for parametrizing)."""
    from nncourse.authoring.catalogue import assignment_entries
    from nncourse.course import Course

    return sorted(e.id for e in assignment_entries(Course.at(ROOT)))


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    """``generated(ident)``: that assignment's bundles and report, generated once per session."""
    from nncourse.authoring.generate import generate
    from nncourse.course import Course

    done: dict = {}

    def get(ident: str):
        if ident not in done:
            done[ident] = generate(Course.at(ROOT), ident, tmp_path_factory.mktemp(ident))
        return done[ident]

    return get


@pytest.fixture(scope="session")
def mutant_results(course, generated, tmp_path_factory):
    """``mutant_results(ident)``: every single-point mutant of the assignment's reference
    functions, each pasted after the solved notebook, graded once per session by the real
    engine → list of (description, SubmissionResult). Shared by the mutation and no-leak tests."""
    import dataclasses

    from nncourse.authoring.master import load_master, reference_functions
    from nncourse.authoring.mutation import mutants
    from nncourse.grading.assignment import from_bundle
    from nncourse.grading.batch import Submission, grade_batch

    done: dict = {}

    def get(ident: str):
        if ident in done:
            return done[ident]
        from nncourse.authoring.catalogue import assignment_entry

        master = load_master(assignment_entry(course, ident).path, course.solutions)
        if not master.header.reference or not master.references:
            done[ident] = []
            return done[ident]
        sources = reference_functions(course.solutions / f"{master.header.reference}.py")
        gen = generated(ident).out
        assignment = dataclasses.replace(from_bundle(gen / "autograder"), cell_timeout=3, call_timeout=2)
        solved = json.loads((gen / "solution" / f"{ident}.ipynb").read_text("utf-8"))
        folder = tmp_path_factory.mktemp(f"mutants-{ident}")
        subs, described = [], {}
        for name in master.references:
            for i, m in enumerate(mutants(sources[name])):
                nb = copy.deepcopy(solved)
                nb["cells"].append(code_cell(m.source))
                path = folder / f"{name}-{i}.ipynb"
                path.write_text(json.dumps(nb), "utf-8")
                subs.append(Submission(path.stem, path))
                described[path.stem] = f"{name}: {m.description}"
        results = grade_batch(subs, assignment, jobs=2)
        done[ident] = [(described[r.submission], r) for r in results]
        return done[ident]

    return get


@pytest.fixture(scope="session")
def a1_assignment(a1_bundle):
    from nncourse.grading.assignment import from_bundle

    return from_bundle(a1_bundle / "autograder")


@pytest.fixture()
def quick(a1_assignment):
    """Assignment 1 with 1 s CPU limits per cell and per call: hostile notebooks' hangs stay cheap."""
    import dataclasses

    return dataclasses.replace(a1_assignment, cell_timeout=1.0, call_timeout=1.0)


def live_processes_named(prefix: str) -> dict[int, str]:
    """Live (not zombie) processes whose name (``/proc/PID/comm``) starts with ``prefix``: pid → name.
    Hostile test notebooks name their processes with ``prctl(PR_SET_NAME)`` to be found here."""
    found = {}
    for entry in Path("/proc").iterdir() if Path("/proc/self").exists() else ():
        if not entry.name.isdigit():
            continue
        try:
            comm = (entry / "comm").read_text().strip()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if comm.startswith(prefix) and state not in ("Z", "X"):
            found[int(entry.name)] = comm
    return found


def code_cell(source: str) -> dict:
    """A code cell as a student's notebook holds it (for notebooks built in tests)."""
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": source}


class NotebookFactory:
    """Variants of the solved assignment-1 notebook, as a student might hand them in."""

    def __init__(self, solved: Path, folder: Path) -> None:
        self.solved = json.loads(solved.read_text("utf-8"))
        self.folder = folder

    def make(self, name: str, *, replace: dict[str, str] | None = None, append: list[str] | None = None) -> Path:
        nb = copy.deepcopy(self.solved)
        for old, new in (replace or {}).items():
            hits = 0
            for cell in nb["cells"]:
                src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                if old in src:
                    cell["source"] = src.replace(old, new)
                    hits += 1
            assert hits, f"text not found in the solved notebook: {old!r}"
        for code in append or []:
            nb["cells"].append(code_cell(code))
        path = self.folder / f"{name}.ipynb"
        path.write_text(json.dumps(nb, ensure_ascii=False), "utf-8")
        return path


@pytest.fixture()
def notebooks(a1_bundle, tmp_path) -> NotebookFactory:
    folder = tmp_path / "submissions"
    folder.mkdir()
    return NotebookFactory(a1_bundle / "solution" / "a1-regression.ipynb", folder)


def batch_of(paths) -> list:
    """Notebook files as a batch, ids their stems; a stem given twice (the solution and the
    student stub are both ``a1-regression``) gets its position appended. A real batch refuses
    such a clash (``find_submissions``); tests name their files freely."""
    from collections import Counter

    from nncourse.grading.batch import Submission

    stems = Counter(p.stem for p in paths)
    return [Submission(p.stem if stems[p.stem] == 1 else f"{p.stem}#{i}", p) for i, p in enumerate(paths)]


@pytest.fixture()
def grade(a1_assignment):
    """Grade notebook paths with the generated bundle; returns results in order."""
    from nncourse.grading.batch import grade_batch

    def run(*paths: Path, jobs: int = 2, **kwargs):
        return grade_batch(batch_of(list(paths)), a1_assignment, jobs=jobs, **kwargs)

    return run
