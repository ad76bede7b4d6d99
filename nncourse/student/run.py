"""Run one public test cell in the student's own kernel and say, in one line, how it went.

The cell gets the check helpers, ``np`` and ``evaluate`` (an expression evaluated with the
student's names, as the grader does inside its sandbox), and every name it reads without
binding it itself (:mod:`nncourse.checks.cellcode`) from the student's namespace: functions
as they are, values as copies made the way the grader copies them (so a test sees what the
grader would see, and cannot change the student's variables). Nothing here imports the
grader, pytest or sympy; the derivation helpers load sympy only for a cell that uses them.

Outcomes (:class:`Status`): a stub that still raises ``NotImplementedError`` or an answer
still ``...`` is *not answered yet*, never a traceback; a name the kernel lacks is *not
defined* (its cell has not run); a failed check shows its student-facing text.
"""

from __future__ import annotations

import builtins
import re
import types
from dataclasses import dataclass
from enum import Enum
from typing import Any, Mapping

import numpy as np

from ..checks import CheckFailure, CheckUndecided, expect_close, expect_equal, expect_true
from ..checks.cellcode import CellCode

#: Text that marks a failure message as "this answer is still empty" (the course's bilingual
#: wording for it): such a failure is reported as not answered yet.
UNANSWERED_MARK = "尚未作答"

_SYMBOLIC_HELPERS = frozenset({"expect_equivalent", "expect_parses"})
_NAME_IN_ERROR = re.compile(r"name '([^']+)' is not defined")


class Status(str, Enum):
    """How one public test went in the kernel."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_ANSWERED = "not answered"
    NOT_DEFINED = "not defined"
    UNDECIDED = "undecided"
    INTERRUPTED = "interrupted"


@dataclass(frozen=True)
class Outcome:
    status: Status
    message: str = ""


def not_answered(names: list[str] | None = None) -> Outcome:
    which = f" ({', '.join(names)})" if names else ""
    return Outcome(Status.NOT_ANSWERED, f"not answered yet{which} / 尚未作答")


def _copy(value: Any) -> Any:
    """A copy of a student value as the grader receives it (plain data, sympy as text)."""
    from ..execution import codec  # the wire format both sides share; json and base64 only

    try:
        return codec.from_wire(codec.to_wire(value))
    except (ValueError, RecursionError):
        return codec.Opaque(type(value).__name__)


def _student_frame(tb: types.TracebackType | None, user_ns: Mapping[str, Any]) -> str:
    """``in fit_ridge, line 4`` for the innermost frame of the student's own code."""
    where = ""
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_globals is user_ns:
            where = f"in {frame.f_code.co_name}, line {tb.tb_lineno}"
        tb = tb.tb_next
    return where


def _namespace(cell: CellCode, user_ns: Mapping[str, Any]) -> tuple[dict[str, Any], list[str], list[str]]:
    """The cell's globals, the student names still ``...`` and the names the kernel lacks."""

    def evaluate(expression: str, **variables: Any) -> Any:
        return eval(expression, {**user_ns, **variables})  # the student's own code, in their kernel

    namespace: dict[str, Any] = {
        "__builtins__": builtins, "np": np, "numpy": np, "evaluate": evaluate,
        "expect_close": expect_close, "expect_equal": expect_equal, "expect_true": expect_true,
    }
    if cell.wanted & _SYMBOLIC_HELPERS:
        from ..checks import symbolic  # sympy itself loads on the first check that needs it

        namespace.update({h: getattr(symbolic, h) for h in _SYMBOLIC_HELPERS})
    unanswered, missing = [], []
    for name in sorted(cell.wanted - namespace.keys()):
        if hasattr(builtins, name):
            continue
        if name not in user_ns:
            missing.append(name)
            continue
        value = user_ns[name]
        if value is Ellipsis:
            unanswered.append(name)
        elif isinstance(value, types.ModuleType):
            continue
        elif callable(value):
            namespace[name] = value
        else:
            namespace[name] = _copy(value)
    return namespace, unanswered, missing


def run_cell(cell: CellCode, user_ns: Mapping[str, Any]) -> Outcome:
    """Run one public test cell against ``user_ns`` (the kernel's globals)."""
    namespace, unanswered, missing = _namespace(cell, user_ns)
    if unanswered:
        return not_answered(unanswered)
    if missing:
        return _not_defined(missing[0])
    try:
        exec(cell.code, namespace)
    except KeyboardInterrupt:
        return Outcome(Status.INTERRUPTED, "interrupted / 已中断")
    except NotImplementedError:
        return not_answered()
    except CheckUndecided as exc:
        return Outcome(Status.UNDECIDED, exc.student)
    except CheckFailure as exc:
        if UNANSWERED_MARK in exc.student:
            return Outcome(Status.NOT_ANSWERED, exc.student)
        return Outcome(Status.FAILED, exc.student)
    except NameError as exc:
        m = _NAME_IN_ERROR.search(str(exc))
        return _not_defined(m.group(1) if m else "a name")
    except AssertionError as exc:
        return Outcome(Status.FAILED, f"check failed{': ' + str(exc) if str(exc) else ''} / 检查未通过")
    except (Exception, SystemExit) as exc:
        where = _student_frame(exc.__traceback__, user_ns)
        text = f"{type(exc).__name__}: {exc}"[:300]
        if where:
            return Outcome(Status.FAILED, f"your code raised {text} ({where}) / 你的代码抛出了异常")
        return Outcome(Status.FAILED, f"your result could not be checked ({text}); check its type and shape / 请检查返回值的类型和形状")
    return Outcome(Status.PASSED)


def _not_defined(name: str) -> Outcome:
    return Outcome(
        Status.NOT_DEFINED,
        f"`{name}` is not defined in this kernel: run the cell that defines it (or check its spelling) / "
        f"内核中没有 `{name}`：请先运行定义它的单元",
    )
