"""GitHub Actions workflows: valid YAML, and their shell steps run here as a runner would run them.

A step's ``run`` script is executed with bash and the variables GitHub sets
(``GITHUB_WORKSPACE``, ``GITHUB_STEP_SUMMARY``, ``GITHUB_OUTPUT``, ``RUNNER_TEMP``, ``CI``,
``GITHUB_ACTIONS``), the job's and the step's ``env``, and ``${{ secrets.X }}``,
``${{ env.X }}`` and ``${{ steps.ID.outputs.X }}`` expressions filled in. ``uses:`` steps are
GitHub's own actions (checkout, setup-python, upload-artifact) and the install step needs the
network: neither runs; this test run's nncourse is on PATH instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, nncourse

SAMPLES = ROOT / "assignments" / "a1-regression" / "samples"
EXPR = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def workflow(*args: str) -> dict:
    done = nncourse("ci", "github", *args, "-o", "-")
    assert done.returncode == 0, done.stderr
    data = yaml.safe_load(done.stdout)
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` key as true
    assert triggers and "push" in triggers
    (job,) = data["jobs"].values()
    assert job["runs-on"] == "ubuntu-latest" and job["timeout-minutes"] > 0
    for step in job["steps"]:
        assert ("uses" in step) != ("run" in step), step
    return job


def run_job(job: dict, workspace: Path, tmp: Path, secrets: dict[str, str]) -> tuple[int, str, dict]:
    """Run every shell step but the install step; return (last exit code, job summary, outputs)."""
    summary, temp = tmp / "summary.md", tmp / "runner-temp"
    summary.write_text("")
    temp.mkdir(exist_ok=True)
    bindir = Path(sys.executable).parent
    base = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}", "CI": "true", "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(workspace), "GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(temp)}
    outputs: dict[str, dict[str, str]] = {}
    env = dict(job.get("env", {}))

    def expand(value: str) -> str:
        def one(match: re.Match) -> str:
            kind, _, rest = match.group(1).partition(".")
            if kind == "secrets":
                return secrets.get(rest, "")
            if kind == "env":
                return str(env.get(rest, ""))
            if kind == "steps":
                step_id, _, name = rest.partition(".outputs.")
                return outputs.get(step_id, {}).get(name, "")
            raise AssertionError(f"unexpected expression {match.group(0)}")
        return EXPR.sub(one, str(value))

    code = 0
    for step in job["steps"]:
        if "uses" in step or step.get("id") == "install":
            continue
        out_file = tmp / f"output-{len(outputs)}"
        out_file.write_text("")
        step_env = {k: expand(v) for k, v in {**env, **step.get("env", {})}.items()}
        done = subprocess.run(["bash", "-e", "-c", expand(step["run"])], cwd=workspace, capture_output=True, text=True,
                              env={**base, **step_env, "GITHUB_OUTPUT": str(out_file)}, timeout=600)
        assert "Traceback" not in done.stdout + done.stderr, done.stderr
        outputs[step.get("id", f"step{len(outputs)}")] = dict(
            line.split("=", 1) for line in out_file.read_text().splitlines() if "=" in line)
        code = done.returncode
        if code:
            break
    return code, summary.read_text("utf-8"), outputs


def test_install_steps_install_nncourse():
    course = workflow("--course")
    student = workflow("--student", "a1-regression")
    (install,) = [s for s in course["steps"] if s.get("id") == "install"]
    assert "pip install" in install["run"] and course["env"]["NNCOURSE_INSTALL"] == ".[instructor]"
    (install,) = [s for s in student["steps"] if s.get("id") == "install"]
    assert "pip install" in install["run"] and "nncourse-*.whl" in install["run"]


def test_course_workflow_grades_every_assignment_folder(tmp_path):
    job = workflow("--course")
    workspace = tmp_path / "course"
    workspace.mkdir()
    for name in ("assignments", "autograder", "solutions", "pyproject.toml"):
        (workspace / name).symlink_to(ROOT / name)
    subs = workspace / "submissions" / "a1-regression"
    subs.mkdir(parents=True)
    for name in ("alice-complete", "bob-untouched", "erin-broken"):
        shutil.copy(SAMPLES / f"{name}.ipynb", subs)
    (workspace / "submissions" / "not-an-assignment").mkdir()
    code, summary, _ = run_job(job, workspace, tmp_path, {})
    assert code == 0
    gradebook = (workspace / "grades" / "a1-regression" / "gradebook.csv").read_text("utf-8")
    assert "alice-complete" in gradebook
    rows = [line for line in summary.splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + 3 and "alice" in summary and "not graded" in summary
    alice = json.loads((workspace / "grades" / "a1-regression" / "alice-complete" / "results.json").read_text("utf-8"))
    assert f"| {alice['score']:g} / " in summary


@pytest.fixture(scope="module")
def student_repo(a1_bundle, tmp_path_factory) -> Path:
    """A student's repository as GitHub Classroom makes it from the generated student folder."""
    repo = tmp_path_factory.mktemp("student-repo")
    shutil.copytree(a1_bundle / "student", repo, dirs_exist_ok=True)
    return repo


@pytest.mark.parametrize("notebook, expected", [("solution", 0), ("student", 1)])
def test_student_workflow_public_tests(student_repo, a1_bundle, tmp_path, notebook, expected):
    shutil.copy(a1_bundle / notebook / "a1-regression.ipynb", student_repo / "a1-regression.ipynb")
    code, summary, outputs = run_job(workflow("--student", "a1-regression"), student_repo, tmp_path, {})
    assert outputs["bundle"] == {"mode": "public"}
    assert code == expected and "public tests passed" in summary
    assert ("✗" in summary) == bool(expected)


def test_student_workflow_with_hidden_tests_fails_below_threshold(student_repo, a1_bundle, tmp_path):
    autograder_zip = tmp_path / "autograder.zip"
    assert nncourse("export", "gradescope", str(a1_bundle / "autograder"), "-o", str(autograder_zip)).returncode == 0
    secrets = {"NNCOURSE_BUNDLE_URL": autograder_zip.as_uri()}
    job = workflow("--student", "a1-regression", "--threshold", "50")
    shutil.copy(a1_bundle / "solution" / "a1-regression.ipynb", student_repo / "a1-regression.ipynb")
    code, summary, outputs = run_job(job, student_repo, tmp_path, secrets)
    assert outputs["bundle"] == {"mode": "hidden"} and code == 0
    with zipfile.ZipFile(autograder_zip) as archive:
        total = json.loads(archive.read("bundle/assignment.json"))["questions"]
    assert f"{sum(total.values()):g} / {sum(total.values()):g}" in summary
    shutil.copy(a1_bundle / "student" / "a1-regression.ipynb", student_repo / "a1-regression.ipynb")
    (tmp_path / "second").mkdir()
    code, summary, _ = run_job(job, student_repo, tmp_path / "second", secrets)
    assert code == 1 and "| 0 / " in summary


def test_bad_arguments_are_one_line(tmp_path):
    for args in (("ci", "github"), ("ci", "github", "--student", "a1; rm -rf /"), ("ci", "github", "--course", "-o", str(tmp_path))):
        done = nncourse(*args)
        assert done.returncode == 2 and "Traceback" not in done.stderr, args
