"""One entry point for every form an answer arrives in: text, LaTeX, srepr payload, sympy.

    >>> parse_answer(r"\\frac{x^2}{2}")
    x**2/2
    >>> parse_answer({"srepr": "Pow(Symbol('x'), Integer(2))", "str": "x**2"})
    x**2
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, Union

import sympy

from .latex import parse_latex
from .parse import parse_sympy
from .srepr import from_payload
from .vocabulary import MAX_NODES, reject

#: What a caller may pass as an answer.
Answer = Union[str, sympy.Basic, Mapping[str, str], int, float]
Syntax = Literal["auto", "sympy", "latex"]


def looks_like_latex(text: str) -> bool:
    """A backslash, brace or ``$`` never occurs in sympy syntax."""
    return any(ch in text for ch in "\\{}$")


def parse_answer(answer: Answer, *, syntax: Syntax = "auto",
                 symbols: Mapping[str, sympy.Symbol] | None = None) -> sympy.Expr:
    """Turn ``answer`` into a sympy expression, safely (never ``eval``).

    * ``str``: sympy syntax or LaTeX (``syntax="auto"`` picks LaTeX when the text has ``\\``,
      braces or ``$``);
    * mapping ``{"srepr": …, "str": …}`` from the sandbox: :func:`~.srepr.from_payload`;
    * a sympy expression (trusted, e.g. a reference built in code) or a plain number.
    """
    if isinstance(answer, bool):
        raise reject("a boolean is not an expression")
    if isinstance(answer, sympy.Basic):
        if not isinstance(answer, sympy.Expr):
            raise reject(f"a {type(answer).__name__} is not an expression")
        if sympy.count_ops(answer, visual=False) > MAX_NODES:
            raise reject("the expression is too large")
        return answer
    if isinstance(answer, int):
        return sympy.Integer(answer)
    if isinstance(answer, float):
        return parse_sympy(repr(answer))
    if isinstance(answer, Mapping):
        return from_payload(answer)
    if not isinstance(answer, str):
        raise reject(f"cannot grade an answer of type {type(answer).__name__}")
    if syntax == "latex" or (syntax == "auto" and looks_like_latex(answer)):
        return parse_latex(answer, symbols=symbols)
    if syntax not in ("auto", "sympy"):
        raise reject(f"unknown syntax {syntax!r} (use auto, sympy or latex)")
    return parse_sympy(answer, symbols=symbols)
