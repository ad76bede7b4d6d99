"""Hidden tests: ∂C/∂w and ∂C/∂b of one sigmoid neuron with C = ½(σ(wx+b) − y)² (textbook §3.3 eqs. 3.4–3.5)."""

from _derivation import check

QUESTION = "neuron_gradients"


def test_dC_dw(student, reference):
    check(student, reference, "dC_dw")


def test_dC_db(student, reference):
    check(student, reference, "dC_db")
