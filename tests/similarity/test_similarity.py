"""Similarity of submissions: normalisation, the labelled a1 corpus, the report and the CLI.

The corpus (a1_corpus.py) is built from hand-written implementations, never from the code
under test; the positives are known by construction.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from nncourse.course import Course
from nncourse.similarity.fingerprints import fingerprint
from nncourse.similarity.index import score_pairs
from nncourse.similarity.report import write_reports
from nncourse.similarity.run import DEFAULT_THRESHOLD, similarity
from nncourse.similarity.tokens import normalise, units

import a1_corpus
from conftest import ROOT, nncourse


def texts(code: str) -> list[str]:
    return [t.text for t in normalise(code)]


ORIGINAL = '''
def fit(X, y, lam):
    """Ridge."""
    n, d = X.shape   # sizes
    A = X.T @ X / n + lam * np.eye(d)
    return np.linalg.solve(A, X.T @ y / n)
'''
DISGUISED = '''
def fit(features,targets,penalty):
    # ridge regression, my own words
    count,dim=features.shape
    gram = features.T@features/count + \\
        penalty*np.eye(dim)
    return np.linalg.solve(gram,
                           features.T @ targets / count,)
'''


def test_renaming_reformatting_and_comments_do_not_change_the_tokens():
    assert texts(ORIGINAL) == texts(DISGUISED)
    assert "solve" in texts(ORIGINAL) and "T" in texts(ORIGINAL)  # attributes are kept
    assert "S" not in texts(ORIGINAL)  # the docstring is prose, dropped


def test_reordering_functions_keeps_every_fingerprint():
    f = "def f(a, b):\n    c = a * b + 1\n    return np.sum(c ** 2) / len(a)\n"
    g = "def g(x):\n    total = 0\n    for v in x:\n        total += v * v\n    return total\n"
    one, two = normalise(f + g), normalise(g + f)
    first = fingerprint(one, k=8, w=3, units=[len(u) for u in units(one)])
    second = fingerprint(two, k=8, w=3, units=[len(u) for u in units(two)])
    assert set(first.hashes.tolist()) == set(second.hashes.tolist())


def test_the_index_finds_exactly_the_pairs_a_direct_comparison_finds():
    rng = np.random.default_rng(3)
    prints = [np.unique(rng.integers(0, 400, size=60).astype(np.uint64)) for _ in range(30)]
    pairs = {(p.a, p.b): p.shared for p in score_pairs(prints, max_df=30, min_shared=1)}
    direct = {(a, b): len(np.intersect1d(prints[a], prints[b])) for a in range(30) for b in range(a + 1, 30)}
    assert pairs == {k: v for k, v in direct.items() if v >= 1}


@pytest.fixture(scope="module")
def course():
    return Course.at(ROOT)


def _ids(run, pair):
    return frozenset({run.documents[pair.a].id, run.documents[pair.b].id})


def test_a_disguised_copy_ranks_first_among_forty_honest_submissions(course, tmp_path):
    positives = a1_corpus.labelled_corpus(tmp_path, honest_count=40, copies=1, seed=11)
    run = similarity(targets=[tmp_path], course=course, assignment="a1-regression")
    assert len(run.documents) == 41
    assert _ids(run, run.pairs[0]) in positives
    assert run.pairs[0].similarity >= DEFAULT_THRESHOLD
    assert [_ids(run, f.pair) for f in run.flagged] == [_ids(run, run.pairs[0])]  # nothing else flagged


def test_honest_submissions_do_not_flood_the_report_and_precision_is_measured(course, tmp_path):
    flagged = correct = found = total = 0
    for seed in (1, 2):
        folder = tmp_path / str(seed)
        positives = a1_corpus.labelled_corpus(folder, honest_count=40, copies=5, seed=seed)
        run = similarity(targets=[folder], course=course, assignment="a1-regression")
        hits = [_ids(run, f.pair) for f in run.flagged]
        flagged += len(hits)
        correct += sum(h in positives for h in hits)
        found += len(positives & set(hits))
        total += len(positives)
    precision, recall = correct / flagged, found / total
    assert precision >= 0.9 and recall >= 0.8, (precision, recall)


def test_untouched_stubs_share_nothing(course, tmp_path):
    cells = a1_corpus.template_cells()
    for name in ("a", "b", "c"):
        a1_corpus.write(tmp_path, name, cells)
    run = similarity(targets=[tmp_path], course=course, assignment="a1-regression")
    assert run.pairs == [] and all(d.unique.size == 0 for d in run.documents)


@pytest.fixture(scope="module")
def small_report(course, tmp_path_factory):
    folder = tmp_path_factory.mktemp("subs")
    positives = a1_corpus.labelled_corpus(folder, honest_count=8, copies=1, seed=5)
    (folder / "broken.ipynb").write_text("{not json", "utf-8")
    out = tmp_path_factory.mktemp("report") / "similarity.html"
    done = nncourse("similarity", str(folder), "-a", "a1-regression", "-o", str(out))
    return done, out, positives


def test_cli_writes_html_and_csv_and_lists_an_unreadable_submission(small_report):
    done, out, positives = small_report
    assert done.returncode == 0, done.stderr
    rows = out.with_suffix(".csv").read_text("utf-8").splitlines()
    assert rows[0] == "submission_a,submission_b,similarity,share_a,share_b,shared_fingerprints,flagged"
    top = rows[1].split(",")
    assert frozenset(top[:2]) in positives and top[-1] == "yes"
    page = out.read_text("utf-8")
    assert "broken" in page and "Not compared" in page and 'class="m"' in page


def test_cli_errors_are_one_line(tmp_path):
    missing = nncourse("similarity", str(tmp_path / "nothing"), "-o", str(tmp_path / "s.html"))
    assert missing.returncode == 2 and missing.stderr.startswith("nncourse: ") and "Traceback" not in missing.stderr
    a1_corpus.write(tmp_path, "only", a1_corpus.template_cells())
    one = nncourse("similarity", str(tmp_path), "-o", str(tmp_path / "s.html"))
    assert one.returncode == 2 and "at least two submissions" in one.stderr
    bad = nncourse("similarity", str(tmp_path), "-o", str(tmp_path / "s.html"), "--threshold", "3")
    assert bad.returncode == 2 and "threshold" in bad.stderr


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed (.ci/run installs it)")
def test_the_report_renders_in_headless_chromium(small_report, tmp_path):
    done, out, positives = small_report
    dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path}",
                          "--dump-dom", out.resolve().as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-500:]
    first, second = sorted(next(iter(positives)))
    assert f"{first} ↔ {second}" in dom.stdout or f"{second} ↔ {first}" in dom.stdout
    assert dom.stdout.count('class="sbs"') == 1 and '<span class="m">' in dom.stdout


def test_reading_in_two_processes_gives_the_same_documents(course, tmp_path):
    from nncourse.similarity.run import read_documents, template_for
    from nncourse.similarity.sources import submission_paths

    a1_corpus.labelled_corpus(tmp_path, honest_count=64, copies=1, seed=4)
    _, template = template_for(course, "a1-regression")
    found = submission_paths([tmp_path])
    one, two = read_documents(found, template, 12, 6, 1), read_documents(found, template, 12, 6, 2)
    assert [d.id for d in one] == [d.id for d in two]
    assert all(np.array_equal(a.unique, b.unique) and a.text == b.text for a, b in zip(one, two))
