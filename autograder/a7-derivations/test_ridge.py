"""Hidden tests: ridge derivative and its root, one feature (textbook §1.6 eq. 1.9)."""

from _derivation import check

QUESTION = "ridge"


def test_gradient(student, reference):
    check(student, reference, "ridge_grad")


def test_solution(student, reference):
    check(student, reference, "ridge_solution")
