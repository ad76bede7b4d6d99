"""Reading a student's answers file: JSON, TOML, a notebook cell, or plain ``N: answer`` lines.

Readers register by file suffix in :data:`READERS`; each returns ``(question key, raw
answer)`` pairs in file order and raises :class:`AnswerError` when the file as a whole
cannot be read. :func:`collect` then maps the keys (``"4"``, ``"Q4"``, ``"第4题"``) to
question numbers, keeping notes about anything it had to ignore.

Accepted shapes::

    answers.json    {"4": "b", "7": "选A", "1": "4、1"}          (or {"answers": {...}})
    answers.toml    4 = "b"                                       (or an [answers] table)
    answers.ipynb   a cell tagged "answers", or the first cell with a line
                    ``answers = {"4": "b", ...}`` (a Python dict literal) or lines ``4: b``
    answers.txt     one ``4: b`` (or ``4 = b``) per line; ``#`` starts a comment
"""

from __future__ import annotations

import ast
import json
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from ..errors import AnswerError, UnreadableFile
from ..files import read_regular_file
from .model import Quiz, Text

Pairs = list[tuple[str, Any]]
#: Readers by lower-case file suffix.
READERS: dict[str, Callable[[Path], Pairs]] = {}
#: Largest answers file read (bytes); anything bigger is not an answers file.
MAX_BYTES = 2 * 1024 * 1024

_NUMBER_KEY = re.compile(r"^(?:q|question|第)?\s*(\d{1,3})\s*(?:题|[.)])?$", re.IGNORECASE)
_LINE = re.compile(r"^\s*((?:q|question|第)?\s*\d{1,3}\s*题?)\s*[:：=]\s*(.*?)\s*$", re.IGNORECASE)
_ASSIGN = re.compile(r"^\s*answers\s*=\s*", re.IGNORECASE | re.MULTILINE)


def reader(*suffixes: str) -> Callable[[Callable[[Path], Pairs]], Callable[[Path], Pairs]]:
    """Register a reader for file names ending in ``suffixes``."""

    def register(func: Callable[[Path], Pairs]) -> Callable[[Path], Pairs]:
        for suffix in suffixes:
            READERS[suffix] = func
        return func

    return register


