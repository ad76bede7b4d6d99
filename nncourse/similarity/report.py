"""Write a similarity run: a CSV of every scored pair and a standalone HTML page (I/O at the edge).

The HTML lists the pairs at or above the threshold, most similar first, each with the two
submissions' code side by side and the matching lines highlighted; it needs no network and
no script. The CSV has every pair that shares at least the minimum number of fingerprints.
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import NncourseError
from .index import Pair
from .sources import Document

CSV_COLUMNS = ("submission_a", "submission_b", "similarity", "share_a", "share_b", "shared_fingerprints", "flagged")


@dataclass(frozen=True)
class Flagged:
    """A pair above the threshold, with its matching lines for the side-by-side view."""

    pair: Pair
    lines_a: set[int]
    lines_b: set[int]


@dataclass(frozen=True)
class SimilarityRun:
    """Everything a report shows."""

    assignment: str
    documents: list[Document]
    pairs: list[Pair]
    flagged: list[Flagged]
    threshold: float
    settings: str
    """``k = 12, w = 6, max_df = 50, min_shared = 6`` (shown on the page)."""


def pairs_csv(run: SimilarityRun) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    docs = run.documents
    for p in run.pairs:
        writer.writerow([docs[p.a].id, docs[p.b].id, f"{p.similarity:.3f}", f"{p.share_a:.3f}", f"{p.share_b:.3f}",
                         p.shared, "yes" if p.similarity >= run.threshold else "no"])
    return out.getvalue()


def _code(text: str, marked: set[int]) -> str:
    rows = []
    for number, line in enumerate(text.splitlines() or [""], start=1):
        css = ' class="m"' if number in marked else ""
        rows.append(f'<span{css}><i>{number:>4}</i> {html.escape(line)}</span>')
    return "\n".join(rows)


_STYLE = """body{font-family:system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}.sbs{display:flex;gap:1em}
.sbs>div{flex:1;min-width:0}pre{font-size:12px;background:#fafafa;border:1px solid #ddd;overflow:auto;max-height:40em}
pre span{display:block;white-space:pre}pre span.m{background:#ffe08a}pre i{color:#999;font-style:normal}"""


def similarity_html(run: SimilarityRun) -> str:
    docs = run.documents
    out = [f"<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>相似度 / similarity: {html.escape(run.assignment)}</title>",
           f"<style>{_STYLE}</style></head><body>",
           f"<h1>代码相似度 / Code similarity: {html.escape(run.assignment)}</h1>",
           f"<p>{len(docs)} 份提交 / submissions; {len(run.pairs)} 对有共同指纹 / pairs share fingerprints; "
           f"{len(run.flagged)} 对不低于阈值 {run.threshold:.0%} / pairs at or above the threshold. "
           f"相似度 = 较小一份中与对方共有的学生代码比例（模板已去除）/ similarity = share of the smaller "
           f"submission's own code (template removed) found in the other. {html.escape(run.settings)}</p>",
           "<p>高相似度只是线索，不是结论：请阅读代码后再判断。/ A high score is a lead, not a verdict: read the code.</p>",
           "<table><tr><th>#</th><th>A</th><th>B</th><th>similarity</th><th>A shared</th><th>B shared</th><th>fingerprints</th></tr>"]
    for i, f in enumerate(run.flagged, start=1):
        p = f.pair
        out.append(f'<tr><td><a href="#p{i}">{i}</a></td><td>{html.escape(docs[p.a].id)}</td><td>{html.escape(docs[p.b].id)}</td>'
                   f"<td>{p.similarity:.0%}</td><td>{p.share_a:.0%}</td><td>{p.share_b:.0%}</td><td>{p.shared}</td></tr>")
    out.append("</table>")
    unreadable = [d for d in docs if d.error]
    if unreadable:
        out.append("<h2>无法读取 / Not compared</h2><ul>")
        out.extend(f"<li>{html.escape(d.id)}: {html.escape(d.error)}</li>" for d in unreadable)
        out.append("</ul>")
    for i, f in enumerate(run.flagged, start=1):
        a, b = docs[f.pair.a], docs[f.pair.b]
        out.append(f'<h2 id="p{i}">{i}. {html.escape(a.id)} ↔ {html.escape(b.id)} ({f.pair.similarity:.0%})</h2><div class="sbs">')
        for doc, lines in ((a, f.lines_a), (b, f.lines_b)):
            out.append(f"<div><h3>{html.escape(doc.id)}</h3><pre>{_code(doc.text, lines)}</pre></div>")
        out.append("</div>")
    out.append("</body></html>\n")
    return "\n".join(out)


def write_reports(run: SimilarityRun, out: Path) -> list[Path]:
    """``out.html`` and ``out.csv`` (or only the CSV when ``out`` ends in ``.csv``)."""
    targets = [out] if out.suffix == ".csv" else [out, out.with_suffix(".csv")]
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        for path in targets:
            path.write_text(pairs_csv(run) if path.suffix == ".csv" else similarity_html(run), "utf-8")
    except OSError as exc:
        raise NncourseError(f"cannot write the similarity report {out}: {exc.strerror or exc}") from None
    return targets
