"""Hidden tests: ∂L/∂z_j = p_j − y_j for softmax + cross-entropy (seed 000 A2.4; textbook §4.4.1)."""

from _derivation import check

QUESTION = "softmax_ce_grad"


def test_softmax_ce_grad(student, reference):
    check(student, reference, "softmax_ce_grad")
