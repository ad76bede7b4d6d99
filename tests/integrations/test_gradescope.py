"""The Gradescope autograder zip, exercised as Gradescope does: unpack, setup.sh, run_autograder.

setup.sh installs the wheel inside the zip into a fresh virtual environment (its other
dependencies are found where this test run's own are, so nothing is downloaded); then
run_autograder grades each a1 sample under ``AUTOGRADER_ROOT`` and the scores must equal
``nncourse grade``'s for the same notebooks.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, nncourse

jsonschema = pytest.importorskip("jsonschema")

SAMPLES = ROOT / "assignments" / "a1-regression" / "samples"
SCHEMA = json.loads((Path(__file__).with_name("gradescope_schema.json")).read_text("utf-8"))


@pytest.fixture(scope="module")
def autograder_zip(a1_bundle, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gs") / "autograder.zip"
    done = nncourse("export", "gradescope", str(a1_bundle / "autograder"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def image(autograder_zip, tmp_path_factory) -> dict:
    """What Gradescope's image build leaves: /autograder/source, run_autograder, an installed nncourse."""
    root = tmp_path_factory.mktemp("autograder")
    with zipfile.ZipFile(autograder_zip) as archive:
        archive.extractall(root / "source")
    for name in ("setup.sh", "run_autograder"):  # zipfile drops the executable bits it stored
        (root / "source" / name).chmod(0o755)
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    venv_site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                    capture_output=True, text=True, check=True).stdout.strip())
    # This run's own packages (numpy, sympy, nbformat, pip …) after the venv's: no download.
    (venv_site / "_deps.pth").write_text("\n".join(p for p in site.getsitepackages() + [site.getusersitepackages()]) + "\n")
    env = {**os.environ, "NNCOURSE_PYTHON": str(python), "PIP_NO_INDEX": "1"}
    done = subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return {"root": root, "python": python, "site": venv_site, "env": env}


def run_autograder(image: dict, files: dict[str, bytes]) -> tuple[dict, subprocess.CompletedProcess]:
    root = image["root"]
    shutil.rmtree(root / "submission", ignore_errors=True)
    shutil.rmtree(root / "results", ignore_errors=True)
    (root / "submission").mkdir()
    for name, data in files.items():
        (root / "submission" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "submission" / name).write_bytes(data)
    done = subprocess.run([str(root / "run_autograder")], env={**image["env"], "AUTOGRADER_ROOT": str(root)},
                          cwd=root, capture_output=True, text=True, timeout=300)
    results = json.loads((root / "results" / "results.json").read_text("utf-8"))
    jsonschema.validate(results, SCHEMA)
    return results, done


def test_zip_holds_what_gradescope_expects(autograder_zip):
    with zipfile.ZipFile(autograder_zip) as archive:
        names = set(archive.namelist())
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in archive.infolist()}
    assert {"setup.sh", "run_autograder", "nncourse-gradescope.json", "bundle/assignment.json"} <= names
    assert any(n.startswith("wheels/nncourse-") and n.endswith(".whl") for n in names)
    assert any(n.startswith("bundle/suite/test_") for n in names) and "bundle/reference/regression.py" in names
    assert "course-secret.txt" in names  # a1 gives each student their own data: the zip carries the secret
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111


def test_setup_installs_the_wheel_from_the_zip(image):
    done = subprocess.run([str(image["python"]), "-c", "import nncourse; print(nncourse.__file__)"],
                          cwd=image["root"], capture_output=True, text=True, check=True)
    assert Path(done.stdout.strip()).is_relative_to(image["site"]), done.stdout


