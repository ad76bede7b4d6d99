"""A roster in the gradebook, and the grades in Canvas's and Moodle's import formats."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from conftest import ROOT, nncourse

SAMPLES = ROOT / "assignments" / "a1-regression" / "samples"

ROSTER = """submission,student_id,name,email,section
alice-complete,2024001,"Zhang, Alice",alice@example.edu,L01
carol-partial.ipynb,2024003,"Li, Carol",carol@example.edu,L02
nobody,2024009,"Wang, Nobody",nobody@example.edu,L01
"""

#: Canvas's gradebook import: the leading columns of its own gradebook export (Canvas Community
#: guide "How do I import grades in the Gradebook?"; the assignment columns follow them).
CANVAS_HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


@pytest.fixture(scope="module")
def graded(a1_bundle, tmp_path_factory):
    """Three samples graded with a roster that names two of them and one student who handed in nothing."""
    work = tmp_path_factory.mktemp("roster")
    subs = work / "subs"
    subs.mkdir()
    for name in ("alice-complete", "carol-partial", "frank-renamed"):
        shutil.copy(SAMPLES / f"{name}.ipynb", subs / f"{name}.ipynb")
    roster = work / "roster.csv"
    roster.write_text(ROSTER, "utf-8")
    out = work / "out"
    done = nncourse("grade", str(subs), "-a", str(a1_bundle / "autograder"), "-o", str(out), "--roster", str(roster), "-q")
    return out, roster, done


def _csv(path):
    return list(csv.reader(io.StringIO(path.read_text("utf-8"))))


def test_the_roster_puts_students_in_the_gradebook_and_lists_who_is_missing(graded):
    out, _, done = graded
    assert done.returncode == 0, done.stderr
    assert "1 submission(s) not on the roster: frank-renamed" in done.stderr
    assert "1 roster student(s) without a submission: nobody" in done.stderr
    table = {row["submission"]: row for row in csv.DictReader(open(out / "gradebook.csv", encoding="utf-8"))}
    header = next(csv.reader(open(out / "gradebook.csv", encoding="utf-8")))
    assert header[:9] == ["submission", "student_id", "name", "email", "section",  # a1 has per-student data:
                          "data_student", "variant", "notebook_student", "score"]  # whose, mapped through the roster
    assert table["alice-complete"]["data_student"] == "2024001" and table["alice-complete"]["variant"]
    assert table["frank-renamed"]["status"] == "error" and "not on the roster" in table["frank-renamed"]["error"]
    assert (table["alice-complete"]["student_id"], table["alice-complete"]["email"]) == ("2024001", "alice@example.edu")
    assert table["carol-partial"]["name"] == "Li, Carol" and table["frank-renamed"]["student_id"] == ""


def _a1_points() -> str:
    from nncourse.authoring.generate import master_for
    from nncourse.course import Course

    return f"{sum(q.points for q in master_for(Course.at(ROOT), 'a1-regression').questions):g}"


def test_canvas_export_has_canvas_columns_and_one_line_per_student(graded, tmp_path):
    out, _, _ = graded
    target = tmp_path / "canvas.csv"
    done = nncourse("export", "canvas", str(out), "-o", str(target))
    assert done.returncode == 0, done.stderr
    lines = _csv(target)
    assert lines[0] == [*CANVAS_HEADER, "a1-regression"]
    assert lines[1] == ["Points Possible", "", "", "", "", _a1_points()]
    scores = {row["submission"]: row["score"] for row in csv.DictReader(open(out / "gradebook.csv", encoding="utf-8"))}
    assert lines[2:] == [
        ["Zhang, Alice", "", "2024001", "alice@example.edu", "L01", scores["alice-complete"]],
        ["Li, Carol", "", "2024003", "carol@example.edu", "L02", scores["carol-partial"]],
        ["Wang, Nobody", "", "2024009", "nobody@example.edu", "L01", ""],
    ]
    assert "frank-renamed" in done.stderr and "nobody" in done.stderr


def test_moodle_export_is_keyed_by_id_number_and_email(graded, tmp_path):
    out, _, _ = graded
    target = tmp_path / "moodle.csv"
    done = nncourse("export", "moodle", str(out), "-o", str(target), "--column", "Assignment 1")
    assert done.returncode == 0, done.stderr
    lines = _csv(target)
    # Moodle's CSV grade import maps a column to "ID number" or "Email address" to find each user.
    assert lines[0] == ["ID number", "Email address", "Full name", "Assignment 1"]
    assert [line[:2] for line in lines[1:]] == [["2024001", "alice@example.edu"], ["2024003", "carol@example.edu"],
                                                ["2024009", "nobody@example.edu"]]
    assert lines[1][3] == _a1_points() and lines[3][3] == ""  # alice's full marks; nobody has none


def test_export_problems_are_one_line(graded, tmp_path):
    out, _, _ = graded
    bad_roster = tmp_path / "bad.csv"
    bad_roster.write_text("submission,name\nalice,Alice\n", "utf-8")
    for args, words in [
        (("export", "canvas", str(tmp_path / "nothing"), "-o", str(tmp_path / "x.csv")), "no results ledger"),
        (("export", "moodle", str(out), "-o", str(tmp_path / "x.csv"), "--roster", str(bad_roster)), "lacks column(s) student_id, email"),
        (("export", "blackboard", str(out), "-o", str(tmp_path / "x.csv")), "invalid choice"),
    ]:
        done = nncourse(*args)
        assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr


def test_progress_lines_off_a_terminal_a_bar_on_one_and_nothing_when_quiet():
    from nncourse.checks.results import SubmissionResult
    from nncourse.reporting.progress import Bar, Lines, Silent, progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = io.StringIO()
    lines = progress(20, skipped=3, stream=stream, quiet=False)
    assert isinstance(lines, Lines)
    for i in range(20):
        lines.on_result(SubmissionResult(f"s{i}", "a", error="broken" if i == 4 else ""))
    text = stream.getvalue().splitlines()
    assert len(text) == 10 and text[-1].startswith("graded 20/20 (100 %): 19 ok, 1 error(s), 3 skipped")
    assert isinstance(progress(20, skipped=0, stream=Terminal(), quiet=True), Silent)
    pytest.importorskip("tqdm")
    terminal = Terminal()
    bar = progress(2, skipped=1, stream=terminal, quiet=False)
    assert isinstance(bar, Bar)
    bar.on_result(SubmissionResult("s", "a"))
    bar.close()
    assert "grading" in terminal.getvalue() and "skipped=1" in terminal.getvalue()


def test_roster_matching_rules():
    from nncourse.reporting.roster import Student, match_all

    students = [Student("week3/alice", "1", "A", "a@x"), Student("bob.ipynb", "2", "B", "b@x"), Student("carol", "3", "C", "c@x")]
    matched, unmatched, missing = match_all(["week3/alice", "late/bob", "dave"], students)
    assert {k: v.student_id for k, v in matched.items()} == {"week3/alice": "1", "late/bob": "2"}
    assert unmatched == ["dave"] and [s.student_id for s in missing] == ["3"]
