"""The student's self-check without a kernel: public tests that stand alone, the in-kernel
runner's outcomes and rendering, the grader skipping check cells, readiness, the install files."""

from __future__ import annotations

import ast
import builtins
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, assignment_ids, code_cell, nncourse

from nncourse.checks.cellcode import compile_cell
from nncourse.student.run import Status, run_cell

HELPERS = {"np", "numpy", "evaluate", "expect_close", "expect_equal", "expect_true", "expect_parses", "expect_equivalent"}


def _defined(source: str) -> set[str]:
    """Top-level names a cell defines."""
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


@pytest.mark.parametrize("ident", assignment_ids())
def test_public_tests_read_only_what_their_own_question_defines(ident):
    """Independence (no other question's answer) and no globals gaming (no notebook data)."""
    from nncourse.authoring.master import load_master

    master = load_master(ROOT / "assignments" / ident / "master.ipynb", ROOT / "solutions")
    own = {q: set().union(*[_defined(c.solution) for c in master.cells[a:b] if c.kind == "code"]) for q, a, b in master.question_spans}
    for t in master.tests:
        if t.hidden:
            continue
        reads = {n for n in compile_cell(t.name, t.source).wanted if not hasattr(builtins, n)} - HELPERS
        assert reads <= own[t.question], f"{ident} {t.name} reads {sorted(reads - own[t.question])} from outside its question"


def _solved_namespace(bundle: Path, replace: dict[str, str] | None = None, extra: str = "") -> dict:
    """Run the solved a1 notebook's code in a dict, as a kernel would (check cells left out)."""
    import os

    nb = json.loads((bundle / "solution" / "a1-regression.ipynb").read_text("utf-8"))
    ns: dict = {"__name__": "__main__"}
    here = os.getcwd()
    os.chdir(bundle / "solution")
    try:
        for cell in nb["cells"]:
            src = "".join(cell["source"])
            if cell["cell_type"] != "code" or src.startswith(("check", "from nncourse")):
                continue
            for old, new in (replace or {}).items():
                src = src.replace(old, new)
            exec(src, ns)
        exec(extra, ns)
    finally:
        os.chdir(here)
    return ns


def _public(bundle: Path, name: str):
    tests = json.loads((bundle / "student" / "tests" / "public.json").read_text("utf-8"))["tests"]
    return compile_cell(name, next(t["source"] for t in tests if t["name"] == name))


WRONG_PERCEPTRON = {"if yi * (xi @ W) <= 0": "if yi * (xi @ W) < 0"}  # a zero score never updates W
GAMING = "X8[0] = 0\ny8[0] = 0\nfeatures[:] = 0\nminutes[:] = 0\n"


def test_zeroed_globals_do_not_let_a_wrong_perceptron_pass_in_the_kernel(a1_bundle):
    honest = _solved_namespace(a1_bundle, extra=GAMING)
    gamed = _solved_namespace(a1_bundle, WRONG_PERCEPTRON, extra=GAMING)
    test = _public(a1_bundle, "perceptron - 1")
    assert run_cell(test, honest).status is Status.PASSED
    outcome = run_cell(test, gamed)
    assert outcome.status is Status.FAILED and "a zero score counted as correct" in outcome.message


def test_zeroed_globals_do_not_let_a_wrong_perceptron_pass_in_the_grader(notebooks, grade):
    gamed = notebooks.make("gamed", replace=WRONG_PERCEPTRON, append=[GAMING])
    honest = notebooks.make("honest", append=[GAMING])
    results = {r.submission: {t.name: t for t in r.tests} for r in grade(gamed, honest)}
    assert not results["gamed"]["perceptron - 1"].passed
    assert results["honest"]["perceptron - 1"].passed
    assert all(t.passed for name, t in results["honest"].items() if not name.startswith("perceptron / "))


def test_a_question_is_checked_without_the_answers_of_others(a1_bundle):
    """ridge's public tests pass with fit_linear and add_bias_column still stubs."""
    ns = _solved_namespace(a1_bundle, extra="def fit_linear(X, y):\n    raise NotImplementedError\n"
                                              "def add_bias_column(x):\n    raise NotImplementedError\n")
    assert [run_cell(_public(a1_bundle, f"ridge - {i}"), ns).status for i in (1, 2)] == [Status.PASSED, Status.PASSED]


def test_runner_outcomes_name_what_to_do(a1_bundle):
    test = _public(a1_bundle, "ridge - 2")
    stub = {"fit_ridge": lambda X, y, lam: (_ for _ in ()).throw(NotImplementedError("TODO"))}
    assert run_cell(test, stub).status is Status.NOT_ANSWERED
    assert run_cell(test, {}).status is Status.NOT_DEFINED and "fit_ridge" in run_cell(test, {}).message
    ns: dict = {}
    exec("def fit_ridge(X, y, lam):\n    n = len(y)\n    return X[0, 99]\n", ns)
    out = run_cell(test, ns)
    assert out.status is Status.FAILED and "IndexError" in out.message and "in fit_ridge, line 3" in out.message
    ns = {"fit_ridge": lambda X, y, lam: "not an array"}
    assert run_cell(test, ns).status is Status.FAILED
    answer = compile_cell("t", "expect_true(isinstance(q1, list), 'q1 should be a list')")
    assert run_cell(answer, {"q1": ...}).status is Status.NOT_ANSWERED  # the stub `q1 = ...`


