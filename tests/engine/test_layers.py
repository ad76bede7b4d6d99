"""The package's imports point down its layers and never go round in a circle.

Every ``import`` of every module under ``nncourse/`` is read from its source (top level, inside
functions, under ``TYPE_CHECKING``: all of them), resolved to the module it names, and checked
against :data:`LAYERS`, the order ARCHITECTURE.md describes. A module may import its own
subpackage and anything in a lower layer; never a higher layer, never a neighbour in its own
layer (they are independent of each other), and no chain of imports may come back to where it
started.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "nncourse"

#: Top to bottom. Each entry is a set of neighbours: subpackages (or top-level modules) that do
#: not import each other. Keep in step with ARCHITECTURE.md ("Layers").
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"__main__"}),  # python -m nncourse
    frozenset({"cli"}),
    frozenset({"catalogue", "similarity"}),
    frozenset({"authoring", "integrations"}),
    frozenset({"grading", "quiz", "student"}),
    frozenset({"reporting"}),
    frozenset({"checks"}),
    frozenset({"symbolic", "execution", "notebook", "course", "keyed"}),
    frozenset({"files"}),
    frozenset({"errors"}),
    frozenset({""}),  # nncourse/__init__.py: the version string, nothing else
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(dotted: str) -> bool:
    where = ROOT.joinpath(*dotted.split("."))
    return where.with_suffix(".py").is_file() or (where / "__init__.py").is_file()


def imports_of(path: Path) -> set[str]:
    """Every ``nncourse`` module ``path`` imports, wherever in the file the import stands."""
    name = _module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "nncourse")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] != "nncourse":
                continue
            submodules = {f"{target}.{a.name}" for a in node.names if _is_module(f"{target}.{a.name}")}
            # ``from .. import symbolic`` names the subpackage, not the package's own __init__
            if not (submodules and len(submodules) == len(node.names)):
                found.add(target)
            found |= submodules
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    return {_module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def _part(module: str) -> str:
    """The layer entry of a module: its subpackage or top-level module under ``nncourse``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _layer(part: str) -> int:
    for depth, names in enumerate(LAYERS):
        if part in names:
            return depth
    raise AssertionError(f"nncourse/{part or '__init__'} is in no layer: add it to LAYERS and ARCHITECTURE.md")


def test_every_subpackage_has_a_layer():
    for module in graph():
        _layer(_part(module))


def test_imports_point_down():
    wrong = []
    for module, targets in graph().items():
        here = _part(module)
        for target in sorted(targets):
            there = _part(target)
            if there == here:
                continue
            if _layer(there) <= _layer(here):
                how = "sideways" if _layer(there) == _layer(here) else "upward"
                wrong.append(f"{module} -> {target} ({how})")
    assert not wrong, "imports that do not point down:\n" + "\n".join(wrong)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                group.append(item)
                if item == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_between_modules():
    assert cycles(graph()) == []


def test_the_checker_sees_function_level_and_relative_imports(tmp_path):
    """The checker itself: a made-up cycle and an upward import inside a function are found."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    found = imports_of(PACKAGE / "cli" / "grade.py")
    assert any(m.startswith("nncourse.grading") for m in found)  # imported inside run()
    assert "nncourse.symbolic" in imports_of(PACKAGE / "checks" / "symbolic.py")
