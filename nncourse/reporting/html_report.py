"""``report.html`` for the instructor: how the class did, and where to look.

Sections: score distribution (plot and numbers), per-question mean and spread (plot and
table), the named mistakes ranked by how many students made them in each question, answers
awaiting ``nncourse review``, errors and timeouts, and a table linking every student's
``feedback.html``. Built from a :class:`~.class_summary.ClassSummary` (pure data); plots
are inline SVG from :mod:`.plots`. For instructors only: it names students and mistakes.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from ..checks.results import SubmissionResult
from .class_summary import ClassSummary
from .html_page import esc, page, points as _pts


def _score_section(summary: ClassSummary, histogram: str) -> str:
    if not summary.scores:
        return "<h2>Scores</h2><p>No submission could be graded.</p>"
    pct = 100 * summary.mean / summary.max_score if summary.max_score else 0.0
    return (f'<h2 id="scores">Score distribution</h2><div class="plot" id="score-plot">{histogram}</div>'
            f"<p>{summary.graded} graded of {summary.submissions}; mean {summary.mean:.2f} / {summary.max_score:g} "
            f"({pct:.1f} %), median {_pts(summary.median)}, lowest {_pts(min(summary.scores))}, highest {_pts(max(summary.scores))}.</p>")


def _question_section(summary: ClassSummary, means_plot: str) -> str:
    rows = "".join(
        f'<tr data-question="{esc(q.question)}"><td>{esc(q.question)}</td><td class="num">{q.points:g}</td>'
        f'<td class="num">{q.mean:.2f}</td><td class="num">{q.stdev:.2f}</td><td class="num">{_pts(q.minimum)}</td>'
        f'<td class="num">{_pts(q.maximum)}</td><td class="num">{q.full_marks}</td></tr>' for q in summary.questions)
    return (f'<h2 id="questions">Questions</h2><div class="plot" id="question-plot">{means_plot}</div>'
            "<table><tr><th>question</th><th>points</th><th>mean</th><th>std</th><th>min</th><th>max</th>"
            f"<th>full marks</th></tr>{rows}</table>")


def _mistake_section(summary: ClassSummary, links: Mapping[str, str]) -> str:
    if not summary.mistakes:
        return '<h2 id="mistakes">Named mistakes</h2><p>No answer matched a named mistake.</p>'
    rows = "".join(
        f'<tr class="mistake" data-question="{esc(m.question)}" data-mistake="{esc(m.mistake)}" data-students="{m.students}">'
        f'<td>{esc(m.question)}</td><td>{esc(m.mistake)}</td><td class="num">{m.students}</td>'
        f"<td>{', '.join(_link(s, links) for s in m.examples)}{' …' if m.students > len(m.examples) else ''}</td></tr>"
        for m in summary.mistakes)
    return ('<h2 id="mistakes">Named mistakes, by question</h2>'
            '<p class="note">Each student counted once per question and mistake, most frequent first.</p>'
            f"<table><tr><th>question</th><th>mistake</th><th>students</th><th>for example</th></tr>{rows}</table>")


def _pending_section(summary: ClassSummary, links: Mapping[str, str]) -> str:
    if not summary.pending:
        return '<h2 id="review">Awaiting review</h2><p>No undecided answers.</p>'
    rows = "".join(f'<tr class="pending"><td>{_link(p.submission, links)}</td><td>{esc(p.test)}</td></tr>' for p in summary.pending)
    return ('<h2 id="review">Awaiting review</h2><p class="note">Undecided answers score 0 until '
            "<code>nncourse review OUTDIR --accept/--reject</code> decides them.</p>"
            f"<table><tr><th>submission</th><th>test</th></tr>{rows}</table>")


def _problem_section(summary: ClassSummary, links: Mapping[str, str]) -> str:
    if not summary.problems:
        return '<h2 id="problems">Errors and timeouts</h2><p>None.</p>'
    rows = "".join(f'<tr class="problem"><td>{_link(p.submission, links)}</td><td>{esc(p.kind)}</td><td>{esc(p.what[:300])}</td></tr>'
                   for p in summary.problems)
    return f'<h2 id="problems">Errors and timeouts</h2><table><tr><th>submission</th><th>kind</th><th>what</th></tr>{rows}</table>'


def _link(submission: str, links: Mapping[str, str]) -> str:
    href = links.get(submission)
    return f'<a href="{esc(href)}">{esc(submission)}</a>' if href else esc(submission)


def _student_section(results: Sequence[SubmissionResult], links: Mapping[str, str]) -> str:
    rows = "".join(
        f'<tr><td>{_link(r.submission, links)}</td><td class="num">{_pts(r.score)} / {_pts(r.max_score)}</td>'
        f"<td>{'error' if r.error else 'review' if r.needs_review else 'graded'}</td></tr>" for r in results)
    return f'<h2 id="students">Students</h2><table id="student-table"><tr><th>submission</th><th>score</th><th>status</th></tr>{rows}</table>'


def class_report_page(summary: ClassSummary, results: Sequence[SubmissionResult], links: Mapping[str, str],
                      *, histogram: str = "", means_plot: str = "") -> str:
    """The instructor's page. ``links`` maps submission id → relative URL of its feedback page;
    ``histogram`` and ``means_plot`` are SVG texts (see :func:`class_report` for the default)."""
    title = f"{summary.assignment}: class report"
    body = "\n".join([
        f"<h1>{esc(title)}</h1>",
        '<p class="note">For the teaching staff only: it names students. / 仅供教师使用。</p>',
        _score_section(summary, histogram), _question_section(summary, means_plot),
        _mistake_section(summary, links), _pending_section(summary, links), _problem_section(summary, links),
        _student_section(results, links),
    ])
    return page(title, body)


def class_report(summary: ClassSummary, results: Sequence[SubmissionResult], links: Mapping[str, str]) -> str:
    """:func:`class_report_page` with both plots drawn by matplotlib."""
    from . import plots

    histogram = plots.score_histogram(summary.scores, summary.max_score) if summary.scores else ""
    qs = summary.questions
    means = plots.question_means([q.question for q in qs], [q.mean / q.points if q.points else 0.0 for q in qs],
                                 [q.stdev / q.points if q.points else 0.0 for q in qs]) if qs else ""
    return class_report_page(summary, results, links, histogram=histogram, means_plot=means)
