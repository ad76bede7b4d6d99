"""How a reference result is matched against a question's options.

A computed key is ``key = { from = "solutions.textbook:ex1_q6", match = "rounded", decimals = 3 }``.
The matcher named by ``match`` calls the reference function and says, for every option,
whether the option agrees with it. Matchers register in :data:`MATCHERS`; a new way of
matching is a new decorated function, not a branch somewhere else.

=============  ============================================================================
``exact``      ``f(*args) == value`` (numbers, lists, tables compared as plain data)
``rounded``    ``round(f(*args), decimals) == value`` elementwise (textbook: "three digits
               after the decimal point")
``expression`` ``f(*args)`` returns a function of the named variables; each option's
               ``value`` is a formula (or a list of formulas) in those variables; both are
               evaluated at seeded random points and must agree to 1e-9
``predicate``  ``f(value, *args)`` returns True for every option that holds (used for
               "check all feasible" questions)
=============  ============================================================================
"""

from __future__ import annotations

import ast
import operator
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from .model import Option, Reference



@dataclass(frozen=True)
class Outcome:
    """What a matcher found: one verdict per option and the reference result, shown briefly."""

    matches: tuple[bool, ...]
    shown: str


#: Matches one reference function against all options.
Matcher = Callable[[Callable[..., Any], Sequence[Option], Reference], Outcome]
#: Registered matchers by name (the ``match`` field of a computed key).
MATCHERS: dict[str, Matcher] = {}

#: Tolerance for "the same number" once rounding has been applied.
ATOL = 1e-9
#: Random points at which formula options are compared with the reference function.
EXPRESSION_POINTS = 5
#: Seed of those points (fixed, so that keys are reproducible).
EXPRESSION_SEED = 20240


def matcher(name: str) -> Callable[[Matcher], Matcher]:
    """Register a matcher under ``name``."""

    def register(func: Matcher) -> Matcher:
        MATCHERS[name] = func
        return func

    return register


def show(value: Any) -> str:
    """A short rendering of a reference result: ``[-0.5273, 1.2196]``, ``128``, ``{'N': 10}``."""
    value = plain(value)
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    return repr(value)


def plain(value: Any) -> Any:
    """numpy scalars/arrays and tuples → Python numbers and lists (for comparison and JSON).

    >>> plain((np.int64(3), np.array([1.5, 2.0])))
    [3, [1.5, 2.0]]
    """
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    return value


@matcher("exact")
def match_exact(func: Callable[..., Any], options: Sequence[Option], ref: Reference) -> Outcome:
    result = plain(ref.call(func))
    return Outcome(tuple(plain(o.value) == result for o in options), show(result))


def _as_array(value: Any) -> np.ndarray | None:
    try:
        array = np.asarray(plain(value), dtype=float)
    except (TypeError, ValueError):
        return None
    return array


@matcher("rounded")
def match_rounded(func: Callable[..., Any], options: Sequence[Option], ref: Reference) -> Outcome:
    result = _as_array(ref.call(func))
    if result is None:
        raise TypeError("the reference result is not numeric")
    if ref.decimals is not None:
        result = np.round(result, ref.decimals)
    out = []
    for option in options:
        value = _as_array(option.value)
        out.append(value is not None and value.shape == result.shape and bool(np.allclose(value, result, rtol=0, atol=ATOL)))
    return Outcome(tuple(out), show(result))


_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv, ast.Pow: operator.pow}
_UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg}


def evaluate_formula(text: str, variables: Mapping[str, float]) -> float:
    """Evaluate an arithmetic formula such as ``"a/3 + 2*c/3"`` (numbers, names, + − * / **).

    Nothing else is allowed (no calls, attributes or subscripts), so option text in a quiz
    file cannot run code.

    >>> evaluate_formula("a/3 + 2*c/3", {"a": 3.0, "c": 6.0})
    5.0
    """

    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return float(node.value)
        if isinstance(node, ast.Name) and node.id in variables:
            return float(variables[node.id])
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return _BINARY[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            return _UNARY[type(node.op)](walk(node.operand))
        raise ValueError(f"formula {text!r}: {ast.dump(node)[:40]} is not allowed")

    return walk(ast.parse(text, mode="eval"))


@matcher("expression")
def match_expression(func: Callable[..., Any], options: Sequence[Option], ref: Reference) -> Outcome:
    target = ref.call(func)
    if not callable(target):
        raise TypeError("the expression matcher needs a reference that returns a function of the variables")
    rng = np.random.default_rng(EXPRESSION_SEED)
    points = [dict(zip(ref.variables, rng.uniform(-3, 3, len(ref.variables)))) for _ in range(EXPRESSION_POINTS)]
    expected = [np.atleast_1d(np.asarray(target(**p), dtype=float)) for p in points]
    out = []
    for option in options:
        formulas = option.value if isinstance(option.value, list) else [option.value]
        if not all(isinstance(f, str) for f in formulas):
            raise TypeError(f"option {option.label}: value must be a formula or a list of formulas")
        agree = True
        for point, want in zip(points, expected):
            got = np.array([evaluate_formula(f, point) for f in formulas])
            agree = agree and got.shape == want.shape and bool(np.allclose(got, want, rtol=1e-9, atol=ATOL))
        out.append(agree)
    shown = "; ".join(", ".join(f"{k}={float(v):.3f}" for k, v in p.items()) + f" → {show(np.round(w, 4))}"
                      for p, w in zip(points[:2], expected))
    return Outcome(tuple(out), f"function of {', '.join(ref.variables)}: {shown}; …")


@matcher("predicate")
def match_predicate(func: Callable[..., Any], options: Sequence[Option], ref: Reference) -> Outcome:
    out = []
    for option in options:
        verdict = ref.call(func, plain(option.value))
        if not isinstance(verdict, (bool, np.bool_)):
            raise TypeError(f"a predicate must return True or False (got {type(verdict).__name__} for option {option.label})")
        out.append(bool(verdict))
    return Outcome(tuple(out), "holds for " + (", ".join(o.label for o, ok in zip(options, out) if ok) or "no option"))
