"""Per-student variants: draw each student's parameters, build their options, check every variant.

A question with ``[questions.variant]`` (see ``docs/quizzes.md``) declares finite lists of
parameter values. Student ``s`` gets, for question ``q`` of quiz ``Q``, the combination with
mixed-radix index

    i = HMAC-SHA256(secret, "Q␟s␟q␟params␟0") mod |space|      (the printed version skipped)

so the draw is reproducible from the course secret and the id, and not computable from the
id alone (HMAC is a pseudo-random function of the secret). The key is the question's
reference function called with those parameters as keyword arguments.

* Single choice: the options are the key and the first ``options − 1`` usual-mistake values
  from the ``distractors`` function that are separated from the key and from each other
  (``rounded`` keys: by at least two units of the last printed digit; ``exact`` keys:
  unequal); exactly one option must then match the key.
* Multi-select (``predicate`` keys): the options are the first ``options`` distinct
  candidates from the ``distractors`` function; the reference predicate, called with each
  option and the parameters, decides the set, which must be neither empty nor every option.

Options appear in a per-student order drawn the same way. A variant that cannot meet these
rules is *ambiguous* and fails the build: :func:`check_every_variant` builds every
combination of every question.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterator, Mapping

import numpy as np

from ..errors import AuthoringError
from ..keyed import MIN_SECRET_BYTES, Secret, stream  # noqa: F401 (re-exported: the quiz's names)
from .keys import KeyBuildError, KeyEntry, QuizKey, build_key, question_key
from .matching import plain, show
from .model import MULTI, SINGLE, Option, Question, Quiz, Text, option_label
from .references import Resolver
from .templating import FORMATS, render

#: Separation of ``rounded`` options, in units of the last printed digit.
MIN_GAP_UNITS = 2
#: The key's own option when a student got it wrong.
_KEY_WHY = Text("由参考实现按你这道题的参数计算得到。", "Computed by the reference implementation with your question's parameters.")


class VariantError(KeyBuildError):
    """A variant is ambiguous (too few separated options) or its reference fails."""


def combination(question: Question, index: int) -> dict[str, Any]:
    """The parameters of mixed-radix ``index`` (last parameter fastest) in the question's space."""
    assert question.variant is not None
    out: dict[str, Any] = {}
    for name, values in reversed(question.variant.params):
        index, digit = divmod(index, len(values))
        out[name] = values[digit]
    return dict(reversed(list(out.items())))


def every_combination(question: Question) -> Iterator[dict[str, Any]]:
    """Every parameter combination of the question, in index order."""
    assert question.variant is not None
    for index in range(question.variant.size):
        yield combination(question, index)


def draw(question: Question, secret: Secret, quiz_id: str, student: str) -> dict[str, Any]:
    """Student ``student``'s parameters for ``question`` (never the printed version's)."""
    spec = question.variant
    assert spec is not None
    values = stream(secret, quiz_id, student, question.number, "params")
    defaults = dict(spec.defaults)
    while True:  # the printed version's answers circulate; skip it (rarely more than one try)
        params = combination(question, next(values) % spec.size)
        if params != defaults:
            return params


def permutation(n: int, secret: Secret, quiz_id: str, student: str, number: int) -> list[int]:
    """A per-student order of ``n`` options (Fisher–Yates on the keyed stream)."""
    order = list(range(n))
    values = stream(secret, quiz_id, student, number, "order")
    for i in range(n - 1, 0, -1):
        j = next(values) % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def memoised(resolve: Resolver) -> Resolver:
    """A resolver whose functions remember results by their (hashable) arguments.

    Reference functions are pure, and a class of students shares a few hundred variants,
    so a batch computes each variant's key and mistakes once. Results are shared: callers
    must not modify them (every caller here converts them with :func:`plain` first).
    """
    functions: dict[str, Callable[..., Any]] = {}

    def wrap(func: Callable[..., Any]) -> Callable[..., Any]:
        results: dict[Any, Any] = {}

        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                token = (args, tuple(sorted(kwargs.items())))
                hash(token)
            except TypeError:  # an option's table passed to a predicate: not cached
                return func(*args, **kwargs)
            if token not in results:
                results[token] = func(*args, **kwargs)
            return results[token]

        return call

    def cached(target: str) -> Callable[..., Any]:
        if target not in functions:
            functions[target] = wrap(resolve(target))
        return functions[target]

    return cached


