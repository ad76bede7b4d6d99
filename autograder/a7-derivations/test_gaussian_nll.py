"""Hidden tests: Gaussian NLL = n/(2s²)·MSE + (n/2)log(2πs²) (seed 000 A2.3)."""

from _derivation import check

from nncourse.checks import points
from nncourse.checks.symbolic import expect_equivalent

QUESTION = "gaussian_nll"


@points(2)
def test_negative_log_likelihood(student, reference):
    check(student, reference, "gaussian_nll")


def test_same_minimisers_as_mse(student, reference):
    # The weaker mode: equal to the NLL up to a positive factor and a constant in the
    # predictions f, i.e. minimising the answer minimises the MSE.
    check(student, reference, "nll_vs_mse")


def test_scale(student, reference):
    expect_equivalent(student["nll_scale"], reference.NLL_SCALE, call="nll_scale", positive=("s",), forbid=reference.RESULT)


def test_offset(student, reference):
    expect_equivalent(student["nll_offset"], reference.NLL_OFFSET, call="nll_offset", positive=("s",), forbid=reference.RESULT)
