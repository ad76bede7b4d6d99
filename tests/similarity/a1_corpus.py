"""A labelled corpus of assignment-1 notebooks for the similarity tests and benchmark.

*Honest* students each fill the stubs of the real student notebook with their own choice
of implementation per function (``a1_implementations.py``: structurally different versions,
independent small choices, their own local names, an occasional comment or check of their
own). A *copy* takes another student's notebook and disguises it the way students do: every
local name renamed, the functions reordered and regrouped into different cells, the code
reformatted (re-printed from its syntax tree, indented by two spaces) and the comments
replaced. Everything is seeded, so a corpus is the same in every run.
"""

from __future__ import annotations

import ast
import builtins
import functools
import json
import random
import re
from pathlib import Path

from a1_implementations import IMPLEMENTATIONS, NAMES

ROOT = Path(__file__).resolve().parents[2]
_RAISE = re.compile(r"^(?P<indent>[ \t]+)raise NotImplementedError\(.*\)[ \t]*$", re.MULTILINE)
_DEF = re.compile(r"^def (\w+)\(", re.MULTILINE)
_CHOICE = re.compile(r"⟦([^⟦⟧]*)⟧")  # innermost choice first
_NAME = re.compile(r"<(\w+)>")
_COMMENTS = ["# vectorised", "# loop over samples", "# TODO check shapes", "# see lecture notes", "# 计算梯度",
             "# update", "# normal equations", "# 按公式", "# edge case", "# works on the test data"]


@functools.lru_cache(maxsize=1)
def _template() -> tuple[tuple[str, str], ...]:
    from nncourse.authoring.catalogue import assignment_entry
    from nncourse.authoring.master import load_master
    from nncourse.course import Course

    course = Course.at(ROOT)
    master = load_master(assignment_entry(course, "a1-regression").path, course.solutions)
    return tuple((c.kind, c.student) for c in master.cells)


def template_cells() -> list[tuple[str, str]]:
    """(kind, source) of every cell of assignment 1's student notebook, as handed out."""
    return list(_template())


@functools.lru_cache(maxsize=1)
def _parameters() -> dict[str, tuple[str, ...]]:
    """Parameter names of every stub of the template."""
    out = {}
    for kind, source in _template():
        if kind == "code":
            for node in ast.parse(source).body:
                if isinstance(node, ast.FunctionDef):
                    out[node.name] = tuple(a.arg for a in node.args.args)
    return out


_ARRAYS = ("X", "y", "W", "W0", "x", "features")
_RESULT = ["result", "out", "ans", "value", "ret", "res_final"]


def _quirks(function: str, text: str, rng: random.Random) -> str:
    """Habits of one student that survive renaming: input conversions, checks, a named result."""
    params = _parameters()[function]
    lines = text.splitlines()
    arrays = [p for p in params if p in _ARRAYS]
    if arrays and rng.random() < 0.35:
        p = rng.choice(arrays)
        lines.insert(0, rng.choice([f"{p} = np.asarray({p}, dtype=float)", f"{p} = np.asarray({p}).astype(float)",
                                    f"{p} = np.array({p}, dtype=np.float64)"]))
    if "X" in params and "y" in params and rng.random() < 0.35:
        lines.insert(0, rng.choice(["assert X.shape[0] == len(y)", 'assert len(X) == len(y), "X and y differ in length"',
                                    "assert X.ndim == 2 and y.ndim == 1", "if len(X) != len(y):\n    raise ValueError('shapes')"]))
    last = lines[-1]
    if last.startswith("return ") and " if " not in last and rng.random() < 0.35:
        name = rng.choice(_RESULT)
        lines[-1:] = [f"{name} = {last[len('return '):]}", f"return {name}"]
    return "\n".join(lines)


def _body(function: str, rng: random.Random) -> str:
    text = rng.choice(IMPLEMENTATIONS[function])
    while _CHOICE.search(text):
        text = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("||")), text)
    names: dict[str, str] = {}
    taken: set[str] = set()

    def name(match: re.Match) -> str:
        key = match.group(1)
        if key not in names:
            names[key] = rng.choice([n for n in NAMES[key] if n not in taken] or [key + "_"])
            taken.add(names[key])
        return names[key]

    text = _quirks(function, _NAME.sub(name, text), rng)
    if rng.random() < 0.3:  # a comment of their own on some line
        lines = text.splitlines()
        at = rng.randrange(len(lines))
        indent = re.match(r"\s*", lines[at]).group(0)
        lines.insert(at, indent + rng.choice(_COMMENTS))
        text = "\n".join(lines)
    return text


