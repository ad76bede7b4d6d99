"""Every assignment in the catalogue: the solved notebook earns full marks, the untouched
student notebook under 20 %, and nothing a student receives gives away a textbook quiz key
(the textbook's answer key is withheld on purpose; students answer those in the quizzes).
"""

from __future__ import annotations

import re

import pytest
from conftest import assignment_ids

STUB_CEILING = 0.20


@pytest.mark.parametrize("ident", assignment_ids())
def test_solved_full_marks_and_stub_under_a_fifth(ident, generated):
    report = generated(ident)
    assert report.max_score > 0
    assert report.solution_score == pytest.approx(report.max_score)
    assert report.student_score < STUB_CEILING * report.max_score


def _student_text(out) -> str:
    return "\n".join(p.read_text("utf-8", errors="replace") for p in (out / "student").rglob("*")
                     if p.is_file() and p.suffix in (".ipynb", ".json", ".py", ".txt"))


def _quiz_keys() -> list[tuple[str, list[str]]]:
    """(question, the strings that together spell its answer) for the numeric textbook answers."""
    from solutions import textbook

    keys = [("ex2 Q4", [str(textbook.ex2_q4())]), ("ex2 Q4", [f"{textbook.ex2_q4():,}"])]
    for q in ("ex1_q6", "ex1_q7", "ex1_q8", "ex1_q9", "ex1_q10"):
        keys.append((q, [f"{v:.3f}" for v in getattr(textbook, q)()]))
    return keys


@pytest.mark.parametrize("ident", assignment_ids())
def test_student_bundle_does_not_give_away_quiz_keys(ident, generated):
    text = _student_text(generated(ident).out)
    leaked = [q for q, parts in _quiz_keys() if all(re.search(rf"(?<![\d.]){re.escape(p)}(?!\d)", text) for p in parts)]
    assert not leaked, f"{ident}: the student bundle spells out the answers of {leaked}"
