"""Hidden tests: Var(z) = n·Var(w)·Var(x) + Var(b), the seed's numbers, the Xavier bound (seed 004 Q1)."""

from _derivation import check

QUESTION = "init_variance"


def test_var_z(student, reference):
    check(student, reference, "var_z")


def test_seed_numbers(student, reference):
    check(student, reference, "var_z_seed")


def test_xavier_bound(student, reference):
    check(student, reference, "xavier_bound")
