"""Checks for derivation answers: equivalence with a reference, three-valued.

A student hands a derivation's result in as a string (sympy syntax or LaTeX) or as a sympy
expression; either crosses the sandbox boundary as text (:class:`~nncourse.execution.codec.SympyText`
for sympy objects) and is rebuilt here by :mod:`nncourse.symbolic`'s safe parser, never ``eval``.

* equivalent → the check passes;
* not equivalent → :class:`~nncourse.checks.CheckFailure`, naming a known mistake when the
  answer matches one, and a point where it differs;
* undecided → :class:`~nncourse.checks.CheckUndecided`: the test scores 0 *for now* and is
  reported for review, never silently marked wrong;
* rejected (unreadable, unsafe, too long) or not a closed form → a failed check with one line.

Each check runs in a symbolic helper process (:mod:`nncourse.symbolic.remote`) limited by
CPU time, so a heavy answer can be stopped (never a thread left computing in the grader) and a
busy machine does not change the verdict. sympy is imported on first use only, so assignments
without derivations never pay for it.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Hashable, Mapping
from typing import Any, Optional

from ..errors import AnswerError
from . import CheckFailure, CheckUndecided

#: Student-facing text for a value that is not an answer yet (the stub's ``...``).
UNANSWERED = "no answer yet: assign a string (sympy syntax or LaTeX) or a sympy expression / 尚未作答：请赋值为字符串（sympy 语法或 LaTeX）或 sympy 表达式"


def _symbolic():
    """:mod:`nncourse.symbolic`, or a failed check that says how to get it."""
    try:
        from .. import symbolic
    except ImportError:
        raise CheckFailure("checking this answer needs sympy: pip install 'nncourse[symbolic]' / "
                           "检查此题需要 sympy：请安装 nncourse[symbolic]") from None
    return symbolic


def as_answer(value: Any, call: str = "") -> Any:
    """The wire value of a student answer, as something :func:`nncourse.symbolic.parse_answer` takes."""
    from ..execution.codec import Opaque, SympyText

    prefix = f"{call}: " if call else ""
    if isinstance(value, SympyText):
        return {"srepr": value.srepr, "str": value.text}
    if value is None or isinstance(value, Opaque):
        raise CheckFailure(prefix + UNANSWERED)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise CheckFailure(prefix + f"an answer of type {type(value).__name__} cannot be graded as an expression / 答案类型无法作为表达式评分")
    if isinstance(value, str) and not value.strip():
        raise CheckFailure(prefix + UNANSWERED)
    return value


def _student_reason(verdict: Any) -> str:
    """Feedback without the reference's value: the mistake, and where the answer differs."""
    parts = []
    if verdict.mistake_feedback:
        parts.append(verdict.mistake_feedback)
    if verdict.counterexample:
        at = ", ".join(f"{name}={value:.6g}" if isinstance(value, float) else f"{name}={value}" for name, value in verdict.counterexample)
        mine = f" (your answer gives {verdict.values[0]:.6g})" if verdict.values else ""
        parts.append(f"differs from the reference at {at}{mine} / 在 {at} 处与参考答案不同")
    elif not verdict.mistake_feedback:
        parts.append(verdict.reason)
    return "; ".join(parts)


def _at_counterexample(verdict: Any) -> str:
    """Instructor text: both values where the answer fails (the student sees only their own)."""
    if not verdict.values:
        return ""
    mine, reference = verdict.values
    return f"\n  at the counterexample: got {mine:.10g}, expected {reference:.10g}"


def _frozen(answer: Any) -> Hashable:
    """A cache key for an answer: text with runs of spaces collapsed, a payload as sorted items."""
    if isinstance(answer, str):
        return " ".join(answer.split())
    if isinstance(answer, Mapping):
        return ("$payload", tuple(sorted(answer.items())))
    return answer


class VerdictCache:
    """Verdicts of decided checks, by answer and question: in a batch many students hand in the
    same text (``p - y``), which is then judged once. A verdict that is undecided only because
    its CPU budget ran out is never stored: the next student's identical answer is judged
    afresh (it may finish), so no student inherits another's timeout. Bounded, thread-safe."""

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._items: dict[Hashable, Any] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            return self._items.get(key)

    def put(self, key: Hashable, verdict: Any) -> None:
        if verdict.timed_out:
            return
        with self._lock:
            if len(self._items) >= self._size:
                self._items.pop(next(iter(self._items)))
            self._items[key] = verdict


_CACHE = VerdictCache()


def prestart_checker() -> None:
    """Start a symbolic helper process now (a suite calls this when it loads), so that sympy's
    import in it overlaps the student's cells instead of delaying the first check."""
    _symbolic()
    from ..symbolic.remote import shared_checker

    shared_checker().prestart()


