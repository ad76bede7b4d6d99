"""Doctest-style checks (otter-grader's test cells): run examples, compare what they show.

The examples run in the grader, in the namespace a cell test gets (student functions are
proxies that call into the sandbox, student values are copies), so a student can neither see
the expected output nor change how it is compared. :mod:`doctest` swaps ``sys.stdout`` for
the whole process while it runs, so runs are serialised: two grading threads never capture
each other's output.
"""

from __future__ import annotations

import ast
import doctest
import re
import threading
from typing import Any

from ..errors import AuthoringError

_ONE_AT_A_TIME = threading.Lock()
#: numpy 2 shows scalars as ``np.float64(2.0)``, numpy 1 as ``2.0``; values copied out of the
#: student's process may be either. Both sides are compared without the wrapper, so the numpy
#: version of the author's machine, the grader's or the copy never decides a verdict.
_NUMPY_SCALAR = re.compile(r"\bnp\.(?:float|int|uint|complex|bool_?|str_)\d*\((?P<value>[^()]*)\)")


class _NumpyTolerantChecker(doctest.OutputChecker):
    """doctest's exact comparison, after unwrapping numpy scalar reprs on both sides."""

    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        return super().check_output(_NUMPY_SCALAR.sub(r"\g<value>", want), _NUMPY_SCALAR.sub(r"\g<value>", got),
                                    optionflags)


class _Report(doctest.DocTestRunner):
    """A runner that keeps the first failure's report instead of printing it."""

    def __init__(self) -> None:
        super().__init__(checker=_NumpyTolerantChecker(), verbose=False)
        self.first_failure = ""

    def report_failure(self, out, test, example, got):  # noqa: D102 - doctest's hook
        if not self.first_failure:
            self.first_failure = (f"{example.source.strip()}\nexpected:\n{example.want.rstrip() or '(nothing)'}\n"
                                  f"got:\n{got.rstrip() or '(nothing)'}")

    def report_unexpected_exception(self, out, test, example, exc_info):  # noqa: D102 - doctest's hook
        if not self.first_failure:
            kind, value, _ = exc_info
            self.first_failure = f"{example.source.strip()}\nraised {kind.__name__}: {str(value)[:300]}"


def run_examples(text: str, namespace: dict[str, Any], name: str) -> tuple[bool, str]:
    """Run doctest ``text`` in ``namespace``: (all examples showed what they should, the first failure)."""
    examples = [e for e in doctest.DocTestParser().parse(text, name) if isinstance(e, doctest.Example)]
    test = doctest.DocTest(examples, namespace, name, None, None, text)
    runner = _Report()
    with _ONE_AT_A_TIME:
        runner.run(test, out=lambda _text: None, clear_globs=False)
    return runner.failures == 0, runner.first_failure


def to_doctest(source: str) -> str:
    """Python source as doctest examples: each top-level statement one example (``>>>``, ``...``)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise AuthoringError(f"test cell: syntax error on line {exc.lineno}: {exc.msg}") from None
    lines = source.splitlines()
    out = []
    for node in tree.body:
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        chunk = lines[start - 1: node.end_lineno]
        out.append(">>> " + chunk[0])
        out += ["... " + line for line in chunk[1:]]
    return "\n".join(out) + "\n" if out else ""
