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
    "sigmoid": "for z < 0 use e^{z}/(1 + e^{z}) so that no exponent is large and positive / z < 0 时改用 e^{z}/(1 + e^{z})，使指数永远不会是很大的正数",
    "sigmoid_prime": "σ′(z) = σ(z)(1 − σ(z)), with your stable σ / σ′(z) = σ(z)(1 − σ(z))，σ 用你写好的数值稳定版本",
    "tanh": "np.tanh is overflow-safe; (1 − e^{−2z})/(1 + e^{−2z}) gives nan for z ≪ 0 / np.tanh 不会溢出；(1 − e^{−2z})/(1 + e^{−2z}) 在 z 很负时得到 nan",
    "tanh_prime": "tanh′(z) = 1 − tanh(z)² / 导数为 1 − tanh(z)²",
    "relu": "max(0, z) element-wise (np.maximum, not np.max) / 逐元素取 max(0, z)（用 np.maximum，不是 np.max）",
    "relu_prime": "1 where z > 0, else 0 (0 at z = 0 in this course) / z > 0 处为 1，其余为 0（本课程约定 z = 0 处取 0）",
}


def _mistakes(reference, name):
    if name == "sigmoid_prime":
        return {"returned σ(z) instead of σ′(z) / 返回了 σ(z)，应返回 σ′(z)": reference.sigmoid(Z)}
    if name == "tanh_prime":
        return {"1 − tanh(z): the square is missing / 写成了 1 − tanh(z)：少了平方": 1.0 - reference.tanh(Z), "returned tanh(z) instead of tanh′(z) / 返回了 tanh(z)，应返回它的导数": reference.tanh(Z)}
    if name == "relu_prime":
        return {"ReLU′(0) taken as 1 (this course uses 0 at the kink) / 在 0 处取了 ReLU′(0) = 1（本课程在折点取 0）": np.where(Z == 0, 1.0, reference.relu_prime(Z))}
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
                 mistakes={"returned the derivative instead of the activation / 返回了导数，应返回激活值": slope})
    expect_close(student.activate_prime(z, case), slope, call=f'activate_prime(z, "{case}") at z = −3, −0.5, 0, 0.5, 3',
                 mistakes={"returned the activation instead of its derivative / 返回了激活值，应返回它的导数": value},
                 hint="identity′(z) = 1 for every z / 恒等函数的导数处处为 1" if case == "identity" else f"dispatch to the derivative of {case}")
