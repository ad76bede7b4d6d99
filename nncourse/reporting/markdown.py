"""Markdown score tables, e.g. for a GitHub Actions job summary (``--summary-md FILE``).

Appended, never overwritten: ``$GITHUB_STEP_SUMMARY`` collects every step's summary, and a
course workflow grades several assignments in one step. Names are escaped so that a file
name cannot add rows, links or HTML to the table.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

from ..checks.results import EXECUTION, SubmissionResult
from .base import RunSummary

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def escape(text: str) -> str:
    """``text`` as literal Markdown table-cell content (one line, no markup, no HTML)."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return _SPECIAL.sub(r"\\\1", flat)


def _status(result: SubmissionResult) -> str:
    if result.error:
        return f"not graded: {escape(result.error)[:120]}"
    return "awaiting review" if result.needs_review else "graded"


def grade_summary(results: Sequence[SubmissionResult], questions: Sequence[str], *, title: str) -> str:
    """One table: submission, score, percent, one column per question, status."""
    graded = [r for r in results if not r.error]
    mean = sum(100 * r.score / r.max_score for r in graded if r.max_score) / len(graded) if graded else 0.0
    lines = [f"### {escape(title)}", "",
             f"{len(results)} submission(s), {len(results) - len(graded)} not graded, mean {mean:.1f} %", "",
             "| submission | score | % | " + " | ".join(escape(q) for q in questions) + " | status |",
             "|---|---:|---:|" + "---:|" * len(questions) + "---|"]
    for r in results:
        per_q = r.question_scores()
        pct = 100 * r.score / r.max_score if r.max_score else 0.0
        cells = [f"{per_q[q][0]:g} / {per_q[q][1]:g}" if q in per_q else "–" for q in questions]
        lines.append(f"| {escape(r.submission)} | {r.score:g} / {r.max_score:g} | {pct:.1f} | " + " | ".join(cells) + f" | {_status(r)} |")
    return "\n".join(lines) + "\n"


def check_summary(result: SubmissionResult, *, title: str) -> str:
    """A student's self-check: one row per public test, ✓ or ✗, and the count."""
    if result.error:
        return f"### {escape(title)}\n\n✗ not checked: {escape(result.error)}\n"
    checks = [t for t in result.tests if t.question != EXECUTION]
    lines = [f"### {escape(title)}", "",
             f"public tests passed / 公开测试通过: {sum(t.passed for t in checks)} / {len(checks)}", "",
             "| | test | message |", "|---|---|---|"]
    for t in checks:
        mark = "✓" if t.passed else "?" if t.status == "undecided" else "✗"
        message = "" if t.passed else escape(t.output.splitlines()[0] if t.output else "")[:200]
        lines.append(f"| {mark} | {escape(t.name)} | {message} |")
    return "\n".join(lines) + "\n"


def append(path: Path, text: str) -> None:
    """Add ``text`` to the end of ``path`` (created if missing), separated by a blank line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text if not path.stat().st_size else "\n" + text)


class MarkdownSummary:
    """A reporter: :func:`grade_summary` of the whole run, appended to ``path`` at the end."""

    def __init__(self, path: Path, *, title: str) -> None:
        self.path = path
        self.title = title

    def on_result(self, result: SubmissionResult) -> None:
        """Nothing per result: the table needs the whole run."""

    def finish(self, run: RunSummary) -> str | None:
        append(self.path, grade_summary(run.results, run.questions, title=self.title))
        return None
