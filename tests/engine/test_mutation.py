"""Hidden suites must be strong: ≥ 90 % of single-point mutants of the reference lose points.

For every assignment, every function the master notebook takes from its reference module is
mutated once per operator/constant site (:mod:`nncourse.authoring.mutation`); the solved
notebook with that function replaced is graded by the real engine. Survivors are listed.
"""

from __future__ import annotations

import pytest
from conftest import assignment_ids

KILL_TARGET = 0.90


@pytest.mark.parametrize("ident", assignment_ids())
def test_mutants_are_killed(ident, mutant_results):
    graded = mutant_results(ident)
    if not graded:
        pytest.skip(f"{ident} has no reference functions to mutate (answers are expressions: see test_derivations.py)")
    survivors = [what for what, r in graded if not r.error and r.score >= r.max_score - 1e-9]
    killed = 1 - len(survivors) / len(graded)
    print(f"\n{ident}: {len(graded)} mutants, {killed:.1%} killed; survivors: {survivors}")
    assert killed >= KILL_TARGET, f"{ident}: only {killed:.1%} of {len(graded)} mutants killed; survivors: {survivors}"
