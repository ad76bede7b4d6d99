"""Name the student's mistake: compare a wrong answer with known wrong variants.

A *variant* is a wrong answer that a typical mistake produces from the reference. The
built-in generators (:data:`BUILTIN_VARIANTS`) derive them from the reference itself:

* ``missing_half`` / ``extra_half`` — ``2·ref`` / ``ref/2`` (the ½ of ``C = ½(a−y)²``,
  textbook §3.3 eq. 3.4);
* ``sign_flip`` — ``−ref`` (e.g. ``y − p`` for the softmax-CE gradient ``p − y``);
* ``sigma_instead_of_sigma_prime`` / ``dropped_sigma_prime`` — σ′(u) (written ``σ′``,
  ``Derivative(σ(u), u)`` or ``σ(u)(1−σ(u))``) replaced by σ(u), or by 1;
* ``sum_instead_of_mean`` / ``mean_instead_of_sum`` — a factor ``n`` of a ``Σ_{i=1}^{n}`` too many
  or too few (MSE ``1/n Σ`` vs ``Σ``, seed 000 A2.3);
* ``dropped_chain_factor`` — one factor of the reference's product left out (the inner
  derivative ``x`` of ``z = wx + b``, or ``w₂`` in a two-layer chain).

:func:`~.api.diagnose` first checks equivalence; only a ``not_equivalent`` answer is matched against
the variants (caller-supplied ones first), and the first match names the mistake.

    >>> from nncourse.symbolic import diagnose
    >>> diagnose("2*x", "x**2/2", {"forgot_to_integrate": "2*x"}).mistake
    'forgot_to_integrate'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Union

import numpy as np
import sympy

from .answers import Answer, parse_answer
from .equivalence import (
    Options,
    Problem,
    Verdict,
    canonical,
    judge,
    numeric_form,
    prepare,
    values_at,
    within_limit,
)
from .numeric import compare, evaluate_precise
from .sampling import classify
from .vocabulary import SIGMA


@dataclass(frozen=True)
class Variant:
    """A known wrong answer and what to tell the student who gives it."""

    name: str
    """Short identifier, e.g. ``missing_half``."""
    expr: Answer
    """The wrong answer (sympy expression, sympy syntax or LaTeX)."""
    feedback: str
    """Bilingual feedback shown when the student's answer matches."""


VariantGenerator = Callable[[sympy.Expr], Iterable[Variant]]


def missing_half(ref: sympy.Expr) -> Iterable[Variant]:
    """Twice or half the reference: the ½ factor dropped or added."""
    yield Variant("missing_half", 2 * ref, "差一个因子 2：是否漏掉了 ½？ / off by a factor of 2: did you drop the ½?")
    yield Variant("extra_half", ref / 2, "只有参考答案的一半：是否多乘了 ½？ / half the reference: an extra factor ½?")


def sign_flip(ref: sympy.Expr) -> Iterable[Variant]:
    """The negated reference."""
    yield Variant("sign_flip", -ref, "符号相反 / the sign is flipped (e.g. y − p instead of p − y)")


def _sigma_prime_args(expr: sympy.Expr) -> bool:
    return isinstance(expr, sympy.Subs) and isinstance(expr.expr, sympy.Derivative) and expr.expr.expr.func == SIGMA


def replace_sigma_prime(expr: sympy.Expr, by: Callable[[sympy.Expr], sympy.Expr]) -> sympy.Expr:
    """Replace each σ′(u) — ``Subs(Derivative(σ…))``, ``Derivative(σ(u), u)`` or ``σ(u)(1−σ(u))`` — by ``by(u)``."""
    expr = expr.replace(_sigma_prime_args, lambda e: by(e.point[0]))
    expr = expr.replace(
        lambda e: isinstance(e, sympy.Derivative) and e.expr.func == SIGMA and len(e.variables) == 1
        and e.expr.args[0] == e.variables[0],
        lambda e: by(e.variables[0]),
    )

    def rebuild(mul: sympy.Expr) -> sympy.Expr:
        factors = list(mul.args)
        for s in [f for f in factors if f.func == SIGMA]:
            partner = 1 - s
            if s in factors and partner in factors:
                factors.remove(s)
                factors.remove(partner)
                factors.append(by(s.args[0]))
        return sympy.Mul(*factors)

    return expr.replace(lambda e: e.is_Mul and any(f.func == SIGMA for f in e.args), rebuild)


