"""Read and validate a quiz file (TOML) into a :class:`~nncourse.quiz.model.Quiz`.

Every problem is reported with its line, all at once, as one :class:`AuthoringError`
line: ``quiz.toml:12: question 2: kind must be one of single, multi, numeric (got 'singel'); …``.
The format is documented in ``docs/quizzes.md``.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import AuthoringError
from .locate import Path_, key_lines, line_of
from .matching import MATCHERS
from .model import (
    KINDS,
    LABEL_STYLES,
    MULTI,
    NUMERIC,
    SINGLE,
    Option,
    Question,
    Quiz,
    Reference,
    Text,
    Tolerance,
    VariantSpec,
    option_label,
)
from .scoring import POLICIES
from .templating import FORMATS, placeholders, render

_TOP_KEYS = {"id", "title_zh", "title_en", "labels", "policy", "source", "points", "questions"}
_QUESTION_KEYS = {
    "number", "kind", "topic_zh", "topic_en", "text_zh", "text_en", "points", "options",
    "key", "answer", "why_zh", "why_en", "tolerance", "decimals", "variant",
}
_OPTION_KEYS = {"zh", "en", "text", "value", "correct", "why_zh", "why_en"}
_KEY_KEYS = {"from", "match", "decimals", "args", "variables"}
_TARGET = re.compile(r"^solutions(\.[A-Za-z_]\w*)+:[A-Za-z_]\w*$")
#: Most options a question may have (letters A–Z).
MAX_OPTIONS = 26


class _Report:
    """Collects ``(line, message)`` pairs while one file is validated."""

    def __init__(self, lines: dict[Path_, int]) -> None:
        self.lines = lines
        self.problems: list[tuple[int, str]] = []

    def add(self, path: Path_, message: str) -> None:
        self.problems.append((line_of(self.lines, path), message))


def load_quiz(path: Path) -> Quiz:
    """Read ``path`` and validate it; raise :class:`AuthoringError` listing every problem."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AuthoringError(f"{path}: cannot read quiz file: {exc}") from None
    return parse_quiz(text, path)


