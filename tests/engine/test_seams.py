"""The declared seams: the bundle manifest, results as JSON, the executor and the reporters."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, nncourse

from nncourse.checks.results import Status, SubmissionResult
from nncourse.errors import AuthoringError


# -- manifest --------------------------------------------------------------------------------


def test_the_bundle_manifest_is_the_masters_and_reads_back(a1_bundle, course):
    from nncourse.authoring.catalogue import assignment_entry
    from nncourse.authoring.master import load_master
    from nncourse.authoring.source import manifest_of
    from nncourse.grading.manifest import Manifest

    master = load_master(assignment_entry(course, "a1-regression").path, course.solutions)
    written = Manifest.read(a1_bundle / "autograder")
    assert written == manifest_of(master)
    assert Manifest.from_json(json.loads(json.dumps(written.to_json()))) == written
    assert written.version == 1 and written.reference == master.header.reference
    public = Manifest.from_public_json(json.loads((a1_bundle / "student" / "tests" / "public.json").read_text("utf-8")))
    assert public.cell_tests == tuple(t for t in written.cell_tests if not t.hidden) and public.reference == ""


def test_a_manifest_from_a_newer_version_or_of_the_wrong_shape_is_one_clear_error(a1_bundle):
    from nncourse.grading.manifest import Manifest

    data = json.loads((a1_bundle / "autograder" / "assignment.json").read_text("utf-8"))
    with pytest.raises(AuthoringError, match="newer"):
        Manifest.from_json({**data, "version": 99})
    broken = dict(data)
    del broken["questions"]
    with pytest.raises(AuthoringError, match="not an nncourse manifest") as info:
        Manifest.from_json(broken)
    assert "\n" not in info.value.one_line()
    old = {k: v for k, v in data.items() if k != "version"}  # bundles written before the field
    assert Manifest.from_json(old) == Manifest.from_json(data)


def test_an_assignment_source_describes_before_it_loads(a1_bundle):
    from nncourse.grading.source import bundle_source

    source = bundle_source(a1_bundle / "autograder")
    assert source.id == "a1-regression" and source.bundle == (a1_bundle / "autograder").resolve()
    config = source.sandbox_config("none", hide=("/elsewhere",))
    assert config.hide == (str((a1_bundle / "autograder").resolve()), "/elsewhere")
    assert (config.cell_timeout, config.call_timeout) == (source.cell_timeout, source.call_timeout)
    assert source.load() is source.load()  # loaded once


# -- results as JSON, the unit of work, executors ----------------------------------------------------


@pytest.fixture(scope="module")
def graded(a1_bundle, tmp_path_factory):
    """The solved notebook and a broken one, graded once by the default executor."""
    from nncourse.grading.batch import find_submissions, grade_batch
    from nncourse.grading.source import bundle_source

    folder = tmp_path_factory.mktemp("subs")
    solved = folder / "solved.ipynb"
    solved.write_bytes((a1_bundle / "solution" / "a1-regression.ipynb").read_bytes())
    (folder / "broken.ipynb").write_text("{not json", "utf-8")
    return grade_batch(find_submissions([folder]), bundle_source(a1_bundle / "autograder"), jobs=2)


def test_results_round_trip_through_json(graded):
    broken, solved = graded
    assert broken.error and solved.score == solved.max_score > 0
    for result in graded:
        again = SubmissionResult.from_json(json.loads(json.dumps(result.to_json())))
        assert again == result
        assert all(isinstance(t.status, Status) for t in again.tests)


def test_grade_one_needs_only_paths_and_gives_the_batch_verdict(a1_bundle, graded, tmp_path):
    from nncourse.grading.remote import grade_bytes, grade_one

    solved = graded[1]
    notebook = a1_bundle / "solution" / "a1-regression.ipynb"
    one = grade_one(a1_bundle / "autograder", notebook, "solved")
    assert one.to_json() | {"seconds": 0} == solved.to_json() | {"seconds": 0}
    shipped = grade_bytes(a1_bundle / "autograder", notebook.read_bytes(), "solved")
    assert SubmissionResult.from_json(shipped).score == solved.score


def test_another_executor_plugs_in_a_process_per_submission(a1_bundle, graded):
    """The example of ARCHITECTURE.md: an executor that runs ``python -m nncourse.grading.remote``."""
    from nncourse.grading.batch import Submission, grade_batch
    from nncourse.grading.source import bundle_source

    class ProcessExecutor:
        def grade(self, assignment, submissions, *, on_result=None):
            results = []
            for sub in submissions:
                done = subprocess.run([sys.executable, "-m", "nncourse.grading.remote", str(assignment.bundle),
                                       str(sub.path), sub.id], capture_output=True, text=True, timeout=300, cwd=ROOT)
                result = SubmissionResult.from_json(json.loads(done.stdout))
                if on_result:
                    on_result(result)
                results.append(result)
            return results

        def close(self):
            pass

    seen = []
    notebook = a1_bundle / "solution" / "a1-regression.ipynb"
    (result,) = grade_batch([Submission("solved", notebook)], bundle_source(a1_bundle / "autograder"),
                            executor=ProcessExecutor(), on_result=seen.append)
    assert seen == [result] and result.score == graded[1].score and result.tests == graded[1].tests


# -- reporters -------------------------------------------------------------------------------


def test_report_chooses_the_outputs(a1_bundle, tmp_path):
    notebook = a1_bundle / "solution" / "a1-regression.ipynb"
    out = tmp_path / "out"
    done = nncourse("grade", str(notebook), "-a", str(a1_bundle / "autograder"), "-o", str(out), "--report", "gradebook,table")
    assert done.returncode == 0, done.stderr
    assert (out / "gradebook.csv").is_file() and not (out / "a1-regression").exists()
    assert done.stdout.splitlines()[-1] == f"wrote {out}/gradebook.csv"
    assert "a1-regression" in done.stdout.splitlines()[1]  # the table
    bad = nncourse("grade", str(notebook), "-a", str(a1_bundle / "autograder"), "-o", str(out), "--report", "pdf")
    assert bad.returncode == 2 and bad.stderr.startswith("nncourse: unknown report pdf") and "Traceback" not in bad.stderr


def test_a_reporter_is_fed_each_result_then_finishes(graded, tmp_path):
    """Any object with on_result/finish is a reporter; the registry's are configured from a context."""
    import io

    from nncourse.reporting.base import ReportContext, Reporters, RunSummary
    from nncourse.reporting.registry import DEFAULT_REPORTS, REPORTERS, make_reporters

    class Count:
        def __init__(self):
            self.fed = []

        def on_result(self, result):
            self.fed.append(result.submission)

        def finish(self, run):
            return f"{len(self.fed)} counted"

    stream = io.StringIO()
    builtin = make_reporters(DEFAULT_REPORTS, ReportContext(tmp_path, stream))
    counter = Count()
    both = Reporters([*builtin.reporters, counter])
    for r in graded:
        both.on_result(r)
    said = both.finish(RunSummary(graded, ["design"], graded=len(graded)))
    assert said == [f"{tmp_path}/gradebook.csv", "2 results.json", "2 counted"]
    assert counter.fed == ["broken", "solved"] and "solved" in stream.getvalue()
    assert json.loads((tmp_path / "solved" / "results.json").read_text("utf-8"))["score"] == graded[1].score
    assert set(DEFAULT_REPORTS) <= set(REPORTERS)
