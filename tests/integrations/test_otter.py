"""otter-grader master notebooks, brought as they are: generated and graded as otter grades them.

The expectation for each example is what otter-grader itself gave (``otter assign`` then
``otter run`` on otter's own solution and student notebooks), recorded by
``otter/otter_reference.py`` in ``otter/otter_scores.json``: per autograded question, the
points of the solution and of the untouched student notebook. Manual questions are not in
otter's autograder results; here they must await review, never count as zeros.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, nncourse

HERE = Path(__file__).resolve().parent / "otter"
EXAMPLES = sorted(p.name for p in HERE.glob("*.ipynb"))
OTTER = json.loads((HERE / "otter_scores.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for name in EXAMPLES:
        folder = tmp_path_factory.mktemp(name.removesuffix(".ipynb"))
        done = nncourse("generate", str(HERE / name), "-o", str(folder / "out"), cwd=folder)  # no course here
        assert done.returncode == 0, done.stderr
        out[name] = folder / "out"
    return out


def graded(out: Path, kind: str, tmp: Path) -> tuple[dict, dict]:
    (notebook,) = (out / kind).glob("*.ipynb")
    done = nncourse("grade", str(notebook), "-a", str(out / "autograder"), "-o", str(tmp), "-q")
    assert done.returncode == 0, done.stderr
    result = json.loads((tmp / notebook.stem / "instructor.json").read_text("utf-8"))
    (row,) = csv.DictReader(open(tmp / "gradebook.csv", encoding="utf-8"))
    return result, row


def question_scores(result: dict) -> dict[str, list[float]]:
    scores: dict[str, list[float]] = {}
    for t in result["tests"]:
        if t["status"] == "undecided" or t["max_score"] == 0 and t["question"] == "(execution)":
            continue
        got = scores.setdefault(t["question"], [0.0, 0.0])
        got[0] += t["score"]
        got[1] += t["max_score"]
    return scores


def test_the_examples_were_checked_against_otter():
    assert len(EXAMPLES) >= 3 and set(EXAMPLES) == set(OTTER)


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("kind, otter_kind", [("solution", "solution"), ("student", "student")])
def test_scores_are_otters(generated, tmp_path, name, kind, otter_kind):
    result, row = graded(generated[name], kind, tmp_path)
    expected = OTTER[name][otter_kind]
    ours = question_scores(result)
    assert set(ours) == set(expected), (ours, expected)
    for question, (score, possible) in expected.items():
        assert ours[question] == pytest.approx([score, possible], abs=1e-4), question


@pytest.mark.parametrize("name", EXAMPLES)
def test_manual_questions_await_review_not_zero(generated, tmp_path, name):
    master = json.loads((HERE / name).read_text("utf-8"))
    manual = [c for c in master["cells"] if c["cell_type"] == "raw" and "manual: true" in "".join(c["source"])]
    result, row = graded(generated[name], "solution", tmp_path)
    waiting = [t for t in result["tests"] if t["status"] == "undecided"]
    assert len(waiting) == len(manual)
    if manual:
        assert row["status"] == "review" and result["needs_review"]
        done = nncourse("review", str(tmp_path))
        assert done.returncode == 0 and "graded by hand" in done.stdout


def test_student_notebook_is_otters(generated):
    student = json.loads(next((generated["hw-basics.ipynb"] / "student").glob("*.ipynb")).read_text("utf-8"))
    code = ["".join(c["source"]) for c in student["cells"] if c["cell_type"] == "code"]
    text = "\n".join(code)
    assert "x = ..." in code and "nine = square(3)" in text and "w = ..." in text
    assert "IGNORE" not in text and "np.cos(w)" not in text and "nobody sees" not in text
    assert "SOLUTION" not in text and "isinstance(x, int)" not in text  # no test cell reaches students
    markdown = ["".join(c["source"]) for c in student["cells"] if c["cell_type"] == "markdown"]
    assert "_Type your answer here, replacing this text._" in markdown
    assert not any("exactly two divisors" in m for m in markdown)
    solution = json.loads(next((generated["hw-basics.ipynb"] / "solution").glob("*.ipynb")).read_text("utf-8"))
    solved = "\n".join("".join(c["source"]) for c in solution["cells"])
    assert "w = v * v" in solved and "np.cos(w)" not in solved and "# SOLUTION" not in solved
    prompt = json.loads(next((generated["stats-warmup.ipynb"] / "student").glob("*.ipynb")).read_text("utf-8"))
    prompted = "\n".join("".join(c["source"]) for c in prompt["cells"])
    assert "m, v = ..." in prompted and "np.sqrt(v)" not in prompted


def test_hidden_tests_are_hidden_and_public_ones_ship(generated):
    public = json.loads((generated["hw-basics.ipynb"] / "student" / "tests" / "public.json").read_text("utf-8"))
    names = {t["name"] for t in public["tests"]}
    assert "q1 - 1" in names and "q1-range" in names and "q1 - 3" not in names


def test_what_a_test_shows_is_compared_exactly(generated, tmp_path):
    """Doctest semantics, as otter: ``square(16)`` showing ``256.0`` where the master showed
    ``256`` fails, although the values are equal; a test that printed ``9`` still passes."""
    out = generated["hw-basics.ipynb"]
    nb = json.loads((out / "solution" / "hw-basics.ipynb").read_text("utf-8"))
    for cell in nb["cells"]:
        if "def square" in "".join(cell["source"]):
            cell["source"] = "".join(cell["source"]).replace("w = v * v", "w = float(v * v)")
    sub = tmp_path / "floaty.ipynb"
    sub.write_text(json.dumps(nb), "utf-8")
    done = nncourse("grade", str(sub), "-a", str(out / "autograder"), "-o", str(tmp_path / "g"), "-q")
    assert done.returncode == 0
    result = json.loads((tmp_path / "g" / "floaty" / "instructor.json").read_text("utf-8"))
    by_name = {t["name"]: t for t in result["tests"]}
    assert by_name["q3 - 2"]["status"] == "failed" and "256.0" in by_name["q3 - 2"]["detail"]
    assert by_name["q3 - 1"]["status"] == "failed"  # nine shows 9.0
    assert by_name["q3 - 3"]["status"] == "failed"  # print(square(y)) shows 9.0
    public = by_name["q3 - 2"]["output"]
    assert "expected" in public  # a public test shows its expected output, as otter's do


@pytest.mark.parametrize("config, message", [
    ("name: hw\nno_such_key: 1", "unknown key(s) no_such_key"),
    ("name: '!!!'", "no letters or digits"),
])
def test_bad_configs_are_one_line(tmp_path, config, message):
    master = json.loads((HERE / "hw-basics.ipynb").read_text("utf-8"))
    master["cells"][0]["source"] = "# ASSIGNMENT CONFIG\n" + config
    path = tmp_path / "bad.ipynb"
    path.write_text(json.dumps(master), "utf-8")
    done = nncourse("generate", str(path), "-o", str(tmp_path / "o"), cwd=tmp_path)
    assert done.returncode == 2 and message in done.stderr and done.stderr.count("\n") == 1


def test_markers_outside_solution_blocks_are_reported(tmp_path):
    master = json.loads((HERE / "hw-basics.ipynb").read_text("utf-8"))
    master["cells"].insert(2, {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                               "source": "z = 5 # SOLUTION"})
    path = tmp_path / "leaky.ipynb"
    path.write_text(json.dumps(master), "utf-8")
    done = nncourse("generate", str(path), "-o", str(tmp_path / "o"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "outside a BEGIN/END SOLUTION block" in done.stdout
    student = (tmp_path / "o" / "student" / "hw-basics.ipynb").read_text("utf-8")
    assert "z = 5" in student  # as otter leaves it


def test_nncourse_masters_are_unchanged_by_the_otter_reader(course):
    from nncourse.authoring.catalogue import assignment_entry
    from nncourse.authoring.master import load_master

    master = load_master(assignment_entry(course, "a1-regression").path, course.solutions)
    assert master.header.id == "a1-regression" and master.header.suite
    assert all(t.expected is None for t in master.tests) and not any(q.manual for q in master.questions)


def test_points_follow_otters_rule():
    from nncourse.authoring.otter import resolve_points

    assert resolve_points(None, [None, None, None, None]) == pytest.approx([0.25] * 4)  # 1 point, shared
    assert resolve_points(None, [2, None, 3]) == [2, 0, 3]  # unstated beside stated: 0
    assert resolve_points(4, [None, 1, None]) == [1.5, 1, 1.5]  # the rest of the total, shared
    assert resolve_points([1, 2], [None, None]) == [1, 2]
    assert resolve_points({"each": 2}, [None, None, None]) == [2, 2, 2]
    from nncourse.errors import AuthoringError

    with pytest.raises(AuthoringError):
        resolve_points(1, [2, None])
    with pytest.raises(AuthoringError):
        resolve_points([1], [None, None])
