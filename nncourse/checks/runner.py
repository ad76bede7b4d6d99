"""Run test specs against a running submission and turn every outcome into a result.

Two kinds of test become :class:`TestSpec`: functions of a hidden pytest-style suite
(:func:`collect_suite`) and otter-style test cells from the master notebook
(:func:`cell_test`). Both run in the grader process; student code is reached only through
the :class:`~.proxy.StudentProxy`. Every exception a test can meet is mapped here, once, to
a status and two texts (student-safe and instructor).
"""

from __future__ import annotations

import builtins
import contextlib
import importlib.util
import inspect
import re
import sys
import traceback
import types
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np
import numpy.random  # noqa: F401  (numpy loads it lazily; here it loads while the student process starts, not in the first test)

from ..errors import AuthoringError
from ..execution import preload_text_readers
from ..execution.runtime import MissingName, SandboxUnavailable, StudentCodeError
from ..execution.sandbox import WorkerDied, WorkerTimeout
from . import CheckFailure, CheckUndecided
from .cellcode import compile_cell
from .proxy import RemoteFunction, StudentProxy
from .results import HIDDEN, VISIBLE, Status, TestResult


preload_text_readers()  # suites read their data with np.loadtxt; as for numpy.random above


def seeded_rng(name: str) -> np.random.Generator:
    """The ``rng`` fixture of test function ``name``: seeded from the name, so reruns agree."""
    return np.random.default_rng(zlib.crc32(name.encode()))


@dataclass
class Fixtures:
    """Values tests may ask for by parameter name."""

    student: StudentProxy
    reference: types.ModuleType | None
    data: Path | None

    def for_test(self, name: str) -> dict[str, Any]:
        return {
            "student": self.student,
            "reference": self.reference,
            "data": self.data,
            "rng": seeded_rng(name),
        }


@dataclass(frozen=True)
class TestSpec:
    """One runnable test."""

    __test__ = False

    name: str
    question: str
    hidden: bool
    weight: float
    run: Callable[[Fixtures], None]
    success_message: str = ""
    """Shown instead of "passed" when the test passes (otter's ``success_message``)."""


# -- collecting -------------------------------------------------------------------------


