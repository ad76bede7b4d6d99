"""Three-valued equivalence of a student answer with a reference answer.

Method (numeric first, symbolic as confirmation or tie-breaker):

1. parse both answers safely (:mod:`.answers`) and give every variable of the same name the
   same sympy Symbol (real; ``positive``/``integer`` as declared);
2. declare σ: ``sigma="logistic"`` replaces ``σ(u)`` by ``1/(1+e^{-u})`` (textbook §3.2);
   ``sigma="opaque"`` keeps it undefined, i.e. the answer must hold *for every* σ — numerically
   σ and any other undefined function are replaced by a seeded random smooth test function;
3. probe numerically (:mod:`.sampling`, :mod:`.numeric`): ≈80 points over several scales and
   domains; a counterexample is confirmed at 50 digits before it counts;
4. symbolic step (:mod:`.proof`) under the remaining time: a cheap ``expand`` when the
   numbers agree, full ``simplify``/``equals`` when they could not decide.

Outcomes: a confirmed counterexample → ``not_equivalent``; agreement at ≥ 12 points (or ≥ 3
groups) → ``equivalent`` (probabilistic identity testing, ``method="numeric"``; also
``+symbolic`` when sympy confirms); otherwise the symbolic result, or ``undecided``.

Modes (``params``: the variables being optimised; default all variables):

* ``equal`` — ``a = b`` wherever both are defined (real domain);
* ``up_to_constant`` — ``a = b + c`` with ``c`` free of the parameters;
* ``up_to_affine`` — ``a = k·b + c`` with ``k > 0`` and ``c`` free of the parameters (``k``, ``c``
  may depend on the other variables): "minimising MSE ≡ minimising the Gaussian NLL";
* ``same_argmin`` — ``a = g(b)`` for some strictly increasing ``g`` (checked numerically: with
  the non-parameters fixed, ``a`` orders parameter values exactly as ``b`` does). This implies
  the same minimisers; it is *stronger* than "same argmin", so two losses with the same
  minimiser but differently ordered level sets are reported ``not_equivalent``.

    >>> check_equivalent("sigma(z)*(1-sigma(z))", "exp(-z)/(1+exp(-z))**2").status
    'equivalent'
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, Optional

import numpy as np
import sympy
from sympy.core.function import AppliedUndef

from .answers import Answer, Syntax, parse_answer
from .numeric import Comparison, compare, compile_expr, evaluate, evaluate_precise
from .proof import prove, quick_equal
from .sampling import Sample, Variables, classify, draw
from .timeouts import Finished, run_with_timeout
from .vocabulary import logistic, logistic_derivatives, reject

Status = Literal["equivalent", "not_equivalent", "undecided"]
Mode = Literal["equal", "up_to_constant", "up_to_affine", "same_argmin"]
MODES: tuple[str, ...] = ("equal", "up_to_constant", "up_to_affine", "same_argmin")
#: Budget of the cheap symbolic confirmation, in seconds.
QUICK_SECONDS = 0.005
#: A whole check may take ``timeout`` plus this long before it is stopped as undecided.
GRACE_SECONDS = 1.0
#: An answer undefined at more than this share of the points where the reference is
#: defined is not called equivalent (its domain is too small).
MAX_UNDEFINED_SHARE = 0.1

_MODE_WORDS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "equal": ("等于参考答案", "equal to the reference"),
    "up_to_constant": ("与参考答案相差一个常数", "equal to the reference up to an additive constant"),
    "up_to_affine": ("是参考答案的正倍数加常数", "a positive multiple of the reference plus a constant"),
    "same_argmin": ("是参考答案的单调递增变换（极小点相同）", "an increasing transform of the reference (same minimisers)"),
})


@dataclass(frozen=True)
class Verdict:
    """The result of comparing one answer with a reference."""

    status: Status
    """``equivalent``, ``not_equivalent`` or ``undecided`` (never silently wrong)."""
    reason: str
    """Bilingual feedback for the student (中文 / English), one line."""
    mode: str = "equal"
    """The mode that was checked."""
    method: str = "none"
    """``numeric``, ``symbolic``, ``numeric+symbolic`` or ``none``."""
    mistake: Optional[str] = None
    mistake_feedback: Optional[str] = None
    """What to tell the student about that mistake (bilingual, no reference values)."""
    """Name of the recognised common mistake (see :mod:`.mistakes`), if any."""
    points: int = 0
    """Valid points (``equal``) or groups (other modes) compared numerically."""
    counterexample: Optional[tuple[tuple[str, object], ...]] = None
    """Variable values at which the answer fails, as ``(name, value)`` pairs."""
    values: Optional[tuple[float, float]] = None
    """(answer, reference) at the counterexample."""

    @property
    def equivalent(self) -> Optional[bool]:
        """True / False / None, like sympy's ``Expr.equals``."""
        return {"equivalent": True, "not_equivalent": False}.get(self.status)

    @property
    def label(self) -> str:
        """``equivalent``, ``not equivalent`` or ``undecided`` (the CLI's last line)."""
        return self.status.replace("_", " ")