def _text(path: Path) -> str:
    """The file's text: a regular file only (never a link: its target is not the student's), bounded."""
    try:
        data = read_regular_file(path, MAX_BYTES)
    except UnreadableFile as exc:
        if not os.path.lexists(path):
            raise AnswerError(f"{path}: no such answers file") from None
        raise AnswerError(f"{path}: {exc.message}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnswerError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def _mapping_pairs(data: Any, path: Path) -> Pairs:
    if isinstance(data, list) and all(isinstance(p, tuple) and len(p) == 2 for p in data):
        pairs = data
    elif isinstance(data, Mapping):
        pairs = list(data.items())
    else:
        raise AnswerError(f"{path}: expected an object of answers like {{\"4\": \"b\"}}, got {type(data).__name__}")
    nested = [v for k, v in pairs if str(k).lower() == "answers"]
    if len(pairs) == 1 and nested:
        return _mapping_pairs(nested[0], path)
    return [(str(k), v) for k, v in pairs]


@reader(".json")
def read_json(path: Path) -> Pairs:
    try:
        data = json.loads(_text(path), object_pairs_hook=lambda pairs: pairs)
    except json.JSONDecodeError as exc:
        raise AnswerError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise AnswerError(f"{path}: not an answers file (JSON nested too deeply)") from None
    return _mapping_pairs(data, path)


@reader(".toml")
def read_toml(path: Path) -> Pairs:
    try:
        data = tomllib.loads(_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise AnswerError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise AnswerError(f"{path}: not an answers file (TOML nested too deeply)") from None
    return _mapping_pairs(data, path)


def parse_lines(text: str, where: str) -> Pairs:
    """``4: b`` / ``4 = b`` lines; blank lines and ``#`` comments are skipped."""
    pairs: Pairs = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(unicodedata.normalize("NFKC", line))
        if not match:
            raise AnswerError(f"{where}:{lineno}: expected 'N: answer' (e.g. '4: B'), got {line.strip()[:40]!r}")
        pairs.append((match.group(1), match.group(2).strip().strip("\"'")))
    return pairs


@reader(".txt", ".md")
def read_lines(path: Path) -> Pairs:
    return parse_lines(_text(path), str(path))


def _cell_source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(s for s in source if isinstance(s, str)) if isinstance(source, list) else str(source)


def _tags(cell: Mapping[str, Any]) -> list[str]:
    """A cell's tags; metadata of any other shape (a list, a string) has none."""
    meta = cell.get("metadata")
    tags = meta.get("tags") if isinstance(meta, dict) else None
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


@reader(".ipynb")
def read_notebook(path: Path) -> Pairs:
    try:
        notebook = json.loads(_text(path))
        cells = notebook["cells"]
        assert isinstance(cells, list)
    except (json.JSONDecodeError, KeyError, TypeError, AssertionError, RecursionError):
        raise AnswerError(f"{path}: not a Jupyter notebook (no cells)") from None
    tagged = [c for c in cells if isinstance(c, dict) and "answers" in _tags(c)]
    assigned = [c for c in cells if isinstance(c, dict) and _ASSIGN.search(_cell_source(c))]
    chosen = (tagged or assigned or [None])[0]
    if chosen is None:
        raise AnswerError(f"{path}: no answers cell", hint="tag a cell 'answers' or write answers = {\"1\": \"B\", ...} in a cell")
    source = _cell_source(chosen)
    assign = _ASSIGN.search(source)
    if assign:
        literal = source[assign.end():]
        try:
            return _mapping_pairs(ast.literal_eval(literal.strip()), path)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            raise AnswerError(f"{path}: the answers cell must hold a plain dict literal like answers = {{\"4\": \"B\"}}") from None
    return parse_lines(source, f"{path} (answers cell)")


def read_pairs(path: Path) -> Pairs:
    """Raw ``(key, answer)`` pairs of an answers file, by its suffix."""
    read = READERS.get(path.suffix.lower())
    if read is None:
        raise AnswerError(f"{path}: unknown answers file type {path.suffix!r}", hint=f"use one of {', '.join(sorted(READERS))}")
    return read(path)


@dataclass(frozen=True)
class AnswerSheet:
    """One student's answers, keyed by question number."""

    answers: Mapping[int, Any]
    """Question number → raw answer (string, number or list)."""
    notes: tuple[Text, ...] = ()
    """What was ignored (unknown questions, keys that are not question numbers)."""
    duplicates: frozenset[int] = frozenset()
    """Questions answered more than once (scored zero: which answer counts is unclear)."""


def collect(pairs: Pairs, quiz_numbers: set[int]) -> AnswerSheet:
    """Map raw keys to question numbers (pure).

    >>> collect([("Q4", "b"), ("11", "A"), ("4", "c")], {1, 4}).duplicates
    frozenset({4})
    """
    answers: dict[int, Any] = {}
    notes: list[Text] = []
    duplicates: set[int] = set()
    for key, value in pairs:
        match = _NUMBER_KEY.match(unicodedata.normalize("NFKC", str(key)).strip())
        if not match:
            notes.append(Text(f"已忽略无法识别的题号 {key!r}", f"ignored {key!r}: not a question number"))
            continue
        number = int(match.group(1))
        if number not in quiz_numbers:
            notes.append(Text(f"已忽略第 {number} 题：本测验没有这道题", f"ignored question {number}: the quiz has no such question"))
            continue
        if number in answers:
            duplicates.add(number)
        answers[number] = value
    return AnswerSheet(answers, tuple(notes), frozenset(duplicates))


def read_sheet(path: Path, quiz: Quiz) -> AnswerSheet:
    """Read and collect the answers file ``path`` for ``quiz``."""
    return collect(read_pairs(path), {q.number for q in quiz.questions})
