"""Hidden tests: Hessian of the 1-1-1 network's MSE loss in (w₁, w₂), and a point where it is indefinite (seed 000 A2.2)."""

from _derivation import check
from _hessian import ENTRIES, indefinite_point

from nncourse.checks import cases

QUESTION = "hessian_mse"


@cases(*ENTRIES, ids=ENTRIES)
def test_entry(student, reference, case):
    check(student, reference, f"mse_{case}")


def test_indefinite_point(student, reference):
    indefinite_point(student, reference, "mse")
