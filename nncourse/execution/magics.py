"""Notebook semantics inside the worker: IPython syntax and a minimal ``get_ipython()``.

Cells are transformed with IPython's own ``TransformerManager`` when a cell uses IPython
syntax (``%magic``, ``%%cell magic``, ``!shell``, ``?help``) and IPython is installed; it is
imported only then, because it costs ~0.5 s. Without IPython, a small fallback handles line
and cell magics at the start of a line. The shell object supports the magics students
actually use in this course (``%matplotlib``, ``%time``, ``%timeit``, ``%%time``,
``%%capture``, ``%load_ext``/``%autoreload`` as no-ops) and refuses shell escapes.
"""

from __future__ import annotations

import os
import re
from typing import Any, Callable

_IPY_SYNTAX = re.compile(r"^\s*(%|!|\?)|\?\s*$", re.MULTILINE)
_LINE_MAGIC = re.compile(r"^(?P<indent>\s*)%(?P<name>\w+)\s*(?P<line>.*)$")


def transform_cell(source: str) -> str:
    """IPython cell source → plain Python source."""
    if not _IPY_SYNTAX.search(source):
        return source
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:
        return _fallback_transform(source)
    return TransformerManager().transform_cell(source)


def _fallback_transform(source: str) -> str:
    lines = source.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        name, _, line = lines[0].strip()[2:].partition(" ")
        body = "\n".join(lines[1:])
        return f"get_ipython().run_cell_magic({name!r}, {line!r}, {body!r})\n"
    out = []
    for text in lines:
        m = _LINE_MAGIC.match(text)
        if m:
            out.append(f"{m['indent']}get_ipython().run_line_magic({m['name']!r}, {m['line']!r})")
        elif text.lstrip().startswith("!"):
            indent = text[: len(text) - len(text.lstrip())]
            out.append(f"{indent}get_ipython().system({text.lstrip()[1:]!r})")
        else:
            out.append(text)
    return "\n".join(out) + "\n"


class GradingShell:
    """The object ``get_ipython()`` returns while a notebook is graded."""

    def __init__(self, namespace: dict[str, Any], run_source: Callable[[str, dict[str, Any]], None]) -> None:
        self.user_ns = namespace
        self._run = run_source

    def run_line_magic(self, name: str, line: str, _stack_depth: int = 1) -> Any:
        if name == "matplotlib":
            os.environ["MPLBACKEND"] = "Agg"  # no display while grading
            return None
        if name in ("time", "timeit", "prun"):
            code = re.sub(r"^(-\w+\s+\S+\s+|-\w+\s+)*", "", line) if name != "time" else line
            self._run(code, self.user_ns)
            return None
        # %load_ext, %autoreload, %config, %precision, ...: harmless in a batch run.
        return None

    def run_cell_magic(self, name: str, line: str, cell: str) -> Any:
        if name in ("time", "timeit", "capture", "prun"):
            self._run(cell, self.user_ns)
        elif name == "writefile":
            path = line.split()[-1] if line.split() else "untitled.txt"
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(cell)
        return None

    def system(self, cmd: str) -> None:
        print(f"[nncourse] shell command skipped while grading: !{cmd[:60]}")

    getoutput = system

    def run_cell(self, source: str, *args: Any, **kwargs: Any) -> None:
        self._run(transform_cell(source), self.user_ns)

    def __getattr__(self, name: str) -> Any:  # any other IPython API: a harmless no-op
        return lambda *args, **kwargs: None


def display(*objs: Any, **kwargs: Any) -> None:
    """Top-level ``display`` as in Jupyter; output is not kept while grading."""
    for obj in objs:
        repr(obj)