def parse_quiz(text: str, path: Path) -> Quiz:
    """Validate the TOML ``text`` of the quiz file at ``path`` (used for messages and the id)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        line = where.group(1) if where else "?"
        raise AuthoringError(f"{path}:{line}: invalid TOML: {reason}") from None
    report = _Report(key_lines(text))
    quiz = _quiz(data, path, report)
    if report.problems:
        problems = sorted(report.problems, key=lambda p: p[0])
        listed = "; ".join(f"{path}:{line}: {msg}" for line, msg in problems)
        count = f" ({len(problems)} problems)" if len(problems) > 1 else ""
        raise AuthoringError(listed + count, hint="see docs/quizzes.md for the quiz file format")
    assert quiz is not None
    return quiz


# -- field helpers -------------------------------------------------------------------


def _unknown(table: dict[str, Any], allowed: set[str], where: Path_, report: _Report, what: str) -> None:
    for name in sorted(set(table) - allowed):
        report.add(where + (name,), f"{what}: unknown field {name!r} (allowed: {', '.join(sorted(allowed))})")


def _text(table: dict[str, Any], name: str, where: Path_, report: _Report, what: str, required: bool = True) -> str:
    value = table.get(name)
    if value is None:
        if required:
            report.add(where, f"{what}: missing {name!r}")
        return ""
    if not isinstance(value, str) or not value.strip():
        report.add(where + (name,), f"{what}: {name!r} must be a non-empty string")
        return ""
    return value.strip()


def _bilingual(table: dict[str, Any], stem: str, where: Path_, report: _Report, what: str, required: bool = True) -> Text | None:
    zh_name, en_name = f"{stem}_zh", f"{stem}_en"
    if not required and zh_name not in table and en_name not in table:
        return None
    return Text(_text(table, zh_name, where, report, what), _text(table, en_name, where, report, what))


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _count(table: dict[str, Any], name: str, where: Path_, report: _Report, what: str) -> int | None:
    value = table.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        report.add(where + (name,), f"{what}: {name!r} must be a whole number ≥ 0 (got {value!r})")
        return None
    return value


# -- tables ---------------------------------------------------------------------------


def _quiz(data: dict[str, Any], path: Path, report: _Report) -> Quiz | None:
    _unknown(data, _TOP_KEYS, (), report, "quiz")
    ident = _text(data, "id", (), report, "quiz")
    if ident and ident != path.stem:
        report.add(("id",), f"quiz: id {ident!r} must equal the file name {path.stem!r}")
    title = _bilingual(data, "title", (), report, "quiz")
    labels = data.get("labels", "letters")
    if labels not in LABEL_STYLES:
        report.add(("labels",), f"quiz: labels must be one of {', '.join(LABEL_STYLES)} (got {labels!r})")
        labels = "letters"
    policy = data.get("policy", "all-or-nothing")
    if policy not in POLICIES:
        report.add(("policy",), f"quiz: policy must be one of {', '.join(POLICIES)} (got {policy!r})")
    default_points = data.get("points", 1)
    if not _number(default_points) or default_points <= 0:
        report.add(("points",), f"quiz: points must be a positive number (got {default_points!r})")
        default_points = 1
    source = data.get("source", "")
    if not isinstance(source, str):
        report.add(("source",), "quiz: source must be a string")
        source = ""
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        report.add(("questions",), "quiz: needs at least one [[questions]] table")
        raw_questions = []
    questions = []
    for i, raw in enumerate(raw_questions):
        where: Path_ = ("questions", i)
        if not isinstance(raw, dict):
            report.add(where, f"question {i + 1}: must be a table ([[questions]])")
            continue
        q = _question(raw, i + 1, where, labels, float(default_points), report)
        if q is not None:
            questions.append(q)
    assert title is not None
    return Quiz(ident, title, labels, str(policy), tuple(questions), source, path)


def _question(raw: dict[str, Any], position: int, where: Path_, labels: str, default_points: float, report: _Report) -> Question | None:
    what = f"question {position}"
    _unknown(raw, _QUESTION_KEYS, where, report, what)
    number = raw.get("number")
    if number != position or isinstance(number, bool):
        report.add(where + ("number",), f"{what}: number must be {position} (questions are numbered 1, 2, … in file order; got {number!r})")
    kind = raw.get("kind")
    if kind not in KINDS:
        report.add(where + ("kind",), f"{what}: kind must be one of {', '.join(KINDS)} (got {kind!r})")
        return None
    text = _bilingual(raw, "text", where, report, what)
    topic = _bilingual(raw, "topic", where, report, what, required=False)
    points = raw.get("points", default_points)
    if not _number(points) or points <= 0:
        report.add(where + ("points",), f"{what}: points must be a positive number (got {points!r})")
        points = default_points
    reference = _reference(raw["key"], where + ("key",), report, what) if "key" in raw else None
    line = line_of(report.lines, where)
    assert text is not None
    variant = None
    if "variant" in raw:
        printed = raw.get("options")
        variant = _variant(raw["variant"], kind, text, reference, len(printed) if isinstance(printed, list) else 0,
                           where + ("variant",), report, what)
        if variant is not None:
            defaults = dict(variant.defaults)
            text = Text(render(text.zh, defaults), render(text.en, defaults))
            if reference is not None:
                reference = replace(reference, kwargs=variant.defaults)
    question = _plain_question(raw, kind, position, text, topic, points, reference, labels, where, report, what, line)
    return replace(question, variant=variant) if question is not None and variant is not None else question


def _plain_question(raw: dict[str, Any], kind: str, position: int, text: Text, topic: Text | None, points: float,
                    reference: Reference | None, labels: str, where: Path_, report: _Report, what: str,
                    line: int) -> Question | None:
    if kind == NUMERIC:
        return _numeric(raw, position, text, topic, float(points), reference, where, report, line)
    options = _options(raw, kind, labels, reference is not None, where, report, what)
    if reference is None and options and all(o.correct is not None for o in options):
        correct = sum(1 for o in options if o.correct)
        if kind == SINGLE and correct != 1:
            report.add(where, f"{what}: a single-choice author key needs exactly one option with correct = true (found {correct})")
        if kind == MULTI and correct == 0:
            report.add(where, f"{what}: a multi-select author key needs at least one option with correct = true")
    return Question(position, kind, text, topic, float(points), tuple(options), reference, line=line)


def _numeric(raw: dict[str, Any], position: int, text: Text, topic: Text | None, points: float,
             reference: Reference | None, where: Path_, report: _Report, line: int) -> Question:
    what = f"question {position}"
    if "options" in raw:
        report.add(where + ("options",), f"{what}: a numeric question has no options")
    answer = raw.get("answer")
    why = None
    if reference is None:
        if not _number(answer):
            report.add(where + ("answer",) if "answer" in raw else where,
                       f"{what}: a numeric question needs answer = <number> or key = {{ from = ... }}")
            answer = None
        why = _bilingual(raw, "why", where, report, what)
    elif answer is not None:
        report.add(where + ("answer",), f"{what}: give either answer or key, not both")
    decimals = _count(raw, "decimals", where, report, what)
    if decimals is None and "decimals" not in raw:
        report.add(where, f"{what}: a numeric question needs decimals = <digits asked for> (0 for whole numbers)")
    tolerance = _tolerance(raw.get("tolerance"), decimals, where + ("tolerance",), report, what)
    return Question(position, NUMERIC, text, topic, points, (), reference,
                    float(answer) if answer is not None else None, why, tolerance, decimals, line)


def _tolerance(raw: Any, decimals: int | None, where: Path_, report: _Report, what: str) -> Tolerance:
    if raw is None:
        return Tolerance(abs=0.5 * 10.0 ** -(decimals or 0))
    if _number(raw) and raw >= 0:
        return Tolerance(abs=float(raw))
    if isinstance(raw, dict) and set(raw) <= {"abs", "rel"} and all(_number(v) and v >= 0 for v in raw.values()):
        return Tolerance(float(raw.get("abs", 0.0)), float(raw.get("rel", 0.0)))
    report.add(where, f"{what}: tolerance must be a number ≥ 0 or {{ abs = …, rel = … }} (got {raw!r})")
    return Tolerance()


def _reference(raw: Any, where: Path_, report: _Report, what: str) -> Reference | None:
    if not isinstance(raw, dict):
        report.add(where, f"{what}: key must be a table like {{ from = \"solutions.textbook:ex1_q6\" }}")
        return None
    _unknown(raw, _KEY_KEYS, where, report, f"{what} key")
    target = raw.get("from")
    if not isinstance(target, str) or not _TARGET.match(target):
        report.add(where, f"{what}: key.from must look like \"solutions.<module>:<function>\" (got {target!r})")
        return None
    match = raw.get("match", "exact")
    if match not in MATCHERS:
        report.add(where, f"{what}: key.match must be one of {', '.join(MATCHERS)} (got {match!r})")
        return None
    decimals = _count(raw, "decimals", where, report, f"{what} key")
    args = raw.get("args", [])
    if not isinstance(args, list):
        report.add(where, f"{what}: key.args must be an array")
        args = []
    variables = raw.get("variables", [])
    if not isinstance(variables, list) or not all(isinstance(v, str) and v.isidentifier() for v in variables):
        report.add(where, f"{what}: key.variables must be an array of names")
        variables = []
    if match == "expression" and not variables:
        report.add(where, f"{what}: the expression matcher needs key.variables, e.g. [\"a\", \"b\"]")
    return Reference(target, match, decimals, tuple(args), tuple(variables), line_of(report.lines, where))


def _options(raw: dict[str, Any], kind: str, labels: str, computed: bool, where: Path_, report: _Report, what: str) -> list[Option]:
    raw_options = raw.get("options")
    if not isinstance(raw_options, list) or not 2 <= len(raw_options) <= MAX_OPTIONS:
        report.add(where + ("options",) if "options" in raw else where,
                   f"{what}: a {kind} question needs 2–{MAX_OPTIONS} [[questions.options]] tables")
        return []
    options = []
    for j, opt in enumerate(raw_options):
        owhere = where + ("options", j)
        owhat = f"{what} option {option_label(j + 1, labels)}"
        if not isinstance(opt, dict):
            report.add(owhere, f"{owhat}: must be a table")
            continue
        _unknown(opt, _OPTION_KEYS, owhere, report, owhat)
        if "text" in opt:
            shown = _text(opt, "text", owhere, report, owhat)
            text = Text(shown, shown)
        else:
            text = Text(_text(opt, "zh", owhere, report, owhat), _text(opt, "en", owhere, report, owhat))
        correct, why = opt.get("correct"), None
        if computed:
            if "value" not in opt:
                report.add(owhere, f"{owhat}: a computed key is matched against each option's value; add value = …")
            if "correct" in opt:
                report.add(owhere + ("correct",), f"{owhat}: correct = … is for author keys; this question's key is computed")
            correct = None
        else:
            if not isinstance(correct, bool):
                report.add(owhere + ("correct",) if "correct" in opt else owhere,
                           f"{owhat}: an author key needs correct = true or false on every option")
                correct = None
            why = _bilingual(opt, "why", owhere, report, owhat)
        options.append(Option(j + 1, option_label(j + 1, labels), text, opt.get("value"), correct, why,
                              line_of(report.lines, owhere)))
    return options


#: Fields of ``[questions.variant]``.
_VARIANT_KEYS = {"params", "defaults", "distractors", "format", "options"}
#: Most parameter combinations one question may have (every one is checked when the key is built).
MAX_VARIANTS = 4096


def _scalar(value: Any) -> bool:
    return _number(value) or isinstance(value, str)


def _variant(raw: Any, kind: str, text: Text, reference: Reference | None, n_static: int, where: Path_,
             report: _Report, what: str) -> VariantSpec | None:
    """``[questions.variant]``: per-student parameters (validated here; drawn in :mod:`.variants`)."""
    if not isinstance(raw, dict):
        report.add(where, f"{what}: variant must be a table [questions.variant]")
        return None
    _unknown(raw, _VARIANT_KEYS, where, report, f"{what} variant")
    before = len(report.problems)
    if kind not in (SINGLE, MULTI):
        report.add(where, f"{what}: per-student variants are for single-choice and multi-select questions (got {kind!r})")
    if kind == MULTI and reference is not None and reference.match != "predicate":
        report.add(where, f"{what}: a multi-select variant needs match = \"predicate\" (each option judged by the reference)")
    if reference is None:
        report.add(where, f"{what}: a variant needs a computed key (key = {{ from = ... }}) to derive each student's key")
    params = raw.get("params")
    if not isinstance(params, dict) or not params:
        report.add(where, f"{what}: variant.params must be a table of name = [values, …]")
        params = {}
    space: list[tuple[str, tuple[Any, ...]]] = []
    for name, values in params.items():
        if not name.isidentifier() or not isinstance(values, list) or not values or not all(_scalar(v) for v in values) \
                or len(set(map(repr, values))) != len(values):
            report.add(where + ("params",), f"{what}: variant.params.{name} must be a non-empty list of distinct numbers or strings")
            continue
        space.append((name, tuple(values)))
    size = math.prod(len(v) for _, v in space) if space else 0
    if size > MAX_VARIANTS:
        report.add(where + ("params",), f"{what}: {size} parameter combinations; at most {MAX_VARIANTS} (each is checked)")
    if space and size < 2:
        report.add(where + ("params",), f"{what}: a variant needs at least two parameter combinations")
    defaults = raw.get("defaults")
    names = [n for n, _ in space]
    if not isinstance(defaults, dict) or sorted(defaults) != sorted(names) or not all(_scalar(v) for v in defaults.values()):
        report.add(where + ("defaults",), f"{what}: variant.defaults must give the printed version's value of each of {', '.join(names) or 'the params'}")
        defaults = {}
    for lang, body in (("zh", text.zh), ("en", text.en)):
        used = placeholders(body)
        for name in sorted(set(names) - used):
            report.add(where, f"{what}: text_{lang} must show the parameter {{{name}}} (each student reads their own values)")
        for name in sorted(used - set(names)):
            report.add(where, f"{what}: text_{lang} has {{{name}}}, which is not a variant parameter")
    target = raw.get("distractors")
    if not isinstance(target, str) or not _TARGET.match(target):
        report.add(where + ("distractors",), f"{what}: variant.distractors must look like \"solutions.<module>:<function>\" (got {target!r})")
    shown = raw.get("format", "number")
    if shown not in FORMATS:
        report.add(where + ("format",), f"{what}: variant.format must be one of {', '.join(FORMATS)} (got {shown!r})")
    count = raw.get("options", n_static or 4)
    if isinstance(count, bool) or not isinstance(count, int) or not 2 <= count <= MAX_OPTIONS:
        report.add(where + ("options",), f"{what}: variant.options must be a whole number 2–{MAX_OPTIONS} (got {count!r})")
    if len(report.problems) > before:
        return None
    return VariantSpec(tuple(space), tuple((n, defaults[n]) for n in names), text, str(target), str(shown), int(count),
                       line_of(report.lines, where))
