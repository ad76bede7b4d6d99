"""Shared problems and checks for the assignment-3 hidden suite (not tests).

Gradients are written twice on purpose: as text for ``student.evaluate`` (the expression runs
in the sandbox, so no grader object enters it) and as grader-side lambdas for the reference.
Both are the same formula.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import numpy as np

from nncourse.checks import expect_close, expect_equal

#: Textbook eq. 1.7, mean over the samples: ∇C(W) = (1/n) Σ_{y Wᵀx < 1} (y Wᵀx − 1) y x.
HINGE_GRAD = "lambda W: X.T @ (np.minimum(y * (X @ W) - 1, 0) * y) / len(y)"
#: One sample of the same cost.
HINGE_SAMPLE = "lambda W, i: X[i] * min(y[i] * (X[i] @ W) - 1, 0) * y[i]"
#: ∇ of the quadratic ½WᵀAW − bᵀW.
QUAD_GRAD = "lambda W: A @ W - b"
#: One sample of least squares, ∇ ½(x_iᵀW − y_i)².
LSQ_SAMPLE = "lambda W, i: (X[i] @ W - y[i]) * X[i]"
#: Visit the samples cyclically (textbook 练习一 Q7: i_t = (t mod n) + 1, counted from 1).
CYCLIC = "lambda t: t % len(y)"
#: Visit them in a fixed shuffled order ``perm``.
PERMUTED = "lambda t: int(perm[t % len(perm)])"


def hinge8(data: Path) -> tuple[np.ndarray, np.ndarray]:
    """Textbook 练习一 Q6: 8 samples (one per row), labels ±1."""
    table = np.loadtxt(data / "hinge8.csv", delimiter=",", skiprows=1)
    return table[:, :4], table[:, 4]


def hinge_grad(X: np.ndarray, y: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    return lambda W: X.T @ (np.minimum(y * (X @ W) - 1, 0) * y) / len(y)


def hinge_sample(X: np.ndarray, y: np.ndarray) -> Callable[[np.ndarray, int], np.ndarray]:
    return lambda W, i: X[i] * min(y[i] * (X[i] @ W) - 1, 0) * y[i]


def quadratic(rng: np.random.Generator, d: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A positive definite A (eigenvalues ≥ 1), b and a start W0."""
    M = rng.normal(size=(d, d))
    return M @ M.T / d + np.eye(d), rng.normal(size=d), rng.normal(size=d)


def least_squares(rng: np.random.Generator, n: int, d: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Samples X (n × d), targets y and a start W0."""
    X = rng.normal(size=(n, d))
    return X, X @ rng.normal(size=d) + 0.3 * rng.normal(size=n), rng.normal(size=d)


def order_of(kind: str, n: int, rng: np.random.Generator) -> tuple[str, np.ndarray, Callable[[int], int]]:
    """(text for evaluate, the permutation, grader-side order) of a cyclic or permuted visit."""
    perm = np.arange(n) if kind == "cyclic" else rng.permutation(n)
    return (CYCLIC if kind == "cyclic" else PERMUTED), perm, (lambda t: int(perm[t % n]))


def traced(student: Any, function: str, arguments: str, **variables: Any) -> tuple[Any, Any, Any]:
    """Run ``function(arguments, callback=…)`` in the sandbox: (final W, rows [t, *W⁽ᵗ⁾], W0 afterwards)."""
    expression = (f"(lambda _path: ({function}({arguments}, callback=lambda t, W: _path.append(np.concatenate(([t], np.ravel(W))))), "
                  f"np.array(_path), W0))([])")
    return student.evaluate(expression, **variables)


def reference_trace(function: Callable[..., np.ndarray], *args: Any) -> tuple[np.ndarray, np.ndarray]:
    """(final W, rows [t, *W⁽ᵗ⁾]) of a reference optimizer."""
    path: list[np.ndarray] = []
    final = function(*args, callback=lambda t, W: path.append(np.concatenate(([t], np.ravel(W)))))
    return final, np.array(path)


def check_trace(got: Any, expected: tuple[np.ndarray, np.ndarray], W0: np.ndarray, *, call: str,
                mistakes: Any = None, rtol: float = 1e-8) -> None:
    """Final W, then W0 untouched, then the callback's step numbers and trajectory."""
    final, path, W0_after = got
    expected_final, expected_path = expected
    expect_close(final, expected_final, rtol=rtol, call=call, mistakes=mistakes)
    expect_close(W0_after, W0, call=f"{call}: W0 after the call",
                 hint="do not update W0 in place; start from a copy, np.array(W0, dtype=float) / 不要原地修改 W0；先复制一份：np.array(W0, dtype=float)")
    if len(expected_path) == 0:
        expect_equal(np.size(path), 0, call=f"{call}: number of callback calls", hint="zero steps: callback is never called / 步数为 0 时一次也不调用 callback")
        return
    expect_equal(np.shape(path), expected_path.shape, call=f"{call}: shape of the recorded trajectory [t, *W]",
                 hint="call callback(t, W) exactly once after every update / 每次更新之后恰好调用一次 callback(t, W)")
    expect_close(path[:, 0], expected_path[:, 0], call=f"{call}: step numbers t passed to callback",
                 hint="after the update that produces W⁽ᵗ⁾ call callback(t, W) with t = 1, 2, …, steps / 得到 W⁽ᵗ⁾ 的那次更新之后调用 callback(t, W)，t = 1, 2, …, steps")
    expect_close(path[:, 1:], expected_path[:, 1:], rtol=rtol, call=f"{call}: trajectory W⁽¹⁾ … W⁽ᵀ⁾ passed to callback")
