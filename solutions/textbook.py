"""Reference answers of the textbook's exercise sets (002, 第五章 练习一 / 练习二).

Each function computes one computational answer by calling the course's reference
implementations (regression, optimizers, backprop, cnn); the quiz files
``assignments/quizzes/textbook-ex1.toml`` / ``textbook-ex2.toml`` name these functions and
``nncourse`` matches their results against the printed options, so the keys are derived,
never typed in. Nothing here re-implements an algorithm.

Conventions (textbook 练习一 Q6–Q10): the 8 samples of ``hinge8_data()`` one per row,
W⁽⁰⁾ = 0, no bias; SGD and AdaGrad visit sample i_t = t mod 8 (0-based, i.e. the textbook's
(t mod 8) + 1); momentum is v ← αv − η∇C(W), W ← W + v.

>>> ex1_q4()
128
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from . import backprop, cnn, optimizers, regression

# -- 练习一 (exercise set 1) ---------------------------------------------------------


def ex1_q4(n_in: int = 6, h1: int = 5, h2: int = 10, n_out: int = 3) -> int:
    """Q4: parameters (weights + biases) of the fully connected MLP n_in-h1-h2-n_out (printed: 6-5-10-3)."""
    return backprop.mlp_param_count([n_in, h1, h2, n_out])


def ex1_q5() -> Callable[..., np.ndarray]:
    """Q5: the minimizer X* of ‖X − x₁‖² + 2‖X − x₂‖², x₁ = (a, b), x₂ = (c, d), as a function of a, b, c, d.

    Solved symbolically: set ∇f(X) = 0 and solve for X (sympy), then lambdify, so options
    written as formulas can be compared at random points.
    """
    import sympy as sp

    a, b, c, d, u, v = sp.symbols("a b c d u v", real=True)
    X, x1, x2 = sp.Matrix([u, v]), sp.Matrix([a, b]), sp.Matrix([c, d])
    f = (X - x1).dot(X - x1) + 2 * (X - x2).dot(X - x2)
    gradient = [sp.diff(f, s) for s in (u, v)]
    solution = sp.solve(gradient, [u, v], dict=True)
    assert len(solution) == 1, "a strictly convex quadratic has exactly one stationary point"
    formula = sp.lambdify((a, b, c, d), [solution[0][u], solution[0][v]], "numpy")
    return lambda a, b, c, d: np.array(formula(a, b, c, d), dtype=float)


def _hinge8() -> tuple[np.ndarray, np.ndarray]:
    return regression.hinge8_data()


def _full_gradient(X: np.ndarray, y: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    return lambda W: regression.squared_hinge_gradient(W, X, y)


def _sample_gradient(X: np.ndarray, y: np.ndarray) -> Callable[[np.ndarray, int], np.ndarray]:
    return lambda W, i: regression.squared_hinge_sample_gradient(W, X[i], y[i])


def ex1_q6(eta: float = 0.5, steps: int = 25) -> np.ndarray:
    """Q6: gradient descent on the squared hinge loss, step η, ``steps`` steps → W⁽ˢᵗᵉᵖˢ⁾ (printed: η = 0.5, 25)."""
    X, y = _hinge8()
    return regression.gradient_descent(_full_gradient(X, y), np.zeros(4), eta, steps)


def ex1_q7(eta: float = 0.1, steps: int = 80, first: int = 0) -> np.ndarray:
    """Q7: SGD, step η, i_t = (first + t) mod 8 → W⁽ˢᵗᵉᵖˢ⁾ (printed: η = 0.1, 80 steps, first = 0).

    ``first`` shifts the visiting order; only the usual-mistake options use it.
    """
    X, y = _hinge8()
    X, y = np.roll(X, -first, axis=0), np.roll(y, -first)
    return regression.sgd_fixed_order(_sample_gradient(X, y), np.zeros(4), eta, steps, len(y))


def ex1_q8(eta: float = 0.5, alpha: float = 0.5, steps: int = 25) -> np.ndarray:
    """Q8: momentum on the full gradient, step η, momentum α → W⁽ˢᵗᵉᵖˢ⁾ (printed: η = α = 0.5, 25 steps)."""
    X, y = _hinge8()
    return optimizers.momentum(_full_gradient(X, y), np.zeros(4), eta, alpha, steps)


def ex1_q9(eta: float = 0.1, steps: int = 80, delta: float = 1e-6) -> np.ndarray:
    """Q9: AdaGrad on single samples, step η, δ, i_t = t mod 8 → W⁽ˢᵗᵉᵖˢ⁾ (printed: η = 0.1, δ = 1e−6, 80 steps)."""
    X, y = _hinge8()
    n = len(y)
    return optimizers.adagrad(_sample_gradient(X, y), np.zeros(4), eta, delta, steps, lambda t: t % n)


def ex1_q10(start: int = 1, passes: int = 1) -> np.ndarray:
    """Q10: perceptron from W⁽⁰⁾ = 0, visiting samples start, start + 1, …, 8, 1, … (1-based)
    for ``passes`` passes over the data (printed: start = 1, one pass → W⁽⁸⁾)."""
    X, y = _hinge8()
    X, y = np.roll(X, 1 - start, axis=0), np.roll(y, 1 - start)
    return regression.perceptron_pass(np.tile(X, (passes, 1)), np.tile(y, passes), np.zeros(4))


# -- 练习二 (exercise set 2) ---------------------------------------------------------

#: Q1: 32 × 32 greyscale images, 10 classes.
EX2_Q1_INPUT = (32, 32, 1)
EX2_Q1_CLASSES = 10


def ex2_q1(architecture: dict, side: int = EX2_Q1_INPUT[0], classes: int = EX2_Q1_CLASSES) -> bool:
    """Q1 (one option): is ``{"conv": [[K, F, S, P], …], "fc": [n_in, n_out]}`` feasible for
    side × side greyscale images and ``classes`` classes (printed: 32 × 32, 10 classes)?

    Feasible means every convolution fits its input, the flattened output of the last
    convolution has exactly n_in values, and n_out is the number of classes
    (``cnn.check_stack`` lists the problems; none means feasible).
    """
    layers = [tuple(int(x) for x in layer) for layer in architecture["conv"]]
    fc = tuple(int(x) for x in architecture["fc"])
    return cnn.check_stack(side, EX2_Q1_INPUT[2], [*layers, fc], classes) == []


#: Colour images have 3 channels (练习二 Q3).
COLOUR_CHANNELS = 3


def ex2_q3(side: int = 11, out: int = 7, kernels: int = 10) -> dict[str, int]:
    """Q3: N kernels of size H × W × C, stride 1, no padding, take a side × side colour image
    to out × out × kernels (printed: 11 → 7 × 7 × 10).

    C must equal the image's 3 colour channels, N the output channels, and H = W the
    (unique) square kernel size f with conv_output_size(side, f, 1, 0) = out.
    """
    sizes = [f for f in range(1, side + 1) if cnn.conv_output_size(side, f, 1, 0) == out]
    assert len(sizes) == 1
    return {"N": kernels, "H": sizes[0], "W": sizes[0], "C": COLOUR_CHANNELS}


def ex2_q4(side: int = 50, f: int = 3, pad: int = 1) -> int:
    """Q4: extra parameters (with biases) of a fully connected layer producing the same H × W
    output as one f × f, stride 1, padding ``pad`` convolution on a side × side greyscale image
    (printed: 50 × 50, 3 × 3, padding 1)."""
    out = cnn.conv_output_size(side, f, 1, pad)
    fully_connected = cnn.fc_param_count(side * side, out * out)
    convolution = cnn.conv_param_count(1, f, 1)
    return fully_connected - convolution