@dataclass(frozen=True)
class Options:
    """How to compare; mirrors the keyword arguments of :func:`check_equivalent`."""

    mode: str = "equal"
    positive: frozenset[str] = frozenset()
    integer: frozenset[str] = frozenset()
    params: Optional[frozenset[str]] = None
    intervals: Mapping[str, tuple[float, float]] = field(default_factory=lambda: MappingProxyType({}))
    sigma: str = "logistic"
    syntax: Syntax = "auto"
    timeout: float = 2.0
    seed: int = 0
    prove: bool = False


@dataclass(frozen=True)
class Problem:
    """A prepared comparison: parsed expressions, sample points and evaluated values."""

    options: Options
    student: sympy.Expr
    reference: sympy.Expr
    variables: Variables
    sample: Sample
    symbolic_student: sympy.Expr
    symbolic_reference: sympy.Expr
    numeric_student: sympy.Expr
    numeric_reference: sympy.Expr
    student_values: np.ndarray
    reference_values: np.ndarray
    functions: Mapping[sympy.FunctionClass, sympy.Lambda]
    started: float


def check_equivalent(
    student: Answer,
    reference: Answer,
    *,
    mode: str = "equal",
    positive: Collection[str] = (),
    integer: Collection[str] = (),
    params: Optional[Collection[str]] = None,
    intervals: Optional[Mapping[str, tuple[float, float]]] = None,
    sigma: str = "logistic",
    syntax: Syntax = "auto",
    timeout: float = 2.0,
    seed: int = 0,
    prove: bool = False,
) -> Verdict:
    """Compare ``student`` with ``reference`` (see the module docstring).

    Raises :class:`~nncourse.errors.AnswerError` if an answer cannot be parsed or is rejected
    as unsafe. ``prove=True`` also runs full symbolic simplification when the numbers agree.
    """
    options = make_options(mode=mode, positive=positive, integer=integer, params=params, intervals=intervals,
                           sigma=sigma, syntax=syntax, timeout=timeout, seed=seed, prove=prove)
    return within_limit(lambda: judge(prepare(student, reference, options)), options)


def within_limit(work: Callable[[], Verdict], options: Options) -> Verdict:
    """Run a whole check under ``timeout`` + :data:`GRACE_SECONDS`; ``undecided`` if it overruns.

    Parsing is bounded by the parsers' size limits; this bounds everything after it
    (differentiation, evaluation of sums, symbolic simplification). Parse errors propagate.
    """
    limit = options.timeout + GRACE_SECONDS
    outcome = run_with_timeout(work, limit)
    if isinstance(outcome, Finished):
        return outcome.value
    return Verdict("undecided", f"无法判定，需人工复核：检查超过 {limit:.3g} 秒时间限制 / undecided, needs a human: "
                   f"the check did not finish within {limit:.3g} s", options.mode, "none")


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


def prepare(student: Answer, reference: Answer, options: Options) -> Problem:
    """Parse, canonicalise, sample and evaluate both sides once."""
    started = time.perf_counter()
    declared = symbol_table(options, options.positive | options.integer)
    try:
        ref = canonical(parse_answer(reference, syntax=options.syntax, symbols=declared), options)
    except Exception as exc:
        raise reject(f"the reference answer is invalid: {exc}") from None
    stu = canonical(parse_answer(student, syntax=options.syntax, symbols=declared), options)
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
    """Decide, from a prepared :class:`Problem`."""
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
    remaining = max(options.timeout - (time.perf_counter() - problem.started), 0.05)
    if numeric.outcome == "agree" and (gap := _domain_gap(problem)) is not None:
        return gap
    if numeric.outcome == "agree":
        confirmed = False
        if options.mode == "equal":
            quick = run_with_timeout(lambda: quick_equal(sym_stu, sym_ref), min(QUICK_SECONDS, remaining))
            confirmed = isinstance(quick, Finished) and quick.value
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
        options.mode, "none", points=numeric.valid,
    )


def _domain_gap(problem: Problem) -> Optional[Verdict]:
    """Undecided when the answer is undefined on much of the reference's real domain."""
    ref_ok = np.isfinite(problem.reference_values)
    missing = ref_ok & ~np.isfinite(problem.student_values)
    if ref_ok.sum() == 0 or missing.sum() <= MAX_UNDEFINED_SHARE * ref_ok.sum():
        return None
    k = int(np.flatnonzero(missing)[0])
    where = ", ".join(f"{n}={v}" for n, v in problem.sample.point(k).items())
    return Verdict(
        "undecided",
        f"无法判定，需人工复核：你的答案在参考答案有定义的 {int(missing.sum())}/{int(ref_ok.sum())} 个点上无定义"
        f"（如 {where}） / undecided, needs a human: your answer is undefined at {int(missing.sum())} of "
        f"{int(ref_ok.sum())} points where the reference is defined (e.g. {where})",
        problem.options.mode, "numeric", points=int(ref_ok.sum() - missing.sum()),
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
