"""Plain-text rendering for the terminal."""

from __future__ import annotations

from typing import Sequence

from ..checks.results import EXECUTION, Status, SubmissionResult
from .base import ReportContext, RunSummary
from .safe_text import printable


def score_table(results: Sequence[SubmissionResult]) -> str:
    """A fixed-width table: submission, score, percent, time, note (control characters escaped)."""
    names = [printable(r.submission) for r in results]  # a file name may hold terminal escapes
    width = max([10, *map(len, names)])
    lines = [f"{'submission':<{width}}  {'score':>13}  {'%':>6}  {'time':>6}  note"]
    for name, r in zip(names, results):
        pct = 100 * r.score / r.max_score if r.max_score else 0.0
        notes = [f"review {len(r.needs_review)} answer(s)"] if r.needs_review else []
        notes += [f"cell {c.index} {c.status}" for c in r.cells if c.status in ("timeout", "crashed")]
        note = printable(r.error) or "; ".join(notes)[:60]
        lines.append(f"{name:<{width}}  {r.score:>6g} / {r.max_score:<4g}  {pct:>6.1f}  {r.seconds:>5.2f}s  {note}")
    return "\n".join(lines)


def check_report(result: SubmissionResult) -> str:
    """Self-check output for a student (public tests only)."""
    if result.error:
        return f"✗ {result.error}"
    lines = []
    for t in result.tests:
        mark = "✓" if t.passed else "?" if t.status == Status.UNDECIDED else "✗"
        lines.append(f"{mark} {t.name}")
        if not t.passed or t.question == EXECUTION:
            lines += [f"    {line}" for line in t.output.splitlines()]
    checks = [t for t in result.tests if t.question != EXECUTION]
    passed = sum(1 for t in checks if t.passed)
    total = len(checks)
    lines.append("")
    lines.append(f"public tests passed: {passed} / {total}  (公开测试通过 {passed}/{total})")
    lines.append("Your grade comes from hidden tests as well; passing these is necessary, not sufficient.")
    lines.append("最终成绩还包括隐藏测试：通过公开测试是必要条件，而非充分条件。")
    return "\n".join(lines)


class TableReporter:
    """``table``: the score table on the terminal at the end (nothing with ``-q``)."""

    def __init__(self, context: ReportContext) -> None:
        self.context = context

    def on_result(self, result: SubmissionResult) -> None:
        pass

    def finish(self, run: RunSummary) -> None:
        if not self.context.quiet:
            print(score_table(run.results), file=self.context.stream)
        return None
