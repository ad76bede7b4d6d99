"""Text of per-student variants: ``{name}`` placeholders and how generated option values print.

Pure functions. A variant question's text names its parameters as ``{eta}``; only names
that are variant parameters are replaced, so other braces in a question (``{1, 4}``) are
left alone. Generated options are printed by a registered *format*:

==========  ==========================================  =============================
``number``  ``128``, ``6,252,490``, ``0.125``             numbers (thousands separated)
``vector``  ``(−0.527, 1.220, −1.047, −0.445)ᵀ``          a column vector, ``decimals`` digits
``table``   ``N = 10, H = 5, W = 5, C = 3``               a small table of named numbers
``cnn``     ``Layer 1: K₁ = 1, F₁ = 7, S₁ = 1, P₁ = 0；…``  conv layers and an FC layer
==========  ==========================================  =============================
"""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping

_PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")

#: ``(value, decimals) → printed option text``, by the ``format`` field of a variant.
FORMATS: dict[str, Callable[[Any, int | None], str]] = {}


def option_format(name: str) -> Callable[[Callable[[Any, int | None], str]], Callable[[Any, int | None], str]]:
    """Register an option format under ``name``."""

    def register(func: Callable[[Any, int | None], str]) -> Callable[[Any, int | None], str]:
        FORMATS[name] = func
        return func

    return register


def show_value(value: Any) -> str:
    """A parameter as printed in a question: ``0.5``, ``25``, ``[6, 5, 10, 3]`` → ``6-5-10-3``."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def placeholders(text: str) -> set[str]:
    """Names written as ``{name}`` in ``text``.

    >>> sorted(placeholders("η = {eta}, {steps} steps, key {1, 4}"))
    ['eta', 'steps']
    """
    return set(_PLACEHOLDER.findall(text))


def render(text: str, params: Mapping[str, Any]) -> str:
    """Replace ``{name}`` by the parameter's value for every name in ``params``.

    >>> render("η = {eta}, W⁽{steps}⁾, {other}", {"eta": 0.4, "steps": 22})
    'η = 0.4, W⁽22⁾, {other}'
    """
    return _PLACEHOLDER.sub(lambda m: show_value(params[m.group(1)]) if m.group(1) in params else m.group(0), text)


def _number(value: Any, decimals: int | None) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    text = f"{float(value):.{decimals}f}" if decimals is not None else f"{float(value):g}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", "−")


@option_format("number")
def format_number(value: Any, decimals: int | None) -> str:
    """Integers with thousands separators; other numbers with ``decimals`` digits.

    >>> format_number(6252490, None), format_number(-0.1254, 3)
    ('6,252,490', '−0.125')
    """
    return _number(value, decimals)


@option_format("vector")
def format_vector(value: Any, decimals: int | None) -> str:
    """A column vector with ``decimals`` digits per entry.

    >>> format_vector([-0.5273, 1.22, 0.0], 3)
    '(−0.527, 1.220, 0.000)ᵀ'
    """
    return "(" + ", ".join(_number(float(v), decimals) for v in value) + ")ᵀ"


@option_format("table")
def format_table(value: Any, decimals: int | None) -> str:
    """Named numbers in the table's order.

    >>> format_table({"N": 10, "H": 5}, None)
    'N = 10, H = 5'
    """
    return ", ".join(f"{k} = {_number(v, decimals)}" for k, v in dict(value).items())


_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


@option_format("cnn")
def format_cnn(value: Any, decimals: int | None) -> str:
    """``{"conv": [[K, F, S, P], …], "fc": [n_in, n_out]}`` as the textbook prints an architecture.

    >>> format_cnn({"conv": [[1, 7, 1, 0]], "fc": [676, 10]}, None)
    'Layer 1: K₁ = 1, F₁ = 7, S₁ = 1, P₁ = 0；Layer 2: 676 → 10'
    """
    layers = []
    for i, (k, f, s, p) in enumerate(value["conv"], start=1):
        n = str(i).translate(_SUB)
        layers.append(f"Layer {i}: K{n} = {k}, F{n} = {f}, S{n} = {s}, P{n} = {p}")
    n_in, n_out = value["fc"]
    layers.append(f"Layer {len(value['conv']) + 1}: {n_in} → {n_out}")
    return "；".join(layers)
