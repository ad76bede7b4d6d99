"""Forgiving parsing of one student answer; never raises.

Single choice accepts ``B``, ``b``, ``(B)``, ``B.``, `` B ``, full-width ``Ｂ``, ``选B``;
multi-select accepts ``1,4``, ``4 1``, ``{1, 4}``, ``1、4``, ``[1, 4]``, a JSON list, and for
letter-labelled options also ``AC``; an explicit empty selection is ``{}``, ``[]`` or ``无``.
Numeric answers accept ``391``, ``３９１``, ``6,250,490``, ``1.225``, ``1/4``, ``约 0.25``.
Anything else becomes :class:`Rejected` with a bilingual reason that says what was expected.

>>> from nncourse.quiz.model import Option, Question, Text
>>> q = Question(1, "single", Text("问", "Q"), None, 1.0,
...              tuple(Option(i, "ABCD"[i - 1], Text("x", "x")) for i in range(1, 5)))
>>> parse_answer("选Ｂ", q)
Selection(choices=frozenset({2}), raw='选Ｂ')
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Union

from .matching import evaluate_formula
from .model import MULTI, NUMERIC, SINGLE, Question, Text


@dataclass(frozen=True)
class Selection:
    """The options a student chose (1-based indices)."""

    choices: frozenset[int]
    raw: str


@dataclass(frozen=True)
class NumberAnswer:
    """A numeric answer."""

    value: float
    raw: str


@dataclass(frozen=True)
class Rejected:
    """An answer that could not be read: it scores zero and the reason is shown."""

    reason: Text
    raw: str
    missing: bool = False
    """True when nothing was answered at all."""


ParsedAnswer = Union[Selection, NumberAnswer, Rejected]

#: Prefixes students write before the answer itself ("选B", "答案：B", "answer: B").
_PREFIX = re.compile(r"^(?:我?选择?|答案?|answer|ans)\s*[:：]?\s*", re.IGNORECASE)
#: Separators between options in a multi-select answer.
_SEPARATORS = re.compile(r"[\s,，、;；/&+|]+|和|与|及|\band\b", re.IGNORECASE)
#: Brackets and trailing punctuation stripped around answers and tokens.
_WRAPPERS = "()[]{}【】〔〕「」《》<>\"'`.。:：!！"
_EMPTY = {"", "无", "空", "none", "nothing", "-", "—"}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_MISSING = Text("未作答", "no answer given")


def _clean(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw).strip()
    text = _PREFIX.sub("", text).strip()
    return text.strip(_WRAPPERS + " \t").strip()


def _expected(question: Question) -> Text:
    n = len(question.options)
    letters = question.options[0].label == "A"
    first, last = question.options[0].label, question.options[-1].label
    if question.kind == SINGLE and letters:
        return Text(f"应填写 {first}–{last} 中的一个字母，例如 \"B\"", f"expected one option letter {first}–{last}, e.g. \"B\"")
    if question.kind == SINGLE:
        return Text(f"应填写 1–{n} 中的一个选项编号，例如 \"2\"", f"expected one option number 1–{n}, e.g. \"2\"")
    if letters:
        return Text(f"应填写 {first}–{last} 中的若干字母，例如 \"A,C\" 或 \"AC\"；全不选请写 \"{{}}\"",
                    f"expected option letters from {first}–{last}, e.g. \"A,C\" or \"AC\"; write \"{{}}\" to select none")
    return Text(f"应填写 1–{n} 中的若干选项编号，例如 \"1,4\"；全不选请写 \"{{}}\"",
                f"expected option numbers from 1–{n}, e.g. \"1,4\"; write \"{{}}\" to select none")


def _reject(question: Question, raw: str, problem: Text | None = None) -> Rejected:
    expected = _expected(question) if question.kind != NUMERIC else Text("应填写一个数，例如 \"0.25\"", "expected a number, e.g. \"0.25\"")
    shown = raw if len(raw) <= 40 else raw[:37] + "…"
    if problem is None:
        return Rejected(Text(f"{expected.zh}（收到 {shown!r}）", f"{expected.en} (got {shown!r})"), raw)
    return Rejected(Text(f"{problem.zh}；{expected.zh}", f"{problem.en}; {expected.en}"), raw)


def _tokens(raw: Any) -> tuple[list[str], str] | None:
    """Split an answer into option tokens; None when the value has the wrong type."""
    if isinstance(raw, bool) or isinstance(raw, dict):
        return None
    if isinstance(raw, int):
        return [str(raw)], str(raw)
    if isinstance(raw, float):
        return ([str(int(raw))], str(raw)) if raw.is_integer() else None
    if isinstance(raw, (list, tuple)):
        parts = []
        for item in raw:
            inner = _tokens(item)
            if inner is None:
                return None
            parts.extend(inner[0])
        return parts, ", ".join(str(item) for item in raw)
    if not isinstance(raw, str):
        return None
    text = _clean(raw)
    if text.lower() in _EMPTY:
        return [], raw
    return [t.strip(_WRAPPERS) for t in _SEPARATORS.split(text) if t.strip(_WRAPPERS)], raw


def _choice(token: str, question: Question) -> int | Text:
    """The 1-based option index named by ``token``, or a bilingual problem."""
    labels = [o.label for o in question.options]
    wanted = token.upper()
    if wanted in labels:
        return labels.index(wanted) + 1
    letters = labels[0] == "A"
    if letters and len(wanted) == 1 and wanted.isalpha() and wanted.isascii():
        return Text(f"没有选项 {wanted}（本题只有 {labels[0]}–{labels[-1]}）", f"there is no option {wanted} (this question has {labels[0]}–{labels[-1]})")
    if not letters and wanted.isdigit():
        return Text(f"没有选项 {wanted}（本题只有 1–{len(labels)}）", f"there is no option {wanted} (this question has 1–{len(labels)})")
    return Text(f"无法识别 {token!r}", f"cannot read {token!r}")


def _parse_choices(raw: Any, question: Question) -> ParsedAnswer:
    split = _tokens(raw)
    shown = raw if isinstance(raw, str) else repr(raw)
    if split is None:
        return _reject(question, shown)
    tokens, shown = split
    letters = question.options[0].label == "A"
    if letters:  # "AC" means A and C when every character is an option letter
        valid = {o.label for o in question.options}
        tokens = [c for t in tokens for c in (t if set(t.upper()) <= valid else [t])]
    chosen: set[int] = set()
    for token in tokens:
        index = _choice(token, question)
        if isinstance(index, Text):
            return _reject(question, shown, index)
        chosen.add(index)
    if question.kind == SINGLE and len(chosen) != 1:
        problem = Text("单选题只能选一个选项", "a single-choice question takes exactly one option") if chosen else None
        return _reject(question, shown, problem)
    return Selection(frozenset(chosen), shown)


def _parse_number(raw: Any, question: Question) -> ParsedAnswer:
    if isinstance(raw, bool):
        return _reject(question, repr(raw))
    if isinstance(raw, (int, float)):
        value, shown = float(raw), repr(raw)
    elif isinstance(raw, str):
        shown = raw
        text = unicodedata.normalize("NFKC", raw).strip()
        text = re.sub(r"^(?:答案?|answer)?\s*[:：]?\s*(?:约|大约|≈|~)?\s*", "", text, flags=re.IGNORECASE).rstrip("。. ")
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        try:
            value = float(text)
        except ValueError:
            try:
                value = evaluate_formula(text, {})
            except (ValueError, SyntaxError, ZeroDivisionError, OverflowError, RecursionError, TypeError):
                return _reject(question, shown)
    else:
        return _reject(question, repr(raw))
    if not math.isfinite(value):
        return _reject(question, shown, Text("答案不是有限的数", "the answer is not a finite number"))
    return NumberAnswer(value, shown)


def parse_answer(raw: Any, question: Question) -> ParsedAnswer:
    """Read ``raw`` (a string, number or list from an answers file) as an answer to ``question``."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Rejected(_MISSING, "", missing=True)
    if question.kind == NUMERIC:
        return _parse_number(raw, question)
    assert question.kind in (SINGLE, MULTI)
    return _parse_choices(raw, question)
