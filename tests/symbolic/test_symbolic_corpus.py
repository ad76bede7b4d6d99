"""The labelled corpus: no false "equivalent", equivalent pairs recognised.

Allowed: ``undecided`` on at most 2 % of the pairs (it is reported as undecided, never as
wrong); *zero* equivalent pairs reported ``not_equivalent`` and *zero* non-equivalent pairs
reported ``equivalent``. Labels in corpus.toml are derived by hand from the mathematics.
"""

from __future__ import annotations

import pytest
from symbolic_corpus import Pair, load_corpus

from nncourse.symbolic import check_equivalent

PAIRS = load_corpus()
MAX_UNDECIDED_SHARE = 0.02


@pytest.fixture(scope="module")
def verdicts() -> list[tuple[Pair, str]]:
    return [(p, check_equivalent(p.student, p.reference, **p.options()).status) for p in PAIRS]


def test_corpus_is_large_and_balanced() -> None:
    assert len(PAIRS) >= 200
    positives = sum(p.equivalent for p in PAIRS)
    assert positives >= 80 and len(PAIRS) - positives >= 80
    assert {p.mode for p in PAIRS} == {"equal", "up_to_constant", "up_to_affine", "same_argmin"}
    assert sum("\\" in p.student for p in PAIRS) >= 25, "LaTeX answers are part of the corpus"


def test_no_false_equivalent(verdicts: list[tuple[Pair, str]]) -> None:
    wrong = [str(p) for p, status in verdicts if not p.equivalent and status == "equivalent"]
    assert wrong == []


def test_equivalent_pairs_never_called_wrong(verdicts: list[tuple[Pair, str]]) -> None:
    wrong = [str(p) for p, status in verdicts if p.equivalent and status == "not_equivalent"]
    assert wrong == []


def test_undecided_rate_is_small(verdicts: list[tuple[Pair, str]]) -> None:
    undecided = [str(p) for p, status in verdicts if status == "undecided"]
    assert len(undecided) <= MAX_UNDECIDED_SHARE * len(PAIRS), undecided


def test_wrong_pairs_are_detected(verdicts: list[tuple[Pair, str]]) -> None:
    missed = [str(p) for p, status in verdicts if not p.equivalent and status != "not_equivalent"]
    assert len(missed) <= MAX_UNDECIDED_SHARE * len(PAIRS), missed