def sigma_variants(ref: sympy.Expr) -> Iterable[Variant]:
    """σ′ replaced by σ, or left out."""
    instead = replace_sigma_prime(ref, SIGMA)
    if instead != ref:
        yield Variant("sigma_instead_of_sigma_prime", instead,
                      "用了 σ 而不是 σ′ = σ(1−σ) / used σ where the derivative σ′ = σ(1−σ) belongs")
        yield Variant("dropped_sigma_prime", replace_sigma_prime(ref, lambda u: sympy.Integer(1)),
                      "漏掉了激活函数的导数 σ′ / dropped the activation derivative σ′")


def sum_vs_mean(ref: sympy.Expr) -> Iterable[Variant]:
    """A factor n of a ``Σ_{i=1}^{n}`` (or of a free ``n``) too many or too few."""
    counts = {s for summ in ref.atoms(sympy.Sum) for _, lo, hi in summ.limits if lo == 1
              for s in [hi] if isinstance(hi, sympy.Symbol)}
    counts |= {s for s in ref.free_symbols if isinstance(s, sympy.Symbol) and s.name in ("n", "N", "m", "B")}
    for n in sorted(counts, key=str):
        yield Variant("sum_instead_of_mean", ref * n,
                      f"差一个因子 {n}：用了求和而不是平均 / off by a factor {n}: a sum where the mean belongs")
        yield Variant("mean_instead_of_sum", ref / n,
                      f"差一个因子 1/{n}：用了平均而不是求和 / off by a factor 1/{n}: a mean where the sum belongs")


def dropped_chain_factor(ref: sympy.Expr) -> Iterable[Variant]:
    """Each non-numeric factor of the reference's product left out in turn."""
    for factor in sympy.Mul.make_args(ref):
        if not factor.is_number:
            yield Variant("dropped_chain_factor", ref / factor,
                          f"漏掉了链式法则中的因子 {factor} / dropped the chain-rule factor {factor}")


#: Built-in generators, in the order they are tried.
BUILTIN_VARIANTS: tuple[VariantGenerator, ...] = (
    missing_half, sign_flip, sigma_variants, sum_vs_mean, dropped_chain_factor,
)


def builtin_variants(reference: sympy.Expr) -> list[Variant]:
    """All built-in variants of ``reference`` (derivatives carried out first, σ kept symbolic)."""
    ref = reference.replace(lambda e: isinstance(e, sympy.Derivative), lambda e: e.doit())
    return [v for gen in BUILTIN_VARIANTS for v in gen(ref)]


VariantsArg = Union[Mapping[str, Answer], Sequence[Variant], None]


def as_variants(variants: VariantsArg) -> list[Variant]:
    """Caller-supplied variants as :class:`Variant` objects."""
    if variants is None:
        return []
    if isinstance(variants, Mapping):
        return [Variant(name, expr, f"与常见错误「{name}」一致 / matches the known mistake '{name}'")
                for name, expr in variants.items()]
    return list(variants)


def diagnose_here(student: Answer, reference: Answer, options: Options, variants: Sequence[Variant],
                  builtin: bool) -> Verdict:
    """:func:`~.api.diagnose` in this process, under its CPU limit (the helper process calls this)."""
    return within_limit(lambda: _diagnose(prepare(student, reference, options), variants, builtin), options)


def _diagnose(problem: "Problem | Verdict", variants: VariantsArg, builtin: bool) -> Verdict:
    if isinstance(problem, Verdict):
        return problem
    verdict = judge(problem)
    if verdict.status != "not_equivalent" or verdict.method == "form":
        return verdict
    candidates = as_variants(variants) + (builtin_variants(problem.reference) if builtin else [])
    for variant in candidates:
        if matches(problem, variant):
            return dataclasses.replace(verdict, mistake=variant.name, mistake_feedback=variant.feedback, reason=f"{variant.feedback}；{verdict.reason}")
    return verdict


def matches(problem: Problem, variant: Variant) -> bool:
    """Does the student's answer equal ``variant`` (numerically, in the problem's mode)?"""
    try:
        expr = canonical(parse_answer(variant.expr), problem.options)
    except Exception:  # noqa: BLE001 - a malformed variant never matches
        return False
    num = numeric_form(expr, problem.options, problem.functions)
    found = classify([num])
    if not (set(found.scalars) <= set(problem.variables.scalars) and set(found.bases) <= set(problem.variables.bases)):
        return False
    values = values_at(num, problem.variables, problem.sample)
    if np.allclose(values, problem.reference_values, equal_nan=True):
        return False  # the "variant" is the reference itself

    def recheck(points):  # type: ignore[no-untyped-def]
        return tuple(evaluate_precise(e, problem.sample, problem.variables, points)
                     for e in (problem.numeric_student, num))

    return compare(problem.options.mode, problem.student_values, values, problem.sample.groups, recheck).outcome == "agree"
