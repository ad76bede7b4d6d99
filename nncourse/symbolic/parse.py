"""Safe parsing of sympy-syntax answers: ``ast`` walking, never ``eval``.

``sympy.sympify`` and ``parse_expr`` run Python's ``eval`` on the string, so a student answer
such as ``__import__('os').system('…')`` would run in the grader. Here the answer is

1. normalised as text (unicode σ/β/−/·, ``^`` → ``**``, the part after the last ``=``),
   with its length and bracket nesting bounded (:data:`~.vocabulary.MAX_LENGTH`,
   :data:`~.vocabulary.MAX_NESTING`);
2. tokenised with :mod:`tokenize`, inserting the ``*`` of implicit products (``2x``,
   ``)(``, ``x y``);
3. parsed with ``ast.parse(mode="eval")`` (parsing never executes anything), its node count
   and depth bounded;
4. walked: only numbers, identifiers (no leading underscore, no dunder), ``+ - * / **``,
   unary ``±``, ``name[index]`` and calls of whitelisted names (:mod:`.vocabulary`) are
   accepted; everything else (attribute access, lambda, comprehensions, strings,
   comparisons, keywords, …) raises :class:`~nncourse.errors.AnswerError` with a one-line
   reason;
5. built bottom-up into a sympy expression by calling sympy constructors directly, checking
   every numeric power before it is evaluated (so ``9**9**9**9`` is rejected, not computed).

    >>> parse_sympy("sigma(z)*(1-sigma(z))")
    (1 - sigma(z))*sigma(z)
    >>> parse_sympy("__import__('os').system('true')")
    Traceback (most recent call last):
    ...
    nncourse.errors.AnswerError: 无法接受的答案 / answer rejected: ...
"""

from __future__ import annotations

import ast
import io
import keyword
import re
import tokenize
from collections.abc import Mapping
from types import MappingProxyType

import sympy

from .vocabulary import (
    CONSTANTS,
    FUNCTIONS,
    MAX_DERIVATIVE_ORDER,
    MAX_LENGTH,
    MAX_NESTING,
    MAX_NODES,
    RENAMED,
    SPECIAL_FORMS,
    UNICODE,
    check_integer,
    check_power,
    check_sum_limit,
    reject,
)

_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}\Z")
_MAX_DEPTH = 120

_NODE_NAMES: Mapping[type, str] = MappingProxyType({
    ast.Attribute: "attribute access ('.')",
    ast.Lambda: "lambda",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a comprehension",
    ast.Compare: "a comparison",
    ast.BoolOp: "'and'/'or'",
    ast.IfExp: "'if … else'",
    ast.List: "a list",
    ast.Dict: "a dict",
    ast.Set: "a set",
    ast.NamedExpr: "':='",
    ast.Starred: "'*' unpacking",
    ast.JoinedStr: "an f-string",
    ast.Await: "'await'",
    ast.Slice: "a slice",
})


def normalise(text: str) -> str:
    """Text-level clean-up shared by all syntaxes; bounds length and nesting."""
    if not isinstance(text, str):
        raise reject(f"expected a string, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise reject(f"answer is longer than {MAX_LENGTH} characters")
    for src, dst in UNICODE.items():
        text = text.replace(src, dst)
    if "==" in text:
        raise reject("a comparison ('==') is not an expression")
    if "=" in text:  # "f'(x) = …": grade the right-hand side
        text = text.rsplit("=", 1)[1]
    text = text.replace("^", "**")
    text = text.strip()
    if not text:
        raise reject("the answer is empty")
    depth = 0
    for ch in text:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if depth > MAX_NESTING:
            raise reject(f"brackets nested deeper than {MAX_NESTING}")
    return text


def _callable_name(name: str) -> bool:
    return name in FUNCTIONS or name in SPECIAL_FORMS


def insert_products(text: str) -> str:
    """Tokenise and make implicit products explicit: ``2x`` → ``2*x``, ``)(`` → ``)*(``."""
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(text).readline)
                  if t.type not in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER, tokenize.INDENT,
                                    tokenize.DEDENT)]
    except (tokenize.TokenError, IndentationError, SyntaxError) as exc:
        raise reject(f"cannot read the answer ({exc.args[0] if exc.args else 'bad token'})") from None
    out: list[str] = []
    prev: tokenize.TokenInfo | None = None
    for tok in tokens:
        string = tok.string
        if tok.type == tokenize.ERRORTOKEN and string.strip():
            raise reject(f"unexpected character {string!r}")
        if tok.type == tokenize.COMMENT:
            raise reject("comments ('#') are not allowed in an answer")
        if tok.type == tokenize.NAME:
            string = RENAMED.get(string, string)
        if prev is not None and _implicit(prev, tok):
            out.append("*")
        out.append(string)
        prev = tok
    return " ".join(out)


