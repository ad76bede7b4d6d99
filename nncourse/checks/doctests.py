"""Doctest-style checks (otter-grader's test cells): run examples, compare what they show.

The examples run in the grader, in the namespace a cell test gets (student functions are
proxies that call into the sandbox, student values are copies), so a student can neither see
the expected output nor change how it is compared. :mod:`doctest` swaps ``sys.stdout`` for
the whole process while it runs, so runs are serialised: two grading threads never capture
each other's output.
"""

from __future__ import annotations

import doctest
import threading
from typing import Any

_ONE_AT_A_TIME = threading.Lock()


class _Report(doctest.DocTestRunner):
    """A runner that keeps the first failure's report instead of printing it."""

    def __init__(self) -> None:
        super().__init__(verbose=False)
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