def load_module(path: Path, name: str) -> types.ModuleType:
    """Import a Python file under a private module name.

    The module is in ``sys.modules`` only while it runs (``dataclasses`` looks its own module
    up there), so nothing of one suite or reference stays visible to the next.
    """
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise AuthoringError(f"{path}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise AuthoringError(f"{path}: importing it failed: {type(exc).__name__}: {exc}") from None
    finally:
        if sys.modules.get(name) is module:
            del sys.modules[name]
    return module


@contextlib.contextmanager
def _importable(folder: Path) -> Iterator[None]:
    """Let a suite's files import their helpers (``_cases.py``) while the suite loads.

    Each helper runs once per suite; afterwards it is dropped from ``sys.modules``, so two
    suites with a helper of the same name never see each other's.
    """
    where = str(folder.resolve())
    before = set(sys.modules)
    sys.path.insert(0, where)
    try:
        yield
    finally:
        sys.path.remove(where)
        for mod in set(sys.modules) - before:
            if (getattr(sys.modules[mod], "__file__", "") or "").startswith(where):
                del sys.modules[mod]


def _function_test(func: Callable[..., Any], case: Any, has_case: bool) -> Callable[[Fixtures], None]:
    params = list(inspect.signature(func).parameters)

    def run(fixtures: Fixtures) -> None:
        available = fixtures.for_test(func.__name__)
        kwargs = {}
        for p in params:
            if p == "case" and has_case:
                kwargs[p] = case
            elif p in available:
                kwargs[p] = available[p]
            else:
                raise AuthoringError(f"test {func.__name__} asks for unknown fixture {p!r}")
        func(**kwargs)

    return run


def collect_suite(folder: Path, questions: set[str], *, prefix: str = "suite") -> list[TestSpec]:
    """Test specs from every ``test_*.py`` in ``folder`` (hidden tests)."""
    specs: list[TestSpec] = []
    with _importable(folder):
        modules = [(path, load_module(path, f"_nncourse_{prefix}_{path.stem}")) for path in sorted(folder.glob("test_*.py"))]
    for path, module in modules:
        default_q = getattr(module, "QUESTION", None)
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("test_") or func.__module__ != module.__name__:
                continue
            q = getattr(func, "nncourse_question", default_q)
            if q is None:
                raise AuthoringError(f"{path.name}::{name} belongs to no question (set QUESTION or use @question)")
            if q not in questions:
                raise AuthoringError(f"{path.name}::{name}: unknown question {q!r}; known: {', '.join(sorted(questions))}")
            weight = getattr(func, "nncourse_weight", 1.0)
            for case, case_id in getattr(func, "nncourse_cases", ((None, ""),)):
                label = f"{name}[{case_id}]" if case_id else name
                specs.append(TestSpec(f"{q} / {label}", q, True, weight, _function_test(func, case, bool(case_id))))
    return specs


_SYMBOLIC_HELPERS = frozenset({"expect_equivalent", "expect_parses"})


def cell_test(name: str, question: str, source: str, *, hidden: bool, weight: float = 1.0,
              expected: str | None = None, messages: tuple[str, str] = ("", "")) -> TestSpec:
    """An otter-style test cell: Python that raises (usually ``assert``) on failure, or, with
    ``expected`` (otter-format masters), doctest examples that must show ``expected``.

    The cell runs in the grader with ``np``, the check helpers (``expect_equivalent`` and
    ``expect_parses`` for derivation answers, loaded with sympy only when a cell names them)
    and ``evaluate`` (run an expression inside the sandbox, for calls that take a function);
    every other name it reads without binding it itself (:mod:`.cellcode`) that the notebook
    defines is bound to a student function proxy or a copied value. ``messages`` are otter's
    success and failure messages.
    """
    compiled = compile_cell(name, source)
    code, wanted = compiled.code, compiled.wanted

    def run(fixtures: Fixtures) -> None:
        from . import expect_close, expect_equal, expect_true

        namespace: dict[str, Any] = {
            "__builtins__": builtins,
            "np": np,
            "numpy": np,
            "expect_close": expect_close,
            "expect_equal": expect_equal,
            "expect_true": expect_true,
            "evaluate": fixtures.student.evaluate,
        }
        if wanted & _SYMBOLIC_HELPERS:
            from . import symbolic

            namespace.update({helper: getattr(symbolic, helper) for helper in _SYMBOLIC_HELPERS})
        defined = fixtures.student.names()
        for n in wanted - namespace.keys():
            if n in defined and not hasattr(builtins, n):
                kind = defined[n]
                if kind in ("function", "class"):
                    namespace[n] = RemoteFunction(fixtures.student._runtime, n)
                elif kind == "value":
                    namespace[n] = fixtures.student[n]
        if expected is None:
            exec(code, namespace)
            return
        from .doctests import run_examples

        passed, report = run_examples(examples, namespace, name)
        if not passed:
            failure = messages[1] or "the result differs from what was expected / 结果与预期不符"
            raise CheckFailure(failure if hidden else f"{failure}\n{report}", f"{failure}\n{report}")

    examples = ""
    if expected is not None:
        from .doctests import to_doctest

        examples = to_doctest(source) + expected

    return TestSpec(name, question, hidden, weight, run, messages[0])


# -- running ------------------------------------------------------------------------------

_UNFINISHED = {  # a cell's status → why the names it defines are missing (English, Chinese)
    "timeout": ("did not finish", "没有运行完"),
    "crashed": ("did not finish", "没有运行完"),
    "skipped": ("was not run", "没有运行"),
    "error": ("raised an error before defining it", "在定义它之前出错"),
}
_NAME_IN_ERROR = re.compile(r"name '([^']+)' is not defined")


def _missing(exc: BaseException, fixtures: Fixtures) -> str:
    m = _NAME_IN_ERROR.search(str(exc))
    name = m.group(1) if m else "a required name"
    cell = fixtures.student._runtime.why_missing(name) if m else None
    if cell is not None:  # its cell went over a limit, crashed or raised: say so, not "did you rename it?"
        en, zh = _UNFINISHED.get(cell.status, _UNFINISHED["error"])
        return (f"`{name}` is not defined because cell {cell.index} {en} ({cell.detail[:160]}). / "
                f"第 {cell.index} 个代码单元{zh}，所以 `{name}` 未定义。")
    import difflib  # only for a missing name

    close = difflib.get_close_matches(name, list(fixtures.student.names()), n=2, cutoff=0.6)
    also = f" Did you rename it? Your notebook defines {', '.join(close)}." if close else ""
    return f"`{name}` is not defined in your notebook (deleted, renamed, or its cell failed).{also} / 笔记本中未定义 `{name}`。"


def outcome(spec: TestSpec, fixtures: Fixtures) -> tuple[Status, str, str, tuple[str, ...]]:
    """Run one spec: (status, student text, instructor text, names of the usual mistakes matched)."""
    try:
        spec.run(fixtures)
    except CheckUndecided as exc:
        return Status.UNDECIDED, exc.student, exc.instructor, exc.mistakes
    except CheckFailure as exc:
        return Status.FAILED, exc.student, exc.instructor, exc.mistakes
    except MissingName as exc:
        text = _missing(exc, fixtures)
        return Status.FAILED, text, text, ()
    except NameError as exc:  # an otter-style cell naming something the notebook lacks
        text = _missing(exc, fixtures)
        return Status.FAILED, text, text, ()
    except StudentCodeError as exc:
        where = f" ({exc.where})" if exc.where else ""
        if exc.type == "NotImplementedError":  # the generated stub, still there
            text = f"not answered yet: your code still raises NotImplementedError{where} / 尚未作答"
            return Status.FAILED, text, text, ()
        full = f"your code raised {exc.type}{where}: {exc.message}"
        student = f"your code raised {exc.type}{where}" if spec.hidden else full
        return Status.FAILED, student + " / 你的代码抛出了异常", full, ()
    except WorkerTimeout as exc:
        text = f"your code did not finish: {exc} (an infinite loop, or far too slow) / 运行超时"
        return Status.FAILED, text, text, ()
    except WorkerDied as exc:
        text = f"your code ended the grading process: {exc} / 你的代码导致进程退出"
        return Status.FAILED, text, text, ()
    except SandboxUnavailable as exc:
        return Status.FAILED, f"not run / 未运行: {exc}", f"not run: {exc}", ()
    except AuthoringError as exc:
        return Status.ERROR, "this test could not run (a grader problem; your instructor will see it) / 此测试无法运行（评分程序的问题，教师会看到）", exc.one_line(), ()
    except AssertionError as exc:
        shown = "" if spec.hidden else f": {exc}" if str(exc) else ""
        return Status.FAILED, f"check failed / 检查未通过{shown}", f"assertion failed: {exc}", ()
    except Exception as exc:  # usually a student value of an unexpected type or shape
        detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)[-3:])
        return Status.FAILED, f"your result could not be checked ({type(exc).__name__}); check its type and shape / 无法检查你的结果，请核对其类型和形状", detail, ()
    return Status.PASSED, spec.success_message or "passed", "passed", ()


