"""Mutants of reference functions, to measure whether a hidden suite is strong.

A *mutant* changes one operator or constant inside a function's solution block: ``+`` ↔
``-``, ``*`` ↔ ``/``, ``**`` → ``*``, ``<`` ↔ ``<=``, ``>`` ↔ ``>=``, ``==`` ↔ ``!=``, a number
``c`` → ``c + 1`` (``0.5`` → ``1.5``, ``0`` → ``1``), a unary minus dropped, ``.T`` dropped.
A suite *kills* a mutant when the solved notebook with that one function replaced loses
points. Pure: source text in, mutated source texts out.

>>> [m.description for m in mutants("def f(x):\\n    # BEGIN SOLUTION\\n    return x + 1\\n    # END SOLUTION\\n")]
['line 3: + → -', 'line 3: constant 1 → 2']
"""

from __future__ import annotations

import ast
import copy
from dataclasses import dataclass
from typing import Iterator

_BINOP_SWAP = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.Pow: ast.Mult, ast.MatMult: ast.Mult}
_CMP_SWAP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}
_SYMBOL = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.MatMult: "@", ast.Lt: "<", ast.LtE: "<=",
           ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}


@dataclass(frozen=True)
class Mutant:
    """One single-point change of a function."""

    function: str
    description: str
    source: str
    """The whole mutated function, ready to paste into a notebook cell."""


def _solution_lines(source: str) -> set[int]:
    lines, inside = set(), False
    for number, text in enumerate(source.splitlines(), start=1):
        stripped = text.strip()
        if stripped.startswith("# BEGIN SOLUTION"):
            inside = True
        elif stripped.startswith("# END SOLUTION"):
            inside = False
        elif inside:
            lines.add(number)
    return lines


def _sites(tree: ast.AST, lines: set[int]) -> Iterator[tuple[int, str]]:
    """(node index in ast.walk order, kind) of every mutable point on a solution line."""
    for index, node in enumerate(ast.walk(tree)):
        if getattr(node, "lineno", None) not in lines:
            continue
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOP_SWAP:
            yield index, "binop"
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _CMP_SWAP:
            yield index, "compare"
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float) and not isinstance(node.value, bool):
            yield index, "constant"
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            yield index, "negation"
        elif isinstance(node, ast.Attribute) and node.attr == "T":
            yield index, "transpose"


def _apply(tree: ast.AST, target: int, kind: str) -> tuple[ast.AST, str]:
    tree = copy.deepcopy(tree)
    nodes = list(ast.walk(tree))
    node = nodes[target]
    line = node.lineno
    if kind == "binop":
        old = type(node.op)
        node.op = _BINOP_SWAP[old]()
        return tree, f"line {line}: {_SYMBOL[old]} → {_SYMBOL[type(node.op)]}"
    if kind == "compare":
        old = type(node.ops[0])
        node.ops = [_CMP_SWAP[old]()]
        return tree, f"line {line}: {_SYMBOL[old]} → {_SYMBOL[type(node.ops[0])]}"
    if kind == "constant":
        old = node.value
        node.value = old + 1
        return tree, f"line {line}: constant {old!r} → {node.value!r}"
    parent = next(p for p in nodes if any(c is node for c in ast.iter_child_nodes(p)))
    replacement = node.operand if kind == "negation" else node.value
    for field, value in ast.iter_fields(parent):
        if value is node:
            setattr(parent, field, replacement)
        elif isinstance(value, list):
            setattr(parent, field, [replacement if v is node else v for v in value])
    return tree, f"line {line}: {'unary minus dropped' if kind == 'negation' else '.T dropped'}"


def mutants(function_source: str) -> list[Mutant]:
    """Every single-point mutant of the solution block of one function's source."""
    tree = ast.parse(function_source)
    func = next(n for n in tree.body if isinstance(n, ast.FunctionDef))
    lines = _solution_lines(function_source)
    out = []
    for index, kind in _sites(tree, lines):
        mutated, description = _apply(tree, index, kind)
        out.append(Mutant(func.name, description, ast.unparse(mutated)))
    return out