def _verdict(answer: Hashable, reference: Any, variants: tuple, mode: str, positive: tuple,
             params: Optional[tuple], timeout: float, forbid: tuple) -> Any:
    """:func:`nncourse.symbolic.diagnose` in a helper process that can be killed (never a thread
    of the grader), limited by CPU time; memoised in :data:`_CACHE` except for timeouts."""
    key = (answer, reference, variants, mode, positive, params, timeout, forbid)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    _symbolic()
    from ..symbolic.equivalence import make_options
    from ..symbolic.mistakes import as_variants
    from ..symbolic.remote import shared_checker

    given = dict(answer[1]) if isinstance(answer, tuple) and answer[:1] == ("$payload",) else answer
    named = dict(variants) if variants and isinstance(variants[0], tuple) else list(variants)
    options = make_options(mode=mode, positive=positive, integer=(), params=params, intervals=None, sigma="logistic",
                           syntax="auto", timeout=timeout, seed=0, prove=False, forbid=forbid)
    verdict = shared_checker().check(given, reference, options=options, variants=as_variants(named or None), builtin=True)
    _CACHE.put(key, verdict)
    return verdict


def expect_equivalent(
    answer: Any,
    reference: Any,
    *,
    call: str = "",
    mode: str = "equal",
    positive: Collection[str] = (),
    params: Optional[Collection[str]] = None,
    variants: Any = None,
    timeout: float = 2.0,
    forbid: Collection[str] = (),
) -> None:
    """Pass when ``answer`` is equivalent to ``reference`` in ``mode`` (see :func:`nncourse.symbolic.check_equivalent`).

    ``variants`` are known wrong answers (:class:`nncourse.symbolic.Variant` objects, whose
    feedback the student sees, or a mapping name → expression); built-in mistakes (missing ½,
    sign flip, σ for σ′, sum vs mean, a dropped chain-rule factor) are always tried.
    ``forbid`` names forms the answer may not contain (``derivative``, ``sum``,
    ``sigma_prime``, ``exp``: :mod:`nncourse.symbolic.forms`): a restated question is "not a
    closed form" and fails. Unparsable or rejected answers fail with the parser's one-line
    reason. ``timeout`` is in CPU seconds, in a helper process (:mod:`nncourse.symbolic.remote`).
    """
    __tracebackhide__ = True  # pytest shows the test's line, not this one
    _symbolic()
    prefix = f"{call}: " if call else ""
    known = tuple(variants.items()) if isinstance(variants, Mapping) else tuple(variants or ())
    given = as_answer(answer, call)
    shown = given["str"] if isinstance(given, Mapping) else given  # for the reviewer: what the student wrote
    try:
        verdict = _verdict(_frozen(given), reference, known, mode, tuple(positive),
                           None if params is None else tuple(params), timeout, tuple(sorted(forbid)))
    except AnswerError as exc:
        raise CheckFailure(prefix + exc.one_line()) from None
    if verdict.status == "equivalent":
        return
    if verdict.status == "rejected":
        raise CheckFailure(prefix + verdict.reason)
    if verdict.status == "undecided":
        raise CheckUndecided(
            prefix + "could not be decided automatically; your answer is flagged for review by the teaching staff / "
            "无法自动判定，已提交助教人工复核",
            prefix + f"undecided: answer {str(shown)[:300]!r}; {verdict.reason}",
        )
    raise CheckFailure(prefix + "not equivalent / 不等价: " + _student_reason(verdict),
                       prefix + f"{verdict.reason} (mistake: {verdict.mistake})" + _at_counterexample(verdict),
                       mistakes=(verdict.mistake,) if verdict.mistake else ())


def expect_parses(answer: Any, *, symbols: Optional[Collection[str]] = None, call: str = "") -> None:
    """Pass when ``answer`` parses and uses only the variables ``symbols`` (a format self-check;
    ``symbols=()`` allows none, ``None`` does not check).

    Function names (``sigma``, ``exp``) and bound summation indices are not variables; an
    indexed ``y[i]`` counts as ``y``.
    """
    __tracebackhide__ = True  # pytest shows the test's line, not this one
    parse_answer = _symbolic().parse_answer
    prefix = f"{call}: " if call else ""
    try:
        expr = parse_answer(as_answer(answer, call))
    except AnswerError as exc:
        raise CheckFailure(prefix + exc.one_line()) from None
    used = {s.name for s in expr.free_symbols if not hasattr(s, "base")}  # y[i] counts through its base y
    extra = sorted(used - set(symbols)) if symbols is not None else []
    if extra:
        raise CheckFailure(prefix + f"uses variables the question does not define: {', '.join(extra)} "
                           f"(allowed: {', '.join(sorted(symbols)) or 'none'}) / 使用了题目未定义的变量 {', '.join(extra)}")
