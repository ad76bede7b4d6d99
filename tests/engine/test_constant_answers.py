"""Scores a student can game: answers that are constant (zeros, ones) of the right shape.

A "constant" submission computes every graded function with the reference solution, then
returns the constant in the result's shape (0-d, array, tuple, list, dict; strings become
``""``) and never raises. Every hidden test must fail it unless the constant is right for
that test's inputs, which is decided from the reference's own value for the same call, not
from the test: a call is "right" when the reference returns that constant.

Two levels: every hidden test of a1–a6 run in this process against the constant student
(fast, exact per-call attribution), and a1's all-zeros and all-ones notebooks graded for
real in the sandbox, whose passing hidden tests must be among the ones allowed above.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from conftest import ROOT, assignment_ids, code_cell
from nncourse.checks.results import HIDDEN

CONSTANTS = (0.0, 1.0)
GAMED = [a for a in assignment_ids() if a[:2] in ("a1", "a2", "a3", "a4", "a5", "a6")]


def constant_like(value: Any, c: float) -> Any:
    """``value`` with every number replaced by ``c`` (bools by ``bool(c)``, strings by "")."""
    if isinstance(value, (bool, np.bool_)):
        return bool(c)
    if isinstance(value, (int, np.integer)):
        return int(c)
    if isinstance(value, (float, np.floating)):
        return float(c)
    if isinstance(value, np.ndarray):
        return np.full(value.shape, c, dtype=value.dtype if value.dtype.kind in "biu" else float)
    if isinstance(value, str):
        return ""
    if isinstance(value, (tuple, list)):
        return type(value)(constant_like(v, c) for v in value)
    if isinstance(value, dict):
        return {k: constant_like(v, c) for k, v in value.items()}
    return value


def same_value(a: Any, b: Any) -> bool:
    """Exact structural equality, numbers compared with a tolerance far below any test's."""
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    try:
        x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return a == b
    return x.shape == y.shape and bool(np.allclose(x, y, rtol=1e-9, atol=1e-12))


class ConstantStudent:
    """In-process stand-in for the ``student`` fixture: reference values turned constant.

    ``wrong`` lists the calls, since it was last cleared, where the constant is not the
    reference's answer (or where the reference raises and the constant student does not).
    """

    def __init__(self, reference: Any, names: tuple[str, ...], c: float) -> None:
        self._functions = {n: self._constant(getattr(reference, n), n, c) for n in names}
        self.wrong: list[str] = []
        self.calls = 0

    def _constant(self, function: Any, name: str, c: float) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            try:
                right = function(*args, **kwargs)
            except Exception as exc:
                self.wrong.append(f"{name} raises {type(exc).__name__}")
                return float(c)
            answer = constant_like(right, c)
            if not same_value(answer, right):
                self.wrong.append(name)
            return answer

        return call

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._functions[name]

    def evaluate(self, expression: str, **variables: Any) -> Any:
        return eval(expression, {"np": np, **self._functions, **variables})  # noqa: S307 (test-owned text)

    def names(self) -> dict[str, str]:
        return {n: "function" for n in self._functions}

    def __contains__(self, name: str) -> bool:
        return name in self._functions


def _master(ident: str):
    from nncourse.authoring.catalogue import assignment_entry
    from nncourse.authoring.master import load_master
    from nncourse.course import Course

    course = Course.at(ROOT)
    return load_master(assignment_entry(course, ident).path, course.solutions), course


def allowed_hidden_passes(ident: str, c: float) -> tuple[set[str], list[str], int]:
    """(hidden tests the constant may pass, hidden tests it passes although wrong, calls made)."""
    from nncourse.checks.runner import Fixtures, outcome
    from nncourse.authoring.source import from_master

    master, course = _master(ident)
    assignment = from_master(master, course)
    student = ConstantStudent(assignment.reference, master.references, c)
    fixtures = Fixtures(student, assignment.reference, assignment.data_dir)  # type: ignore[arg-type]
    allowed, gamed = set(), []
    for spec in assignment.tests:
        if not spec.hidden:
            continue
        student.wrong.clear()
        status = outcome(spec, fixtures)[0]
        if status == "passed":
            (gamed.append(f"{spec.name} (wrong for {sorted(set(student.wrong))})") if student.wrong else allowed.add(spec.name))
    return allowed, gamed, student.calls


@pytest.mark.parametrize("c", CONSTANTS, ids=["zeros", "ones"])
@pytest.mark.parametrize("ident", GAMED)
def test_hidden_tests_fail_a_wrong_constant(ident, c):
    allowed, gamed, calls = allowed_hidden_passes(ident, c)
    assert calls > 20  # the constant student was really asked
    assert gamed == [], f"{ident}: hidden tests passed by a constant {c:g} that is wrong for their inputs"


WRAP = '''
import numpy as _np_const
def _const_like(v, c):
    if isinstance(v, (bool, _np_const.bool_)): return bool(c)
    if isinstance(v, (int, _np_const.integer)): return int(c)
    if isinstance(v, (float, _np_const.floating)): return float(c)
    if isinstance(v, _np_const.ndarray): return _np_const.full(v.shape, c, dtype=v.dtype if v.dtype.kind in "biu" else float)
    if isinstance(v, str): return ""
    if isinstance(v, (tuple, list)): return type(v)(_const_like(x, c) for x in v)
    if isinstance(v, dict): return {k: _const_like(x, c) for k, x in v.items()}
    return v
def _constant(f, c):
    if getattr(f, "_constant", False): return f
    def g(*a, **k):
        try: return _const_like(f(*a, **k), c)
        except Exception: return float(c)
    g._constant = True
    return g
for _n in NAMES:
    if _n in globals(): globals()[_n] = _constant(globals()[_n], CONST)
'''


def constant_notebook(solved: Path, names: tuple[str, ...], c: float, out: Path) -> Path:
    """The solved notebook with every graded function made constant right after each code cell,
    so the notebook's own top-level values are computed from constant functions too."""
    nb = json.loads(solved.read_text("utf-8"))
    wrap = code_cell(WRAP.replace("NAMES", repr(list(names))).replace("CONST", repr(c)))
    cells = []
    for cell in nb["cells"]:
        cells.append(cell)
        if cell["cell_type"] == "code":
            cells.append(wrap)
    nb["cells"] = cells
    out.write_text(json.dumps(nb), "utf-8")
    return out


def test_a1_constant_notebooks_score_no_hidden_points(a1_bundle, grade, tmp_path):
    master, _ = _master("a1-regression")
    solved = a1_bundle / "solution" / "a1-regression.ipynb"
    paths = [constant_notebook(solved, master.references, c, tmp_path / f"const{c:g}.ipynb") for c in CONSTANTS]
    results = grade(*paths)
    for c, result in zip(CONSTANTS, results):
        assert not result.error
        hidden = [t for t in result.tests if t.visibility == HIDDEN]
        assert len(hidden) > 20
        passed = {t.name for t in hidden if t.status == "passed"}
        allowed, _, _ = allowed_hidden_passes("a1-regression", c)
        assert passed <= allowed, f"constant {c:g} passes {sorted(passed - allowed)}"
        if c == 0.0:  # no a1 hidden test has zero as its whole answer
            assert allowed == set() and sum(t.score for t in hidden) == 0.0
