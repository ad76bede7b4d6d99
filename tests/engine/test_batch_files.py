"""The instructor's batch folder is hostile too (issue: hostile input; issue: bad input to the CLI).

File names, links and special files, names that inject into the outputs, a notebook made
for another assignment, an OUTDIR that cannot be written, a missing extra. Each case gets
one line (exit 2) or an error row for that file only, never a traceback, a hang or a lost
result. Expected scores come from the master notebook's points (the solved notebook scores
all of them) and from grading the same file alone.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import ROOT, nncourse


def one_line_error(result: subprocess.CompletedProcess) -> str:
    """The single ``nncourse: …`` line of a refused command (exit 2, no traceback)."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nncourse: "), result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def a1_max(a1_assignment) -> float:
    return a1_assignment.max_score


@pytest.fixture()
def solved(a1_bundle) -> Path:
    return a1_bundle / "solution" / "a1-regression.ipynb"


def copy(src: Path, dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(src.read_bytes())
    return dst


def gradebook(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        return {row["submission"]: row for row in csv.DictReader(handle)}


def grade_cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return nncourse("grade", *args, "-j", "2", timeout=timeout)


# -- ids and results folders ------------------------------------------------------------------


def test_ids_unique_and_results_folders_never_shared(tmp_path, solved):
    from nncourse.grading.discovery import find_submissions
    from nncourse.reporting.safe_text import folder_name

    subs = tmp_path / "subs"
    names = ["sec1/alice", "sec1__alice", ".bob", "bob", "x", "x~1", "x~1~1", "%2Ebob", "sec1%2Falice"]
    for name in names:
        copy(solved, subs / f"{name}.ipynb")
    found = find_submissions([subs])
    assert sorted(s.id for s in found) == sorted(names)
    assert len({folder_name(s.id) for s in found}) == len(names)
    assert all(not s.refused for s in found)


def test_folder_name_is_injective_and_a_plain_name():
    from hypothesis import given, settings, strategies as st

    from nncourse.reporting.safe_text import folder_name

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.text(min_size=1, max_size=300), min_size=2, max_size=6, unique=True))
    def check(ids):
        folders = [folder_name(i) for i in ids]
        assert len(set(folders)) == len(ids)
        for f in folders:
            assert "/" not in f and "\0" not in f and f not in (".", "..") and not f.startswith(".")
            assert len(f.encode("utf-8", "surrogatepass")) <= 255

    check()


def test_two_inputs_with_one_id_are_named_not_renamed(tmp_path, solved):
    a, b = copy(solved, tmp_path / "a" / "x.ipynb"), copy(solved, tmp_path / "b" / "x.ipynb")
    line = one_line_error(grade_cli(str(a), str(b), "-a", "a1-regression", "-o", str(tmp_path / "out")))
    assert "same id 'x'" in line and str(a) in line and str(b) in line
    assert not (tmp_path / "out").exists()


def test_every_result_of_a_colliding_batch_is_written(tmp_path, solved, a1_bundle, a1_max):
    subs = tmp_path / "subs"
    for name in ("sec1/alice", "sec1__alice", ".bob", "x", "x~1"):
        copy(solved, subs / f"{name}.ipynb")
    copy(a1_bundle / "student" / "a1-regression.ipynb", subs / "bob.ipynb")
    out = tmp_path / "out"
    result = grade_cli(str(subs), "-a", "a1-regression", "-o", str(out))
    assert result.returncode == 0, result.stderr
    book = gradebook(out)
    assert set(book) == {"sec1/alice", "sec1__alice", ".bob", "bob", "x", "x~1"}
    written = {json.loads(p.read_text("utf-8"))["submission"]: json.loads(p.with_name("results.json").read_text("utf-8"))
               for p in out.glob("*/instructor.json")}
    assert set(written) == set(book)
    for name in ("sec1/alice", "sec1__alice", ".bob", "x", "x~1"):
        assert written[name]["score"] == pytest.approx(a1_max)
    assert written["bob"]["score"] < a1_max  # the untouched stub: its own result, not .bob's


