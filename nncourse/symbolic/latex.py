"""LaTeX answers → sympy syntax, then through the safe parser.

Why not ``sympy.parsing.latex.parse_latex``? Checked on sympy 1.14 (2025):

* the default ANTLR backend needs *exactly* ``antlr4-python3-runtime`` 4.11 (the runtime that
  other tools here install is 4.13 and is refused), and it builds sympy objects with
  evaluation on, so ``9^{9^{9^{9}}}`` is computed before anything could bound it;
* the ``lark`` backend (extra dependency) likewise evaluates eagerly, reads ``e`` as a
  symbol, and does not know ``\\sigma(z)``, ``\\sigma'(z)`` or the operator form
  ``\\frac{\\partial}{\\partial w}(…)`` that the course's derivations use.

So this module is a small recursive-descent translator from the LaTeX subset used in the
course notes (seed 000 A2.2–A2.4, textbook 002 §3.2–§4.4) to a sympy-syntax *string*, which
:func:`nncourse.symbolic.parse.parse_sympy` then parses with all of its safety checks.
Nothing here evaluates anything; a string is only ever re-tokenised and re-checked.

Supported: numbers, single letters (``xy`` = ``x*y``), ``_`` subscripts (``w_1``,
``n_{\\text{in}}`` → ``n_in``), ``^`` powers, ``\\frac``/``\\dfrac``/``\\tfrac`` (also
``\\frac12``), ``\\sqrt{}``, ``\\sqrt[n]{}``, ``\\cdot``, ``\\times``, ``/``, ``\\left( \\right)``,
``[ ]``, ``\\{ \\}``, ``|x|``, Greek letters, ``\\hat{y}`` → ``yhat``, ``\\log``, ``\\ln``,
``\\log_b``, ``\\exp``, ``e^{…}``, ``\\sin``/``\\cos``/``\\tanh``…, ``\\max``/``\\min``,
``\\sigma(z)``, ``\\sigma'(z)`` (σ′), ``\\sum_{i=1}^{n}``, ``\\frac{\\partial}{\\partial w}…``,
``\\frac{\\partial^2}{\\partial w_1 \\partial w_2}…``, ``\\frac{d}{dx}…``, ``\\infty``, ``\\pi``
and a leading ``lhs =`` (the right-hand side is graded).

    >>> parse_latex(r"\\frac{1}{1+e^{-x}}")
    1/(1 + exp(-x))
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import sympy

from .latex_grammar import OPEN, SKIP, Parser, Token
from .parse import normalise, parse_sympy
from .vocabulary import MAX_LENGTH, reject

_TOKEN = re.compile(
    r"\s*(?:(?P<cmd>\\[A-Za-z]+|\\[,;:! {}|])|(?P<num>\d+(?:\.\d+)?|\.\d+)|(?P<letter>[A-Za-z])"
    r"|(?P<sym>[-+*/^_()\[\]{}|,'!=<>&]))"
)

def tokenize_latex(text: str) -> list[Token]:
    """Split LaTeX into tokens, dropping spacing, ``\\left``/``\\right`` and ``$`` wrappers."""
    if len(text) > MAX_LENGTH:
        raise reject(f"answer is longer than {MAX_LENGTH} characters")
    text = text.strip().strip("$").replace("\\[", "").replace("\\]", "").replace("\\(", "").replace("\\)", "")
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if m is None:
            raise reject(f"unexpected character {text[pos:].lstrip()[:1]!r} in LaTeX")
        pos = m.end()
        kind = m.lastgroup or "sym"
        value = m.group(kind)
        if value in SKIP or value in ("\\left", "\\right"):
            continue
        if value == "\\|":
            value = "|"
        tokens.append(Token(kind, value))
    if any(t.text in ("<", ">", "&") for t in tokens):
        raise reject("relations and alignment ('<', '>', '&') are not part of an answer")
    eq, depth = [], 0
    for i, t in enumerate(tokens):  # only a top-level '=' (not \sum_{i=1}) separates lhs = rhs
        depth += t.text in ("{", "(", "[") or t.text in OPEN
        depth -= t.text in ("}", ")", "]") or t.text in OPEN.values()
        if t.text == "=" and depth == 0:
            eq.append(i)
    if eq:
        tokens = tokens[eq[-1] + 1:]
    if not tokens:
        raise reject("the answer is empty")
    return tokens


def latex_to_sympy(text: str) -> str:
    """Translate LaTeX to a sympy-syntax string (not yet parsed or checked)."""
    parser = Parser(tokenize_latex(text))
    out = parser.expr(stop=())
    if parser.pos != len(parser.toks):
        raise reject(f"unexpected {parser.toks[parser.pos].text!r} in LaTeX")
    return out


def parse_latex(text: str, *, symbols: Mapping[str, sympy.Symbol] | None = None) -> sympy.Expr:
    """Parse a LaTeX answer safely: translate, then :func:`~.parse.parse_sympy`."""
    normalise(text)  # same length / nesting bounds as sympy syntax
    return parse_sympy(latex_to_sympy(text), symbols=symbols)
