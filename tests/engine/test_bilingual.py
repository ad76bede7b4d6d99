"""Everything a student reads is in both languages (issue 13, item 2).

* Hidden suites a1–a6 and a8: every hint (``hint=``), reason (``why=``), message of ``expect_true``
  and name of a usual mistake (keys of ``mistakes=`` dicts and of dicts built by a
  ``*mistake*`` helper, values of a ``HINTS`` table) carries Chinese and English.
* Master notebooks: the English half of every prompt states what the Chinese half states:
  the same code identifiers (`like_this`) and the same numbers.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]{3,}")
SUITES = sorted(p for p in (ROOT / "autograder").glob("a[1-68]-*/*.py"))


def _text(node: ast.AST) -> str | None:
    """The literal text of a string or f-string expression (placeholders dropped), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        return None if left is None and right is None else (left or "") + (right or "")
    return None


def student_texts(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, text) of every hint, reason, message and mistake name in a suite module."""
    found: list[tuple[int, ast.AST]] = []
    mistake_scopes = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and "mistake" in n.name.lower()]
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in ("hint", "why"):
            found.append(node.value)
        elif isinstance(node, ast.keyword) and node.arg == "mistakes" and isinstance(node.value, ast.Dict):
            found += [k for k in node.value.keys if k is not None]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "expect_true" and len(node.args) > 1:
            found.append(node.args[1])
        elif isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            subs = [t.value.id for t in node.targets if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name)]
            if any("mistake" in n.lower() for n in subs):
                found += [t.slice for t in node.targets if isinstance(t, ast.Subscript)]
            if isinstance(node.value, ast.Dict) and any("mistake" in n.lower() for n in names):
                found += [k for k in node.value.keys if k is not None]
            if isinstance(node.value, ast.Dict) and "HINTS" in names:
                found += list(node.value.values)
    for scope in mistake_scopes:
        for node in ast.walk(scope):
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Dict):
                found += [k for k in node.value.keys if k is not None]
    return [(n.lineno, t) for n in found if (t := _text(n)) is not None and t.strip()]


def test_the_scan_finds_what_students_read():
    tree = ast.parse('expect_close(a, b, hint="use the mean", mistakes={"sum": 1, "求和 / sum": 2})\n'
                     'def _mistakes(n):\n    return {"forgot n": n}\n')
    assert [t for _, t in student_texts(tree)] == ["use the mean", "sum", "求和 / sum", "forgot n"]


@pytest.mark.parametrize("path", SUITES, ids=lambda p: str(p.relative_to(ROOT / "autograder")))
def test_hints_and_mistakes_are_bilingual(path):
    texts = student_texts(ast.parse(path.read_text("utf-8")))
    one_language = [f"line {line}: {text!r}" for line, text in texts if not (_CJK.search(text) and _LATIN.search(text))]
    assert one_language == [], "\n".join(one_language)


def test_mistakes_the_checks_name_by_themselves_are_bilingual():
    import numpy as np

    from nncourse.checks import compare

    m = np.arange(6.0).reshape(2, 3) + 1
    named = [*compare(-m, m).mistakes, *compare(m.T, m).mistakes, *compare(m.ravel(), m).mistakes]
    assert len(named) == 3 and all(_CJK.search(n) and _LATIN.search(n) for n in named), named
    assert _CJK.search(compare(np.zeros(3), m).student) and _CJK.search(compare("x", m).student)


# -- master notebooks: both halves of a prompt say the same thing ------------------------------

_CODE = re.compile(r"`([^`\n]+)`")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"(?<![A-Za-z_\d.])\d+(?:\.\d+)?(?!\d)")
_INLINE_MATH = re.compile(r"\$[^$\n]+\$")
_DISPLAY_MATH = re.compile(r"\$\$.*?\$\$", re.S)
_LIST_MARKER = re.compile(r"^\s*(?:\d+\.|[-*])\s+")


def _halves(source: str) -> tuple[str, str, str] | None:
    """(Chinese lines, English lines, shared lines) of a markdown cell; None for a one-language cell.

    A line with Chinese characters is Chinese; one without, with English words outside its math,
    is English. Display math and table rows state things once for both halves (shared);
    headings carry both languages on one line and are left out, and so are list markers.
    """
    zh, en, shared = [], [], _DISPLAY_MATH.findall(source)
    for line in _DISPLAY_MATH.sub(" ", source).splitlines():
        if line.lstrip().startswith("#"):
            continue
        if line.lstrip().startswith("|"):
            shared.append(line)
            continue
        line = _LIST_MARKER.sub("", line)
        if _CJK.search(line):
            zh.append(line)
        elif _LATIN.search(_INLINE_MATH.sub(" ", line)):
            en.append(line)
    return ("\n".join(zh), "\n".join(en), "\n".join(shared)) if zh and en else None


def _identifiers(text: str) -> set[str]:
    """Names written as code (`like_this`)."""
    return {w for span in _CODE.findall(text) for w in _WORD.findall(span)}


def prompt_gaps(source: str) -> tuple[set[str], set[str]]:
    """(stated only in Chinese, stated only in English): code identifiers one half writes that the
    other never mentions, and numbers one half gives that the other does not."""
    halves = _halves(source)
    if halves is None:
        return set(), set()
    zh, en, shared = halves
    zh_known, en_known = f"{zh}\n{shared}", f"{en}\n{shared}"
    numbers = lambda text: set(_NUMBER.findall(text))  # noqa: E731
    words = lambda text: set(_WORD.findall(text))  # noqa: E731
    return ((_identifiers(zh) - words(en_known)) | (numbers(zh) - numbers(en_known)),
            (_identifiers(en) - words(zh_known)) | (numbers(en) - numbers(zh_known)))


def test_prompt_gaps_are_found():
    cell = "返回字典，键为 `input_hw`（整数或元组），保留 3 位小数。\nReturn a dict keyed by `input_hw` and `scale`."
    assert prompt_gaps(cell) == ({"3"}, {"scale"})
    assert prompt_gaps("## 1. 标题 / Title\n只有中文 `x`。") == (set(), set())
    assert prompt_gaps("1. 用 `tol` 比较。\n| `tol` | 1e-6 |\nCompare with `tol`.") == (set(), set())


MASTERS = sorted((ROOT / "assignments").glob("*/master.ipynb"))


@pytest.mark.parametrize("path", MASTERS, ids=lambda p: p.parent.name)
def test_english_prompt_states_what_the_chinese_one_does(path):
    cells = json.loads(path.read_text("utf-8"))["cells"]
    gaps = []
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        zh_only, en_only = prompt_gaps(source)
        if zh_only or en_only:
            gaps.append(f"cell {i}: only in Chinese {sorted(zh_only)}, only in English {sorted(en_only)}")
    assert gaps == [], f"{path.parent.name}:\n" + "\n".join(gaps)


# -- quizzes: English options are not the textbook's sentences ----------------------------------

SEEDS = ROOT.parent / "shared" / "seeds"
#: A run of this many words shared with the course notes counts as copied.
WORDS = 7


def _english_fields(data, path=""):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _english_fields(value, f"{path}.{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _english_fields(value, f"{path}[{i}]")
    elif isinstance(data, str) and re.search(r"\.(en|text_en|why_en|topic_en)$", path):
        yield path, data


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the clone")
@pytest.mark.parametrize("path", sorted((ROOT / "assignments" / "quizzes").glob("*.toml")), ids=lambda p: p.name)
def test_english_quiz_text_is_not_the_books(path):
    import tomllib

    words = lambda text: re.findall(r"[a-z]{2,}", text.lower())  # noqa: E731  (symbols such as x, n are not words)
    source = words(" ".join(p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))))
    runs = {tuple(source[i:i + WORDS]) for i in range(len(source) - WORDS + 1)}
    sentences = {" ".join(words(s)) for s in re.split(r"(?<=[.:?])\s+|\n", " ".join(p.read_text("utf-8") for p in SEEDS.glob("*.txt")))}
    copied = []
    for where, text in _english_fields(tomllib.loads(path.read_text("utf-8"))):
        w = words(text)
        if any(tuple(w[i:i + WORDS]) in runs for i in range(len(w) - WORDS + 1)) or (len(w) >= 4 and " ".join(w) in sentences):
            copied.append(f"{where}: {text}")
    assert copied == [], "\n".join(copied)
