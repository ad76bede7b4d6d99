"""Hidden tests: binary and categorical cross-entropy as negative log-likelihoods (seed 000 A2.4)."""

from _derivation import check

QUESTION = "cross_entropy"


def test_binary(student, reference):
    check(student, reference, "binary_ce")


def test_categorical(student, reference):
    check(student, reference, "categorical_ce")
