"""What a student answer may contain: known functions, constants and size limits.

Every parser (sympy syntax, LaTeX, ``srepr``) builds expressions only through this table,
so "what is allowed" is decided in one place. The sigmoid is a *known but undefined*
function ``σ`` (``SIGMA``): ``sigma(z)`` stays symbolic until the checker declares it to be
the logistic function ``σ(u) = 1/(1+e^{-u})`` (textbook 002 §3.2, eq. 3.1).

    >>> from nncourse.symbolic.vocabulary import SIGMA, sigma_prime
    >>> import sympy
    >>> z = sympy.Symbol("z")
    >>> logistic(sigma_prime(z)).doit().equals(sympy.exp(-z) / (1 + sympy.exp(-z)) ** 2)
    True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import sympy

from ..errors import AnswerError

# --- size limits (a student string must never make the grader hang) -------------------
#: Longest accepted answer, in characters.
MAX_LENGTH = 2000
#: Deepest bracket nesting accepted before parsing.
MAX_NESTING = 40
#: Most AST / expression-tree nodes accepted.
MAX_NODES = 1500
#: Most decimal digits in an integer literal.
MAX_INT_DIGITS = 30
#: Largest |integer exponent| (or numerator/denominator of a rational exponent).
MAX_EXPONENT = 100
#: Largest number of digits a numeric power ``a**k`` may produce.
MAX_POWER_DIGITS = 400
#: Highest derivative order.
MAX_DERIVATIVE_ORDER = 4
#: Largest |numeric summation limit|.
MAX_SUM_LIMIT = 1000

#: The sigmoid σ, an undefined function until declared logistic.
SIGMA = sympy.Function("sigma")


def sigma_prime(u: sympy.Expr) -> sympy.Expr:
    """σ′(u) as the derivative of σ evaluated at ``u`` (valid for any σ, not only logistic)."""
    d = sympy.Dummy("u")
    return sympy.Subs(sympy.Derivative(SIGMA(d), d), d, u)


def logistic(expr: sympy.Expr) -> sympy.Expr:
    """Replace every ``σ(u)`` by ``1/(1+e^{-u})`` (textbook §3.2 eq. 3.1); derivatives stay unevaluated."""
    return expr.replace(SIGMA, lambda u: 1 / (1 + sympy.exp(-u)))


_PREFIX = "无法接受的答案 / answer rejected: "


def reject(reason: str, hint: str | None = None) -> AnswerError:
    """The one error every parser raises: ``无法接受的答案 / answer rejected: <reason>``."""
    return AnswerError(_PREFIX + reason, hint=hint)


def logistic_derivatives(expr: sympy.Expr) -> sympy.Expr:
    """Replace σ^{(k)}(u) by a polynomial in σ(u), valid for the logistic σ.

    From σ′ = σ(1−σ): if σ^{(k)} = P_k(σ) then σ^{(k+1)} = P_k′(σ)·σ(1−σ). This avoids
    differentiating the expanded ``1/(1+e^{-u})`` (slow, and large for nested networks).
    """

    def order_and_point(e: sympy.Basic) -> tuple[int, sympy.Expr] | None:
        if isinstance(e, sympy.Subs) and isinstance(e.expr, sympy.Derivative) and len(e.variables) == 1:
            inner = e.expr
            if inner.expr.func == SIGMA and inner.expr.args == e.variables and set(inner.variables) == set(e.variables):
                return len(inner.variables), e.point[0]
        if isinstance(e, sympy.Derivative) and e.expr.func == SIGMA and isinstance(e.expr.args[0], sympy.Symbol):
            if set(e.variables) == {e.expr.args[0]}:
                return len(e.variables), e.expr.args[0]
        return None

    def polynomial(k: int, u: sympy.Expr) -> sympy.Expr:
        s = sympy.Dummy("s")
        poly: sympy.Expr = s
        for _ in range(k):
            poly = sympy.expand(sympy.diff(poly, s) * s * (1 - s))
        return poly.subs(s, SIGMA(u))

    return expr.replace(lambda e: order_and_point(e) is not None, lambda e: polynomial(*order_and_point(e)))


def check_power(base: sympy.Expr, exponent: sympy.Expr) -> None:
    """Reject powers whose evaluation could exhaust time or memory (``9**9**9**9``)."""
    if exponent.is_Number:
        if exponent.is_Integer and abs(int(exponent)) > MAX_EXPONENT:
            raise reject(f"exponent {_short(exponent)} is too large (limit ±{MAX_EXPONENT})")
        if exponent.is_Rational and not exponent.is_Integer:
            if abs(exponent.p) > MAX_EXPONENT or exponent.q > MAX_EXPONENT:
                raise reject(f"exponent {_short(exponent)} is too complicated")
        if exponent.is_Float and abs(float(exponent)) > MAX_EXPONENT:
            raise reject(f"exponent {_short(exponent)} is too large (limit ±{MAX_EXPONENT})")
        if base.is_Rational and exponent.is_Rational:
            size = max(abs(base.p), base.q, 2)
            if abs(float(exponent)) * math.log10(size) > MAX_POWER_DIGITS:
                raise reject("a number in the answer is too large to evaluate")
    elif exponent.has(sympy.oo, -sympy.oo, sympy.zoo):
        raise reject("infinite exponents are not allowed")


def check_sum_limit(bound: sympy.Expr) -> None:
    """A summation limit is a number (|·| ≤ :data:`MAX_SUM_LIMIT`), ``oo``, or ``n`` / ``n ± k``.

    Anything else (``n**10``, ``2**n``) could make numeric evaluation loop for ever.
    """
    if bound in (sympy.oo, -sympy.oo):
        return
    if bound.is_Integer:
        if abs(int(bound)) > MAX_SUM_LIMIT:
            raise reject(f"summation limit {bound} is too large (limit {MAX_SUM_LIMIT})")
        return
    symbol, offset = bound.as_independent(*bound.free_symbols, as_Add=True)[::-1]
    if isinstance(symbol, sympy.Symbol) and offset.is_Integer and abs(int(offset)) <= MAX_SUM_LIMIT:
        return
    raise reject("summation limits must be a number, a variable, or a variable ± a number")


def check_integer(value: int) -> None:
    """Reject integer literals with more than :data:`MAX_INT_DIGITS` digits."""
    if abs(value) >= 10**MAX_INT_DIGITS:
        raise reject(f"number literal too long (limit {MAX_INT_DIGITS} digits)")


def _short(x: object) -> str:
    text = str(x)
    return text if len(text) <= 20 else text[:17] + "..."


# --- function vocabulary ------------------------------------------------------------------


@dataclass(frozen=True)
class KnownFunction:
    """A function name a student may call."""

    name: str
    """Canonical name shown in messages."""
    arity: tuple[int, ...]
    """Allowed numbers of arguments."""
    build: Callable[..., sympy.Expr]
    """Builds the sympy expression from already-built argument expressions."""


def _log(x: sympy.Expr, base: sympy.Expr | None = None) -> sympy.Expr:
    return sympy.log(x) if base is None else sympy.log(x, base)


def _max(*args: sympy.Expr) -> sympy.Expr:
    return sympy.Max(*args)


def _min(*args: sympy.Expr) -> sympy.Expr:
    return sympy.Min(*args)


def _relu(x: sympy.Expr) -> sympy.Expr:
    return sympy.Max(0, x)


_FUNCTIONS = (
    KnownFunction("exp", (1,), sympy.exp),
    KnownFunction("log", (1, 2), _log),
    KnownFunction("ln", (1,), sympy.log),
    KnownFunction("sqrt", (1,), sympy.sqrt),
    KnownFunction("sin", (1,), sympy.sin),
    KnownFunction("cos", (1,), sympy.cos),
    KnownFunction("tan", (1,), sympy.tan),
    KnownFunction("tanh", (1,), sympy.tanh),
    KnownFunction("sinh", (1,), sympy.sinh),
    KnownFunction("cosh", (1,), sympy.cosh),
    KnownFunction("sigma", (1,), SIGMA),
    KnownFunction("sigmoid", (1,), SIGMA),
    KnownFunction("sigma_prime", (1,), sigma_prime),
    KnownFunction("dsigma", (1,), sigma_prime),
    KnownFunction("sigmoid_prime", (1,), sigma_prime),
    KnownFunction("Abs", (1,), sympy.Abs),
    KnownFunction("abs", (1,), sympy.Abs),
    KnownFunction("Max", (2, 3, 4, 5, 6), _max),
    KnownFunction("max", (2, 3, 4, 5, 6), _max),
    KnownFunction("Min", (2, 3, 4, 5, 6), _min),
    KnownFunction("min", (2, 3, 4, 5, 6), _min),
    KnownFunction("relu", (1,), _relu),
    KnownFunction("ReLU", (1,), _relu),
)

#: Plain functions by name (``Sum``, ``Derivative``/``diff`` and ``Rational`` are special
#: forms handled by the parser because their arguments are not all expressions).
FUNCTIONS: Mapping[str, KnownFunction] = MappingProxyType({f.name: f for f in _FUNCTIONS})

#: Special forms: name → canonical form.
SPECIAL_FORMS: Mapping[str, str] = MappingProxyType(
    {"Sum": "Sum", "sum": "Sum", "Derivative": "Derivative", "diff": "Derivative", "Rational": "Rational"}
)

#: Names that denote constants rather than symbols (``e`` unless declared a symbol).
CONSTANTS: Mapping[str, sympy.Expr] = MappingProxyType(
    {"pi": sympy.pi, "E": sympy.E, "e": sympy.E, "oo": sympy.oo, "inf": sympy.oo, "infty": sympy.oo}
)

#: Names rewritten before parsing (``lambda`` is a Python keyword; sympy spells it ``lamda``).
RENAMED: Mapping[str, str] = MappingProxyType({"lambda": "lamda"})

#: Unicode spellings students paste from notes, mapped to sympy syntax.
UNICODE: Mapping[str, str] = MappingProxyType(
    {
        "σ": "sigma", "β": "beta", "η": "eta", "λ": "lamda", "μ": "mu", "π": "pi", "θ": "theta",
        "α": "alpha", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon", "τ": "tau",
        "−": "-", "–": "-", "·": "*", "×": "*", "⋅": "*", "÷": "/", "²": "**2", "³": "**3",
        "√": "sqrt", "∞": "oo", "（": "(", "）": ")", "，": ",",
    }
)
