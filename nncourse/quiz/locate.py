"""Line numbers of keys in a TOML text, for validation messages.

``tomllib`` reports lines only for syntax errors; a quiz that parses but is wrong (a missing
option value, an unknown kind) still deserves ``quiz.toml:42: …``. This scanner follows the
table headers (``[[questions]]``, ``[[questions.options]]``, ``[questions.key]``) and the
``name = …`` lines at the top level of each table, and maps a path such as
``("questions", 3, "options", 1, "value")`` (0-based array indices) to its 1-based line.
It does not validate TOML; ``tomllib`` has already done that.
"""

from __future__ import annotations

import re
from typing import Union

PathPart = Union[str, int]
Path_ = tuple[PathPart, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=""")
_STRING = re.compile(r'"""|\'\'\'|"(?:[^"\\]|\\.)*"|\'[^\']*\'')


def _unquote(name: str) -> str:
    return name[1:-1] if name[:1] in "\"'" else name


def _header_path(dotted: str, arrays: dict[tuple[str, ...], int], is_array: bool) -> Path_:
    """``questions.options`` → ``("questions", 2, "options", 0)`` using the array counters."""
    names = tuple(_unquote(p.strip()) for p in dotted.split("."))
    path: list[PathPart] = []
    for depth, name in enumerate(names):
        path.append(name)
        prefix = names[: depth + 1]
        last = depth == len(names) - 1
        if last and is_array:
            arrays[prefix] = arrays.get(prefix, -1) + 1
            # a new parent element restarts the counters of its children
            for key in [k for k in arrays if len(k) > len(prefix) and k[: len(prefix)] == prefix]:
                del arrays[key]
            path.append(arrays[prefix])
        elif prefix in arrays:
            path.append(arrays[prefix])
    return tuple(path)


def key_lines(text: str) -> dict[Path_, int]:
    """Map every table header and top-level ``key =`` of each table to its line number.

    >>> lines = key_lines('id = "q"\\n[[questions]]\\nnumber = 1\\n[[questions]]\\nnumber = 2\\n')
    >>> lines[("questions", 1, "number")], lines[("questions", 1)]
    (5, 4)
    """
    found: dict[Path_, int] = {}
    arrays: dict[tuple[str, ...], int] = {}
    table: Path_ = ()
    in_multiline: str | None = None
    depth = 0  # bracket/brace nesting of a value spanning several lines
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = _STRING.sub(lambda m: m.group(0) if m.group(0) in ('"""', "'''") else '""', line)
        if in_multiline:
            if in_multiline in stripped:
                in_multiline = None
            continue
        if depth == 0:
            header = _HEADER.match(line)
            if header and not _KEY.match(line):
                table = _header_path(header.group(2), arrays, header.group(1) == "[[")
                found.setdefault(table, lineno)
                continue
            key = _KEY.match(line)
            if key:
                found.setdefault(table + (_unquote(key.group(1)),), lineno)
        code = stripped.split("#", 1)[0]
        for quote in ('"""', "'''"):
            if code.count(quote) % 2 == 1:
                in_multiline = quote
        depth += code.count("[") + code.count("{") - code.count("]") - code.count("}")
        depth = max(depth, 0)
    return found


def line_of(lines: dict[Path_, int], path: Path_) -> int:
    """Line of ``path`` or of its nearest enclosing entry that was found (0 if none)."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 0