def test_samples_score_as_nncourse_grade(image, a1_bundle, tmp_path):
    out = tmp_path / "grades"
    done = nncourse("grade", str(SAMPLES), "-a", str(a1_bundle / "autograder"), "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    for notebook in sorted(SAMPLES.glob("*.ipynb")):
        expected = json.loads((out / notebook.stem / "results.json").read_text("utf-8"))
        results, run = run_autograder(image, {notebook.name: notebook.read_bytes()})
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stdout + run.stderr
        assert results["score"] == pytest.approx(expected["score"], abs=1e-6), notebook.name
        assert [t["score"] for t in results["tests"]] == pytest.approx([t["score"] for t in expected["tests"]], abs=1e-6)
        if results["tests"]:
            hidden = [t for t in results["tests"] if t["visibility"] != "visible"]
            assert hidden and all(t["visibility"] == "after_published" for t in hidden)
            assert len({t["number"] for t in results["tests"]}) == len(results["tests"])


@pytest.mark.parametrize("files, reason", [
    ({}, "no notebook"),
    ({"a.ipynb": b"{}", "b/c.ipynb": b"{}"}, "2 notebooks"),
    ({"x.ipynb": b"not json at all"}, "not"),
])
def test_bad_submissions_score_zero_with_a_reason(image, files, reason):
    results, run = run_autograder(image, files)
    assert run.returncode == 0 and "Traceback" not in run.stdout + run.stderr
    assert results["score"] == 0 and results["tests"] == []
    assert reason in results["output"] and results["output"].count("\n") == 0


def test_hidden_visibility_is_configurable(image, tmp_path):
    config = image["root"] / "source" / "nncourse-gradescope.json"
    saved = config.read_text("utf-8")
    config.write_text(json.dumps({**json.loads(saved), "hidden_visibility": "after_due_date"}), "utf-8")
    try:
        results, _ = run_autograder(image, {"alice.ipynb": (SAMPLES / "alice-complete.ipynb").read_bytes()})
    finally:
        config.write_text(saved, "utf-8")
    assert {t["visibility"] for t in results["tests"]} == {"visible", "after_due_date"}


def test_export_refuses_a_folder_as_output(a1_bundle, tmp_path):
    done = nncourse("export", "gradescope", str(a1_bundle / "autograder"), "-o", str(tmp_path))
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_every_results_json_nncourse_writes_follows_the_specification(a1_bundle, tmp_path):
    """Not only the zip's: `grade` and `quiz grade` write results.json in the same shape."""
    out = tmp_path / "grades"
    assert nncourse("grade", str(SAMPLES), "-a", str(a1_bundle / "autograder"), "-o", str(out), "-q").returncode == 0
    written = sorted(out.glob("*/results.json"))
    assert len(written) == len(list(SAMPLES.glob("*.ipynb")))
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"1": "A", "2": "B"}), "utf-8")
    quiz_out = tmp_path / "quiz"
    done = nncourse("quiz", "grade", "textbook-ex1", str(answers), "-o", str(quiz_out))
    assert done.returncode == 0, done.stderr
    written += sorted(quiz_out.rglob("*.json"))
    for path in written:
        jsonschema.validate(json.loads(path.read_text("utf-8")), SCHEMA)


def test_each_gradescope_submitter_is_graded_with_their_own_data(image, master_a1, tmp_path):
    """The submitter named in submission_metadata.json gets full marks for the solution on their
    own data, and loses exactly own_data for a copy of another student's notebook."""
    from conftest import TEST_SECRET

    from nncourse.authoring.per_student import personal_cells, personal_metadata
    from nncourse.grading.student_data import student_files
    from nncourse.keyed import read_secret
    from nncourse.notebook.writer import write_notebook
    from solutions import regression as ref

    secret = read_secret(TEST_SECRET)

    def copy_of(student: str) -> bytes:
        files = student_files(ref.student_data, secret, "a1-regression", student)
        path = tmp_path / f"{student}.ipynb"
        write_notebook(path, personal_cells(master_a1, files, solved=True), personal_metadata(master_a1, student, ""))
        return path.read_bytes()

    metadata = image["root"] / "submission_metadata.json"
    full = sum(q.points for q in master_a1.questions)
    own_points = next(q.points for q in master_a1.questions if q.name == "own_data")
    try:
        metadata.write_text(json.dumps({"users": [{"email": "ann@example.edu", "name": "Ann"}]}), "utf-8")
        own, _ = run_autograder(image, {"a1.ipynb": copy_of("ann@example.edu")})
        copied, _ = run_autograder(image, {"a1.ipynb": copy_of("ben@example.edu")})
    finally:
        metadata.unlink()
    assert own["score"] == pytest.approx(full)
    assert copied["score"] == pytest.approx(full - own_points)


@pytest.fixture(scope="module")
def master_a1():
    from nncourse.authoring.generate import master_for
    from nncourse.course import Course

    return master_for(Course.at(ROOT), "a1-regression")


def test_export_of_a_per_student_assignment_without_the_secret_is_one_line(a1_bundle, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "NNCOURSE_SECRET_FILE"}
    done = subprocess.run([sys.executable, "-m", "nncourse.cli.main", "export", "gradescope", str(a1_bundle / "autograder"),
                           "-o", str(tmp_path / "a.zip")], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "secret" in done.stderr, done.stderr
    assert not (tmp_path / "a.zip").exists()
