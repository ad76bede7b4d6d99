"""What ``check(…)`` shows: a compact table in Jupyter, plain text anywhere else.

Jupyter front ends (JupyterLab, Notebook 7, VS Code, Colab) render ``_repr_html_``; IPython in
a terminal uses ``_repr_pretty_``; plain Python uses ``__repr__``. No extension is needed.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from .run import Status

_MARK = {
    Status.PASSED: "✓", Status.FAILED: "✗", Status.NOT_ANSWERED: "○", Status.NOT_DEFINED: "✗",
    Status.UNDECIDED: "?", Status.INTERRUPTED: "…",
}
_COLOUR = {
    Status.PASSED: "#1a7f37", Status.FAILED: "#cf222e", Status.NOT_ANSWERED: "#6e7781", Status.NOT_DEFINED: "#bc4c00",
    Status.UNDECIDED: "#9a6700", Status.INTERRUPTED: "#6e7781",
}
#: A vendor media type carrying the outcome as data, for tools and tests that read executed
#: notebooks; front ends have no renderer for it, so they show the HTML table instead.
MIME_TYPE = "application/vnd.nncourse.check+json"
#: Order in which one test's status decides its question's: any failure first.
_PRECEDENCE = (Status.FAILED, Status.NOT_DEFINED, Status.INTERRUPTED, Status.UNDECIDED, Status.NOT_ANSWERED, Status.PASSED)
_QUESTION_TEXT = {
    Status.PASSED: "all public tests passed / 公开测试全部通过",
    Status.FAILED: "some public tests failed / 有公开测试未通过",
    Status.NOT_DEFINED: "not run yet: run the cells above first / 请先运行上面的单元",
    Status.INTERRUPTED: "interrupted / 已中断",
    Status.UNDECIDED: "could not be decided here / 无法在此判定",
    Status.NOT_ANSWERED: "not answered yet / 尚未作答",
}


@dataclass(frozen=True)
class TestRow:
    """One public test's outcome."""

    __test__ = False  # not a pytest test class

    question: str
    test: str
    """Short label: what the test computes (from its ``call=`` text) or its name."""
    status: Status
    message: str = ""


def question_status(rows: list[TestRow]) -> Status:
    """A question's status from its tests' (failed beats not defined beats … beats passed)."""
    present = {r.status for r in rows}
    return next((s for s in _PRECEDENCE if s in present), Status.NOT_ANSWERED)


@dataclass(frozen=True)
class CheckReport:
    """The outcome of ``check(question)`` or ``check_all()``; displays itself."""

    title: str
    rows: tuple[TestRow, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    """Lines shown above the table (e.g. where the public tests were looked for)."""
    by_question: bool = False
    """``check_all``: one line per question instead of one per test."""

    # -- what tests and callers ask ----------------------------------------------------

    @property
    def questions(self) -> dict[str, Status]:
        """Question → its status, in order."""
        grouped: dict[str, list[TestRow]] = {}
        for r in self.rows:
            grouped.setdefault(r.question, []).append(r)
        return {q: question_status(rs) for q, rs in grouped.items()}

    @property
    def passed(self) -> bool:
        return bool(self.rows) and all(r.status is Status.PASSED for r in self.rows)

    def _lines(self) -> list[tuple[str, Status, str]]:
        """(label, status, message) per displayed line."""
        if not self.by_question:
            return [(r.test, r.status, r.message) for r in self.rows]
        out = []
        for q, status in self.questions.items():
            rows = [r for r in self.rows if r.question == q]
            passed = sum(r.status is Status.PASSED for r in rows)
            first_bad = next((r.message for r in rows if r.status is status and status is not Status.PASSED), "")
            text = f"{passed}/{len(rows)} — {_QUESTION_TEXT[status]}" + (f"\n{first_bad}" if first_bad and status is Status.FAILED else "")
            out.append((q, status, text))
        return out

    def summary(self) -> str:
        if not self.rows:
            return ""
        passed = sum(r.status is Status.PASSED for r in self.rows)
        return f"{passed} of {len(self.rows)} public tests passed / 公开测试通过 {passed}/{len(self.rows)}"

    # -- rendering ---------------------------------------------------------------------

    def __repr__(self) -> str:
        lines = [self.title, *self.notes]
        for label, status, message in self._lines():
            text = message.replace("\n", "\n      ")
            lines.append(f"  {_MARK[status]} {label}" + (f": {text}" if text else ""))
        if self.rows:
            lines.append(self.summary())
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # IPython's plain-text display
        printer.text(repr(self))

    def as_data(self) -> dict:
        """The outcome as JSON-ready data: title, per-question status, per-test rows."""
        return {
            "title": self.title, "notes": list(self.notes),
            "questions": {q: s.value for q, s in self.questions.items()},
            "tests": [{"question": r.question, "test": r.test, "status": r.status.value, "message": r.message} for r in self.rows],
        }

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        # IPython adds text/plain and text/html from the methods around this one.
        return {MIME_TYPE: self.as_data()}

    def _repr_html_(self) -> str:
        esc = html.escape
        cells = []
        for label, status, message in self._lines():
            mark = f'<span style="color:{_COLOUR[status]};font-weight:bold">{_MARK[status]}</span>'
            cells.append(
                f'<tr><td style="text-align:left;vertical-align:top;padding-right:.8em">{esc(label)}</td>'
                f'<td style="text-align:center;vertical-align:top;padding-right:.5em">{mark}</td>'
                f'<td style="text-align:left;vertical-align:top;white-space:pre-wrap;font-family:monospace">{esc(message)}</td></tr>'
            )
        head = "question / 题目" if self.by_question else "test / 测试"
        notes = "".join(f'<div style="white-space:pre-wrap">{esc(n)}</div>' for n in self.notes)
        table = (
            f'<table style="border-collapse:collapse;margin:0"><thead><tr><th style="text-align:left">{head}</th>'
            f'<th></th><th style="text-align:left">result / 结果</th></tr></thead><tbody>{"".join(cells)}</tbody></table>'
            if cells else ""
        )
        summary = f"<div>{esc(self.summary())}</div>" if self.rows else ""
        return f'<div class="nncourse-check"><strong>{esc(self.title)}</strong>{notes}{table}{summary}</div>'
