"""Structural contract of the reference modules the notebook generator relies on.

Every public function: a docstring with a runnable example that passes, one
``# BEGIN SOLUTION`` / ``# END SOLUTION`` pair wrapping the whole body, and a body that only
uses numpy, math, builtins and other public functions of the same module (so it can be
copied into a notebook on its own). Modules hold no state besides functions and ``__all__``.
"""

from __future__ import annotations

import ast
import builtins
import doctest
import inspect
import textwrap
from types import ModuleType

import pytest

from solutions import backprop, cnn, initialization, model_selection, optimizers, regularization

MODULES = [backprop, optimizers, cnn, initialization, regularization, model_selection]
BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
ALLOWED_GLOBALS = {"np", "math"} | set(dir(builtins))


def public_functions(module: ModuleType):
    return [(name, getattr(module, name)) for name in module.__all__]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_module_is_functions_only(module):
    tree = ast.parse(inspect.getsource(module))
    defs = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert sorted(defs) == sorted(module.__all__)  # nothing private, nothing missing
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            assert [t.id for t in targets] == ["__all__"], "no module-level state"
    assert len(inspect.getsource(module).splitlines()) < 400  # ARCHITECTURE.md, Conventions 9: small modules


def bound_names(func_node: ast.FunctionDef) -> set[str]:
    names = set()
    for node in ast.walk(func_node):
        if isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef) and node is not func_node:
            names.add(node.name)  # helper defined inside the body travels with it
    return names


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_each_function_is_marked_and_self_contained(module):
    for name, func in public_functions(module):
        source = textwrap.dedent(inspect.getsource(func))
        doc = inspect.getdoc(func)
        assert doc and ">>>" in doc, f"{name}: needs a docstring with a runnable example"
        assert source.count(BEGIN) == 1 and source.count(END) == 1, f"{name}: one marker pair"
        func_node = ast.parse(source).body[0]
        assert isinstance(func_node, ast.FunctionDef)
        body_lines = source.splitlines()[func_node.body[0].end_lineno :]  # everything after the docstring
        assert body_lines[0].strip() == BEGIN and body_lines[-1].strip() == END, f"{name}: markers wrap the body"
        # Names the body reads (annotations excluded: they are not the student's code).
        body_used = {n.id for stmt in func_node.body for n in ast.walk(stmt) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        free = body_used - bound_names(func_node) - ALLOWED_GLOBALS - set(module.__all__)
        assert not free, f"{name}: body uses names a notebook would not have: {sorted(free)}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_student_version_compiles(module):
    """What the generator does: the marked body becomes ``raise NotImplementedError``."""
    for name, func in public_functions(module):
        lines = textwrap.dedent(inspect.getsource(func)).splitlines()
        start = next(i for i, line in enumerate(lines) if line.strip() == BEGIN)
        stop = next(i for i, line in enumerate(lines) if line.strip() == END)
        indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
        student = "\n".join(lines[:start] + [indent + "raise NotImplementedError"] + lines[stop + 1 :])
        namespace: dict = {}
        exec(compile("from __future__ import annotations\nimport numpy as np\n" + student, name, "exec"), namespace)
        with pytest.raises(NotImplementedError):
            params = inspect.signature(namespace[name]).parameters
            namespace[name](*[None] * sum(p.default is inspect.Parameter.empty for p in params.values()))
