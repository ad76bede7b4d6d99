"""``feedback.html`` for one student: their notebook, each question followed by its feedback.

The notebook is rendered by nbconvert (``basic`` template, no scripts), cleaned of anything
that could run or fetch (:func:`.html_page.clean_html`), and each question's block (score,
and per test the *student-visible* text only: never ``detail`` or expected values) is placed
at the end of that question's part of the notebook. A question's part starts at a cell whose
metadata says ``nncourse.question``, or else at its numbered heading (``## 3. …``: the k-th
numbered heading is the k-th question, as every master notebook is written); questions that
cannot be placed are listed after the notebook.
"""

from __future__ import annotations

import copy
import re
import secrets
import warnings
from typing import Any, Mapping, Sequence

from ..checks.results import EXECUTION, SubmissionResult, TestResult
from .html_page import clean_html, esc, page, points as _pts

_HEADING = re.compile(r"^\s*##\s*\d")
#: An output larger than this (characters) is replaced by a note: pages stay small.
MAX_OUTPUT = 100_000
_MARK = {"passed": "✓", "failed": "✗", "undecided": "?", "error": "!"}


class NotebookRenderer:
    """nbconvert's HTML exporter, built once and reused for every page of a batch."""

    def __init__(self) -> None:
        from nbconvert import HTMLExporter

        self._exporter = HTMLExporter(template_name="basic", exclude_anchor_links=True)

    def render(self, notebook: Mapping[str, Any], markers: Mapping[int, str]) -> str:
        """Cleaned HTML of ``notebook`` with a paragraph ``markers[i]`` before cell ``i``."""
        import nbformat

        nb = nbformat.from_dict(copy.deepcopy(dict(notebook)))
        nb.setdefault("metadata", {})
        nb.setdefault("nbformat", 4)
        nb.setdefault("nbformat_minor", 5)
        cells = []
        for i, cell in enumerate(list(nb.get("cells", [])) + [None]):
            if i in markers:
                cells.append(nbformat.v4.new_markdown_cell(markers[i]))
            if cell is not None:
                cells.append(_bounded(cell))
        nb["cells"] = cells
        with warnings.catch_warnings():  # student notebooks often lack cell ids; nothing to fix here
            warnings.simplefilter("ignore")
            body, _ = self._exporter.from_notebook_node(nb)
        return clean_html(body)


def _bounded(cell: Any) -> Any:
    if isinstance(cell.get("source"), list):
        cell["source"] = "".join(cell["source"])
    cell.setdefault("metadata", {})
    if cell.get("cell_type") == "code":
        cell.setdefault("outputs", [])
        cell.setdefault("execution_count", None)
        if len(repr(cell["outputs"])) > MAX_OUTPUT:
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "(output too long to show / 输出过长，未显示)\n"}]
    return cell


def question_starts(notebook: Mapping[str, Any], questions: Sequence[str]) -> dict[str, int]:
    """Question → index of the cell where its part of the notebook starts (those that can be placed)."""
    cells = notebook.get("cells", []) if isinstance(notebook, Mapping) else []
    tagged: dict[str, int] = {}
    headings: list[int] = []
    for i, cell in enumerate(cells):
        if not isinstance(cell, Mapping):
            continue
        meta = cell.get("metadata") or {}
        name = (meta.get("nncourse") or {}).get("question") if isinstance(meta, Mapping) and isinstance(meta.get("nncourse"), Mapping) else None
        if isinstance(name, str) and name in questions:
            tagged.setdefault(name, i)
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if cell.get("cell_type") == "markdown" and _HEADING.match(source):
            headings.append(i)
    if tagged:
        return tagged
    if len(headings) == len(questions):
        return dict(zip(questions, headings))
    return {}


def _test_block(t: TestResult) -> str:
    shown = "" if t.passed else f"<pre>{esc(t.output)}</pre>"
    status = t.status if t.status in _MARK else "failed"
    return (f'<div class="test {esc(status)}"><span class="mark">{_MARK[status]}</span> {esc(t.name)} '
            f'<span class="note">({_pts(t.score)} / {_pts(t.max_score)})</span>{shown}</div>')


