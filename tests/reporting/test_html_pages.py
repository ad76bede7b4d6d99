"""HTML feedback per student and the class report (issue 13, items 3–4).

The pages are built by the CLI, black-box (``grade --html`` on the assignment-1 samples;
``grade`` then ``report`` on a 40-submission batch with known, injected mistakes), and
opened in real headless Chromium: no console error, no request beyond the page itself,
plots and feedback blocks visible and not blank. The class report's mistake ranking is
checked against the mistakes each ``instructor.json`` names, and against the injection.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from browser import browser, ink  # noqa: F401  (browser is a fixture)
from conftest import ROOT, nncourse

pytest.importorskip("nbconvert")
pytest.importorskip("matplotlib")

SAMPLES = ROOT / "assignments" / "a1-regression" / "samples"

#: (question, text in the solved notebook, the same line as a student gets it wrong, a word of the suite's label)
MISTAKES = [
    ("ridge", "X.T @ X / n + lam * np.eye(d), X.T @ y / n", "X.T @ X + lam * np.eye(d), X.T @ y", "1/n"),
    ("closed_form", "residual @ residual / (2 * len(y))", "residual @ residual / len(y)", "½"),
    ("perceptron", "if yi * (xi @ W) <= 0:", "if yi * (xi @ W) < 0:", "≤"),
    ("minibatch_sgd", "return C / np.sqrt(t)", "return C / t", "C/t"),
]
BATCH = 40


@pytest.fixture(scope="module")
def samples_out(a1_bundle, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples-html")
    done = nncourse("grade", str(SAMPLES), "-a", str(a1_bundle / "autograder"), "-o", str(out), "-j", "2", "--html", "-q")
    assert done.returncode == 0, done.stderr
    return out


def _injected(i: int) -> list[int]:
    """Which MISTAKES student i makes: the bits of i mod 16."""
    return [k for k in range(len(MISTAKES)) if (i % 16) >> k & 1]


@pytest.fixture(scope="module")
def batch_out(notebooks, tmp_path_factory) -> Path:
    for i in range(BATCH):
        notebooks.make(f"student{i:02d}", replace={MISTAKES[k][1]: MISTAKES[k][2] for k in _injected(i)})
    out = tmp_path_factory.mktemp("batch-html")
    return out


@pytest.fixture(scope="module")
def notebooks(a1_bundle, tmp_path_factory):
    from conftest import NotebookFactory

    folder = tmp_path_factory.mktemp("batch")
    return NotebookFactory(a1_bundle / "solution" / "a1-regression.ipynb", folder)


@pytest.fixture(scope="module")
def graded_batch(batch_out, notebooks, a1_bundle) -> Path:
    done = nncourse("grade", str(notebooks.folder), "-a", str(a1_bundle / "autograder"), "-o", str(batch_out), "-j", "2", "-q")
    assert done.returncode == 0, done.stderr
    done = nncourse("report", str(batch_out), str(notebooks.folder))  # notebooks found where they were graded
    assert done.returncode == 0 and "report.html" in done.stdout, done.stderr
    return batch_out


def _ranking(report: Path) -> list[tuple[str, str, int]]:
    rows = re.findall(r'<tr class="mistake" data-question="([^"]*)" data-mistake="([^"]*)" data-students="(\d+)"',
                      report.read_text("utf-8"))
    import html

    return [(html.unescape(q), html.unescape(m), int(n)) for q, m, n in rows]


def test_mistake_ranking_matches_instructor_json(graded_batch):
    counted: Counter = Counter()
    for path in graded_batch.glob("*/instructor.json"):
        named = {(t["question"], m) for t in json.loads(path.read_text("utf-8"))["tests"] for m in t.get("mistakes", [])}
        counted.update(named)
    ranking = _ranking(graded_batch / "report.html")
    assert ranking and dict(((q, m), n) for q, m, n in ranking) == dict(counted)
    for question in {q for q, _, _ in ranking}:
        counts = [n for q, _, n in ranking if q == question]
        assert counts == sorted(counts, reverse=True), question
    # and with what was injected: each mistake is ranked in its question with the number of students who made it
    for k, (question, _, _, word) in enumerate(MISTAKES):
        made = sum(1 for i in range(BATCH) if k in _injected(i))
        assert any(q == question and word in m and n == made for q, m, n in ranking), (question, word, made, ranking)


def test_feedback_page_shows_only_student_visible_text(graded_batch):
    result = json.loads((graded_batch / "student07" / "instructor.json").read_text("utf-8"))
    page = (graded_batch / "student07" / "feedback.html").read_text("utf-8")
    failed = [t for t in result["tests"] if t["status"] != "passed"]
    assert failed
    import html

    text = html.unescape(page)
    for t in failed:
        assert t["output"] in text
        if t["detail"] != t["output"]:
            assert t["detail"] not in text
    assert "<script" not in page and "http-equiv=\"Content-Security-Policy\"" in page


def test_pages_for_every_sample(samples_out):
    assert (samples_out / "report.html").is_file()
    for nb in SAMPLES.glob("*.ipynb"):
        assert (samples_out / nb.stem / "feedback.html").is_file(), nb.stem
    broken = (samples_out / "erin-broken" / "feedback.html").read_text("utf-8")
    assert "Not graded" in broken


def test_report_without_graded_folder_is_one_line(tmp_path):
    done = nncourse("report", str(tmp_path / "missing"))
    assert done.returncode == 2 and done.stderr.startswith("nncourse: ") and done.stderr.count("\n") == 1


# -- in a real browser ------------------------------------------------------------------------

def _visible_and_inked(visit, selector: str, minimum: float = 0.01) -> None:
    locator = visit.page.locator(selector).first
    assert locator.is_visible(), selector
    assert ink(locator.screenshot()) > minimum, f"{selector} looks blank"


def _offline(visit, page_path: Path) -> None:
    assert visit.console_errors == [], visit.console_errors
    assert visit.requests == [page_path.resolve().as_uri()], visit.requests


def test_class_report_in_chromium(browser, graded_batch):
    path = graded_batch / "report.html"
    visit = browser.open(path)
    try:
        _offline(visit, path)
        _visible_and_inked(visit, "#score-plot svg")
        _visible_and_inked(visit, "#question-plot svg")
        _visible_and_inked(visit, "tr.mistake")
        assert visit.page.locator("#student-table a[href$='feedback.html']").count() == BATCH
    finally:
        visit.page.close()


@pytest.mark.parametrize("which", ["samples/carol-partial", "samples/mallory-hostile", "batch/student15"])
def test_feedback_page_in_chromium(browser, samples_out, graded_batch, which):
    folder, ident = which.split("/")
    path = (samples_out if folder == "samples" else graded_batch) / ident / "feedback.html"
    visit = browser.open(path)
    try:
        _offline(visit, path)
        _visible_and_inked(visit, "section.feedback.partial")
        _visible_and_inked(visit, ".summary")
        blocks = visit.page.locator("section.feedback")
        assert blocks.count() >= 5
        # blocks sit inside the rendered notebook, after code the student wrote
        assert visit.page.locator(".notebook section.feedback").count() == blocks.count()
    finally:
        visit.page.close()
