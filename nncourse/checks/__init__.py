"""What hidden test suites use: assertions that explain themselves, and test metadata.

A hidden suite is a folder of pytest-style modules (``test_*.py``). Test functions ask for
fixtures by parameter name:

``student``    proxy to the submission: ``student.fit_linear(X, y)`` runs in the sandbox
``reference``  the assignment's reference module from ``solutions/``
``rng``        a ``numpy.random.Generator`` seeded from the test's name
``data``       the assignment's data folder (``pathlib.Path``)
``case``       one item of ``@cases(...)``

A module-level ``QUESTION = "name"`` (or ``@question("name")`` per test) says which question
a test belongs to. The suites are plain pytest-style modules (no pytest import needed) and
run under nncourse's own runner (:mod:`.runner`), which keeps pytest's ~0.25 s import and
collection out of every grade.

>>> @cases(1, 2, ids=["one", "two"])
... def test_x(case): ...
>>> test_x.nncourse_cases
((1, 'one'), (2, 'two'))
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterable, Iterator, Mapping, TypeVar

from .numeric import ATOL, RTOL, Comparison, compare

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["CheckFailure", "CheckUndecided", "expect_close", "expect_equal", "expect_true", "expect_raises", "expect_answer", "answer_key", "spelled", "cases", "question", "points", "compare", "RTOL", "ATOL"]


class CheckFailure(AssertionError):
    """A failed check with a student-safe and an instructor explanation."""

    def __init__(self, student: str, instructor: str | None = None, *, mistakes: tuple[str, ...] = ()) -> None:
        super().__init__(instructor or student)
        self.student = student
        self.instructor = instructor or student
        self.mistakes = tuple(mistakes)
        """Names of the usual mistakes the answer matched (for the class report)."""


class CheckUndecided(CheckFailure):
    """The grader cannot decide (e.g. symbolic equivalence undecided): 0 points for now, flagged for review."""


def _prefix(call: str) -> str:
    return f"{call}: " if call else ""


def expect_close(
    got: Any,
    expected: Any,
    *,
    call: str = "",
    rtol: float = RTOL,
    atol: float = ATOL,
    mistakes: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None,
    hint: str = "",
) -> None:
    """Fail unless ``got`` ≈ ``expected`` element-wise (see :func:`compare`).

    ``call`` names what was computed, e.g. ``"fit_linear(X, y) on the commute data"``;
    ``mistakes`` maps usual errors to the values they produce (or is a function returning that
    mapping, called only on failure, when the values are costly); ``hint`` is added on failure.
    """
    __tracebackhide__ = True  # pytest shows the test's line, not this one
    result: Comparison = compare(got, expected, rtol=rtol, atol=atol, mistakes=mistakes)
    if not result.ok:
        tail = f"\n  hint / 提示: {hint}" if hint and not result.mistakes else ""
        raise CheckFailure(_prefix(call) + result.student + tail, _prefix(call) + result.instructor + tail, mistakes=result.mistakes)


def expect_answer(got: Any, expected: Any, *, call: str, mistakes: Mapping[str, Any] | None = None) -> None:
    """Like :func:`expect_close`, but a wrong value shows no differences: for answer keys
    (e.g. a textbook exercise also asked in a quiz), where "your value, off by δ" would give
    the key away. Shape and type problems and the listed mistakes are still named.
    """
    __tracebackhide__ = True  # pytest shows the test's line, not this one
    result = compare(got, expected, rtol=0, atol=1e-9, mistakes=mistakes)
    if result.ok:
        return
    values_differ = result.max_abs > 0 or result.max_rel > 0
    shown = "your answer is not correct / 答案不正确" if values_differ else result.student.splitlines()[0]
    named = "".join(f"\n  likely mistake / 常见错误: {m}" for m in result.mistakes)
    raise CheckFailure(f"{call}: {shown}{named}", f"{call}: {result.instructor}", mistakes=result.mistakes)


@contextlib.contextmanager
def answer_key(call: str) -> Iterator[None]:
    """Checks inside this block tell the student only that the answer is wrong.

    For cases that are also quiz items (a network the notebook's question asks about, a
    textbook exercise): "the layer-2 problem is missing" or "number of problems: yours 0"
    would be a verdict on the quiz question. The instructor text and the named mistakes are
    kept for the report.

    >>> with answer_key("q"):
    ...     expect_equal(0, 1, call="count")
    Traceback (most recent call last):
    nncourse.checks.CheckFailure: count: got 0, expected 1
    """
    __tracebackhide__ = True  # pytest shows the test's line, not this one
    try:
        yield
    except CheckUndecided:
        raise
    except CheckFailure as exc:
        raise CheckFailure(f"{call}: your answer is not correct / 答案不正确", exc.instructor, mistakes=exc.mistakes) from None


def spelled(name: str, args: tuple[Any, ...]) -> str:
    """``name(a, b)`` as a student would write the call, for ``call=`` texts.

    >>> spelled("conv_output_size", (32, 5))
    'conv_output_size(32, 5)'
    """
    return f"{name}({', '.join(map(repr, args))})"


def expect_equal(got: Any, expected: Any, *, call: str = "", hint: str = "") -> None:
    """Fail unless ``got == expected`` exactly (for integers, shapes, labels)."""
    __tracebackhide__ = True  # pytest shows the test's line, not this one
    try:
        same = bool(got == expected) and type(got) is not type(NotImplemented)
    except Exception:
        same = False
    if not same:
        tail = f"\n  hint / 提示: {hint}" if hint else ""
        raise CheckFailure(
            f"{_prefix(call)}your answer `{got!r:.200}` is not correct / 答案不正确{tail}",
            f"{_prefix(call)}got {got!r:.200}, expected {expected!r:.200}{tail}",
        )


def expect_true(condition: bool, message: str) -> None:
    """Fail with ``message`` (student-visible) unless ``condition`` holds."""
    __tracebackhide__ = True  # pytest shows the test's line, not this one
    if not condition:
        raise CheckFailure(message)


def expect_raises(expected: type[BaseException] | str, run: Callable[[], Any], *, call: str = "", why: str = "") -> None:
    """Fail unless ``run()`` (a call into student code) raises ``expected``.

    Student exceptions cross the sandbox boundary as type names, so ``expected`` is matched by
    name (``ValueError`` or ``"ValueError"``). A missing function still reports as missing.

    >>> expect_raises(ValueError, lambda: None, call="f(-1)", why="negative sizes")
    Traceback (most recent call last):
    nncourse.checks.CheckFailure: f(-1): should raise ValueError (negative sizes); yours: no exception / 应抛出 ValueError
    """
    __tracebackhide__ = True  # pytest shows the test's line, not this one
    from ..execution.runtime import MissingName, StudentCodeError

    name = expected if isinstance(expected, str) else expected.__name__
    try:
        run()
    except MissingName:
        raise
    except StudentCodeError as exc:
        got = exc.type
    else:
        got = "no exception"
    if got != name:
        because = f" ({why})" if why else ""
        raise CheckFailure(f"{_prefix(call)}should raise {name}{because}; yours: {got} / 应抛出 {name}")


def cases(*items: Any, ids: Iterable[str] | None = None) -> Callable[[F], F]:
    """Run the decorated test once per item, passing it as the ``case`` argument."""
    names = list(ids) if ids is not None else [str(i) for i in range(len(items))]
    if len(names) != len(items):
        raise ValueError("cases(): ids and items differ in length")

    def mark(func: F) -> F:
        func.nncourse_cases = tuple(zip(items, names))  # type: ignore[attr-defined]
        return func

    return mark


def question(name: str) -> Callable[[F], F]:
    """Assign the decorated test to question ``name`` (overrides the module's QUESTION)."""

    def mark(func: F) -> F:
        func.nncourse_question = name  # type: ignore[attr-defined]
        return func

    return mark


def points(weight: float) -> Callable[[F], F]:
    """Give the decorated test ``weight`` shares of its question's points (default 1)."""

    def mark(func: F) -> F:
        func.nncourse_weight = float(weight)  # type: ignore[attr-defined]
        return func

    return mark