# -- links and special files -----------------------------------------------------------------


def test_links_refused_unless_asked_and_never_out_of_the_folder(tmp_path, solved, a1_max):
    subs = tmp_path / "subs"
    copy(solved, subs / "carol.ipynb")
    copy(solved, subs / "raw" / "dan-upload")  # an export that links names to uploads
    (subs / "to-solution.ipynb").symlink_to(solved)
    (subs / "to-carol.ipynb").symlink_to(subs / "carol.ipynb")
    (subs / "dan.ipynb").symlink_to(Path("raw") / "dan-upload")
    (subs / "up.ipynb").symlink_to(Path("..") / "elsewhere.ipynb")
    copy(solved, tmp_path / "elsewhere.ipynb")

    out = tmp_path / "out"
    assert grade_cli(str(subs), "-a", "a1-regression", "-o", str(out), "-q").returncode == 0
    book = gradebook(out)
    assert float(book["carol"]["score"]) == pytest.approx(a1_max)
    for name in ("to-solution", "to-carol", "dan", "up"):
        assert (book[name]["status"], book[name]["score"]) == ("error", "0")
        assert "symbolic link" in book[name]["error"] and "--follow-symlinks" in book[name]["error"]

    out2 = tmp_path / "out2"
    assert grade_cli(str(subs), "-a", "a1-regression", "-o", str(out2), "-q", "--follow-symlinks").returncode == 0
    book = gradebook(out2)
    assert float(book["dan"]["score"]) == pytest.approx(a1_max)  # inside the folder, nobody else's
    assert "outside the submissions folder" in book["to-solution"]["error"] and book["to-solution"]["score"] == "0"
    assert "outside the submissions folder" in book["up"]["error"] and book["up"]["score"] == "0"
    assert "another submission (carol)" in book["to-carol"]["error"] and book["to-carol"]["score"] == "0"


def _returns_soon(func, *args, **kwargs):
    """Call ``func`` in a thread; a call that blocks (reading a FIFO) fails the test instead of hanging it."""
    box: dict = {}

    def run():
        try:
            box["value"] = func(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(120)
    assert not thread.is_alive(), f"{func.__name__} blocked"
    return box


@pytest.mark.parametrize("follow", [False, True], ids=["no-follow", "follow"])
def test_read_regular_file_refuses_devices_fifos_and_big_files(tmp_path, follow):
    from nncourse.errors import UnreadableFile
    from nncourse.files import read_regular_file

    (tmp_path / "zero").symlink_to("/dev/zero")
    (tmp_path / "random").symlink_to("/dev/urandom")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "big").write_bytes(b"x" * 1001)
    (tmp_path / "ok").write_bytes(b"x" * 1000)
    for name in ("zero", "random", "fifo", "big"):
        box = _returns_soon(read_regular_file, tmp_path / name, 1000, follow_symlinks=follow)
        assert isinstance(box.get("error"), UnreadableFile), (name, box)
    assert read_regular_file(tmp_path / "ok", 1000, follow_symlinks=follow) == b"x" * 1000
    (tmp_path / "link-ok").symlink_to(tmp_path / "ok")
    box = _returns_soon(read_regular_file, tmp_path / "link-ok", 1000, follow_symlinks=follow)
    assert ("value" in box) == follow


def test_special_files_in_a_batch_cost_only_their_own_row(tmp_path, solved, a1_max):
    subs = tmp_path / "subs"
    copy(solved, subs / "honest.ipynb")
    (subs / "zero.ipynb").symlink_to("/dev/zero")
    (subs / "random.ipynb").symlink_to("/dev/urandom")
    os.mkfifo(subs / "fifo.ipynb")
    for flag in ((), ("--follow-symlinks",)):
        out = tmp_path / f"out{len(flag)}"
        result = grade_cli(str(subs), "-a", "a1-regression", "-o", str(out), "-q", *flag, timeout=300)
        assert result.returncode == 0, result.stderr
        book = gradebook(out)
        assert float(book["honest"]["score"]) == pytest.approx(a1_max)
        for name in ("zero", "random", "fifo"):
            assert (book[name]["status"], book[name]["score"]) == ("error", "0")
        assert "FIFO" in book["fifo"]["error"]