def question_block(question: str, tests: Sequence[TestResult]) -> str:
    """One question's score and the student-visible text of each of its tests."""
    got, possible = sum(t.score for t in tests), sum(t.max_score for t in tests)
    waiting = any(t.status == "undecided" for t in tests)
    kind = "review" if waiting else "full" if got >= possible - 1e-9 else "partial"
    note = ('<p class="note">An answer awaits review by the teaching staff; the score may go up. '
            '/ 有答案等待助教复核，分数可能上调。</p>') if waiting else ""
    return (f'<section class="feedback {kind}" id="q-{esc(question)}" data-question="{esc(question)}">'
            f"<h3>{esc(question)}: {_pts(got)} / {_pts(possible)}</h3>{note}{''.join(_test_block(t) for t in tests)}</section>")


def _summary(result: SubmissionResult, by_question: Mapping[str, Sequence[TestResult]]) -> str:
    rows = "".join(
        f'<tr><td><a href="#q-{esc(q)}">{esc(q)}</a></td><td class="num">{_pts(sum(t.score for t in ts))} / {_pts(sum(t.max_score for t in ts))}</td></tr>'
        for q, ts in by_question.items())
    extra = "".join(f"<p class=\"note\">warning / 警告: {esc(w)}</p>" for w in result.warnings[:5])
    return (f'<div class="summary"><p><strong>Score / 得分: {_pts(result.score)} / {_pts(result.max_score)}</strong></p>'
            f"<table><tr><th>question / 题目</th><th>score / 得分</th></tr>{rows}</table>{extra}"
            '<p class="note">Feedback below each question: ✓ passed, ✗ failed, ? awaiting review. '
            "/ 每题下方是反馈：✓ 通过，✗ 未通过，? 等待复核。</p></div>")


def feedback_page(result: SubmissionResult, notebook: Mapping[str, Any] | None, questions: Sequence[str] = (),
                  *, renderer: NotebookRenderer | None = None) -> str:
    """The student's page (HTML text). ``notebook`` is the submitted notebook's JSON (None: not available)."""
    title = f"{result.assignment}: {result.submission}"
    head = f"<h1>{esc(title)}</h1>"
    if result.error:
        return page(title, f'{head}<div class="summary feedback partial"><p>Not graded / 未评分: {esc(result.error)}</p></div>')
    by_question: dict[str, list[TestResult]] = {}
    order = [q for q in questions if q != EXECUTION] + [t.question for t in result.tests]
    for q in dict.fromkeys(order):
        tests = [t for t in result.tests if t.question == q]
        if tests and q != EXECUTION:
            by_question[q] = tests
    execution = [t for t in result.tests if t.question == EXECUTION and not t.passed]
    parts = [head, _summary(result, by_question)]
    parts += [f'<div class="feedback partial"><h3>notebook / 笔记本</h3>{_test_block(t)}</div>' for t in execution]
    placed: dict[str, int] = question_starts(notebook, list(by_question)) if notebook else {}
    if notebook is not None:
        renderer = renderer or NotebookRenderer()
        nonce = secrets.token_hex(8)
        starts = sorted(placed.values())
        ends: dict[int, list[str]] = {}
        count = len(notebook.get("cells", []))
        for q, start in placed.items():
            end = next((s for s in starts if s > start), count)
            ends.setdefault(end, []).append(q)
        markers = {end: f"NNCOURSE{nonce}AT{end}" for end in ends}
        try:
            rendered = renderer.render(notebook, markers)
        except Exception as exc:  # a malformed notebook: the page still carries the feedback
            placed = {}
            parts.append(f'<p class="note">The notebook could not be shown ({esc(type(exc).__name__)}). / 无法显示笔记本。</p>')
        else:
            for end, qs in ends.items():
                blocks = "".join(question_block(q, by_question[q]) for q in qs)
                rendered, hits = re.subn(rf"<p>\s*{markers[end]}\s*</p>", lambda _m, b=blocks: b, rendered, count=1)
                if not hits:
                    placed = {q: i for q, i in placed.items() if q not in qs}
            parts.append(f'<div class="notebook">{rendered}</div>')
    else:
        parts.append('<p class="note">The notebook itself is not available here. / 此处没有笔记本原文。</p>')
    rest = [q for q in by_question if q not in placed]
    if rest:
        parts.append("<h2>Feedback / 反馈</h2>" + "".join(question_block(q, by_question[q]) for q in rest))
    return page(title, "\n".join(parts))
