"""Hidden tests: σ′ = σ(1 − σ) (textbook §3.2)."""

from _derivation import check

QUESTION = "sigmoid_prime"


def test_sigmoid_prime(student, reference):
    check(student, reference, "sigmoid_prime")
