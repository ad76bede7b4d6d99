"""Rebuild a student's sympy object from its ``srepr`` text, without ``eval``.

The sandbox sends a student's sympy result across the process boundary as
``{"srepr": "Mul(Symbol('x'), …)", "str": "x*…"}``. ``sympy.sympify(srepr_text)`` would
``eval`` it, so :func:`from_srepr` walks ``ast.parse(text, mode="eval")`` instead and accepts
only calls of whitelisted sympy classes (``Symbol``, ``Integer``, ``Add``, ``Pow``, ``exp``,
``Sum``, ``Derivative``, ``Function('σ')(…)``, …) whose arguments are literals or other
whitelisted calls. Powers and literals are bounded exactly as in :mod:`.parse`.

    >>> from_srepr("Mul(Rational(1, 2), Pow(Symbol('x'), Integer(2)))")
    x**2/2
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import sympy

from .parse import _check_shape
from .vocabulary import (
    FUNCTIONS,
    MAX_DERIVATIVE_ORDER,
    MAX_LENGTH,
    SIGMA,
    check_integer,
    check_power,
    check_sum_limit,
    reject,
)

_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}\Z")
_ASSUMPTIONS = frozenset({"real", "positive", "negative", "nonnegative", "nonpositive", "integer", "nonzero",
                          "finite", "commutative", "zero", "rational", "extended_real", "complex"})
#: An srepr is verbose: ten times the length allowed for a typed answer.
MAX_SREPR_LENGTH = 10 * MAX_LENGTH


def _pow(base: sympy.Expr, exponent: sympy.Expr) -> sympy.Expr:
    check_power(base, exponent)
    return sympy.Pow(base, exponent)


def _sum(term: sympy.Expr, *limits: sympy.Tuple) -> sympy.Expr:
    for limit in limits:
        if not isinstance(limit, sympy.Tuple) or len(limit) != 3:
            raise reject("Sum limits must be (index, start, end)")
        check_sum_limit(limit[1])
        check_sum_limit(limit[2])
    return sympy.Sum(term, *limits)


def _derivative(expr: sympy.Expr, *variables: Any) -> sympy.Expr:
    order = sum(int(v[1]) if isinstance(v, sympy.Tuple) else 1 for v in variables)
    if order > MAX_DERIVATIVE_ORDER:
        raise reject(f"derivative order above {MAX_DERIVATIVE_ORDER} is not allowed")
    return sympy.Derivative(expr, *variables)


#: sympy class name → constructor, for classes whose arguments are expressions.
_CLASSES: Mapping[str, Callable[..., sympy.Basic]] = MappingProxyType({
    "Add": sympy.Add, "Mul": sympy.Mul, "Pow": _pow, "Tuple": sympy.Tuple,
    "exp": sympy.exp, "log": sympy.log, "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan,
    "tanh": sympy.tanh, "sinh": sympy.sinh, "cosh": sympy.cosh, "Abs": sympy.Abs,
    "Max": sympy.Max, "Min": sympy.Min, "Sum": _sum, "Derivative": _derivative, "Subs": sympy.Subs,
    "Indexed": sympy.Indexed, "IndexedBase": sympy.IndexedBase,
})
_ATOMS: Mapping[str, sympy.Basic] = MappingProxyType(
    {"pi": sympy.pi, "E": sympy.E, "oo": sympy.oo, "Half": sympy.S.Half}
)


def from_srepr(text: str) -> sympy.Expr:
    """Rebuild an expression from ``sympy.srepr`` output using only whitelisted classes."""
    if not isinstance(text, str):
        raise reject("srepr must be a string")
    if len(text) > MAX_SREPR_LENGTH:
        raise reject(f"srepr is longer than {MAX_SREPR_LENGTH} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        raise reject("srepr text is not valid") from None
    except (RecursionError, MemoryError, ValueError):
        raise reject("srepr text is too deeply nested") from None
    _check_shape(tree)
    try:
        result = _Rebuilder().build(tree.body)
    except RecursionError:
        raise reject("srepr text is too deeply nested") from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise reject(f"srepr text does not describe a valid expression ({type(exc).__name__})") from None
    if not isinstance(result, sympy.Expr):
        raise reject("srepr text does not describe an expression")
    return result


def from_payload(payload: Mapping[str, Any]) -> sympy.Expr:
    """``{"srepr": …, "str": …}`` from the sandbox: the ``srepr`` if present, else the string."""
    if "srepr" in payload and payload["srepr"]:
        return from_srepr(payload["srepr"])
    if "str" in payload and payload["str"]:
        from .parse import parse_sympy

        return parse_sympy(payload["str"])
    raise reject("the answer payload has neither 'srepr' nor 'str'")


class _Rebuilder:
    def __init__(self) -> None:
        self.dummies: dict[tuple[str, int], sympy.Dummy] = {}

    def build(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Name):
            if node.id in _ATOMS:
                return _ATOMS[node.id]
            raise reject(f"{node.id[:40]!r} is not an allowed sympy name")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
            return -self.literal(node.operand, (int, float))
        if not isinstance(node, ast.Call):
            raise reject(f"'{type(node).__name__}' is not allowed in srepr text")
        if isinstance(node.func, ast.Call):  # Function('sigma')(Symbol('z'))
            return self.applied(node.func, node.args, node.keywords)
        if not isinstance(node.func, ast.Name):
            raise reject("only sympy class names may be called in srepr text")
        name = node.func.id
        special = getattr(self, f"_{name}", None)
        if special is not None:
            return special(node.args, node.keywords)
        if name not in _CLASSES:
            raise reject(f"sympy class {name[:40]!r} is not allowed in an answer")
        if node.keywords:
            raise reject(f"{name}(…) takes no keyword arguments here")
        return _CLASSES[name](*(self.build(a) for a in node.args))

    def literal(self, node: ast.AST, types: tuple[type, ...]) -> Any:
        if not isinstance(node, ast.Constant) or not isinstance(node.value, types) or (
            isinstance(node.value, bool) and bool not in types
        ):
            raise reject("expected a literal in srepr text")
        if isinstance(node.value, int):
            check_integer(node.value)
        return node.value

    def name_literal(self, node: ast.AST) -> str:
        name = self.literal(node, (str,))
        if not _IDENT.match(name) or "__" in name:
            raise reject(f"symbol name {name[:40]!r} is not allowed")
        return name

    # -- leaf classes -----------------------------------------------------------------------
    def _Symbol(self, args: list[ast.expr], keywords: list[ast.keyword]) -> sympy.Symbol:
        if len(args) != 1:
            raise reject("Symbol(…) takes one name")
        assumptions: dict[str, bool] = {}
        for kw in keywords:
            if kw.arg not in _ASSUMPTIONS:
                raise reject(f"assumption {str(kw.arg)[:30]!r} is not allowed")
            assumptions[kw.arg] = self.literal(kw.value, (bool,)) if isinstance(kw.value, ast.Constant) and isinstance(
                kw.value.value, bool) else _bad_assumption()
        return sympy.Symbol(self.name_literal(args[0]), **assumptions)

    def _Dummy(self, args: list[ast.expr], keywords: list[ast.keyword]) -> sympy.Dummy:
        if len(args) != 1:
            raise reject("Dummy(…) takes one name")
        name = self.name_literal(args[0])
        index = next((kw.value.value for kw in keywords
                      if kw.arg == "dummy_index" and isinstance(kw.value, ast.Constant)), 0)
        key = (name, index if isinstance(index, int) else 0)
        return self.dummies.setdefault(key, sympy.Dummy(name))

    def _Integer(self, args: list[ast.expr], keywords: list[ast.keyword]) -> sympy.Integer:
        if len(args) != 1 or keywords:
            raise reject("Integer(…) takes one integer")
        return sympy.Integer(self.literal(args[0], (int,)) if not isinstance(args[0], ast.UnaryOp) else self.build(args[0]))

    def _Rational(self, args: list[ast.expr], keywords: list[ast.keyword]) -> sympy.Rational:
        if len(args) != 2 or keywords:
            raise reject("Rational(p, q) takes two integers")
        p, q = (int(self.build(a)) if isinstance(a, ast.UnaryOp) else self.literal(a, (int,)) for a in args)
        if q == 0:
            raise reject("the answer divides by zero or is undefined")
        return sympy.Rational(p, q)

    def _Float(self, args: list[ast.expr], keywords: list[ast.keyword]) -> sympy.Float:
        if len(args) != 1:
            raise reject("Float(…) takes one value")
        value = args[0]
        text = self.literal(value, (str, int, float)) if not isinstance(value, ast.UnaryOp) else self.build(value)
        number = float(text)
        if number != number or abs(number) > 1e30 or 0 < abs(number) < 1e-30:
            raise reject(f"number {str(text)[:20]!r} is out of range")
        return sympy.Float(number)

    def _Function(self, args: list[ast.expr], keywords: list[ast.keyword]) -> Any:
        raise reject("an unapplied Function(…) is not an expression")

    def applied(self, func: ast.Call, args: list[ast.expr], keywords: list[ast.keyword]) -> sympy.Expr:
        if not (isinstance(func.func, ast.Name) and func.func.id == "Function" and len(func.args) == 1):
            raise reject("only Function('name')(…) may be applied in srepr text")
        if keywords or func.keywords or not 1 <= len(args) <= 4:
            raise reject("an undefined function takes 1 to 4 arguments")
        name = self.name_literal(func.args[0])
        built = [self.build(a) for a in args]
        if name in ("sigma", "sigmoid"):
            return SIGMA(*built)
        if name in FUNCTIONS and len(built) in FUNCTIONS[name].arity:
            return FUNCTIONS[name].build(*built)
        return sympy.Function(name)(*built)


def _bad_assumption() -> bool:
    raise reject("assumptions must be True or False")