# -- names that inject into the outputs -------------------------------------------------------

HOSTILE_NAMES = ["evil\x1b[2J\x1b[31m\nfake-row  18 / 18", "=HYPERLINK(\"x\",\"y\")", "+1+cmd", "-2+3", "@SUM(1)", "\tTAB", "\rCR"]


def test_names_do_not_inject_into_the_console_or_the_gradebook(tmp_path, solved, a1_max):
    subs = tmp_path / "subs"
    for name in HOSTILE_NAMES:
        copy(solved, subs / f"{name}.ipynb")
    out = tmp_path / "out"
    result = grade_cli(str(subs), "-a", "a1-regression", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\r" not in result.stdout
    table = result.stdout.split("\n\n")[0].splitlines()
    assert len(table) == 1 + len(HOSTILE_NAMES)  # header + one line per submission, no forged row
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    assert len(rows) == len(HOSTILE_NAMES)
    for row in rows:
        for cell in (row[0], row[header.index("data_student")]):  # the names, also as a1's per-student data owner
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) and "\x1b" not in cell, cell
        assert float(row[header.index("score")]) == pytest.approx(a1_max)
    assert {json.loads(p.read_text("utf-8"))["submission"] for p in out.glob("*/instructor.json")} == set(HOSTILE_NAMES)


# -- a notebook made for another assignment ---------------------------------------------------


def _declaring(src: Path, dst: Path, assignment: str) -> Path:
    nb = json.loads(src.read_text("utf-8"))
    nb["metadata"]["nncourse"]["assignment"] = assignment
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(json.dumps(nb), "utf-8")
    return dst


def test_one_notebook_cannot_choose_the_batchs_assignment(tmp_path, solved, a1_max):
    subs = tmp_path / "subs"
    _declaring(solved, subs / "aaa-hijack.ipynb", "a4-cnn")  # first in sorted order
    for name in ("bob", "carol", "dave"):
        copy(solved, subs / f"{name}.ipynb")
    out = tmp_path / "out"
    assert grade_cli(str(subs), "-o", str(out), "-q").returncode == 0  # no -a: the notebooks' majority
    book = gradebook(out)
    for name in ("bob", "carol", "dave"):
        assert float(book[name]["score"]) == pytest.approx(a1_max)
    assert book["aaa-hijack"]["status"] == "error" and "a4-cnn" in book["aaa-hijack"]["error"]
    assert "--force" in book["aaa-hijack"]["error"]

    out_a = tmp_path / "out-a"
    assert grade_cli(str(subs), "-a", "a1-regression", "-o", str(out_a), "-q").returncode == 0
    assert gradebook(out_a)["aaa-hijack"]["status"] == "error"
    out_f = tmp_path / "out-force"
    assert grade_cli(str(subs), "-a", "a1-regression", "-o", str(out_f), "-q", "--force").returncode == 0
    assert float(gradebook(out_f)["aaa-hijack"]["score"]) == pytest.approx(a1_max)


def test_a_tie_between_declared_assignments_asks_for_a(tmp_path, solved):
    subs = tmp_path / "subs"
    _declaring(solved, subs / "a.ipynb", "a4-cnn")
    copy(solved, subs / "b.ipynb")
    line = one_line_error(grade_cli(str(subs), "-o", str(tmp_path / "out")))
    assert "a1-regression (1)" in line and "a4-cnn (1)" in line and "-a" in line


# -- OUTDIR faults ----------------------------------------------------------------------------


