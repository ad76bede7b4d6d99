"""Normalise Python code to a token stream that renaming, reformatting and comments do not change.

Rules (applied to the tokens of Python's own ``tokenize``):

* comments, blank lines and line breaks inside brackets are dropped; docstrings and other
  string statements are dropped (they are prose); other strings become ``S``;
* names a student can rename (variables, parameters, functions) become ``V``; keywords,
  builtins (``len``, ``range``) and attributes after a dot (``.T``, ``.solve``) are kept,
  since renaming them would change what the code does;
* a comma right before a closing bracket is dropped (formatters add and remove it);
* statement ends and indentation are kept as ``;``, ``{`` and ``}`` (block structure);
* numbers are kept as written, normalised (``2.0`` and ``2.`` read the same).

Each token remembers the line it came from, for showing matching regions.

>>> [t.text for t in normalise("x = foo(a, b,)  # c\\n")]
['V', '=', 'V', '(', 'V', ',', 'V', ')', ';']
"""

from __future__ import annotations

import builtins
import io
import keyword
import tokenize
from typing import NamedTuple

#: Names kept as written: keywords and builtins.
KEPT_NAMES = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))
_SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER, tokenize.TYPE_COMMENT}
_CLOSING = {")", "]", "}"}
_STRING_START = {tokenize.STRING, getattr(tokenize, "FSTRING_START", -1)}
_STRING_REST = {getattr(tokenize, "FSTRING_MIDDLE", -1), getattr(tokenize, "FSTRING_END", -1)}
_STATEMENT_START = {"", ";", "{", "}"}


class Token(NamedTuple):
    """One normalised token and the source line (1-based) it starts on (a tuple: made by the million)."""

    text: str
    line: int


def _number(text: str) -> str:
    try:
        value = float(text.replace("_", "")) if not text.lower().startswith(("0x", "0o", "0b")) else int(text, 0)
    except ValueError:
        return text
    return repr(value)


def _magic(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith(("%", "!", "?"))


def _ends_statement(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    """Is the string starting at ``tokens[i]`` the whole statement (nothing but strings up to NEWLINE)?"""
    for tok in tokens[i + 1:i + 64]:
        if tok.type in _SKIP or tok.type in _STRING_REST:
            continue
        return tok.type in (tokenize.NEWLINE, tokenize.ENDMARKER)
    return True


def normalise(source: str) -> list[Token]:
    """The normalised tokens of ``source``; code that does not tokenize keeps what came before.

    Notebook magics (``%timeit``, ``!pip``) are blanked first.
    """
    lines = [("" if _magic(line) else line) for line in source.splitlines(keepends=True)]
    out: list[Token] = []
    pending: list[tokenize.TokenInfo] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO("".join(lines)).readline):
            pending.append(tok)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass  # unfinished code: keep the tokens read so far
    previous = ""
    for i, tok in enumerate(pending):
        kind, text, line = tok.type, tok.string, tok.start[0]
        if kind in _SKIP:
            continue
        if kind in _STRING_START:
            if previous in _STATEMENT_START and _ends_statement(pending, i):
                continue  # a docstring or string statement: prose, not code
            text = "S"
        elif kind in _STRING_REST:
            continue  # the rest of an f-string, already counted as S
        elif kind == tokenize.NAME:
            text = text if text in KEPT_NAMES or previous == "." else "V"
        elif kind == tokenize.NUMBER:
            text = _number(text)
        elif kind == tokenize.NEWLINE:
            text = ";"
        elif kind == tokenize.INDENT:
            text = "{"
        elif kind == tokenize.DEDENT:
            text = "}"
        elif kind == tokenize.OP and text in _CLOSING and previous == ",":
            out.pop()  # trailing comma
        if text == ";" and previous in _STATEMENT_START:
            continue
        out.append(Token(text, line))
        previous = text
    return out


_UNIT_STARTS = {"def", "class", "@", "async"}


def units(tokens: list[Token]) -> list[list[Token]]:
    r"""Split a token stream before every top-level ``def``, ``class`` or decorator.

    Fingerprints are taken within units, so that no k-gram spans two functions: moving
    functions around then changes no fingerprint.

    >>> [len(u) for u in units(normalise("import os\ndef f():\n    pass\ndef g():\n    pass\n"))]
    [3, 10, 10]
    """
    out: list[list[Token]] = [[]]
    depth = 0
    for token in tokens:
        if depth == 0 and token.text in _UNIT_STARTS and out[-1] and out[-1][-1].text in (";", "}"):
            out.append([])
        out[-1].append(token)
        depth += (token.text == "{") - (token.text == "}")
    return [u for u in out if u]
