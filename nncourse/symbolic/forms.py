"""Is the answer a *result*? Forms a question may forbid: restating it earns no credit.

A derivation question asks for the result of a computation. Handing back the computation
itself — ``diff(sigma(z), z)`` for σ′, ``\\frac{\\partial}{\\partial w}(…)`` for ∂C/∂w, the
question's own ``Σ`` for the EMA weights — is numerically "equal" to the reference, because
the checker carries the derivative or sum out. So each question declares which forms its
answer may not contain (:class:`Form`), and an answer that would pass but contains one is
*not a closed form*: ``not_equivalent`` with a message that says what to do. (A wrong answer
keeps its own verdict, so its usual mistake is still named.)

* ``derivative`` — an unevaluated derivative ``diff(…)``, ``d/dx``, ``∂/∂w`` (``σ′(u)``
  written as ``sigma_prime(u)`` is not counted here: it is σ′ by name);
* ``sum`` — a ``Σ`` left in the answer (for a question that asks for a sum's closed form);
* ``sigma_prime`` — σ′ by name, for a question that asks for σ′ "in terms of σ only";
* ``exp`` — ``exp``/``e^x``, likewise (the textbook §3.2 identity σ′ = σ(1 − σ) is the point).

Integrals and limits cannot be written at all (not in :mod:`.vocabulary`).

    >>> import sympy
    >>> z = sympy.Symbol("z")
    >>> [f.value for f in violations(sympy.Derivative(sympy.exp(z), z), {Form.DERIVATIVE})]
    ['derivative']
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from types import MappingProxyType
from typing import Optional

import sympy

from .verdict import Verdict
from .vocabulary import SIGMA, reject


class Form(str, enum.Enum):
    """A form an answer may be forbidden to contain."""

    DERIVATIVE = "derivative"
    SUM = "sum"
    SIGMA_PRIME = "sigma_prime"
    EXP = "exp"


#: What the student reads for each form (中文 / English); no reference values.
MESSAGES: Mapping[Form, str] = MappingProxyType({
    Form.DERIVATIVE: "不是最终结果：答案里还有没求出来的导数（diff、∂/∂w、d/dx），请把导数算出来再作答 / "
                     "not a closed form: your answer still contains an unevaluated derivative (diff, ∂/∂w, d/dx); "
                     "carry the differentiation out",
    Form.SUM: "不是闭式：答案里还留着求和 Σ，本题要的是求和的结果 / not a closed form: your answer still contains "
              "the sum Σ; this question asks for its value in closed form",
    Form.SIGMA_PRIME: "本题要求只用 σ(z) 表示：答案里直接写了 σ′ / express it through σ(z) only: your answer "
                      "uses σ′ itself",
    Form.EXP: "本题要求只用 σ(z) 表示：答案里用了 exp（e 的幂），请改写成 σ 的式子 / express it through σ(z) "
              "only: your answer is written with exp (powers of e); rewrite it in terms of σ",
})


def as_forms(names: Collection[str]) -> frozenset[Form]:
    """Validate form names (``derivative``, ``sum``, ``sigma_prime``, ``exp``)."""
    try:
        return frozenset(Form(n) for n in names)
    except ValueError:
        raise reject(f"unknown form in {sorted(names)!r}", hint=f"use {', '.join(f.value for f in Form)}") from None


def is_sigma_prime(e: sympy.Basic) -> bool:
    """σ′(u): ``Subs(Derivative(σ(d), d), d, u)`` (``sigma_prime(u)``) or ``Derivative(σ(s), s)``."""
    if isinstance(e, sympy.Subs) and isinstance(e.expr, sympy.Derivative):
        inner = e.expr
        return inner.expr.func == SIGMA and inner.expr.args == e.variables and len(inner.variables) >= 1
    if isinstance(e, sympy.Derivative) and e.expr.func == SIGMA and isinstance(e.expr.args[0], sympy.Symbol):
        return set(e.variables) == {e.expr.args[0]}
    return False


def violations(expr: sympy.Expr, forbid: Collection[Form]) -> list[Form]:
    """The forbidden forms ``expr`` contains, in :class:`Form` order."""
    if not forbid:
        return []
    found: set[Form] = set()
    if any(is_sigma_prime(e) for e in sympy.preorder_traversal(expr)):
        found.add(Form.SIGMA_PRIME)
    named = lambda e: is_sigma_prime(e) and isinstance(e, sympy.Subs)  # noqa: E731 - sigma_prime(u)
    if expr.replace(named, lambda e: SIGMA(sympy.Dummy("u"))).has(sympy.Derivative):
        found.add(Form.DERIVATIVE)
    if expr.has(sympy.Sum):
        found.add(Form.SUM)
    if expr.has(sympy.exp) or any(isinstance(p, sympy.Pow) and p.base == sympy.E for p in expr.atoms(sympy.Pow)):
        found.add(Form.EXP)
    return [f for f in Form if f in found and f in forbid]


def form_verdict(expr: sympy.Expr, forbid: Collection[Form], mode: str) -> Optional[Verdict]:
    """``not_equivalent`` naming the first forbidden form in ``expr``, or None when there is none."""
    bad = violations(expr, forbid)
    if not bad:
        return None
    message = MESSAGES[bad[0]]
    return Verdict("not_equivalent", message, mode, "form", mistake="not_closed_form",
                   mistake_feedback=message)
