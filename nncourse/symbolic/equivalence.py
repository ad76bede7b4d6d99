"""Three-valued equivalence of a student answer with a reference answer.

Method (numeric first, symbolic as confirmation or tie-breaker):

1. parse both answers safely (:mod:`.answers`) and give every variable of the same name the
   same sympy Symbol (real; ``positive``/``integer`` as declared); an unreadable answer is
   ``rejected``;
2. declare σ: ``sigma="logistic"`` replaces ``σ(u)`` by ``1/(1+e^{-u})`` (textbook §3.2);
   ``sigma="opaque"`` keeps it undefined, i.e. the answer must hold *for every* σ — numerically
   σ and any other undefined function are replaced by a seeded random smooth test function;
3. probe numerically (:mod:`.sampling`, :mod:`.numeric`): ≈80 points over several scales and
   domains; a counterexample is confirmed at 50 digits before it counts;
4. before an *equivalent* (:mod:`.refine`): either side undefined on much of the other's
   real domain → ``undecided``; a difference that 50- and 90-digit evaluation shows but float64
   cannot (``x**2 + 10**-12`` vs ``x**2``) → ``not_equivalent``;
5. symbolic step (:mod:`.proof`) under the remaining time: a cheap ``expand`` when the
   numbers agree, full ``simplify``/``equals`` when they could not decide.

Outcomes: a confirmed counterexample → ``not_equivalent``; agreement at ≥ 12 points (or ≥ 3
groups) → ``equivalent`` (probabilistic identity testing, ``method="numeric"``; also
``+symbolic`` when sympy confirms); otherwise the symbolic result, or ``undecided``.
An answer that would pass but holds a form the question forbids (an unevaluated derivative,
the question's own sum: :mod:`.forms`) is ``not_equivalent``, "not a closed form".
Every time limit counts CPU seconds (:mod:`.timeouts`), so the verdict does not depend on
how busy the machine is; sympy or mpmath failing on a legal answer is ``undecided``.

Modes (``params``: the variables being optimised; default all variables):

* ``equal`` — ``a = b`` wherever both are defined (real domain);
* ``up_to_constant`` — ``a = b + c`` with ``c`` free of the parameters;
* ``up_to_affine`` — ``a = k·b + c`` with ``k > 0`` and ``c`` free of the parameters (``k``, ``c``
  may depend on the other variables): "minimising MSE ≡ minimising the Gaussian NLL";
* ``same_argmin`` — ``a = g(b)`` for some strictly increasing ``g`` (checked numerically: with
  the non-parameters fixed, ``a`` orders parameter values exactly as ``b`` does). This implies
  the same minimisers; it is *stronger* than "same argmin", so two losses with the same
  minimiser but differently ordered level sets are reported ``not_equivalent``.

    >>> options = make_options(mode="equal", positive=(), integer=(), params=None, intervals=None,
    ...                        sigma="logistic", syntax="auto", timeout=2.0, seed=0, prove=False)
    >>> check_here("sigma(z)*(1-sigma(z))", "exp(-z)/(1+exp(-z))**2", options).status
    'equivalent'

The public entry points, :func:`~.api.check_equivalent` and :func:`~.api.diagnose`, live in
:mod:`.api` (they choose between this process and a helper process).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from types import MappingProxyType
from typing import Literal

import numpy as np
import sympy
from sympy.core.function import AppliedUndef

from ..errors import AnswerError
from .answers import Answer, parse_answer
from .forms import as_forms, form_verdict
from .numeric import Comparison, compare, compile_expr, evaluate, evaluate_precise
from .problem import Options, Problem
from .proof import prove, quick_equal
from .refine import domain_gap, tiny_difference
from .sampling import Sample, Variables, classify, draw
from .timeouts import GRACE_SECONDS, Finished, cpu_seconds, run_with_timeout
from .verdict import Status, Verdict, could_not_evaluate, out_of_time, rejected  # noqa: F401 - Status re-exported
from .vocabulary import logistic, logistic_derivatives, reject

Mode = Literal["equal", "up_to_constant", "up_to_affine", "same_argmin"]
MODES: tuple[str, ...] = ("equal", "up_to_constant", "up_to_affine", "same_argmin")
#: Budget of the cheap symbolic confirmation, in seconds.
QUICK_SECONDS = 0.005

_MODE_WORDS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "equal": ("等于参考答案", "equal to the reference"),
    "up_to_constant": ("与参考答案相差一个常数", "equal to the reference up to an additive constant"),
    "up_to_affine": ("是参考答案的正倍数加常数", "a positive multiple of the reference plus a constant"),
    "same_argmin": ("是参考答案的单调递增变换（极小点相同）", "an increasing transform of the reference (same minimisers)"),
})


def check_here(student: Answer, reference: Answer, options: Options) -> Verdict:
    """:func:`~.api.check_equivalent` in this process, under its CPU limit."""
    return within_limit(lambda: _judged(prepare(student, reference, options)), options)


def _judged(problem: "Problem | Verdict") -> Verdict:
    return problem if isinstance(problem, Verdict) else judge(problem)


def within_limit(work: Callable[[], Verdict], options: Options) -> Verdict:
    """Run a whole check under ``timeout`` + :data:`GRACE_SECONDS` of CPU time; ``undecided`` if it overruns.

    Parsing is bounded by the parsers' size limits; this bounds everything after it
    (differentiation, evaluation of sums, symbolic simplification). A failure of sympy or
    mpmath on a legal answer (``OverflowError`` on ``exp(exp(exp(exp(exp(100)))))``, a
    ``RecursionError``, ``MemoryError``) is ``undecided``, never an exception; an invalid
    reference or option (:class:`~nncourse.errors.AnswerError`) propagates.
    """
    limit = options.timeout + GRACE_SECONDS
    try:
        outcome = run_with_timeout(work, limit)
    except AnswerError:
        raise
    except (ArithmeticError, RecursionError, MemoryError, ValueError, TypeError, AttributeError,
            IndexError, KeyError, NotImplementedError) as exc:
        return could_not_evaluate(exc, options.mode)
    if isinstance(outcome, Finished):
        return outcome.value
    return out_of_time(limit, options.mode)


def make_options(**kwargs: object) -> Options:
    """Validate and freeze keyword arguments."""
    mode = kwargs["mode"]
    if mode not in MODES:
        raise reject(f"unknown mode {mode!r}", hint=f"use one of {', '.join(MODES)}")
    if kwargs["sigma"] not in ("logistic", "opaque"):
        raise reject("sigma must be 'logistic' or 'opaque'")
    params = kwargs["params"]
    return Options(
        mode=str(mode),
        positive=frozenset(kwargs["positive"]),  # type: ignore[arg-type]
        integer=frozenset(kwargs["integer"]),  # type: ignore[arg-type]
        params=None if params is None else frozenset(params),  # type: ignore[arg-type]
        intervals=MappingProxyType(dict(kwargs["intervals"] or {})),  # type: ignore[call-overload]
        sigma=str(kwargs["sigma"]),
        syntax=kwargs["syntax"],  # type: ignore[arg-type]
        timeout=float(kwargs["timeout"]),  # type: ignore[arg-type]
        seed=int(kwargs["seed"]),  # type: ignore[call-overload]
        prove=bool(kwargs["prove"]),
        forbid=as_forms(kwargs.get("forbid") or ()),  # type: ignore[arg-type]
    )


def symbol_table(options: Options, names: Collection[str]) -> dict[str, sympy.Symbol]:
    """The canonical Symbol for each name: real, plus the declared assumptions."""
    table = {}
    for name in names:
        assumptions = {"real": True}
        if name in options.positive:
            assumptions["positive"] = True
        if name in options.integer:
            assumptions["integer"] = True
        table[name] = sympy.Symbol(name, **assumptions)
    return table


def canonical(expr: sympy.Expr, options: Options) -> sympy.Expr:
    """Give every variable of a name its canonical Symbol (student and reference alike)."""
    expr = expr.replace(lambda e: isinstance(e, sympy.IndexedBase), lambda e: sympy.IndexedBase(str(e.label), real=True))
    found = {s for s in expr.atoms(sympy.Symbol) if not isinstance(s, sympy.Dummy)}
    table = symbol_table(options, {s.name for s in found})
    return expr.xreplace({s: table[s.name] for s in found})


def prepare(student: Answer, reference: Answer, options: Options) -> "Problem | Verdict":
    """Parse, canonicalise, sample and evaluate both sides once.

    Returns a ``rejected`` verdict instead when the student's answer is unreadable.
    """
    started = cpu_seconds()
    declared = symbol_table(options, options.positive | options.integer)
    try:
        ref = canonical(parse_answer(reference, syntax=options.syntax, symbols=declared), options)
    except Exception as exc:
        raise reject(f"the reference answer is invalid: {exc}") from None
    try:
        stu = canonical(parse_answer(student, syntax=options.syntax, symbols=declared), options)
    except AnswerError as exc:
        return rejected(exc.one_line(), options.mode)
    functions = _test_functions((stu, ref), options)
    sym_stu, sym_ref = symbolic_form(stu, options), symbolic_form(ref, options)
    num_stu, num_ref = (to_numeric(e, functions) for e in (sym_stu, sym_ref))
    variables = classify((num_stu, num_ref), integer=options.integer)
    sample = draw(variables, params=options.params, intervals=options.intervals, seed=options.seed)
    return Problem(
        options=options, student=stu, reference=ref, variables=variables, sample=sample,
        symbolic_student=sym_stu, symbolic_reference=sym_ref, numeric_student=num_stu, numeric_reference=num_ref,
        student_values=values_at(num_stu, variables, sample), reference_values=values_at(num_ref, variables, sample),
        functions=functions, started=started,
    )


def values_at(expr: sympy.Expr, variables: Variables, sample: Sample) -> np.ndarray:
    """Float values of a numeric-form expression at the sample (nan where undefined)."""
    try:
        return evaluate(compile_expr(expr, variables), sample, variables)
    except Exception:  # noqa: BLE001 - not printable/evaluable: numeric step inconclusive
        return np.full(sample.size, np.nan)


def symbolic_form(expr: sympy.Expr, options: Options) -> sympy.Expr:
    """σ declared (or not), derivatives carried out; other functions left undefined.

    Derivatives are taken while σ is still an undefined function (the chain rule then leaves
    small ``σ′(u)`` nodes), and only then is σ declared: much cheaper than differentiating
    the expanded logistic expression.
    """
    expr = _carry_out(expr)
    if options.sigma == "logistic":
        expr = _carry_out(logistic(logistic_derivatives(expr)))
    return expr


def numeric_form(expr: sympy.Expr, options: Options, functions: Mapping[sympy.FunctionClass, sympy.Lambda]) -> sympy.Expr:
    """As :func:`symbolic_form`, then undefined functions replaced by their test functions."""
    return to_numeric(symbolic_form(expr, options), functions)


def to_numeric(expr: sympy.Expr, functions: Mapping[sympy.FunctionClass, sympy.Lambda]) -> sympy.Expr:
    """A symbolic form with its undefined functions replaced by test functions."""
    for fclass, lam in functions.items():
        expr = expr.replace(fclass, lam)
    return _carry_out(expr)


def _carry_out(expr: sympy.Expr) -> sympy.Expr:
    """Evaluate every ``Derivative`` / ``Subs`` node (bottom-up)."""
    if not expr.has(sympy.Derivative, sympy.Subs):
        return expr
    return expr.replace(lambda e: isinstance(e, (sympy.Derivative, sympy.Subs)), lambda e: e.doit())


def _test_functions(exprs: tuple[sympy.Expr, ...], options: Options) -> dict[sympy.FunctionClass, sympy.Lambda]:
    """A seeded smooth, non-special test function for each undefined function (σ if opaque)."""
    rng = np.random.default_rng(options.seed + 7)
    out: dict[sympy.FunctionClass, sympy.Lambda] = {}
    for expr in exprs:
        work = logistic(expr) if options.sigma == "logistic" else expr
        for applied in sorted(work.atoms(AppliedUndef), key=str):
            fclass = applied.func
            if fclass in out:
                continue
            us = sympy.symbols(f"u0:{len(applied.args)}", cls=sympy.Dummy)
            c = [sympy.Rational(int(v), 16) for v in rng.integers(3, 15, size=4)]
            body = sum(c[0] * sympy.tanh(c[1] * u - c[2] / 4) + c[3] * u / 3 + sympy.Rational(1, 5) for u in us)
            out[fclass] = sympy.Lambda(us, body)
    return out


def judge(problem: Problem) -> Verdict:
    """Decide, from a prepared :class:`Problem`.

    An answer that would be equivalent (or undecided) but holds a form the question forbids
    (:mod:`.forms`: a restated question) is ``not_equivalent``, "not a closed form"; a wrong
    answer keeps its own verdict, so its mistake can still be named.
    """
    verdict = _judge(problem)
    if verdict.status != "not_equivalent" and problem.options.forbid:
        return form_verdict(problem.student, problem.options.forbid, problem.options.mode) or verdict
    return verdict


def _judge(problem: Problem) -> Verdict:
    options = problem.options
    params = _param_symbols(problem)

    def recheck(points):  # type: ignore[no-untyped-def]
        return tuple(evaluate_precise(e, problem.sample, problem.variables, points)
                     for e in (problem.numeric_student, problem.numeric_reference))

    numeric = compare(options.mode, problem.student_values, problem.reference_values, problem.sample.groups, recheck,
                      modest=problem.sample.magnitude())
    if numeric.outcome == "disagree":
        return _not_equivalent(problem, numeric)
    sym_stu, sym_ref = problem.symbolic_student, problem.symbolic_reference
    remaining = max(options.timeout - (cpu_seconds() - problem.started), 0.05)
    if numeric.outcome == "agree" and (gap := domain_gap(problem)) is not None:
        return gap
    if numeric.outcome == "agree":
        confirmed = False
        if options.mode == "equal":
            try:
                quick = run_with_timeout(lambda: quick_equal(sym_stu, sym_ref), min(QUICK_SECONDS, remaining))
                confirmed = isinstance(quick, Finished) and quick.value
            except (ArithmeticError, RecursionError, MemoryError, ValueError, TypeError):
                confirmed = False  # only a confirmation: the numbers already agree
            if not confirmed and (tiny := tiny_difference(problem)) is not None:
                return tiny  # a difference below float precision (proved equal answers skip this)
        if options.prove and not confirmed:
            confirmed = prove(options.mode, sym_stu, sym_ref, params, remaining).result is True
        method = "numeric+symbolic" if confirmed else "numeric"
        zh, en = _MODE_WORDS[options.mode]
        unit = "个随机点" if options.mode == "equal" else "组随机点"
        unit_en = "random points" if options.mode == "equal" else "groups of random points"
        how = "，并经符号化简确认" if confirmed else ""
        how_en = ", confirmed symbolically" if confirmed else ""
        return Verdict("equivalent", f"等价：在 {numeric.valid} {unit}上{zh}{how} / equivalent: {en} at "
                       f"{numeric.valid} {unit_en}{how_en}", options.mode, method, points=numeric.valid)
    proof = prove(options.mode, sym_stu, sym_ref, params, remaining)
    if proof.result is True:
        return Verdict("equivalent", f"等价（符号证明） / equivalent (symbolic: {proof.note})", options.mode,
                       "symbolic", points=numeric.valid)
    if proof.result is False:
        return Verdict("not_equivalent", f"不等价（符号证明） / not equivalent (symbolic: {proof.note})",
                       options.mode, "symbolic", points=numeric.valid)
    return Verdict(
        "undecided",
        f"无法判定，需人工复核：只有 {numeric.valid} 个可比较的点，且{proof.note and '符号化简未能判定'} / undecided, "
        f"needs a human: only {numeric.valid} comparable points and {proof.note}",
        options.mode, "none", points=numeric.valid, timed_out=proof.timed_out,
    )


def _param_symbols(problem: Problem) -> tuple[sympy.Basic, ...]:
    names = problem.options.params
    everything = (*problem.variables.scalars, *problem.variables.bases)
    if names is None:
        return tuple(problem.variables.scalars) + tuple(problem.variables.bases)
    return tuple(v for v in everything if (str(v.label) if isinstance(v, sympy.IndexedBase) else v.name) in names)


def _not_equivalent(problem: Problem, numeric: Comparison) -> Verdict:
    k = numeric.witness
    assert k is not None  # a disagreement always names its witness
    point = problem.sample.point(k)
    where = ", ".join(f"{name}={value}" for name, value in point.items()) or "any point"
    a, b = float(problem.student_values[k]), float(problem.reference_values[k])
    zh, en = _MODE_WORDS[problem.options.mode]
    if problem.options.mode == "equal":
        text = (f"不等价：在 {where} 处你的答案为 {a:.6g}，参考答案为 {b:.6g} / not equivalent: at {where} "
                f"your answer is {a:.6g} but the reference is {b:.6g}")
    else:
        text = f"不等价：答案不{zh} / not equivalent: not {en} ({numeric.detail}; e.g. at {where})"
    extra = _extra_symbols(problem)
    if extra:
        text += f"；答案含参考答案中没有的变量 {extra} / your answer uses variables the reference does not: {extra}"
    return Verdict("not_equivalent", text, problem.options.mode, "numeric", points=numeric.valid,
                   counterexample=tuple(point.items()), values=(a, b))


def _extra_symbols(problem: Problem) -> str:
    names = lambda e: {s.name for s in e.free_symbols if isinstance(s, sympy.Symbol)}  # noqa: E731
    return ", ".join(sorted(names(problem.student) - names(problem.reference)))
