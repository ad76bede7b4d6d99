"""The student's self-check inside Jupyter: ``check("question")``, ``check_all()``, ``check_submission()``.

Imported by the setup cell of every generated notebook. Light on purpose: numpy and the
check helpers only, never the grader, pytest or sympy (the derivations assignment's format
checks load sympy when they run). Public tests only; the hidden tests and the reference
solutions are nowhere near a student's machine.
"""

from .report import CheckReport, TestRow
from .run import Status
from .session import check, check_all, check_submission

__all__ = ["check", "check_all", "check_submission", "CheckReport", "TestRow", "Status"]
