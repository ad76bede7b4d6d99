"""Run a hidden suite under plain pytest against one notebook, for authors debugging a suite.

    pytest -p nncourse.authoring.pytest_plugin autograder/a1-regression --notebook SUBMISSION.ipynb

The fixtures (``student``, ``reference``, ``rng``, ``data``, ``case``) and ``@cases`` behave as
under nncourse's own runner (:mod:`nncourse.checks.runner`), with the same seeds, so a failure reproduces
exactly; the notebook runs in the same sandbox. pytest's ``-k``, ``-x``, ``--pdb`` and ``-v``
then work on hidden tests. The assignment is the suite folder's name unless ``--assignment``
says otherwise. Points and public test cells are grading concerns and stay with
``nncourse grade``.

The plugin is opt-in (``-p``, no ``pytest11`` entry point): other pytest runs never load it.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np
import pytest

from ..grading.source import AssignmentSource


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("nncourse", "grade one notebook with a hidden suite")
    group.addoption("--notebook", type=Path, help="the submission whose functions the `student` fixture calls")
    group.addoption("--assignment", help="assignment id (default: the name of the suite's folder)")
    group.addoption("--isolation", default="auto", choices=("auto", "root", "userns", "none"), help="sandbox mode")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``@cases(...)`` becomes a parametrization of ``case`` with the same ids."""
    cases = getattr(metafunc.function, "nncourse_cases", None)
    if cases and "case" in metafunc.fixturenames:
        metafunc.parametrize("case", [item for item, _ in cases], ids=[ident for _, ident in cases])


@dataclass
class _Assignment:
    source: AssignmentSource
    reference: types.ModuleType | None

    @property
    def data(self) -> Path | None:
        return self.source.data_dir


def _load_assignment(ident: str) -> _Assignment:
    from ..course import Course
    from ..grading.assignment import load_reference
    from .source import course_source

    source = course_source(Course.locate(), ident)
    return _Assignment(source, load_reference(source.reference) if source.reference else None)


@pytest.fixture(scope="session")
def _nncourse_assignments() -> Callable[[str], _Assignment]:
    loaded: dict[str, _Assignment] = {}

    def get(ident: str) -> _Assignment:
        if ident not in loaded:
            loaded[ident] = _load_assignment(ident)
        return loaded[ident]

    return get


@pytest.fixture
def _nncourse_assignment(request: pytest.FixtureRequest, _nncourse_assignments: Callable[[str], _Assignment]) -> _Assignment:
    return _nncourse_assignments(request.config.getoption("assignment") or request.path.parent.name)


@pytest.fixture(scope="session")
def _nncourse_student(request: pytest.FixtureRequest) -> Iterator[Callable[[_Assignment], Any]]:
    """One sandboxed run of the notebook for the whole session (as in a real grade)."""
    from ..checks.proxy import StudentProxy
    from ..execution.pool import WorkerPool
    from ..execution.runtime import StudentRuntime
    from ..notebook.reader import read_notebook

    notebook = request.config.getoption("notebook")
    if notebook is None:
        pytest.exit("nncourse plugin: pass --notebook SUBMISSION.ipynb", returncode=4)
    started: list[tuple[WorkerPool, StudentRuntime, StudentProxy]] = []

    def get(assignment: _Assignment) -> StudentProxy:
        if not started:
            config = assignment.source.sandbox_config(request.config.getoption("isolation"))
            pool = WorkerPool(config.mode, prestart=1, expected=1).configure(config, assignment.data)
            runtime = StudentRuntime(read_notebook(notebook).code, pool.acquire, pool.config)
            runtime.run_notebook()
            started.append((pool, runtime, StudentProxy(runtime)))
        return started[0][2]

    yield get
    for pool, runtime, _ in started:
        runtime.close()
        pool.close()


@pytest.fixture
def student(_nncourse_student: Callable[[_Assignment], Any], _nncourse_assignment: _Assignment) -> Any:
    return _nncourse_student(_nncourse_assignment)


@pytest.fixture
def reference(_nncourse_assignment: _Assignment) -> types.ModuleType | None:
    return _nncourse_assignment.reference


@pytest.fixture
def data(_nncourse_assignment: _Assignment) -> Path | None:
    return _nncourse_assignment.data


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> np.random.Generator:
    """Seeded from the test function's name, exactly as nncourse's runner does."""
    from ..checks.runner import seeded_rng

    return seeded_rng(request.function.__name__)
