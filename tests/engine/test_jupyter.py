"""The generated notebooks in a real Jupyter kernel (nbclient + ipykernel), as a student runs them.

For every assignment in the catalogue: the solved notebook shows every ``check("…")`` passing,
the untouched student notebook shows "not answered yet" for every question and raises nothing,
and (assignment 1) a notebook with one wrong answer shows exactly that question failing. One
kernel per notebook, each notebook executed once per module.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import assignment_ids

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

MIME = "application/vnd.nncourse.check+json"
CHECK = re.compile(r'^check\("([\w.-]+)"\)$')


def execute(path: Path) -> "nbformat.NotebookNode":
    """Run ``path`` top to bottom in a fresh kernel, in its folder (as Jupyter starts one)."""
    nb = nbformat.read(str(path), as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},
    )  # ipykernel's own "python3" kernel runs on this interpreter
    client.execute()
    return nb


def checks(nb) -> dict[str, dict]:
    """``check("q")`` cell → its report data; ``check_all()`` under the key ``"*"``."""
    found = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        src = cell.source.strip()
        key = "*" if src == "check_all()" else (m.group(1) if (m := CHECK.match(src)) else None)
        if key is None:
            continue
        data = [o["data"] for o in cell.outputs if o.get("output_type") == "execute_result"]
        assert data and MIME in data[0], f"{src}: no report shown; outputs {cell.outputs}"
        assert "text/html" in data[0] and "text/plain" in data[0]
        found[key] = data[0][MIME]
    return found


@pytest.fixture(scope="module")
def executed(generated):
    """``executed(ident, side)``: that generated notebook, run once in a real kernel."""
    done: dict = {}

    def get(ident: str, side: str):
        if (ident, side) not in done:
            done[ident, side] = execute(generated(ident).out / side / f"{ident}.ipynb")
        return done[ident, side]

    return get


def _public_questions(generated, ident: str) -> list[str]:
    public = json.loads((generated(ident).out / "student" / "tests" / "public.json").read_text("utf-8"))
    return list(dict.fromkeys(t["question"] for t in public["tests"]))


@pytest.mark.parametrize("ident", assignment_ids())
def test_solved_notebook_passes_every_check_in_a_kernel(ident, executed, generated):
    found = checks(executed(ident, "solution"))
    questions = _public_questions(generated, ident)
    assert set(found) == {*questions, "*"}, "a check cell after every question with public tests, and check_all()"
    for q in questions:
        assert found[q]["questions"] == {q: "passed"}, found[q]
    assert set(found["*"]["questions"].values()) == {"passed"}


@pytest.mark.parametrize("ident", assignment_ids())
def test_student_notebook_shows_not_answered_for_every_question(ident, executed, generated):
    nb = executed(ident, "student")  # allow_errors=False: any cell raising fails here
    found = checks(nb)
    for q in _public_questions(generated, ident):
        assert found[q]["questions"] == {q: "not answered"}, found[q]
        assert all("尚未作答" in t["message"] and "Traceback" not in t["message"] for t in found[q]["tests"])
    assert set(found["*"]["questions"].values()) == {"not answered"}
    html = next(o["data"]["text/html"] for c in nb.cells if c.source.strip() == "check_all()" for o in c.outputs)
    assert "not answered yet / 尚未作答" in html and "<table" in html


def test_one_wrong_answer_fails_exactly_that_question(generated, tmp_path):
    out = generated("a1-regression").out / "solution"
    nb = json.loads((out / "a1-regression.ipynb").read_text("utf-8"))
    hits = 0
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if "def fit_ridge" in src:  # the usual mistake: no 1/n on the data term
            cell["source"] = src.replace("X.T @ X / n + lam * np.eye(d), X.T @ y / n", "X.T @ X + lam * np.eye(d), X.T @ y")
            hits += 1
    assert hits == 1
    import shutil

    shutil.copytree(out, tmp_path / "wrong")
    path = tmp_path / "wrong" / "a1-regression.ipynb"
    path.write_text(json.dumps(nb, ensure_ascii=False), "utf-8")
    found = checks(execute(path))
    status = found["*"]["questions"]
    assert status.pop("ridge") == "failed"
    assert set(status.values()) == {"passed"}
    assert found["ridge"]["questions"] == {"ridge": "failed"}
    failed = [t for t in found["ridge"]["tests"] if t["status"] == "failed"]
    assert len(failed) == 1 and "no 1/n on the data term" in failed[0]["message"]