def _implicit(prev: tokenize.TokenInfo, tok: tokenize.TokenInfo) -> bool:
    starts = tok.type in (tokenize.NAME, tokenize.NUMBER) or tok.string == "("
    if not starts or (tok.type == tokenize.NAME and keyword.iskeyword(tok.string) and tok.string != "lambda"):
        return False
    if prev.type == tokenize.NUMBER:
        return tok.type != tokenize.NUMBER
    if prev.string == ")":
        return True
    if prev.type == tokenize.NAME and not keyword.iskeyword(prev.string):
        return tok.string != "(" and not keyword.iskeyword(tok.string)
    return False


def parse_sympy(text: str, *, symbols: Mapping[str, sympy.Symbol] | None = None) -> sympy.Expr:
    """Parse a sympy-syntax answer safely (see the module docstring for the steps).

    ``symbols`` maps names to the Symbols to use (carrying assumptions such as
    ``positive=True``); other names become real Symbols. A declared ``e`` is a symbol,
    otherwise ``e`` and ``E`` are Euler's number.
    """
    source = insert_products(normalise(text))
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise reject(f"invalid syntax ({exc.msg})", hint="write products with '*' and powers with '**' or '^'") from None
    except (RecursionError, MemoryError, ValueError):
        raise reject("the answer is too deeply nested") from None
    _check_shape(tree)
    try:
        return _Builder(symbols or {}).build(tree.body)
    except RecursionError:
        raise reject("the answer is too deeply nested") from None


def _check_shape(tree: ast.AST) -> None:
    """Bound node count and depth (iteratively, so a hostile tree cannot overflow the stack)."""
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise reject(f"the answer has more than {MAX_NODES} parts")
        if depth > _MAX_DEPTH:
            raise reject("the answer is too deeply nested")
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


