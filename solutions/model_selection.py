"""Assignment 8 reference: model selection, classification losses, gradient scale, steepest descent.

Sources: textbook 002 §1.5 (polynomial regression, eq. 1.8: f(x) = Wᵀφ(x), φ(x) = [1, x, …, xᵐ]),
seed 004 Q2 (train / validation / test sets), textbook §1.4 (margin losses G(yŷ): hinge, squared
hinge, logistic), seed 004 Q5 and seed 003 §1.3(4) (exploding gradients), seed 004 Q4 (inputs that
are all positive slow gradient descent down), textbook §2.1 and seed 004 Q8 (−∇C is the direction of
steepest descent: first-order Taylor expansion).

Conventions: random draws come from the ``np.random.Generator`` passed in, in the documented order;
errors are plain MSE (1/n)Σ(ŷ − y)² (no ½); a margin is m = y·Wᵀx with y ∈ {−1, +1} and a margin
loss G(m) is averaged over samples; chain weights have shape (n_out, n_in): z = W h.
"""

from __future__ import annotations

from typing import Literal, Sequence

import numpy as np

__all__ = ["make_data", "poly_features", "fit_polynomial", "mse", "split_indices", "degree_errors", "select_degree",
           "model_selection", "margin_loss", "margin_loss_derivative", "classification_cost", "classification_gradient",
           "ignored_points", "chain_gradients", "global_norm", "clip_by_norm", "center_features", "condition_number",
           "gd_steps", "directional_derivative", "steepest_descent_direction", "first_order_change"]

# --------------------------------------------------------------- polynomial regression (§1.5)

def make_data(n: int, rng: np.random.Generator, noise: float = 0.2) -> tuple[np.ndarray, np.ndarray]:
    """n noisy samples of y = sin(πx): first x = rng.uniform(−1, 1, n), then
    y = sin(πx) + noise · rng.normal(0, 1, n)  (two draws, in that order).

    >>> [bool(np.allclose(y, np.sin(np.pi * x))) for x, y in [make_data(3, np.random.default_rng(0), 0.0)]]
    [True]
    """
    # BEGIN SOLUTION
    x = rng.uniform(-1.0, 1.0, size=n)  # draw 1: the inputs
    y = np.sin(np.pi * x) + noise * rng.normal(0.0, 1.0, size=n)  # draw 2: the noise
    return x, y
    # END SOLUTION


def poly_features(x: np.ndarray, degree: int) -> np.ndarray:
    """Design matrix of textbook eq. (1.8): row i is φ(xᵢ)ᵀ = [1, xᵢ, xᵢ², …, xᵢᵐ], shape (n, m + 1).

    >>> poly_features(np.array([2.0, 3.0]), 2).tolist()
    [[1.0, 2.0, 4.0], [1.0, 3.0, 9.0]]
    """
    # BEGIN SOLUTION
    if degree < 0:
        raise ValueError("the degree must be a non-negative integer")
    x = np.asarray(x, dtype=np.float64)
    return x[:, None] ** np.arange(degree + 1)  # column j holds xʲ, j = 0 … m
    # END SOLUTION


def fit_polynomial(x: np.ndarray, y: np.ndarray, degree: int) -> np.ndarray:
    """Least-squares weights W* = argmin ‖ΦW − Y‖² with Φ = poly_features(x, m)  (textbook §1.5:
    W* = (ΦᵀΦ)⁻¹ΦᵀY, solved here with ``np.linalg.lstsq``, which is kinder to ill-conditioned Φ).

    With fewer samples than weights (n < m + 1) the minimiser is not unique: ``ValueError``.

    >>> fit_polynomial(np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0]), 1).round(12).tolist()
    [1.0, 2.0]
    """
    # BEGIN SOLUTION
    Phi = poly_features(x, degree)
    if Phi.shape[0] < Phi.shape[1]:
        raise ValueError("fewer samples than polynomial coefficients: the fit is not unique")
    return np.linalg.lstsq(Phi, np.asarray(y, dtype=np.float64), rcond=None)[0]
    # END SOLUTION


