"""An otter-style test cell, compiled once, with the names it needs from the notebook.

Shared by the grader (:func:`nncourse.checks.runner.cell_test`) and the in-kernel self-check
(:mod:`nncourse.student`), so both bind exactly the same names. A test cell brings its own
inputs: a name the cell assigns itself (``X = np.array(…)``, a ``for`` target, an import) is
never looked up in the student's notebook, so a student who changes a global such as the
data ``X8`` cannot change what a test feeds their function.

>>> c = compile_cell("t", "X = np.ones(2)\\nexpect_close(f(X), g)")
>>> sorted(c.wanted)
['expect_close', 'f', 'g', 'np']
"""

from __future__ import annotations

import ast
import types
from dataclasses import dataclass

from ..errors import AuthoringError


@dataclass(frozen=True)
class CellCode:
    """A compiled test cell."""

    name: str
    code: types.CodeType
    wanted: frozenset[str]
    """Free names the cell reads and never binds itself: helpers or the student's answers."""
    call: str = ""
    """The first ``call="…"`` text in the cell: what it computes, for a label."""


def _names(tree: ast.AST) -> tuple[set[str], set[str], str]:
    """(names read, names bound anywhere, first ``call="…"`` text), in one walk of the cell."""
    loaded: set[str] = set()
    bound: set[str] = set()
    call = ""
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif (not call and isinstance(node, ast.keyword) and node.arg == "call"
              and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            call = node.value.value
    return loaded, bound, call


def compile_cell(name: str, source: str) -> CellCode:
    """Compile ``source``; a syntax error is the author's (:class:`AuthoringError`)."""
    try:
        tree = ast.parse(source, f"<test {name}>")
        code = compile(tree, f"<test {name}>", "exec")
    except SyntaxError as exc:
        raise AuthoringError(f"test {name}: syntax error on line {exc.lineno}: {exc.msg}") from None
    loaded, bound, call = _names(tree)
    return CellCode(name, code, frozenset(loaded - bound), call)