def _fill(source: str, rng: random.Random) -> str:
    """Replace every stub's ``raise NotImplementedError`` with this student's body."""
    functions = _DEF.findall(source)
    parts = _RAISE.split(source)  # text, indent, text, indent, …
    out = [parts[0]]
    for n, function in enumerate(functions):
        indent, rest = parts[1 + 2 * n], parts[2 + 2 * n]
        out.append("\n".join(indent + line if line else line for line in _body(function, rng).splitlines()) + rest)
    return "".join(out)


def honest(seed: int) -> list[tuple[str, str]]:
    """An honest student's notebook cells."""
    rng = random.Random(seed)
    cells = [(kind, _fill(source, rng) if kind == "code" and "NotImplementedError" in source else source)
             for kind, source in template_cells()]
    if rng.random() < 0.4:  # some students try things out in a cell of their own
        cells.append(("code", rng.choice([
            "print(fit_linear(add_bias_column(features), minutes))",
            "W = gradient_descent(lambda w: mse_gradient(w, add_bias_column(features), minutes), np.zeros(3), 0.01, 100)\nprint(W)",
            "print(perceptron_pass(X8, y8, np.zeros(4)))",
        ])))
    return cells


class _Renamer(ast.NodeTransformer):
    """Rename every local name and parameter of a function (not globals, builtins or functions)."""

    def __init__(self, rng: random.Random, keep: set[str]) -> None:
        self.rng, self.keep, self.names = rng, keep, {}

    def _new(self, old: str) -> str:
        if old in self.keep or hasattr(builtins, old) or old == "_":
            return old
        if old not in self.names:
            self.names[old] = f"{self.rng.choice(['val', 'tmp', 'q', 'data', 'my', 'x'])}_{len(self.names)}"
        return self.names[old]

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.arg = self._new(node.arg)
        return self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> ast.Name:
        node.id = self._new(node.id)
        return node


def copy_of(cells: list[tuple[str, str]], seed: int) -> list[tuple[str, str]]:
    """``cells`` disguised: renamed, reordered into other cells, reformatted, comments replaced."""
    rng = random.Random(seed)
    code = [source for kind, source in cells if kind == "code"]
    head, functions = code[0], []
    for source in code[1:]:
        functions.extend(n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef))
    keep = {f.name for f in functions} | {"np", "Callable", "Sequence", "features", "minutes", "X8", "y8"}
    out = [("code", head)]
    shuffled = list(functions)  # reordered, then regrouped into cells of one to three
    rng.shuffle(shuffled)
    while shuffled:
        size = rng.choice([1, 1, 2, 3])
        group, shuffled = shuffled[:size], shuffled[size:]
        texts = []
        for function in group:
            _Renamer(rng, keep).visit(function)
            text = ast.unparse(function).replace("    ", "  ")
            lines = text.splitlines()
            for _ in range(rng.randint(0, 2)):  # comments of the copier's own
                at = rng.randrange(1, len(lines))
                lines.insert(at, re.match(r"\s*", lines[at]).group(0) + rng.choice(_COMMENTS))
            texts.append("\n".join(lines))
        out.append(("code", "\n\n\n".join(texts)))
    return out


def notebook(cells: list[tuple[str, str]]) -> dict:
    """A notebook (nbformat 4) with these cells."""
    def cell(kind: str, source: str) -> dict:
        base = {"cell_type": kind, "metadata": {}, "source": source}
        return {**base, "execution_count": None, "outputs": []} if kind == "code" else base

    return {"cells": [cell(k, s) for k, s in cells], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def write(folder: Path, name: str, cells: list[tuple[str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    path.write_text(json.dumps(notebook(cells), ensure_ascii=False), "utf-8")
    return path


def labelled_corpus(folder: Path, *, honest_count: int = 40, copies: int = 5, seed: int = 0) -> set[frozenset[str]]:
    """Write ``honest_count`` honest notebooks and ``copies`` disguised copies of some of them;
    return the copied pairs (the positives) as ``{frozenset({"honest-07", "copy-of-honest-07"}), …}``."""
    rng = random.Random(seed)
    positives = set()
    cells = {}
    for n in range(honest_count):
        name = f"honest-{n:02d}"
        cells[name] = honest(seed * 100_003 + n)
        write(folder, name, cells[name])
    for source in rng.sample(sorted(cells), copies):
        name = f"copy-of-{source}"
        write(folder, name, copy_of(cells[source], rng.randrange(10**9)))
        positives.add(frozenset({source, name}))
    return positives