def _rounded(value: Any, decimals: int | None) -> Any:
    value = plain(value)
    if decimals is None:
        return value
    return plain(np.round(np.asarray(value, dtype=float), decimals))


def _finite(value: Any) -> bool:
    try:
        return bool(np.all(np.isfinite(np.asarray(plain(value), dtype=float))))
    except (TypeError, ValueError):
        return True  # tables of names and numbers: nothing to overflow


def separated(a: Any, b: Any, decimals: int | None) -> bool:
    """Can a careful student not confuse the two printed values? (see the module docstring)

    >>> separated([0.501, 1.0], [0.502, 1.0], 3), separated([0.501, 1.0], [0.503, 1.0], 3)
    (False, True)
    """
    if decimals is None:
        return plain(a) != plain(b)
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if x.shape != y.shape:
        return True
    return bool(np.max(np.abs(x - y), initial=0.0) >= (MIN_GAP_UNITS - 0.5) * 10.0 ** -decimals)


def _describe(params: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={show(v)}" for k, v in params.items())


Choices = tuple[tuple[Any, Text], ...]


def variant_choices(question: Question, params: Mapping[str, Any], resolve: Resolver, where: str = "") -> Choices:
    """The values of one variant's options, with their explanations.

    Single choice: the key first, then the separated usual mistakes. Multi-select: the first
    distinct candidates in order; which of them are true is left to the reference predicate.
    """
    spec, ref = question.variant, question.reference
    assert spec is not None and ref is not None
    what = f"{where}question {question.number} variant ({_describe(params)})"
    ref = replace(ref, kwargs=tuple(params.items()))
    try:
        key = _rounded(ref.call(resolve(ref.target)), ref.decimals) if question.kind == SINGLE else None
        candidates = list(resolve(spec.distractors)(**params))
    except AuthoringError:
        raise
    except Exception as exc:  # course code: report, never crash
        raise VariantError(f"{what}: reference failed: {type(exc).__name__}: {exc}") from None
    chosen: list[tuple[Any, Text]] = [] if key is None else [(key, _KEY_WHY)]
    for candidate in candidates:
        if not (isinstance(candidate, (tuple, list)) and len(candidate) == 3):
            raise VariantError(f"{what}: {spec.distractors} must return (zh, en, value) triples")
        zh, en, value = candidate
        value = _rounded(value, ref.decimals)
        why = Text(f"常见错误：{zh}", f"usual mistake: {en}") if key is not None else Text(f"此选项：{zh}", f"this option: {en}")
        if _finite(value) and all(separated(value, other, ref.decimals) for other, _ in chosen):
            chosen.append((value, why))
        if len(chosen) == spec.options:
            return tuple(chosen)
    raise VariantError(f"{what} is ambiguous: only {len(chosen)} separated options (need {spec.options}"
                       + (f"; key {show(key)})" if key is not None else ")"),
                       hint="add usual mistakes to the distractors function or narrow the parameter values")


def checked_key(quiz: Quiz, question: Question, resolve: Resolver) -> KeyEntry:
    """The key of one built variant: exactly one option (single, by :func:`question_key`) or a
    set that is neither empty nor every option (multi: otherwise nothing is being asked)."""
    entry = question_key(quiz, question, resolve)
    if question.kind == MULTI and not 0 < len(entry.choices) < len(question.options):
        where = f"{quiz.id}: question {question.number} variant ({_describe(dict(question.params))})"
        raise VariantError(f"{where} is ambiguous: {len(entry.choices)} of {len(question.options)} options hold",
                           hint="a multi-select variant needs some true and some false options")
    return entry


def build_variant(question: Question, params: Mapping[str, Any], choices: Choices, order: list[int] | None,
                  labels: str) -> Question:
    """The question with ``params``: its text, reference arguments and options in ``order``."""
    spec, ref = question.variant, question.reference
    assert spec is not None and ref is not None
    order = order or list(range(len(choices)))
    printer = FORMATS[spec.format]
    options = []
    for i, k in enumerate(order):
        value, why = choices[k]
        shown = printer(value, ref.decimals)
        options.append(Option(i + 1, option_label(i + 1, labels), Text(shown, shown), value, None, why, question.line))
    text = Text(render(spec.text.zh, params), render(spec.text.en, params))
    return replace(question, text=text, options=tuple(options), reference=replace(ref, kwargs=tuple(params.items())),
                   params=tuple(params.items()))


class Classroom:
    """Every student's copy of one quiz: draws, options and keys (a few hundred variants, cached).

    >>> # room = Classroom(quiz, secret, resolver); room.key("s001").as_json()
    """

    def __init__(self, quiz: Quiz, secret: Secret, resolve: Resolver) -> None:
        self.quiz = quiz
        self.secret = secret
        self.resolve = memoised(resolve)
        self.base = build_key(quiz, self.resolve)
        """The printed version's key (also checks the static questions once)."""
        self._choices: dict[tuple[int, tuple[tuple[str, Any], ...]], Choices] = {}

    def choices(self, question: Question, params: Mapping[str, Any]) -> Choices:
        token = (question.number, tuple(params.items()))
        if token not in self._choices:
            self._choices[token] = variant_choices(question, params, self.resolve, f"{self.quiz.id}: ")
        return self._choices[token]

    def copy(self, student: str) -> Quiz:
        """Student ``student``'s copy of the quiz: every variant question built with their draw."""
        questions = []
        for q in self.quiz.questions:
            if q.variant is None:
                questions.append(q)
                continue
            params = draw(q, self.secret, self.quiz.id, student)
            order = permutation(q.variant.options, self.secret, self.quiz.id, student, q.number)
            questions.append(build_variant(q, params, self.choices(q, params), order, self.quiz.labels))
        return replace(self.quiz, questions=tuple(questions))

    def key(self, student: str) -> QuizKey:
        """The key of ``student``'s copy: variant keys matched afresh (exactly one option must match)."""
        copy = self.copy(student)
        entries = tuple(self.base.entry(q.number) if not q.params else checked_key(copy, q, self.resolve)
                        for q in copy.questions)
        return QuizKey(copy, entries)


def student_key(quiz: Quiz, secret: Secret, student: str, resolve: Resolver) -> QuizKey:
    """The key of one student's copy (for many students, keep a :class:`Classroom`)."""
    return Classroom(quiz, secret, resolve).key(student)


def variant_label(quiz: Quiz) -> str:
    """What the instructor sees: ``Q4 n_in=7, h1=5, …; Q6 eta=0.4, steps=22`` (empty: no variants)."""
    return "; ".join(f"Q{q.number} {_describe(dict(q.params))}" for q in quiz.questions if q.params)


def check_every_variant(quiz: Quiz, resolve: Resolver, *, limit: int = 5) -> int:
    """Build the key of every parameter combination of every variant question.

    Returns how many variants were checked; raises :class:`VariantError` listing up to
    ``limit`` ambiguous or failing ones.
    """
    problems: list[str] = []
    checked = 0
    for q in quiz.questions:
        if q.variant is None:
            continue
        for params in every_combination(q):
            checked += 1
            try:
                one = build_variant(q, params, variant_choices(q, params, resolve), None, quiz.labels)
                checked_key(quiz, one, resolve)
            except AuthoringError as exc:
                problems.append(exc.one_line())
    if problems:
        more = f" (and {len(problems) - limit} more)" if len(problems) > limit else ""
        raise VariantError(f"{quiz.id}: {len(problems)} of {checked} variants fail: " + "; ".join(problems[:limit]) + more)
    return checked


def variant_count(quiz: Quiz) -> int:
    """Distinct copies of the quiz (product of the questions' spaces, printed versions skipped)."""
    return math.prod(q.variant.size - 1 for q in quiz.questions if q.variant is not None)
