"""``check``, ``check_all`` and ``check_submission``: what the cells of a generated notebook call.

``check("ridge")`` reads the public tests shipped beside the notebook (``tests/public.json``,
the same file ``nncourse check`` uses), runs that question's tests on the definitions the
kernel holds *now* (the caller's globals: no saving, no second process), and returns a
:class:`~.report.CheckReport` that displays itself. It never raises for anything the student
did: a missing tests file or an unknown question is a line in the report.

``check_submission()`` is the other half: it runs ``python -m nncourse check`` on the saved
notebook, in a fresh process, exactly as the grader will (see :mod:`nncourse.cli.check`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..checks.cellcode import CellCode, compile_cell
from ..errors import AuthoringError
from .report import CheckReport, TestRow
from .run import Outcome, Status, run_cell

#: Where the public tests are, relative to the notebook's folder (the kernel's working directory).
PUBLIC_TESTS = Path("tests") / "public.json"


@dataclass(frozen=True)
class PublicTest:
    question: str
    name: str
    source: str

    def compiled(self) -> CellCode:
        return compile_cell(self.name, self.source)


@dataclass(frozen=True)
class PublicTests:
    ident: str
    questions: tuple[str, ...]
    tests: tuple[PublicTest, ...]


def _label(name: str, cell: CellCode) -> str:
    """``2. fit_ridge(X, y, 1.0)``: the test's number and what it computes (its first ``call=``)."""
    return f"{name.rsplit(' - ', 1)[-1]}. {cell.call}" if cell.call else name


def _message(cell: CellCode, text: str) -> str:
    """The outcome's text without the label's ``call`` repeated in front."""
    prefix = f"{cell.call}: "
    return text[len(prefix):] if cell.call and text.startswith(prefix) else text


def load_public_tests(path: Path) -> PublicTests:
    """Read ``public.json`` (a few kilobytes: read afresh on every check; a test compiles when it runs)."""
    data = json.loads(path.read_text("utf-8"))
    tests = tuple(PublicTest(str(t["question"]), str(t["name"]), str(t["source"])) for t in data.get("tests", []))
    return PublicTests(str(data.get("id", "")), tuple(str(q) for q in data.get("questions", {})), tests)


def _find_tests(tests: str | Path | None) -> tuple[PublicTests | None, str]:
    path = Path(tests) if tests is not None else Path.cwd() / PUBLIC_TESTS
    try:
        return load_public_tests(path), ""
    except FileNotFoundError:
        return None, (f"public tests not found at {path}: open the notebook from the folder you were given "
                      f"(it holds tests/ and data/) / 找不到公开测试：请在下发的文件夹中打开本笔记本")
    except (OSError, ValueError, KeyError, TypeError, AuthoringError) as exc:
        return None, f"cannot read the public tests at {path}: {exc} / 无法读取公开测试"


def _run(public: PublicTests, questions: list[str], user_ns: Mapping[str, Any]) -> list[TestRow]:
    rows = []
    interrupted = False
    for q in questions:
        for t in public.tests:
            if t.question != q:
                continue
            cell = t.compiled()
            outcome = Outcome(Status.INTERRUPTED, "not run / 未运行") if interrupted else run_cell(cell, user_ns)
            interrupted = interrupted or outcome.status is Status.INTERRUPTED
            rows.append(TestRow(q, _label(t.name, cell), outcome.status, _message(cell, outcome.message)))
    return rows


def _caller_globals() -> Mapping[str, Any]:
    return sys._getframe(2).f_globals  # the notebook cell (or module) that called check/check_all


def check(question: str, *, tests: str | Path | None = None) -> CheckReport:
    """Run the public tests of ``question`` on the kernel's current definitions."""
    user_ns = _caller_globals()
    title = f"check / 自查: {question}"
    public, problem = _find_tests(tests)
    if public is None:
        return CheckReport(title, notes=(problem,))
    if question not in {t.question for t in public.tests}:
        known = ", ".join(dict.fromkeys(t.question for t in public.tests))
        return CheckReport(title, notes=(f"no public tests for {question!r}; questions with public tests: {known} / 没有这道题的公开测试",))
    return CheckReport(title, tuple(_run(public, [question], user_ns)))


def check_all(*, tests: str | Path | None = None) -> CheckReport:
    """Run every question's public tests on the kernel's current definitions; one line per question."""
    user_ns = _caller_globals()
    public, problem = _find_tests(tests)
    title = f"check_all / 全部自查: {public.ident if public else ''}".rstrip(": ")
    if public is None:
        return CheckReport(title, notes=(problem,))
    order = list(dict.fromkeys([*public.questions, *(t.question for t in public.tests)]))
    return CheckReport(title, tuple(_run(public, order, user_ns)), by_question=True,
                       notes=("Passing public tests is necessary, not sufficient: hidden tests count too. / "
                              "通过公开测试是必要条件，不是充分条件：成绩还包括隐藏测试。",))


@dataclass(frozen=True)
class SubmissionReport:
    """The terminal check's output, shown as it is (it already says what to fix)."""

    text: str

    def __repr__(self) -> str:
        return self.text

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        printer.text(self.text)


def _notebook_for(ident: str) -> Path | None:
    """The saved notebook of assignment ``ident`` in the working folder (its metadata says so)."""
    found = []
    for path in sorted(Path.cwd().glob("*.ipynb")):
        try:
            meta = json.loads(path.read_text("utf-8")).get("metadata", {})
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(meta, dict) and isinstance(meta.get("nncourse"), dict) and meta["nncourse"].get("assignment") == ident:
            found.append(path)
    return max(found, key=lambda p: p.stat().st_mtime) if found else None


def check_submission(notebook: str | Path | None = None, *, timeout: float = 900) -> SubmissionReport:
    """Check the *saved* notebook as the grader will: top to bottom in a fresh process.

    Save first (Ctrl-S / ⌘-S): this reads the file, not the kernel.
    """
    public, problem = _find_tests(None)
    path = Path(notebook) if notebook is not None else _notebook_for(public.ident) if public else None
    if path is None:
        return SubmissionReport(problem or "no saved notebook of this assignment in this folder: pass its path, "
                                "check_submission('my.ipynb') / 此文件夹中没有本作业的笔记本")
    command = [sys.executable, "-m", "nncourse", "check", str(path)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return SubmissionReport(f"the check of {path.name} did not finish in {timeout:g} s / 检查超时")
    return SubmissionReport((done.stdout + done.stderr).rstrip())