def _no_partial_files(out: Path) -> None:
    leftovers = [p for p in out.rglob("*") if p.name.startswith((".tmp-", ".probe-"))] if out.exists() else []
    assert leftovers == []
    for results in out.glob("*/results.json") if out.exists() else []:
        json.loads(results.read_text("utf-8"))  # every file that exists is whole
    for folder in out.iterdir() if out.exists() else []:
        assert not folder.is_dir() or any(folder.iterdir()), f"empty results folder {folder}"


def test_out_pointing_at_a_file_is_one_line(tmp_path, solved):
    target = tmp_path / "results.csv"
    target.write_text("keep me", "utf-8")
    line = one_line_error(grade_cli(str(solved), "-o", str(target)))
    assert "is a file, not a folder" in line and target.read_text("utf-8") == "keep me"
    line = one_line_error(grade_cli(str(solved), "-o", str(target / "below")))
    assert "cannot write" in line
    line = one_line_error(nncourse("generate", "a1-regression", "-o", str(target)))
    assert "is a file, not a folder" in line and target.read_text("utf-8") == "keep me"


@pytest.fixture()
def small_tmpfs(tmp_path):
    """``mount(options)`` → a fresh tmpfs folder (root only; unmounted afterwards)."""
    mounted = []

    def mount(options: str) -> Path:
        where = tmp_path / f"mnt{len(mounted)}"
        where.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
        mounted.append(where)
        return where

    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    yield mount
    for where in mounted:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_read_only_outdir_is_one_line(tmp_path, solved, small_tmpfs):
    ro = small_tmpfs("ro,size=1m")
    for out in (ro, ro / "new"):
        line = one_line_error(grade_cli(str(solved), "-o", str(out)))
        assert "read-only" in line
    assert list(ro.iterdir()) == []


def test_full_disk_is_one_line_and_leaves_nothing_partial(tmp_path, solved, small_tmpfs):
    subs = tmp_path / "subs"
    for name in ("a", "b", "c", "d"):
        copy(solved, subs / f"{name}.ipynb")
    out = small_tmpfs("size=48k") / "out"  # room for one submission's two files, not two
    line = one_line_error(grade_cli(str(subs), "-a", "a1-regression", "-o", str(out)))
    assert "disk is full" in line
    _no_partial_files(out)
    assert not (out / "gradebook.csv").exists()