class _Builder:
    """Turns a validated-as-we-go AST into a sympy expression; one instance per answer."""

    def __init__(self, symbols: Mapping[str, sympy.Symbol]) -> None:
        self.symbols = symbols

    def build(self, node: ast.AST) -> sympy.Expr:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            what = _NODE_NAMES.get(type(node), f"'{type(node).__name__}'")
            raise reject(f"{what} is not allowed in an answer")
        result = method(node)
        if isinstance(result, sympy.Basic) and result.has(sympy.zoo, sympy.nan):
            raise reject("the answer divides by zero or is undefined")
        return result

    # -- leaves --------------------------------------------------------------------------
    def _Constant(self, node: ast.Constant) -> sympy.Expr:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            kind = "a string" if isinstance(value, (str, bytes)) else repr(type(value).__name__)
            raise reject(f"{kind} is not allowed in an answer")
        if isinstance(value, int):
            check_integer(value)
            return sympy.Integer(value)
        if value != value or value in (float("inf"), float("-inf")) or abs(value) > 1e30 or 0 < abs(value) < 1e-30:
            raise reject(f"number {value!r} is out of range")
        return sympy.Rational(repr(value))  # 0.1 → 1/10 exactly, as the student wrote it

    def _Name(self, node: ast.Name) -> sympy.Expr:
        return self.name(node.id)

    def name(self, name: str) -> sympy.Expr:
        if not _IDENT.match(name) or "__" in name:
            raise reject(f"name {name[:40]!r} is not allowed", hint="names are letters, digits and single '_'")
        if name in self.symbols:
            return self.symbols[name]
        if name in CONSTANTS:
            return CONSTANTS[name]
        return sympy.Symbol(name, real=True)

    def symbol(self, node: ast.AST, role: str) -> sympy.Symbol:
        if not isinstance(node, ast.Name):
            raise reject(f"the {role} must be a plain name")
        sym = self.name(node.id)
        if not isinstance(sym, sympy.Symbol):
            raise reject(f"the {role} must be a plain name, not {node.id!r}")
        return sym

    # -- operators -----------------------------------------------------------------------
    def _BinOp(self, node: ast.BinOp) -> sympy.Expr:
        left, right = self.build(node.left), self.build(node.right)
        op = type(node.op)
        if op is ast.Add:
            return left + right
        if op is ast.Sub:
            return left - right
        if op is ast.Mult:
            return left * right
        if op is ast.Div:
            return left / right
        if op is ast.Pow:
            check_power(left, right)
            return left**right
        raise reject(f"operator {type(node.op).__name__} is not allowed", hint="use + - * / and ** (or ^)")

    def _UnaryOp(self, node: ast.UnaryOp) -> sympy.Expr:
        operand = self.build(node.operand)
        if isinstance(node.op, ast.USub):
            return -operand
        if isinstance(node.op, ast.UAdd):
            return operand
        raise reject(f"operator {type(node.op).__name__} is not allowed")

    def _Subscript(self, node: ast.Subscript) -> sympy.Expr:
        if not isinstance(node.value, ast.Name):
            raise reject("indexing is only allowed as name[index]")
        base = self.symbol(node.value, "indexed name")
        index = self.build(node.slice)
        return sympy.IndexedBase(base.name)[index]

    # -- calls -----------------------------------------------------------------------------
    def _Call(self, node: ast.Call) -> sympy.Expr:
        if not isinstance(node.func, ast.Name):
            raise reject("only calls of known function names are allowed")
        name = node.func.id
        if node.keywords:
            raise reject(f"keyword arguments are not allowed in {name}(…)")
        if name in SPECIAL_FORMS:
            return getattr(self, f"_form_{SPECIAL_FORMS[name]}")(node.args)
        known = FUNCTIONS.get(name)
        if known is None:
            raise reject(f"unknown function {name[:40]!r}",
                         hint=f"write {name[:20]}*(…) for a product; known: exp, log, sqrt, sigma, tanh, Sum, diff …")
        if len(node.args) not in known.arity:
            raise reject(f"{name}(…) takes {' or '.join(map(str, known.arity))} argument(s)")
        return known.build(*(self.build(arg) for arg in node.args))

    def _form_Rational(self, args: list[ast.expr]) -> sympy.Expr:
        if len(args) != 2 or not all(isinstance(a, ast.Constant) and type(a.value) is int for a in args):
            raise reject("Rational(p, q) takes two integer literals")
        p, q = (a.value for a in args)  # type: ignore[attr-defined]
        check_integer(p)
        check_integer(q)
        if q == 0:
            raise reject("the answer divides by zero or is undefined")
        return sympy.Rational(p, q)

    def _form_Sum(self, args: list[ast.expr]) -> sympy.Expr:
        if len(args) == 4:
            limits = args[1:]
        elif len(args) == 2 and isinstance(args[1], ast.Tuple) and len(args[1].elts) == 3:
            limits = args[1].elts
        else:
            raise reject("write sums as Sum(term, (i, start, end))")
        index = self.symbol(limits[0], "summation index")
        lower, upper = self.build(limits[1]), self.build(limits[2])
        check_sum_limit(lower)
        check_sum_limit(upper)
        return make_sum(self.build(args[0]), index, lower, upper)

    def _form_Derivative(self, args: list[ast.expr]) -> sympy.Expr:
        if len(args) < 2:
            raise reject("write derivatives as diff(expression, variable)")
        expr = self.build(args[0])
        variables: list[tuple[sympy.Symbol, int]] = []
        for arg in args[1:]:
            if isinstance(arg, ast.Tuple) and len(arg.elts) == 2:
                variables.append((self.symbol(arg.elts[0], "variable"), _order(arg.elts[1])))
            elif isinstance(arg, ast.Constant) and variables:
                sym, _ = variables[-1]
                variables[-1] = (sym, _order(arg))
            else:
                variables.append((self.symbol(arg, "variable"), 1))
        if sum(n for _, n in variables) > MAX_DERIVATIVE_ORDER:
            raise reject(f"derivative order above {MAX_DERIVATIVE_ORDER} is not allowed")
        return sympy.Derivative(expr, *variables)


def _order(node: ast.AST) -> int:
    if not (isinstance(node, ast.Constant) and type(node.value) is int and 0 < node.value <= MAX_DERIVATIVE_ORDER):
        raise reject(f"derivative order must be an integer from 1 to {MAX_DERIVATIVE_ORDER}")
    return node.value


def make_sum(term: sympy.Expr, index: sympy.Symbol, lower: sympy.Expr, upper: sympy.Expr) -> sympy.Expr:
    """``Σ_{index=lower}^{upper} term``, reading ``y_i`` (a Symbol named ``y_<index>``) as ``y[i]``."""
    suffix = f"_{index.name}"
    indexed = {s: sympy.IndexedBase(s.name[: -len(suffix)])[index]
               for s in term.free_symbols
               if isinstance(s, sympy.Symbol) and s.name.endswith(suffix) and len(s.name) > len(suffix)}
    return sympy.Sum(term.xreplace(indexed), (index, lower, upper))
