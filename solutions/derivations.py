"""Derivations assignment: reference answers as sympy expressions, with known wrong variants.

Each :class:`Derivation` carries the reference expression, the grading mode and declared
assumptions for :func:`nncourse.symbolic.check_equivalent`, and the wrong answers students
typically give (for :func:`nncourse.symbolic.diagnose`). σ is the undefined function
:data:`nncourse.symbolic.SIGMA`, declared logistic by the checker (textbook §3.2 eq. 3.1).

Notation of the 1-1-1 network (seed 000 A2.2): z₁ = w₁x + b₁, a₁ = σ(z₁), z₂ = w₂a₁ + b₂,
ŷ = σ(z₂); σ′ = σ(1−σ), σ″ = σ′(1−2σ). The seed's own algebra has typos (a factor 2 in
∂²L/∂w₂², "(ŷ − f(z₂))" which is 0, and ∂L_CE/∂w₂ = −(y − f′(z₂))f(z₁)); the formulas below
are derived afresh and tested against ``sympy.diff`` and finite differences.

Every question asks for a *result*: an answer that restates it (an unevaluated derivative,
the EMA question's own sum) is "not a closed form" and earns nothing (``forbid``, see
:mod:`nncourse.symbolic.forms`); the σ′ question asks for σ′ "in terms of σ only", so there σ′
by name and ``exp`` are refused too.

    >>> from nncourse.symbolic import check_equivalent
    >>> d = DERIVATIONS["sigmoid_prime"]
    >>> check_equivalent("sigma(z) - sigma(z)**2", d.reference, **d.options()).status
    'equivalent'
    >>> check_equivalent("diff(sigma(z), z)", d.reference, **d.options()).mistake
    'not_closed_form'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Optional

import numpy as np
import sympy

from nncourse.symbolic import SIGMA, logistic

S = SIGMA
x, y, z, w, b, p = sympy.symbols("x y z w b p", real=True)
w1, w2, b1, b2 = sympy.symbols("w_1 w_2 b_1 b_2", real=True)
s = sympy.Symbol("s", positive=True)  # noise standard deviation σ of A2.3 (named s: σ is the sigmoid)
beta = sympy.Symbol("beta", positive=True)
lamda = sympy.Symbol("lamda", positive=True)
n_in, n_out = sympy.symbols("n_in n_out", positive=True)
n, t, K = sympy.symbols("n t K", positive=True, integer=True)
i, k = sympy.symbols("i k", integer=True)
Y, F, X, P = (sympy.IndexedBase(name) for name in ("y", "f", "x", "p"))
C = sympy.Symbol("C", positive=True)
var_w, var_x, var_b = sympy.symbols("var_w var_x var_b", positive=True)


def d1(u: sympy.Expr) -> sympy.Expr:
    """σ′(u) = σ(u)(1 − σ(u))  (textbook §3.2)."""
    return S(u) * (1 - S(u))


def d2(u: sympy.Expr) -> sympy.Expr:
    """σ″(u) = σ′(u)(1 − 2σ(u))  (differentiate σ(1−σ) once more)."""
    return d1(u) * (1 - 2 * S(u))


#: Every question asks for a result: no unevaluated derivative in the answer.
RESULT: tuple[str, ...] = ("derivative",)
#: "σ′ in terms of σ only" (textbook §3.2): nor σ′ by name, nor exp.
ONLY_SIGMA: tuple[str, ...] = ("derivative", "sigma_prime", "exp")
#: "the sum of the weights in closed form": nor the question's own Σ.
CLOSED_SUM: tuple[str, ...] = ("derivative", "sum")


@dataclass(frozen=True)
class Derivation:
    """One question of the derivations assignment."""

    key: str
    title: str
    """Bilingual title."""
    source: str
    """Seed section the question and formula come from."""
    reference: sympy.Expr
    mode: str = "equal"
    positive: tuple[str, ...] = ()
    params: Optional[tuple[str, ...]] = None
    variants: Mapping[str, sympy.Expr] = field(default_factory=dict)
    """Known wrong answers, name → expression."""
    forbid: tuple[str, ...] = RESULT
    """Forms the answer may not contain: it must be a result, not the question restated."""

    def options(self) -> dict[str, object]:
        """Keyword arguments for ``check_equivalent`` / ``diagnose``."""
        return {"mode": self.mode, "positive": self.positive, "params": self.params, "forbid": self.forbid}


# --- 1-1-1 network (seed 000 A2.2) -----------------------------------------------------------
z1 = w1 * x + b1
a1 = S(z1)
z2 = w2 * a1 + b2
yhat = S(z2)

#: L_MSE = ½(ŷ − y)².
LOSS_MSE = (yhat - y) ** 2 / 2
#: L_CE = −[y log ŷ + (1−y) log(1−ŷ)].
LOSS_CE = -(y * sympy.log(yhat) + (1 - y) * sympy.log(1 - yhat))

_g_mse = d1(z2) ** 2 + (yhat - y) * d2(z2)  # ∂²L/∂z₂² for MSE
#: ∂²L_MSE/∂w₂² = [σ′(z₂)² + (ŷ−y)σ″(z₂)] a₁².
MSE_W2W2 = _g_mse * a1**2
#: ∂²L_MSE/∂w₁² = [σ′(z₂)² + (ŷ−y)σ″(z₂)] w₂² σ′(z₁)² x² + (ŷ−y)σ′(z₂) w₂ σ″(z₁) x².
MSE_W1W1 = _g_mse * w2**2 * d1(z1) ** 2 * x**2 + (yhat - y) * d1(z2) * w2 * d2(z1) * x**2
#: ∂²L_MSE/∂w₁∂w₂ = [σ′(z₂)² + (ŷ−y)σ″(z₂)] w₂ a₁ σ′(z₁) x + (ŷ−y)σ′(z₂)σ′(z₁) x.
MSE_W1W2 = _g_mse * w2 * a1 * d1(z1) * x + (yhat - y) * d1(z2) * d1(z1) * x
#: ∂²L_CE/∂w₂² = σ′(z₂) a₁²  (since ∂L_CE/∂z₂ = ŷ − y).
CE_W2W2 = d1(z2) * a1**2
#: ∂²L_CE/∂w₁² = σ′(z₂) w₂² σ′(z₁)² x² + (ŷ−y) w₂ σ″(z₁) x².
CE_W1W1 = d1(z2) * w2**2 * d1(z1) ** 2 * x**2 + (yhat - y) * w2 * d2(z1) * x**2
#: ∂²L_CE/∂w₁∂w₂ = σ′(z₂) a₁ w₂ σ′(z₁) x + (ŷ−y) σ′(z₁) x.
CE_W1W2 = d1(z2) * a1 * w2 * d1(z1) * x + (yhat - y) * d1(z1) * x

HESSIANS: Mapping[str, tuple[tuple[sympy.Expr, sympy.Expr], tuple[sympy.Expr, sympy.Expr]]] = MappingProxyType({
    "mse": ((MSE_W1W1, MSE_W1W2), (MSE_W1W2, MSE_W2W2)),
    "ce": ((CE_W1W1, CE_W1W2), (CE_W1W2, CE_W2W2)),
})


def hessian_at(loss: str, point: Mapping[str, float]) -> np.ndarray:
    """The 2×2 Hessian wrt (w₁, w₂) of ``loss`` ("mse" or "ce") at ``point`` (names: x y w_1 w_2 b_1 b_2)."""
    subs = {sym: sympy.Float(point[sym.name]) for sym in (x, y, w1, w2, b1, b2)}
    return np.array([[float(logistic(e).subs(subs)) for e in row] for row in HESSIANS[loss]])


def is_indefinite(loss: str, point: Mapping[str, float]) -> bool:
    """True when the Hessian has eigenvalues of both signs (det < 0): the loss is not convex there.

    Seed 000 A2.2: a function is convex only if its Hessian is positive semidefinite
    everywhere, so one indefinite point proves non-convexity in (w₁, w₂).
    """
    return bool(np.linalg.det(hessian_at(loss, point)) < 0)


#: Points where each Hessian is indefinite (checked in the tests).
INDEFINITE_POINTS: Mapping[str, Mapping[str, float]] = MappingProxyType({
    "mse": MappingProxyType({"x": 1.0, "y": 0.0, "w_1": -3.0, "w_2": -2.0, "b_1": 0.0, "b_2": 0.0}),
    "ce": MappingProxyType({"x": 1.0, "y": 0.0, "w_1": -3.0, "w_2": -2.0, "b_1": 0.0, "b_2": 0.0}),
})

# --- Gaussian NLL vs MSE (seed 000 A2.3) ----------------------------------------------------------
#: MSE = (1/n) Σᵢ (yᵢ − fᵢ)².
MSE = sympy.Sum((Y[i] - F[i]) ** 2, (i, 1, n)) / n
#: −log Πᵢ N(yᵢ; fᵢ, s²) = (n/2) log(2πs²) + (1/(2s²)) Σᵢ (yᵢ − fᵢ)².
GAUSSIAN_NLL = n / 2 * sympy.log(2 * sympy.pi * s**2) + sympy.Sum((Y[i] - F[i]) ** 2, (i, 1, n)) / (2 * s**2)
#: NLL = k·MSE + c with k = n/(2s²) > 0 and c = (n/2) log(2πs²) free of the predictions f.
NLL_SCALE = n / (2 * s**2)
NLL_OFFSET = n / 2 * sympy.log(2 * sympy.pi * s**2)

# --- cross-entropy from likelihoods (seed 000 A2.4) ------------------------------------------------
#: −log[p^y (1−p)^(1−y)] = −[y log p + (1−y) log(1−p)].
BINARY_CE = -(y * sympy.log(p) + (1 - y) * sympy.log(1 - p))
#: −log Πₖ pₖ^{yₖ} = −Σₖ yₖ log pₖ (one-hot y).
CATEGORICAL_CE = -sympy.Sum(Y[k] * sympy.log(P[k]), (k, 1, K))
#: ∂/∂z_j of −Σₖ yₖ log softmax(z)ₖ = p_j − y_j when Σₖ yₖ = 1.
SOFTMAX_CE_GRAD = p - y

# --- ridge regression (textbook §1.6, eq. 1.9), one feature ---------------------------------------
#: C(w) = (1/(2n)) Σᵢ (yᵢ − w xᵢ)² + (λ/2) w².
RIDGE_LOSS = sympy.Sum((Y[i] - w * X[i]) ** 2, (i, 1, n)) / (2 * n) + lamda / 2 * w**2
#: C′(w) = (1/n) Σᵢ (w xᵢ − yᵢ) xᵢ + λ w.
RIDGE_GRAD = sympy.Sum((w * X[i] - Y[i]) * X[i], (i, 1, n)) / n + lamda * w
#: Normal equation (XᵀX/n + λ) w* = Xᵀy/n, solved: w* = Σxᵢyᵢ / (Σxᵢ² + nλ).
RIDGE_SOLUTION = sympy.Sum(X[i] * Y[i], (i, 1, n)) / (sympy.Sum(X[i] ** 2, (i, 1, n)) + n * lamda)


def ridge_solution(features: np.ndarray, targets: np.ndarray, lam: float) -> np.ndarray:
    """W* = (XᵀX/n + λI)⁻¹ Xᵀy/n  (textbook §1.6; rows of ``features`` are samples)."""
    n_samples, d = features.shape
    lhs = features.T @ features / n_samples + lam * np.eye(d)
    return np.linalg.solve(lhs, features.T @ targets / n_samples)


# --- EMA weights (seed 004 Q7) ---------------------------------------------------------------------
#: m_t = Σ_{k=1}^{t} (1−β) β^{t−k} g_k: the weights sum to 1 − β^t (so m_t is biased towards 0).
EMA_WEIGHT_SUM = (1 - beta) * sympy.Sum(beta ** (t - k), (k, 1, t))
EMA_WEIGHT_SUM_CLOSED = 1 - beta**t

# --- initialisation (seed 004 Q1; Glorot & Bengio) -------------------------------------------------
#: Var(z) for z = Σ_{j=1}^{n} w_j x_j + b, independent, zero-mean: n·Var(w)·Var(x) + Var(b).
VAR_Z = n * var_w * var_x + var_b
#: Seed 004 Q1: Var(w) = 1/1000, n = 500, x ~ N(0, 1), Var(b) = 1.
SEED004_Q1 = MappingProxyType({"n": 500, "var_w": sympy.Rational(1, 1000), "var_x": 1, "var_b": 1})
#: Var(z) = 500/1000 + 1 = 3/2, std √(3/2) (the seed prints "√3/2", a typo).
SEED004_Q1_STD = sympy.sqrt(sympy.Rational(3, 2))
#: Xavier/Glorot uniform bound: U(−r, r) has variance r²/3 = 2/(n_in+n_out) ⇒ r = √(6/(n_in+n_out)).
XAVIER_BOUND = sympy.sqrt(6 / (n_in + n_out))


# --- Robbins–Monro step sizes (textbook §2.2) ------------------------------------------------------
@dataclass(frozen=True)
class StepSizeSeries:
    """Whether Σ η_t diverges and Σ η_t² converges (both needed, textbook §2.2)."""

    schedule: sympy.Expr
    sum_diverges: bool
    sum_of_squares_converges: bool

    @property
    def satisfies_robbins_monro(self) -> bool:
        return self.sum_diverges and self.sum_of_squares_converges


@cache
def robbins_monro(schedule: sympy.Expr) -> StepSizeSeries:
    """Classify η_t = ``schedule`` (in ``t``, constant ``C > 0``) by sympy's convergence tests.

    A pure function of the schedule, and sympy's convergence tests cost ~0.1 s: memoised, since
    a batch asks it the same two schedules for every submission.

    Positive constants do not change convergence, so every symbol other than ``t`` is set to 1.

    η_t = C/√t: Σ η_t diverges, Σ η_t² = C² Σ 1/t diverges too (textbook §2.2 notes it does
    not strictly satisfy condition 2); η_t = C/t: Σ η_t diverges, Σ η_t² = C² π²/6 converges.
    """
    tt = sympy.Symbol("t", positive=True, integer=True)
    eta = schedule.subs(t, tt)
    eta = eta.subs({sym: 1 for sym in eta.free_symbols if sym != tt})
    first = sympy.Sum(eta, (tt, 1, sympy.oo)).is_convergent()
    second = sympy.Sum(eta**2, (tt, 1, sympy.oo)).is_convergent()
    return StepSizeSeries(schedule, sum_diverges=not bool(first), sum_of_squares_converges=bool(second))


# --- the catalogue -----------------------------------------------------------------------------------
_u = w * x + b
DERIVATIONS: Mapping[str, Derivation] = MappingProxyType({d.key: d for d in (
    Derivation("sigmoid_prime", "σ′(z) / sigmoid 的导数", "textbook 002 §3.2", d1(z), variants={
        "sigma_only": S(z), "one_plus": S(z) * (1 + S(z)), "unsquared_denominator": sympy.exp(-z) / (1 + sympy.exp(-z)),
        "chain_sign": -sympy.exp(-z) / (1 + sympy.exp(-z)) ** 2}, forbid=ONLY_SIGMA),
    Derivation("dC_dw", "∂C/∂w，C = ½(σ(wx+b) − y)²", "textbook 002 §3.3 eq. 3.4", (S(_u) - y) * d1(_u) * x, variants={
        "missing_x": (S(_u) - y) * d1(_u), "missing_sigma_prime": (S(_u) - y) * x,
        "no_half": 2 * (S(_u) - y) * d1(_u) * x, "sign_flip": (y - S(_u)) * d1(_u) * x}),
    Derivation("dC_db", "∂C/∂b，C = ½(σ(wx+b) − y)²", "textbook 002 §3.3 eq. 3.5", (S(_u) - y) * d1(_u), variants={
        "extra_x": (S(_u) - y) * d1(_u) * x, "missing_sigma_prime": S(_u) - y, "no_half": 2 * (S(_u) - y) * d1(_u)}),
    Derivation("gaussian_nll", "高斯噪声下的负对数似然 / Gaussian NLL of n samples", "seed 000 A2.3", GAUSSIAN_NLL,
               positive=("s",), variants={
        "log_term_not_times_n": sympy.log(2 * sympy.pi * s**2) / 2 + sympy.Sum((Y[i] - F[i]) ** 2, (i, 1, n)) / (2 * s**2),
        "s_not_squared": n / 2 * sympy.log(2 * sympy.pi * s**2) + sympy.Sum((Y[i] - F[i]) ** 2, (i, 1, n)) / (2 * s),
        "log_likelihood_sign": -GAUSSIAN_NLL}),
    Derivation("nll_vs_mse", "最小化 MSE ⇔ 最小化高斯 NLL / minimising MSE ≡ minimising the Gaussian NLL",
               "seed 000 A2.3", GAUSSIAN_NLL, mode="up_to_affine", positive=("s",), params=("f",), variants={
        "maximising_instead": -MSE, "absolute_error": sympy.Sum(sympy.Abs(Y[i] - F[i]), (i, 1, n)) / n}),
    Derivation("binary_ce", "伯努利似然 → 二元交叉熵 / binary cross-entropy", "seed 000 A2.4", BINARY_CE, variants={
        "log_likelihood_sign": -BINARY_CE, "swapped": -(y * sympy.log(1 - p) + (1 - y) * sympy.log(p)),
        "missing_negative_class": -y * sympy.log(p)}),
    Derivation("categorical_ce", "类别似然 → 交叉熵 / categorical cross-entropy", "seed 000 A2.4", CATEGORICAL_CE,
               variants={"log_likelihood_sign": -CATEGORICAL_CE, "missing_y": -sympy.Sum(sympy.log(P[k]), (k, 1, K))}),
    Derivation("softmax_ce_grad", "softmax + 交叉熵的梯度 / softmax-CE gradient ∂L/∂z_j", "seed 000 A2.4; textbook §4.4.1",
               SOFTMAX_CE_GRAD, variants={"sign_flip": y - p, "extra_softmax_derivative": (p - y) * p * (1 - p),
                                           "missing_y": p - 1}),
    Derivation("mse_w2w2", "1-1-1 网络 MSE 的 ∂²L/∂w₂²", "seed 000 A2.2", MSE_W2W2,
               variants={"seed_factor_2": 2 * d2(z2) * a1**2 + 2 * (yhat - y) * d1(z2) * a1**2,
                         "missing_second_term": d1(z2) ** 2 * a1**2}),
    Derivation("mse_w1w1", "1-1-1 网络 MSE 的 ∂²L/∂w₁²", "seed 000 A2.2", MSE_W1W1,
               variants={"missing_second_term": _g_mse * w2**2 * d1(z1) ** 2 * x**2}),
    Derivation("mse_w1w2", "1-1-1 网络 MSE 的 ∂²L/∂w₁∂w₂", "seed 000 A2.2", MSE_W1W2,
               variants={"missing_second_term": _g_mse * w2 * a1 * d1(z1) * x}),
    Derivation("ce_w2w2", "1-1-1 网络 CE 的 ∂²L/∂w₂²", "seed 000 A2.2", CE_W2W2,
               variants={"seed_typo": a1 * (1 - yhat) * a1**2}),
    Derivation("ce_w1w1", "1-1-1 网络 CE 的 ∂²L/∂w₁²", "seed 000 A2.2", CE_W1W1,
               variants={"seed_typo_square": d1(z2) * w2**2 * a1 * (1 - a1) ** 2 * x**2
                         + (yhat - y) * w2 * d2(z1) * x**2}),
    Derivation("ce_w1w2", "1-1-1 网络 CE 的 ∂²L/∂w₁∂w₂", "seed 000 A2.2", CE_W1W2,
               variants={"missing_second_term": d1(z2) * a1 * w2 * d1(z1) * x}),
    Derivation("ridge_grad", "岭回归 C′(w) / ridge gradient", "textbook 002 §1.6 eq. 1.9", RIDGE_GRAD, positive=("lamda",),
               variants={"textbook_2w": sympy.Sum((w * X[i] - Y[i]) * X[i], (i, 1, n)) / n + 2 * w,
                         "missing_lambda": sympy.Sum((w * X[i] - Y[i]) * X[i], (i, 1, n)) / n}),
    Derivation("ridge_solution", "岭回归解 w* / ridge solution", "textbook 002 §1.6", RIDGE_SOLUTION, positive=("lamda",),
               variants={"lambda_not_times_n": sympy.Sum(X[i] * Y[i], (i, 1, n)) / (sympy.Sum(X[i] ** 2, (i, 1, n)) + lamda)}),
    Derivation("ema_weight_sum", "EMA 权重之和 / EMA weights sum", "seed 004 Q7", EMA_WEIGHT_SUM_CLOSED,
               positive=("beta",), variants={"assumed_one": sympy.Integer(1), "off_by_one": 1 - beta ** (t + 1),
                                             "beta_power": beta**t}, forbid=CLOSED_SUM),
    Derivation("var_z", "Var(z) = n·Var(w)·Var(x) + Var(b)", "seed 004 Q1", VAR_Z,
               positive=("var_w", "var_x", "var_b", "n"), variants={"forgot_bias": n * var_w * var_x,
                                                                    "forgot_n": var_w * var_x + var_b}),
    Derivation("var_z_seed", "seed 004 Q1 的标准差 / std of z in seed 004 Q1", "seed 004 Q1", SEED004_Q1_STD,
               variants={"seed_typo": sympy.sqrt(3) / 2, "variance_not_std": sympy.Rational(3, 2)}),
    Derivation("xavier_bound", "Xavier 均匀分布上界 / Xavier uniform bound", "seed 004 Q1 (hint); Glorot & Bengio 2010",
               XAVIER_BOUND, positive=("n_in", "n_out"), variants={
        "normal_std": sympy.sqrt(2 / (n_in + n_out)), "fan_in_only": sympy.sqrt(6 / n_in),
        "lecun": sympy.sqrt(3 / n_in)}),
)})

#: The derivations assignment's answer variable for each derivation, where it is not the key.
ANSWER_VARIABLE: Mapping[str, str] = MappingProxyType({"var_z_seed": "var_z_std", "nll_vs_mse": "gaussian_nll"})


def answer_variable(key: str) -> str:
    """The notebook variable graded against ``DERIVATIONS[key]``."""
    return ANSWER_VARIABLE.get(key, key)
