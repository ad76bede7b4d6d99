"""Hidden suites must be strong: ≥ 90 % of single-point mutants of the reference lose points.

For every assignment, every function the master notebook takes from its reference module is
mutated once per operator/constant site (:mod:`nncourse.authoring.mutation`); the solved
notebook with that function replaced is graded by the real engine. Survivors are listed.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from conftest import assignment_ids, code_cell

from nncourse.authoring.master import reference_functions
from nncourse.authoring.mutation import mutants

KILL_TARGET = 0.90


@pytest.mark.parametrize("ident", assignment_ids())
def test_mutants_are_killed(ident, course, generated, tmp_path):
    from nncourse.authoring.catalogue import assignment_entry
    from nncourse.authoring.master import load_master
    from nncourse.grading.assignment import from_bundle
    from nncourse.grading.batch import Submission, grade_batch

    entry = assignment_entry(course, ident)
    master = load_master(entry.path, course.solutions)
    if not master.header.reference:
        pytest.skip(f"{ident} has no reference module")
    names = master.references
    if not names:
        pytest.skip(f"{ident} has no reference functions to mutate (answers are expressions: see test_derivations.py)")
    sources = reference_functions(course.solutions / f"{master.header.reference}.py")
    gen = generated(ident).out
    assignment = dataclasses.replace(from_bundle(gen / "autograder"), cell_timeout=3, call_timeout=2)
    solved = json.loads((gen / "solution" / f"{ident}.ipynb").read_text("utf-8"))
    subs, described = [], {}
    for name in names:
        for i, m in enumerate(mutants(sources[name])):
            nb = json.loads(json.dumps(solved))
            nb["cells"].append(code_cell(m.source))
            path = tmp_path / f"{name}-{i}.ipynb"
            path.write_text(json.dumps(nb), "utf-8")
            subs.append(Submission(path.stem, path))
            described[path.stem] = f"{name}: {m.description}"
    assert subs, f"{ident}: no mutants generated"
    results = grade_batch(subs, assignment, jobs=2)
    survivors = [described[r.submission] for r in results if not r.error and r.score >= r.max_score - 1e-9]
    killed = 1 - len(survivors) / len(results)
    print(f"\n{ident}: {len(results)} mutants, {killed:.1%} killed; survivors: {survivors}")
    assert killed >= KILL_TARGET, f"{ident}: only {killed:.1%} of {len(results)} mutants killed; survivors: {survivors}"