def test_reports_render_as_html_and_text_in_both_languages(a1_bundle, monkeypatch):
    from nncourse.student import check, check_all

    monkeypatch.chdir(a1_bundle / "student")
    ns = _solved_namespace(a1_bundle, WRONG_PERCEPTRON)
    ns["check"], ns["check_all"] = check, check_all
    exec("r1 = check('perceptron'); r2 = check_all(); r3 = check('no_such_question')", ns)
    r1, r2, r3 = ns["r1"], ns["r2"], ns["r3"]
    assert r1.questions == {"perceptron": Status.FAILED} and "✗" in repr(r1)
    assert "<table" in r1._repr_html_() and "&lt;" not in r1.title
    assert r2.questions["perceptron"] is Status.FAILED and r2.questions["ridge"] is Status.PASSED
    assert "公开测试" in repr(r2) and "public tests" in repr(r2)
    assert not r3.rows and "no_such_question" in repr(r3)
    monkeypatch.chdir(a1_bundle)  # no tests/ here: a line, not an exception
    exec("r4 = check('ridge')", ns)
    assert "public tests not found" in repr(ns["r4"])


def test_student_module_imports_neither_grader_nor_sympy_nor_pytest():
    code = ("import sys, nncourse.student\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('sympy', 'pytest', '_pytest', 'nbformat', 'yaml')"
            " or m.startswith(('nncourse.grading', 'nncourse.checks.runner', 'nncourse.execution.sandbox', 'nncourse.authoring')))\n"
            "print(bad)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stdout + done.stderr


def test_grader_skips_unchanged_check_cells_only():
    from nncourse.notebook.checkcells import SETUP_CELL, check_cell, is_check_cell
    from nncourse.notebook.reader import parse_notebook

    changed = 'check("ridge"); open("/tmp/x", "w")'
    nb = {"cells": [code_cell(SETUP_CELL), code_cell(check_cell("ridge")), code_cell(changed), code_cell("check_all()")]}
    parsed = parse_notebook(json.dumps(nb).encode())
    assert parsed.code == ["", "", changed, ""]
    assert not is_check_cell("check(ridge)") and not is_check_cell('check("a"); check("b")')


def test_generated_notebooks_have_setup_first_and_a_check_after_each_question(a1_bundle):
    from nncourse.notebook.checkcells import SETUP_CELL

    for side in ("student", "solution"):
        cells = json.loads((a1_bundle / side / "a1-regression.ipynb").read_text("utf-8"))["cells"]
        sources = ["".join(c["source"]) for c in cells]
        assert cells[0]["cell_type"] == "markdown" and "pip install -r requirements.txt" in sources[0]
        assert sources[1] == SETUP_CELL
        assert sources[-2:] == ["check_all()", "check_submission()"]
        checks = [s for s in sources if s.startswith('check("')]
        assert checks == [f'check("{q}")' for q in ("design", "closed_form", "ridge", "gradient_descent", "minibatch_sgd", "squared_hinge", "perceptron")]
        # each check follows its question's code: check("ridge") comes right after the cell defining fit_ridge
        ridge = sources.index('check("ridge")')
        assert "def fit_ridge" in sources[ridge - 1]
        assert (a1_bundle / side / "data" / "commute.csv").is_file() and (a1_bundle / side / "tests" / "public.json").is_file()


def test_student_folder_installs_numpy_only(a1_bundle, generated):
    for folder, sympy in ((a1_bundle / "student", False), (generated("a7-derivations").out / "student", True)):
        lines = [ln for ln in (folder / "requirements.txt").read_text("utf-8").splitlines() if ln and not ln.startswith("#")]
        wheel = folder / lines[0].removeprefix("./")
        assert wheel.is_file() and wheel.suffix == ".whl"
        assert ("sympy>=1.12" in lines) is sympy
        with zipfile.ZipFile(wheel) as z:
            meta = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode()
            names = z.namelist()
        required = [ln for ln in meta.splitlines() if ln.startswith("Requires-Dist:") and "extra ==" not in ln]
        assert [r.split()[1].split(">")[0] for r in required] == ["numpy"]
        assert "nncourse/student/__init__.py" in names and not any(n.startswith(("solutions/", "autograder/")) for n in names)


def test_python_dash_m_and_the_save_reminder(a1_bundle, tmp_path):
    done = subprocess.run([sys.executable, "-m", "nncourse", "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "check" in done.stdout
    folder = tmp_path / "work"
    import shutil

    shutil.copytree(a1_bundle / "solution", folder)
    nb = json.loads((folder / "a1-regression.ipynb").read_text("utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["execution_count"], cell["outputs"] = 1, []  # everything "ran" in the session
    cell = code_cell("print(scratch)  # `scratch` was deleted since")
    cell["execution_count"] = 2
    nb["cells"].insert(3, cell)
    nb["metadata"]["nncourse"]["assignment"] = "a4-cnn"
    (folder / "a1-regression.ipynb").write_text(json.dumps(nb, ensure_ascii=False), "utf-8")
    done = nncourse("check", "a1-regression.ipynb", cwd=folder)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "save the notebook first" in done.stdout
    assert "worked in your session but fails from a fresh start" in done.stdout and "NameError" in done.stdout
    assert "names 'a4-cnn', not a1-regression" in done.stdout
