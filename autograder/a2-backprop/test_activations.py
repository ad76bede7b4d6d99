"""Hidden tests: σ, tanh, ReLU, their derivatives and the name dispatch (textbook §3.2, §3.4;
seed 001 A2.1 §1.1–1.2: σ′ ≤ 0.25; seed 003 §2.3: the three activations and their gradients)."""

import numpy as np

from nncourse.checks import cases, expect_close

QUESTION = "activations"

# Zeros, both signs, values inside (−1, 1), and |z| = 40, 1000 where naive formulas overflow.
Z = np.array([[-1000.0, -40.0, -2.5, -0.3, 0.0, 0.3],
              [0.7, 2.5, 40.0, 1000.0, -1e-3, 1e-3],
              [5.0, -5.0, 0.05, -0.05, 12.0, -12.0]])

FUNCTIONS = ["sigmoid", "sigmoid_prime", "tanh", "tanh_prime", "relu", "relu_prime"]
HINTS = {
    "sigmoid": "for z < 0 use e^{z}/(1 + e^{z}) so that no exponent is large and positive",
    "sigmoid_prime": "σ′(z) = σ(z)(1 − σ(z)), with your stable σ",
    "tanh": "np.tanh is overflow-safe; (1 − e^{−2z})/(1 + e^{−2z}) gives nan for z ≪ 0",
    "tanh_prime": "tanh′(z) = 1 − tanh(z)²",
    "relu": "max(0, z) element-wise (np.maximum, not np.max)",
    "relu_prime": "1 where z > 0, else 0 (0 at z = 0 in this course)",
}


def _mistakes(reference, name):
    if name == "sigmoid_prime":
        return {"returned σ(z) instead of σ′(z)": reference.sigmoid(Z)}
    if name == "tanh_prime":
        return {"1 − tanh(z): the square is missing": 1.0 - reference.tanh(Z), "returned tanh(z) instead of tanh′(z)": reference.tanh(Z)}
    if name == "relu_prime":
        return {"ReLU′(0) taken as 1 (this course uses 0 at the kink)": np.where(Z == 0, 1.0, reference.relu_prime(Z))}
    return {}


@cases(*FUNCTIONS, ids=FUNCTIONS)
def test_elementwise(student, reference, case):
    expected = getattr(reference, case)(Z)
    expect_close(getattr(student, case)(Z), expected, call=f"{case} on a 3×6 array with z = 0, ±0.001 … ±40, ±1000",
                 mistakes=_mistakes(reference, case), hint=HINTS[case])


NAMES = ["sigmoid", "tanh", "relu", "identity"]


@cases(*NAMES, ids=NAMES)
def test_dispatch(student, reference, case):
    z = np.array([-3.0, -0.5, 0.0, 0.5, 3.0])
    value, slope = reference.activate(z, case), reference.activate_prime(z, case)
    expect_close(student.activate(z, case), value, call=f'activate(z, "{case}") at z = −3, −0.5, 0, 0.5, 3',
                 mistakes={"returned the derivative instead of the activation": slope})
    expect_close(student.activate_prime(z, case), slope, call=f'activate_prime(z, "{case}") at z = −3, −0.5, 0, 0.5, 3',
                 mistakes={"returned the activation instead of its derivative": value},
                 hint="identity′(z) = 1 for every z" if case == "identity" else f"dispatch to the derivative of {case}")