def run_specs(specs: list[TestSpec], points: dict[str, float], fixtures: Fixtures, *,
              manual: tuple[str, ...] = (), all_or_nothing: tuple[str, ...] = ()) -> list[TestResult]:
    """Run every spec; question points are shared among its tests by weight.

    A question in ``all_or_nothing`` keeps its points only if every one of its tests passed;
    a question in ``manual`` gets one result awaiting a person's review (no test runs).
    """
    totals: dict[str, float] = {}
    for s in specs:
        totals[s.question] = totals.get(s.question, 0.0) + s.weight
    results = []
    for s in specs:
        possible = points.get(s.question, 0.0) * s.weight / totals[s.question] if totals[s.question] else 0.0
        status, student, instructor, mistakes = outcome(s, fixtures)
        results.append(
            TestResult(
                name=s.name,
                question=s.question,
                score=possible if status == Status.PASSED else 0.0,
                max_score=possible,
                status=status,
                output=student,
                visibility=HIDDEN if s.hidden else VISIBLE,
                detail=instructor,
                mistakes=mistakes,
            )
        )
    failed = {r.question for r in results if r.status != Status.PASSED and r.question in all_or_nothing}
    results = [replace(r, score=0.0, output=f"{r.output} (all or nothing: another test of {r.question} failed / "
                                              f"全对才得分：本题另有测试未通过)") if r.question in failed and r.score else r
               for r in results]
    results += [TestResult(name=f"{q} (graded by hand)", question=q, score=0.0, max_score=points.get(q, 0.0),
                           status=Status.UNDECIDED, output="graded by the teaching staff / 由教学人员人工评分",
                           visibility=VISIBLE, detail="manual question: record the points with `nncourse review`")
                for q in manual]
    return results
