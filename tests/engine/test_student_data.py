"""Per-student data (``data_seed: student``) end to end, through the CLI: ``generate --roster``
writes each student their own copy, ``grade --secret`` grades each submission with its own
student's data (one zygote pool, ``-j 2``), flags a notebook made for someone else, records
the variant, and regrades when the variant changes. Expected scores are the master's points:
a solved notebook on its owner's data earns all of them; a copy loses exactly ``own_data``."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from conftest import ROOT, nncourse
from nncourse.authoring.generate import master_for
from nncourse.authoring.per_student import personal_cells, personal_metadata
from nncourse.course import Course
from nncourse.grading.student_data import student_files, variant_of
from nncourse.keyed import Secret
from nncourse.notebook.writer import write_notebook
from solutions import regression as ref

A1 = "a1-regression"
STUDENTS = ("s001", "s002", "s003")
SECRET_TEXT = "per-student-data-test-secret-7f3a9c"


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    if env is None:
        return nncourse(*args)
    return subprocess.run([sys.executable, "-m", "nncourse.cli.main", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env=env)


@pytest.fixture(scope="module")
def master():
    return master_for(Course.at(ROOT), A1)


@pytest.fixture(scope="module")
def gen(tmp_path_factory) -> dict:
    """``nncourse generate a1-regression --roster --secret``: three students' copies."""
    root = tmp_path_factory.mktemp("perstudent")
    (root / "secret.txt").write_text(SECRET_TEXT + "\n", "utf-8")
    (root / "roster.csv").write_text("id,name\n" + "".join(f"{s},Student {s}\n" for s in STUDENTS), "utf-8")
    done = nncourse("generate", A1, "--roster", str(root / "roster.csv"), "--secret", str(root / "secret.txt"),
                    "-o", str(root / "out"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "for 3 student(s)" in done.stdout
    return {"root": root, "out": root / "out", "secret": Secret(SECRET_TEXT.encode())}


def _solved_copy(master, gen: dict, student: str, path: Path) -> Path:
    """The solution, as ``student``'s own copy: their data embedded, their id in the metadata."""
    files = {p.name: p.read_bytes() for p in (gen["out"] / "students" / student / "data").iterdir()}
    write_notebook(path, personal_cells(master, files, solved=True),
                   personal_metadata(master, student, variant_of(gen["secret"], A1, student)))
    return path


def test_each_student_gets_their_own_reproducible_data(gen):
    seen = {}
    for student in STUDENTS:
        folder = gen["out"] / "students" / student
        data = (folder / "data" / "commute.csv").read_bytes()
        # byte-identical to what the grader draws from the same secret and id
        assert data == student_files(ref.student_data, gen["secret"], A1, student)["commute.csv"]
        assert (folder / "data" / "hinge8.csv").read_bytes() == (ROOT / "assignments" / A1 / "data" / "hinge8.csv").read_bytes()
        nb = json.loads((folder / f"{A1}.ipynb").read_text("utf-8"))
        meta = nb["metadata"]["nncourse"]
        assert (meta["assignment"], meta["student"], meta["variant"]) == (A1, student, variant_of(gen["secret"], A1, student))
        # the notebook carries the same rows as its data file
        line = next(ln for c in nb["cells"] for ln in "".join(c["source"]).splitlines() if ln.startswith("my_commute = np.array("))
        embedded = eval(line.split("=", 1)[1].split("  #")[0], {"np": np})
        np.testing.assert_array_equal(embedded, np.loadtxt(folder / "data" / "commute.csv", delimiter=",", skiprows=1))
        seen[student] = data
    assert len(set(seen.values())) == len(STUDENTS)
    # without a roster the notebook keeps reading data/ (the textbook's data)
    plain = (gen["out"] / "student" / f"{A1}.ipynb").read_text("utf-8")
    assert "np.loadtxt(\\\"data/commute.csv\\\"" in plain and "\"student\"" not in plain


def test_a_students_folder_holds_no_secret_no_generator_and_no_one_elses_data(gen):
    others = {s: (gen["out"] / "students" / s / "data" / "commute.csv").read_bytes() for s in STUDENTS}
    for student in STUDENTS:
        folder = gen["out"] / "students" / student
        blobs = []
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix == ".whl":
                with zipfile.ZipFile(path) as wheel:
                    blobs += [(f"{path.name}:{n}", wheel.read(n)) for n in wheel.namelist()]
            elif path.is_file():
                blobs.append((str(path), path.read_bytes()))
        for name, blob in blobs:
            assert SECRET_TEXT.encode() not in blob, name
            assert b"COMMUTE_KM" not in blob and b"MAX_CONDITION" not in blob, name  # the generator stays home
            assert b"def test_" not in blob or "nncourse" in name, name
            for other, data in others.items():
                if other != student:
                    assert data not in blob, (name, other)
        assert not (folder / "reference").exists() and not any(folder.rglob("regression.py"))


@pytest.fixture(scope="module")
def batch(master, gen, tmp_path_factory) -> dict:
    """Five submissions graded in one pool, two at a time:

    * s001, s002: the solution as their own copies (their rows embedded);
    * s003, s004: the roster-less solved notebook, which reads ``data/``: full marks only if the
      grader bound that very student's data into their process (no cross-talk in the pool);
    * s005: s001's own copy handed in by s005.
    """
    subs = tmp_path_factory.mktemp("subs")
    _solved_copy(master, gen, "s001", subs / "s001.ipynb")
    _solved_copy(master, gen, "s002", subs / "s002.ipynb")
    for student in ("s003", "s004"):
        shutil.copy(gen["out"] / "solution" / f"{A1}.ipynb", subs / f"{student}.ipynb")
    shutil.copy(subs / "s001.ipynb", subs / "s005.ipynb")
    out = subs.parent / (subs.name + "-graded")
    done = nncourse("grade", str(subs), "-a", str(gen["out"] / "autograder"), "-o", str(out), "-j", "2",
                    "--secret", str(gen["root"] / "secret.txt"), "-q")
    assert done.returncode == 0, done.stderr
    rows = {r["submission"]: r for r in csv.DictReader(open(out / "gradebook.csv", encoding="utf-8"))}
    return {"subs": subs, "out": out, "rows": rows}


def test_a_batch_grades_every_student_with_their_own_data(batch, gen, master):
    full = sum(q.points for q in master.questions)
    rows = batch["rows"]
    for student in ("s001", "s002", "s003", "s004"):
        assert float(rows[student]["score"]) == full, (student, rows[student])
        assert rows[student]["data_student"] == student
        assert rows[student]["variant"] == variant_of(gen["secret"], A1, student)
        assert rows[student]["notebook_student"] == ""
    assert len({rows[s]["variant"] for s in rows}) == len(rows)


def test_a_notebook_handed_in_by_another_student_loses_the_data_question_and_is_flagged(batch, master):
    own_points = next(q.points for q in master.questions if q.name == "own_data")
    copy = batch["rows"]["s005"]
    assert float(copy["own_data"]) == 0 and float(copy["score"]) == sum(q.points for q in master.questions) - own_points
    assert (copy["data_student"], copy["notebook_student"]) == ("s005", "s001")
    instructor = json.loads((batch["out"] / "s005" / "instructor.json").read_text("utf-8"))
    assert (instructor["student"], instructor["notebook_student"]) == ("s005", "s001")


def test_grading_it_without_the_secret_is_one_line_exit_2(batch, gen, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "NNCOURSE_SECRET_FILE"}
    done = _run("grade", str(batch["subs"] / "s003.ipynb"), "-a", str(gen["out"] / "autograder"), "-o", str(tmp_path / "o"),
                env=env)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("nncourse: ") and "secret" in done.stderr
    assert not (tmp_path / "o" / "ledger.sqlite").exists()
    gen_done = _run("generate", A1, "--roster", str(gen["root"] / "roster.csv"), "-o", str(tmp_path / "g"), env=env)
    assert gen_done.returncode == 2 and gen_done.stderr.count("\n") == 1 and "secret" in gen_done.stderr


def test_the_roster_says_whose_data_a_submission_is_graded_with(master, gen, tmp_path):
    subs = tmp_path / "subs"
    _solved_copy(master, gen, "s002", subs / "alice.ipynb")
    shutil.copy(subs / "alice.ipynb", subs / "zed.ipynb")
    (tmp_path / "roster.csv").write_text("submission,student_id,name,email\nalice,s002,Alice,a@example.edu\n", "utf-8")
    done = nncourse("grade", str(subs), "-a", str(gen["out"] / "autograder"), "-o", str(tmp_path / "out"), "-q",
                    "--secret", str(gen["root"] / "secret.txt"), "--roster", str(tmp_path / "roster.csv"))
    assert done.returncode == 0, done.stderr
    rows = {r["submission"]: r for r in csv.DictReader(open(tmp_path / "out" / "gradebook.csv", encoding="utf-8"))}
    assert float(rows["alice"]["score"]) == sum(q.points for q in master.questions)
    assert (rows["alice"]["data_student"], rows["alice"]["notebook_student"]) == ("s002", "")
    assert rows["zed"]["status"] == "error" and "not on the roster" in rows["zed"]["error"]


def test_the_ledger_regrades_when_the_data_variant_changes(batch, gen, tmp_path):
    out = tmp_path / "out"
    notebook = str(batch["subs"] / "s003.ipynb")
    other = tmp_path / "other-secret.txt"
    other.write_text("another-secret-for-the-ledger-test\n", "utf-8")

    def grade(secret: Path) -> str:
        done = nncourse("grade", notebook, "-a", str(gen["out"] / "autograder"), "-o", str(out), "--secret", str(secret))
        assert done.returncode == 0, done.stderr
        return done.stdout

    grade(gen["root"] / "secret.txt")
    assert "1 unchanged" in grade(gen["root"] / "secret.txt")  # same notebook, same data: skipped
    again = grade(other)  # another secret: other data, so graded again
    assert "unchanged" not in again
    row = next(csv.DictReader(open(out / "gradebook.csv", encoding="utf-8")))
    assert row["variant"] == variant_of(Secret(b"another-secret-for-the-ledger-test"), A1, "s003")


def test_student_code_reads_neither_the_secret_nor_anyone_elses_data(gen, master, tmp_path):
    """A notebook that finds the secret file or another student's generated folder spoils its own
    answer (so the score shows it); with the sandbox's file-system isolation it finds neither."""
    nb = json.loads((gen["out"] / "solution" / f"{A1}.ipynb").read_text("utf-8"))
    snoop = (f"import glob\n_found = []\nfor _p in [{str(gen['root'] / 'secret.txt')!r}, *glob.glob('/tmp/nncourse-data-*/*/*')]:\n"
             "    try:\n        _found.append(open(_p).read())\n    except OSError:\n        pass\n"
             "if _found:\n    W_mine = None\n")
    nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "snoop", "metadata": {}, "outputs": [],
                        "source": snoop})
    (tmp_path / "s001.ipynb").write_text(json.dumps(nb), "utf-8")
    out = tmp_path / "out"
    done = nncourse("grade", str(tmp_path / "s001.ipynb"), "-a", str(gen["out"] / "autograder"), "-o", str(out), "-q",
                    "--secret", str(gen["root"] / "secret.txt"))
    assert done.returncode == 0, done.stderr
    result = json.loads((out / "s001" / "instructor.json").read_text("utf-8"))
    if not result["isolation"].get("filesystem_isolated"):
        pytest.skip(f"this machine cannot isolate the file system: {result['isolation']}")
    assert result["score"] == sum(q.points for q in master.questions), [t["output"] for t in result["tests"] if t["score"] < t["max_score"]]
