"""Scores a student can game: constant answers (zeros, ones) and "hand the input back" (identity).

A stub student (:mod:`constant_stubs`) computes every graded function with the reference and
returns the constant (or the first argument of the answer's shape) in the answer's shape; in a
derivations assignment every answer expression becomes ``"0"``/``"1"`` and every dict answer
the constant. No test worth points may pass such a stub unless the stub's answer is right for
*that test's inputs*, which is decided from the reference's own answer for the same call
(never from the test): a call is "right" when the reference returns exactly the stub's answer.

Two levels, both over the WHOLE grade (public cells and hidden suite) of a1–a8:

* in this process, every test spec against the stub student, with exact per-call attribution;
* each assignment's zeros, ones and identity notebooks graded for real (``grade_batch``, the
  library call of ``nncourse grade``), whose passing tests must be among those allowed above.
"""

from __future__ import annotations

import functools
import json

import pytest

from conftest import ROOT, assignment_ids
from nncourse.checks.results import HIDDEN
from constant_stubs import KINDS, StubStudent, answer_values, constant_like, stubbed_notebook

ASSIGNMENTS = assignment_ids()


def _master(ident: str):
    from nncourse.authoring.catalogue import assignment_entry
    from nncourse.authoring.master import load_master
    from nncourse.course import Course

    course = Course.at(ROOT)
    entry = assignment_entry(course, ident)
    return load_master(entry.path, course.solutions), course, entry.path


def _solved_values(ident: str, names: tuple[str, ...]) -> dict:
    """The solved notebook's top-level answers (a7: our own strings and dicts, safe to run here)."""
    master, course, path = _master(ident)
    namespace: dict = {}
    nb = json.loads(path.read_text("utf-8"))
    for cell in nb["cells"]:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "code" and "expect_" not in src and "REFERENCE" not in src:
            exec(src.replace("# SOLUTION", ""), namespace)  # noqa: S102 (the course's own master)
    return {n: namespace[n] for n in names}


@functools.lru_cache(maxsize=None)
def allowed_passes(ident: str, kind: str) -> tuple[frozenset[str], tuple[str, ...], int]:
    """(scored tests the stub may pass, scored tests it passes although wrong, stub calls made)."""
    from nncourse.authoring.source import from_master
    from nncourse.checks.runner import Fixtures, outcome

    master, course, path = _master(ident)
    assignment = from_master(master, course)
    values = {}
    if not master.references:
        c = 1.0 if kind == "ones" else 0.0
        solved = _solved_values(ident, answer_values(path))
        values = {n: (constant_like(v, c) if isinstance(v, dict) else str(int(c)), v) for n, v in solved.items()}
        if kind == "identity":
            values = {}
    student = StubStudent(assignment.reference, master.references, kind, values)  # type: ignore[arg-type]
    fixtures = Fixtures(student, assignment.reference, assignment.data_dir)  # type: ignore[arg-type]
    points = dict(assignment.points)
    allowed, gamed = set(), []
    for spec in assignment.tests:
        if spec.weight == 0 or not points.get(spec.question):
            continue  # a format reminder worth nothing
        student.wrong.clear()
        status = outcome(spec, fixtures)[0]
        if status == "passed":
            (gamed.append(f"{spec.name} (wrong for {sorted(set(student.wrong))})") if student.wrong else allowed.add(spec.name))
    return frozenset(allowed), tuple(gamed), student.calls


def _stubbable(ident: str, kind: str) -> bool:
    master, _, path = _master(ident)
    return bool(master.references) or (kind != "identity" and bool(answer_values(path)))


CASES = [(a, k) for a in ASSIGNMENTS for k in KINDS if _stubbable(a, k)]


@pytest.mark.parametrize("ident, kind", CASES, ids=[f"{a}-{k}" for a, k in CASES])
def test_no_test_passes_a_wrong_stub(ident, kind):
    allowed, gamed, calls = allowed_passes(ident, kind)
    assert calls > 10  # the stub student was really asked
    assert gamed == (), f"{ident}: tests passed by the {kind} stub although it is wrong for their inputs"


@pytest.fixture(scope="module")
def stub_results(generated, tmp_path_factory):
    """``stub_results(ident)``: kind → SubmissionResult of that assignment's stub notebooks, graded
    once (one batch per assignment) by the real engine from the generated autograder bundle."""
    from nncourse.grading.assignment import from_bundle
    from nncourse.grading.batch import Submission, grade_batch

    done: dict = {}

    def get(ident: str) -> dict:
        if ident not in done:
            master, _, path = _master(ident)
            gen = generated(ident).out
            folder = tmp_path_factory.mktemp(f"stubs-{ident}")
            kinds = [k for k in KINDS if _stubbable(ident, k)]
            subs = [Submission(k, stubbed_notebook(gen / "solution" / f"{ident}.ipynb", master.references,
                                                   answer_values(path), k, folder / f"{k}.ipynb")) for k in kinds]
            results = grade_batch(subs, from_bundle(gen / "autograder"), jobs=2)
            done[ident] = dict(zip(kinds, results))
        return done[ident]

    return get


@pytest.mark.parametrize("ident", ASSIGNMENTS)
def test_stub_notebooks_earn_only_what_is_right(ident, stub_results):
    results = stub_results(ident)
    assert results, f"{ident}: nothing to stub"
    report, problems = [], []
    for kind, result in results.items():
        assert not result.error, result.error
        scored = [t for t in result.tests if t.max_score > 0]
        assert len(scored) > 5
        public = sum(t.score for t in scored if t.visibility != HIDDEN)
        report.append(f"{kind}: {result.score:g}/{result.max_score:g} (public {public:g})")
        allowed, _, _ = allowed_passes(ident, kind)
        passed = {t.name for t in scored if t.passed}
        if not passed <= allowed:
            problems.append(f"the {kind} notebook passes {sorted(passed - allowed)}")
        earned = sum(t.score for t in scored if t.passed)
        assert earned <= sum(t.max_score for t in scored if t.name in allowed) + 1e-9 or passed - allowed
    print(f"\n{ident}: " + ", ".join(report))
    assert problems == [], f"{ident}: " + "; ".join(problems)