def mse(y_pred: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error (1/n) Σᵢ (ŷᵢ − yᵢ)² (no ½: this measures, it is not minimised).

    >>> mse(np.array([1.0, 2.0]), np.array([1.0, 4.0]))
    2.0
    """
    # BEGIN SOLUTION
    r = np.asarray(y_pred, dtype=np.float64) - np.asarray(y, dtype=np.float64)
    return float(np.mean(r * r))
    # END SOLUTION


# -------------------------------------------------------------- selecting the degree (seed 004 Q2)

def split_indices(
    n: int, n_train: int, n_val: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle 0 … n−1 with one ``rng.permutation(n)``; the first n_train indices are the training
    set, the next n_val the validation set, the rest the test set (seed 004 Q2). Each part must be
    non-empty: ``ValueError`` otherwise.

    >>> [p.tolist() for p in split_indices(4, 2, 1, np.random.default_rng(0))]
    [[2, 0], [1], [3]]
    """
    # BEGIN SOLUTION
    if n_train < 1 or n_val < 1 or n_train + n_val >= n:
        raise ValueError("training, validation and test sets must each hold at least one sample")
    perm = rng.permutation(n)
    return perm[:n_train], perm[n_train : n_train + n_val], perm[n_train + n_val :]
    # END SOLUTION


def degree_errors(
    x_train: np.ndarray, y_train: np.ndarray, x_val: np.ndarray, y_val: np.ndarray, degrees: Sequence[int]
) -> tuple[np.ndarray, np.ndarray]:
    """For each degree m: fit on the training set only, then the training and validation MSE.
    Returns two float arrays aligned with ``degrees``.

    >>> x = np.linspace(-1, 1, 7)
    >>> tr, va = degree_errors(x, x ** 2, x + 0.1, (x + 0.1) ** 2, [1, 2])
    >>> bool(tr[1] < 1e-20 and va[1] < 1e-20 and va[0] > 0.01)
    True
    """
    # BEGIN SOLUTION
    train, val = np.zeros(len(degrees)), np.zeros(len(degrees))
    for k, m in enumerate(degrees):
        W = fit_polynomial(x_train, y_train, m)  # the validation set is never used for fitting
        train[k] = mse(poly_features(x_train, m) @ W, y_train)
        val[k] = mse(poly_features(x_val, m) @ W, y_val)
    return train, val
    # END SOLUTION


def select_degree(degrees: Sequence[int], val_errors: Sequence[float]) -> int:
    """The degree with the smallest validation error; on a tie the one listed first (list the
    degrees from simple to complex and the simpler model wins).

    >>> select_degree([1, 3, 5], [0.4, 0.1, 0.1])
    3
    """
    # BEGIN SOLUTION
    return int(degrees[int(np.argmin(val_errors))])  # argmin returns the first minimum
    # END SOLUTION


def model_selection(
    x: np.ndarray, y: np.ndarray, degrees: Sequence[int], n_train: int, n_val: int, rng: np.random.Generator
) -> dict:
    """The whole protocol of seed 004 Q2: split with :func:`split_indices`, compute
    :func:`degree_errors`, choose with :func:`select_degree`, then report the test MSE of the chosen
    degree fitted on the training set. The test set is looked at once, at the very end.

    Returns ``{"degree": m, "train_errors": …, "val_errors": …, "test_error": …}``.

    >>> x, y = make_data(40, np.random.default_rng(1), noise=0.1)
    >>> model_selection(x, y, [1, 3, 5], 20, 10, np.random.default_rng(2))["degree"] in (3, 5)
    True
    """
    # BEGIN SOLUTION
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    tr, va, te = split_indices(len(x), n_train, n_val, rng)
    train_errors, val_errors = degree_errors(x[tr], y[tr], x[va], y[va], degrees)
    m = select_degree(degrees, val_errors)
    W = fit_polynomial(x[tr], y[tr], m)  # the chosen model, trained on the training set only
    test_error = mse(poly_features(x[te], m) @ W, y[te])
    return {"degree": m, "train_errors": train_errors, "val_errors": val_errors, "test_error": test_error}
    # END SOLUTION


# ------------------------------------------------------------------- margin losses (textbook §1.4)

def margin_loss(m: np.ndarray, kind: Literal["hinge", "squared_hinge", "logistic"]) -> np.ndarray:
    """G(m) element-wise for a margin m = y·Wᵀx  (textbook §1.4):

    hinge max(0, 1 − m),  squared_hinge ½ max(0, 1 − m)²,  logistic log(1 + e^{−m})
    (computed as ``np.logaddexp(0, −m)``, which neither overflows nor loses small values).

    >>> margin_loss(np.array([-1.0, 1.0, 3.0]), "hinge").tolist()
    [2.0, 0.0, 0.0]
    """
    # BEGIN SOLUTION
    m = np.asarray(m, dtype=np.float64)
    if kind == "hinge":
        return np.maximum(0.0, 1.0 - m)
    if kind == "squared_hinge":
        return 0.5 * np.maximum(0.0, 1.0 - m) ** 2
    if kind == "logistic":
        return np.logaddexp(0.0, -m)  # log(e⁰ + e^{−m})
    raise ValueError(f"unknown loss {kind!r}: use hinge, squared_hinge or logistic")
    # END SOLUTION


def margin_loss_derivative(m: np.ndarray, kind: Literal["hinge", "squared_hinge", "logistic"]) -> np.ndarray:
    """G′(m) element-wise: hinge −1 for m < 1 else 0 (at the kink m = 1 take 0),
    squared_hinge −max(0, 1 − m), logistic −1/(1 + e^{m}) = −σ(−m).

    >>> margin_loss_derivative(np.array([0.0, 1.0, 2.0]), "squared_hinge").tolist()
    [-1.0, 0.0, 0.0]
    """
    # BEGIN SOLUTION
    m = np.asarray(m, dtype=np.float64)
    if kind == "hinge":
        return np.where(m < 1.0, -1.0, 0.0)
    if kind == "squared_hinge":
        return np.minimum(0.0, m - 1.0)  # −max(0, 1 − m)
    if kind == "logistic":
        return -np.exp(-np.logaddexp(0.0, m))  # −1/(1 + eᵐ) without overflow
    raise ValueError(f"unknown loss {kind!r}: use hinge, squared_hinge or logistic")
    # END SOLUTION


def classification_cost(
    W: np.ndarray, X: np.ndarray, y: np.ndarray, kind: Literal["hinge", "squared_hinge", "logistic"]
) -> float:
    """C(W) = (1/n) Σᵢ G(yᵢ Wᵀxᵢ)  (textbook §1.4).

    >>> classification_cost(np.array([1.0]), np.array([[1.0], [-1.0]]), np.array([1.0, 1.0]), "hinge")
    1.0
    """
    # BEGIN SOLUTION
    margins = np.asarray(y, dtype=np.float64) * (np.asarray(X, dtype=np.float64) @ W)
    return float(np.mean(margin_loss(margins, kind)))
    # END SOLUTION


def classification_gradient(
    W: np.ndarray, X: np.ndarray, y: np.ndarray, kind: Literal["hinge", "squared_hinge", "logistic"]
) -> np.ndarray:
    """∇C(W) = (1/n) Σᵢ G′(mᵢ) yᵢ xᵢ with mᵢ = yᵢWᵀxᵢ (chain rule through the margin; for the
    squared hinge this is textbook eq. 1.7).

    >>> classification_gradient(np.zeros(2), np.array([[1.0, 2.0]]), np.array([-1.0]), "hinge").tolist()
    [1.0, 2.0]
    """
    # BEGIN SOLUTION
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    g = margin_loss_derivative(y * (X @ W), kind)  # G′(mᵢ)
    return X.T @ (g * y) / len(y)  # Σᵢ G′(mᵢ) yᵢ xᵢ / n
    # END SOLUTION


def ignored_points(
    W: np.ndarray, X: np.ndarray, y: np.ndarray, kind: Literal["hinge", "squared_hinge", "logistic"]
) -> np.ndarray:
    """Boolean mask of the samples that add nothing to ∇C: G′(mᵢ) = 0. Both hinges ignore every point
    with margin ≥ 1 (right, and far enough from the boundary); the logistic loss none (−σ(−m) < 0).

    >>> ignored_points(np.array([1.0]), np.array([[0.5], [1.0], [3.0]]), np.ones(3), "hinge").tolist()
    [False, True, True]
    """
    # BEGIN SOLUTION
    margins = np.asarray(y, dtype=np.float64) * (np.asarray(X, dtype=np.float64) @ W)
    return margin_loss_derivative(margins, kind) == 0.0
    # END SOLUTION


# ------------------------------------------------------------ gradient scale (seed 004 Q5, seed 003)

def chain_gradients(
    weights: Sequence[np.ndarray], x: np.ndarray, activation: Literal["linear", "tanh"]
) -> list[np.ndarray]:
    """∂C/∂W_ℓ for ℓ = 1 … L of the chain h₀ = x, z_ℓ = W_ℓ h_{ℓ−1}, h_ℓ = φ(z_ℓ), C = ½‖h_L‖²,
    φ the identity ("linear") or tanh. Backward: g = h_L; for ℓ = L … 1: δ = g ⊙ φ′(z_ℓ),
    ∂C/∂W_ℓ = δ h_{ℓ−1}ᵀ, g = W_ℓᵀ δ. With ‖W_ℓ‖ > 1 the gradients grow towards the input.

    >>> [g.tolist() for g in chain_gradients([np.array([[2.0]]), np.array([[3.0]])], np.array([1.0]), "linear")]
    [[[18.0]], [[12.0]]]
    """
    # BEGIN SOLUTION
    if activation not in ("linear", "tanh"):
        raise ValueError(f"unknown activation {activation!r}: use linear or tanh")
    hs = [np.asarray(x, dtype=np.float64)]
    for W in weights:  # forward, keeping every h_ℓ
        z = np.asarray(W, dtype=np.float64) @ hs[-1]
        hs.append(np.tanh(z) if activation == "tanh" else z)
    g = hs[-1]  # ∂C/∂h_L for C = ½‖h_L‖²
    grads = []
    for ell in range(len(weights), 0, -1):
        delta = g * (1.0 - hs[ell] ** 2) if activation == "tanh" else g  # through φ: tanh′ = 1 − tanh²
        grads.append(np.outer(delta, hs[ell - 1]))  # ∂C/∂W_ℓ = δ h_{ℓ−1}ᵀ
        g = np.asarray(weights[ell - 1], dtype=np.float64).T @ delta  # ∂C/∂h_{ℓ−1}
    return grads[::-1]
    # END SOLUTION


def global_norm(grads: Sequence[np.ndarray]) -> float:
    """√(Σ_ℓ ‖G_ℓ‖_F²): the norm of all gradients taken together as one long vector.

    >>> global_norm([np.array([3.0]), np.array([[4.0]])])
    5.0
    """
    # BEGIN SOLUTION
    return float(np.sqrt(sum(np.sum(np.asarray(g, dtype=np.float64) ** 2) for g in grads)))
    # END SOLUTION


def clip_by_norm(grads: Sequence[np.ndarray], max_norm: float) -> list[np.ndarray]:
    """Gradient clipping by global norm: if N = global_norm(grads) > max_norm, every G_ℓ is
    multiplied by max_norm / N (the direction is kept, the length becomes max_norm); otherwise the
    gradients are returned unchanged (as new arrays). ``max_norm`` ≤ 0: ``ValueError``.

    >>> [g.tolist() for g in clip_by_norm([np.array([3.0]), np.array([4.0])], 1.0)]
    [[0.6000000000000001], [0.8]]
    """
    # BEGIN SOLUTION
    if max_norm <= 0:
        raise ValueError("max_norm must be positive")
    total = global_norm(grads)
    scale = max_norm / total if total > max_norm else 1.0  # only ever shrink
    return [np.asarray(g, dtype=np.float64) * scale for g in grads]
    # END SOLUTION


# ------------------------------------------------------------------ zero-mean inputs (seed 004 Q4)

def center_features(X_train: np.ndarray, X_other: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Subtract the TRAINING mean of each column from both arrays (the other set, e.g. validation
    or test data, is shifted by the same μ; its own mean is never used).

    >>> [a.tolist() for a in center_features(np.array([[1.0], [3.0]]), np.array([[5.0]]))]
    [[[-1.0], [1.0]], [[3.0]]]
    """
    # BEGIN SOLUTION
    X_train = np.asarray(X_train, dtype=np.float64)
    mu = X_train.mean(axis=0)  # per-feature training mean
    return X_train - mu, np.asarray(X_other, dtype=np.float64) - mu
    # END SOLUTION


def condition_number(X: np.ndarray) -> float:
    """κ = λ_max / λ_min of the Hessian XᵀX/n of C(w) = 1/(2n)‖Xw − y‖² (∞ if λ_min ≤ 0); the 1/n
    cancels in the ratio. GD with the step 1/λ_max needs about κ steps per digit of accuracy.

    >>> condition_number(np.array([[1.0, 0.0], [0.0, 2.0]]))
    4.0
    """
    # BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    eig = np.linalg.eigvalsh(X.T @ X)  # ascending; the factor 1/n would cancel in the ratio
    return float(eig[-1] / eig[0]) if eig[0] > 0 else float("inf")
    # END SOLUTION


def gd_steps(X: np.ndarray, y: np.ndarray, eta: float, tol: float, max_steps: int) -> int | None:
    """Gradient descent w ← w − η∇C(w) on C(w) = 1/(2n)‖Xw − y‖² from w = 0. Returns the number
    of updates t made when ‖∇C(w_t)‖ ≤ tol first holds (0 if it holds at w = 0), or ``None`` if
    it does not hold for any t ≤ max_steps.

    >>> gd_steps(np.eye(2), np.array([1.0, 1.0]), 2.0, 1e-8, 10)
    1
    """
    # BEGIN SOLUTION
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    w = np.zeros(X.shape[1])
    for t in range(max_steps + 1):
        grad = X.T @ (X @ w - y) / len(y)  # ∇C(w_t)
        if np.linalg.norm(grad) <= tol:
            return t
        w = w - eta * grad
    return None
    # END SOLUTION


# --------------------------------------------------- steepest descent (textbook §2.1, seed 004 Q8)

def directional_derivative(grad: np.ndarray, v: np.ndarray) -> float:
    """D_u C = ∇Cᵀu along the unit vector u = v/‖v‖ (first-order Taylor: C(W + εu) ≈ C(W) + ε∇Cᵀu).
    v = 0 has no direction: ``ValueError``.

    >>> directional_derivative(np.array([3.0, 4.0]), np.array([0.0, 2.0]))
    4.0
    """
    # BEGIN SOLUTION
    v = np.asarray(v, dtype=np.float64)
    length = np.linalg.norm(v)
    if length == 0:
        raise ValueError("the zero vector has no direction")
    return float(np.asarray(grad, dtype=np.float64) @ v / length)
    # END SOLUTION


def steepest_descent_direction(grad: np.ndarray) -> np.ndarray:
    """The unit vector minimising ∇Cᵀu: by Cauchy–Schwarz ∇Cᵀu ≥ −‖∇C‖, with equality only for
    u = −∇C/‖∇C‖. At a stationary point (∇C = 0) no direction descends: ``ValueError``.

    >>> steepest_descent_direction(np.array([3.0, -4.0])).tolist()
    [-0.6, 0.8]
    """
    # BEGIN SOLUTION
    grad = np.asarray(grad, dtype=np.float64)
    length = np.linalg.norm(grad)
    if length == 0:
        raise ValueError("the gradient is zero: a stationary point, no direction of descent")
    return -grad / length
    # END SOLUTION


def first_order_change(grad: np.ndarray, eta: float) -> float:
    """Predicted change of C after one GD step W ← W − η∇C (textbook §2.1):
    C(W − η∇C) − C(W) ≈ ∇Cᵀ(−η∇C) = −η‖∇C‖² < 0 for a small η > 0 and ∇C ≠ 0.

    >>> first_order_change(np.array([3.0, 4.0]), 0.1)
    -2.5
    """
    # BEGIN SOLUTION
    grad = np.asarray(grad, dtype=np.float64)
    return float(-eta * grad @ grad)
    # END SOLUTION
