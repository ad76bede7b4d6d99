"""Hidden tests: the EMA weights (1−β)β^{t−k}, k = 1…t, sum to 1 − β^t (seed 004 Q7)."""

from _derivation import check

QUESTION = "ema"


def test_weight_sum(student, reference):
    check(student, reference, "ema_weight_sum")
