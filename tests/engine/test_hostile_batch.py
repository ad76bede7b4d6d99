"""One batch holding every kind of hostile notebook, beside honest ones (issue 19, "Done when").

Hangs in functions and in top-level cells, a student that ignores SIGTERM, forks, double-forks
into a new session, forges replies on the grader's pipe, crashes in many graded functions, asks
for new namespaces, floods the notebook with cells, and the bundled looping / hostile / broken
samples: all graded together, two at a time, from one zygote. Every honest notebook must get the
score it gets in a batch of its own, every submission a result, and no process a hostile
notebook started may be alive once the batch is over. Short CPU limits keep the hangs cheap;
they are the same for the batch and for the honest notebooks alone.
"""

from __future__ import annotations

import shutil
import textwrap

import pytest

from conftest import ROOT, live_processes_named
from hostile_cells import HOSTILE_CELLS, LOOPING_FUNCTION, NAME

SAMPLES = ROOT / "assignments" / "a1-regression" / "samples"
TAG = "nnchb-"
FIT = next(iter(LOOPING_FUNCTION))

HOSTILE = {
    "loopfunc": {"replace": LOOPING_FUNCTION},
    **{tag: {"append": cells} for tag, cells in HOSTILE_CELLS.items()},
    "unshare": {"append": ["import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
                           "assert libc.unshare(0x10000000 | 0x00020000) != 0, 'new namespaces were allowed'\n"]},
    "forger": {"append": [textwrap.dedent("""
        import json, os, sys
        def _serving():
            frame = sys._getframe(2)
            while frame is not None and "fd_out" not in frame.f_locals:
                frame = frame.f_back
            return frame.f_locals["fd_out"], frame.f_locals["request"]["id"]
        _honest_ridge = fit_ridge
        def fit_ridge(*args, **kwargs):
            fd, rid = _serving()
            bad = {"$nd": {"dtype": "<f8", "shape": [1] * 40, "data": ""}}
            os.write(fd, (json.dumps({"id": rid, "ok": True, "value": bad}) + "\\n").encode())
            return _honest_ridge(*args, **kwargs)
        """)]},
    "crashy": {"append": ["import os\n" + "".join(f"def {f}(*a, **k):\n    os._exit(1)\n"
                                                  for f in ("mse_cost", "fit_linear", "gradient_descent", "squared_hinge_cost"))]},
    "flood": {"append": [f"v{i} = {i}\n" for i in range(3000)]},
}


def _grade(assignment, folder):
    from nncourse.grading.batch import find_submissions, grade_batch

    return {r.submission: r for r in grade_batch(find_submissions([folder]), assignment, jobs=2)}


def test_every_honest_notebook_keeps_its_score_in_a_hostile_batch(notebooks, quick, tmp_path):
    honest_dir, batch_dir = tmp_path / "honest", tmp_path / "batch"
    honest_dir.mkdir()
    honest = {"solved": notebooks.make("solved"), "partial": notebooks.make("partial", replace={FIT: "return np.zeros(X.shape[1])"})}
    for name in ("alice-complete", "bob-untouched", "carol-partial", "frank-renamed"):
        honest[name] = SAMPLES / f"{name}.ipynb"
    for name, path in honest.items():
        shutil.copy(path, honest_dir / f"{name}.ipynb")
    for tag, change in HOSTILE.items():
        notebooks.make(tag, replace=change.get("replace"), append=[NAME.format(tag=TAG + tag), *change.get("append", [])])
    for name in ("dave-loop-and-exit", "mallory-hostile", "erin-broken"):
        shutil.copy(SAMPLES / f"{name}.ipynb", notebooks.folder)
    shutil.copytree(honest_dir, batch_dir)
    for path in notebooks.folder.glob("*.ipynb"):
        if path.stem not in honest:
            shutil.copy(path, batch_dir)

    alone = _grade(quick, honest_dir)
    together = _grade(quick, batch_dir)

    assert set(together) == set(honest) | set(HOSTILE) | {"dave-loop-and-exit", "mallory-hostile", "erin-broken"}
    for name in honest:
        got, want = together[name], alone[name]
        assert (got.error, got.score) == (want.error, want.score), name
        assert [(t.name, t.status, t.score) for t in got.tests] == [(t.name, t.status, t.score) for t in want.tests], name
    assert alone["solved"].score == pytest.approx(quick.max_score) and alone["partial"].score < quick.max_score
    # The forger forged one reply: only the tests calling fit_ridge may differ from the solved twin.
    solved = {t.name: t.status for t in together["solved"].tests}
    changed = {t.name for t in together["forger"].tests if t.status != solved[t.name]}
    assert changed and all(t.question == "ridge" for t in together["forger"].tests if t.name in changed), changed
    # New namespaces are refused: the cell's assert holds, so no cell of that notebook fails.
    assert together["unshare"].score == pytest.approx(quick.max_score)
    assert not live_processes_named(TAG), "a hostile notebook's process outlived the batch"
