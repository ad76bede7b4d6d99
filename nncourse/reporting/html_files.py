"""The HTML pages on disk: ``OUTDIR/<id>/feedback.html`` and ``OUTDIR/report.html``.

The I/O edge of :mod:`.html_feedback` and :mod:`.html_report`. ``nncourse grade`` keeps a
copy of each graded notebook as ``OUTDIR/<id>/submission.ipynb``, so the pages can be
(re)built later from the output folder alone (``nncourse report OUTDIR``, e.g. after
``nncourse review``). A page that cannot be built costs that page only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import quote

from ..checks.results import SubmissionResult
from ..errors import NncourseError, OutputError, UnreadableFile
from ..files import read_regular_file, write_atomic
from .base import ReportContext, RunSummary
from .gradescope import read_instructor_json, submission_folder
from .safe_text import folder_name

#: Name of the copy of the graded notebook inside ``OUTDIR/<id>/``.
NOTEBOOK_COPY = "submission.ipynb"
FEEDBACK_PAGE = "feedback.html"
CLASS_PAGE = "report.html"
#: A notebook larger than this is not rendered (the page keeps the feedback).
MAX_NOTEBOOK_BYTES = 20_000_000


def keep_notebook(outdir: Path, result: SubmissionResult, path: Path) -> None:
    """Copy the graded notebook next to its results (for the HTML pages): a regular file only,
    never through a link, at most :data:`MAX_NOTEBOOK_BYTES` (a FIFO or ``/dev/zero`` is not copied)."""
    try:
        data = read_regular_file(path, MAX_NOTEBOOK_BYTES)
    except UnreadableFile:
        return  # the page will say the notebook is not available
    try:
        write_atomic(submission_folder(outdir, result.submission) / NOTEBOOK_COPY, data)
    except OutputError:
        pass


def _read_notebook(folder: Path) -> dict[str, Any] | None:
    path = folder / NOTEBOOK_COPY
    try:
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            return None
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("cells"), list) else None


def _write_text(path: Path, text: str) -> None:
    write_atomic(path, text)


def feedback_link(result: SubmissionResult) -> str:
    """URL of a student's page relative to ``report.html`` (the folder name's ``%`` escaped for a URL)."""
    return f"{quote(folder_name(result.submission))}/{FEEDBACK_PAGE}"


def write_feedback_pages(outdir: Path, results: Sequence[SubmissionResult], questions: Sequence[str]) -> list[str]:
    """``OUTDIR/<id>/feedback.html`` for each result; returns the ids whose page failed."""
    from .html_feedback import NotebookRenderer, feedback_page

    renderer = NotebookRenderer()
    failed = []
    for r in results:
        folder = submission_folder(outdir, r.submission)
        try:
            _write_text(folder / FEEDBACK_PAGE, feedback_page(r, _read_notebook(folder), questions, renderer=renderer))
        except (OSError, OutputError):
            failed.append(r.submission)
    return failed


def write_class_page(outdir: Path, results: Sequence[SubmissionResult], questions: Sequence[str]) -> Path:
    """``OUTDIR/report.html``."""
    from .class_summary import summarize
    from .html_report import class_report

    links = {r.submission: feedback_link(r) for r in results}
    path = outdir / CLASS_PAGE
    _write_text(path, class_report(summarize(results, questions), results, links))
    return path


def read_outdir(outdir: Path) -> tuple[list[SubmissionResult], list[str]]:
    """The graded results in ``OUTDIR`` (from each ``instructor.json``) and the question order."""
    from .gradebook import read_questions

    if not outdir.is_dir():
        raise NncourseError(f"no such folder: {outdir}", hint="pass the -o folder of `nncourse grade`")
    results = []
    for path in sorted(outdir.glob("*/instructor.json")):
        try:
            results.append(read_instructor_json(path))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise NncourseError(f"{path}: not an instructor.json written by nncourse grade ({type(exc).__name__})") from None
    if not results:
        raise NncourseError(f"{outdir} holds no graded submissions (no */instructor.json)", hint="run `nncourse grade … -o OUTDIR` first")
    return results, read_questions(outdir / "gradebook.csv") or []


def require_extras() -> None:
    """Fail with one line, before any work, when the instructor extra is not installed."""
    import importlib.util

    for module in ("nbconvert", "bleach", "matplotlib"):
        if importlib.util.find_spec(module) is None:
            raise NncourseError(f"HTML reports need {module}", hint="pip install 'nncourse[instructor]'")


class HtmlReporter:
    """``html``: keeps each graded notebook as ``OUTDIR/<id>/submission.ipynb`` as it is graded,
    then writes every ``feedback.html`` and ``OUTDIR/report.html`` once the run is done (the
    pages need the question order and the whole class)."""

    def __init__(self, context: ReportContext) -> None:
        require_extras()
        self.out = context.out
        self.notebooks = dict(context.notebooks)

    def on_result(self, result: SubmissionResult) -> None:
        path = self.notebooks.get(result.submission)
        if path is not None:
            keep_notebook(self.out, result, path)

    def finish(self, run: RunSummary) -> str:
        failed = write_feedback_pages(self.out, run.results, run.questions)
        page = write_class_page(self.out, run.results, run.questions)
        note = f" ({len(failed)} feedback page(s) failed: {', '.join(failed[:5])})" if failed else ""
        return f"{page} and {len(run.results) - len(failed)} feedback.html{note}"