def test_file_size_limit_is_one_line_and_leaves_nothing_partial(tmp_path, solved):
    """The same fault without root: RLIMIT_FSIZE makes every results file too large to write."""
    subs = tmp_path / "subs"
    for name in ("a", "b"):
        copy(solved, subs / f"{name}.ipynb")
    out = tmp_path / "out"
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048)); "
            "from nncourse.cli.main import main; sys.exit(main(sys.argv[1:]))")
    result = subprocess.run([sys.executable, "-c", code, "grade", str(subs), "-a", "a1-regression", "-o", str(out), "-j", "2"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    line = one_line_error(result)
    assert "cannot write" in line and "too large" in line
    _no_partial_files(out)


# -- a missing extra ----------------------------------------------------------------------------


@pytest.mark.parametrize(("argv", "module", "extra"), [
    (["list"], "yaml", "instructor"),
    (["generate", "a1-regression", "-o", "{tmp}"], "yaml", "instructor"),
    (["generate", "a1-regression", "-o", "{tmp}"], "nbformat", "instructor"),
    (["equiv", "x*(1-x)", "x-x**2"], "sympy", "symbolic"),
], ids=["list-yaml", "generate-yaml", "generate-nbformat", "equiv-sympy"])
def test_a_missing_extra_names_the_pip_command(tmp_path, argv, module, extra):
    code = (f"import sys; sys.modules[{module!r}] = None  # as if the extra were not installed\n"
            "from nncourse.cli.main import main; sys.exit(main(sys.argv[1:]))")
    args = [a.replace("{tmp}", str(tmp_path / "gen")) for a in argv]
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    line = one_line_error(result)
    assert f"pip install 'nncourse[{extra}]'" in line and module in line and argv[0] in line


# -- everything at once ---------------------------------------------------------------------------

WRONG_FIT = {"return np.linalg.solve(X.T @ X, X.T @ y)": "return np.zeros(X.shape[1])"}


def test_a_batch_of_all_of_these_grades_every_honest_submission(tmp_path, notebooks, a1_bundle, a1_max):
    """Honest notebooks (odd names included) score what they score in a clean batch of their own;
    every hostile file gets an error row of its own; every result is written; exit 0."""
    solved = a1_bundle / "solution" / "a1-regression.ipynb"
    stub = a1_bundle / "student" / "a1-regression.ipynb"
    partial = notebooks.make("partial", replace=WRONG_FIT)
    honest = {"alice": solved, "bob": stub, "carol": partial, "sec1/dave": solved, "sec1__dave": partial, ".erin": stub,
              "x": solved, "x~1": partial, HOSTILE_NAMES[0]: solved, HOSTILE_NAMES[1]: partial}
    clean, batch = tmp_path / "clean", tmp_path / "batch"
    for ident, src in honest.items():
        copy(src, clean / f"{ident}.ipynb")
        copy(src, batch / f"{ident}.ipynb")
    (batch / "link-solution.ipynb").symlink_to(solved)
    (batch / "link-alice.ipynb").symlink_to(batch / "alice.ipynb")
    (batch / "zero.ipynb").symlink_to("/dev/zero")
    (batch / "random.ipynb").symlink_to("/dev/urandom")
    os.mkfifo(batch / "fifo.ipynb")
    _declaring(solved, batch / "aaa-hijack.ipynb", "a4-cnn")
    refused = {"link-solution", "link-alice", "zero", "random", "fifo", "aaa-hijack"}

    expected = grade_cli(str(clean), "-a", "a1-regression", "-o", str(tmp_path / "clean-out"), "-q")
    assert expected.returncode == 0, expected.stderr
    result = grade_cli(str(batch), "-o", str(tmp_path / "out"), "--follow-symlinks")  # no -a: the majority's
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "\x1b" not in result.stdout

    def scores(out: Path) -> dict[str, tuple[float, str]]:
        found = {}
        for path in out.glob("*/instructor.json"):
            data = json.loads(path.read_text("utf-8"))
            public = json.loads(path.with_name("results.json").read_text("utf-8"))
            assert public["score"] == pytest.approx(data["score"])
            found[data["submission"]] = (data["score"], data["error"])
        return found

    alone, together = scores(tmp_path / "clean-out"), scores(tmp_path / "out")
    assert set(together) == set(honest) | refused  # every result written, none shared
    for ident in honest:
        assert together[ident] == alone[ident] and not together[ident][1], ident
    for ident in ("alice", "sec1/dave", "x", HOSTILE_NAMES[0]):
        assert together[ident][0] == pytest.approx(a1_max)
    for ident in refused:
        assert together[ident][0] == 0 and together[ident][1], ident
    book = gradebook(tmp_path / "out")
    assert len(book) == len(together)


def test_html_pages_of_a_hostile_batch(tmp_path, solved):
    """``--html`` keeps a copy of each graded notebook: never of a FIFO or a link's target, and
    the class page links a ``%``-escaped results folder by a URL that finds it."""
    from urllib.parse import unquote

    subs = tmp_path / "subs"
    copy(solved, subs / "sec1" / "alice.ipynb")
    os.mkfifo(subs / "fifo.ipynb")
    (subs / "zero.ipynb").symlink_to("/dev/zero")
    out = tmp_path / "out"
    result = grade_cli(str(subs), "-a", "a1-regression", "-o", str(out), "-q", "--html", "--follow-symlinks", timeout=300)
    assert result.returncode == 0, result.stderr
    page = (out / "report.html").read_text("utf-8")
    links = {unquote(href) for href in re.findall(r'href="([^"#]+/feedback\.html)"', page)}
    assert (out / "sec1%2Falice" / "feedback.html").is_file()
    assert "sec1%2Falice/feedback.html" in links
    assert not (out / "zero" / "submission.ipynb").exists() and not (out / "fifo" / "submission.ipynb").exists()
