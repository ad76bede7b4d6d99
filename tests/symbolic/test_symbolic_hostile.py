"""Hostile answers are rejected with one line, quickly, and never execute anything."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from nncourse.errors import AnswerError
from nncourse.symbolic import check_equivalent, from_payload, from_srepr, parse_answer, parse_latex, parse_sympy

#: Each must be rejected within this many seconds.
LIMIT_SECONDS = 2.0


def _code_attempts(marker: Path) -> list[str]:
    m = str(marker)
    return [
        f"__import__('os').system('touch {m}')",
        f"__import__('subprocess').call(['touch', '{m}'])",
        "().__class__.__mro__[1].__subclasses__()",
        "().__class__.__bases__[0].__subclasses__()[0]",
        f"open('{m}', 'w').write('x')",
        f"exec(\"open('{m}','w')\")",
        f"eval(\"open('{m}','w')\")",
        f"(lambda: open('{m}', 'w'))()",
        "lambda x: x",
        f"[open('{m}','w') for _ in range(1)]",
        "x.__class__",
        "x.evalf()",
        "sigma.__globals__",
        "__builtins__",
        "globals()",
        "getattr(x, 'evalf')",
        "Symbol('x')",
        "sympify('x')",
        f"(x := open('{m}','w'))",
        "f'{x}'",
        "'abc'",
        "x if x else y",
        "x[0:2]",
        "x == y",
        "x; y",
        "import os",
        "\x00",
        "x # comment",
    ]


HUGE = [
    "9**9**9**9",
    "2**2**2**2**2",
    "10**(10**10)",
    "(10**30)**100",
    "x**100000",
    "2**-1000",
    "99999999999999999999999999999999999999",
    "1e400",
    "Sum(x, (i, 1, 10**9))",
    "diff(x**2, x, 50)",
    "(" * 100 + "x" + ")" * 100,
    "-" * 1500 + "x",
    "x" + "**x" * 600,
    "x+" * 1200 + "x",
]

HOSTILE_LATEX = [
    r"\input{/etc/passwd}",
    r"\immediate\write18{touch /tmp/nncourse-latex-marker}",
    r"9^{9^{9^{9}}}",
    r"\frac{1}{0}",
    r"x^{\__class__}",
    r"\def\x{y}",
]

HOSTILE_SREPR = [
    "__import__('os').system('true')",
    "Symbol('x').__class__",
    "Add(Symbol('x'), eval('1'))",
    "Function('f').__call__",
    "Symbol('__class__')",
    "Symbol('x', evaluate=__import__('os'))",
    "Pow(Integer(9), Pow(Integer(9), Pow(Integer(9), Integer(9))))",
    "Integer(10**100)",
    "Lambda(Symbol('x'), Symbol('x'))",
    "Add(*[Symbol('x')])",
    "Integral(Symbol('x'), Symbol('x'))",
    "Symbol('x', positive='yes')",
]


def _rejected_fast(fn, text: str) -> AnswerError:  # type: ignore[no-untyped-def]
    start = time.process_time()
    with pytest.raises(AnswerError) as info:
        fn(text)
    assert time.process_time() - start < LIMIT_SECONDS, text
    message = info.value.one_line()
    assert "\n" not in message and message
    return info.value


def test_code_execution_attempts_are_rejected_and_do_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    for text in _code_attempts(marker):
        _rejected_fast(parse_sympy, text)
        verdict = check_equivalent(text, "x")  # a student's answer: a verdict, never an exception
        assert verdict.status == "rejected" and verdict.equivalent is False and "\n" not in verdict.reason
        with pytest.raises(AnswerError):  # an invalid reference is the caller's bug
            check_equivalent("x", text)
    assert not marker.exists()


def test_messages_name_the_construct() -> None:
    assert "attribute" in _rejected_fast(parse_sympy, "x.__class__").one_line()
    assert "comprehension" in _rejected_fast(parse_sympy, "[x for x in y]").one_line()
    assert "string" in _rejected_fast(parse_sympy, "'abc'").one_line()
    assert "exponent" in _rejected_fast(parse_sympy, "9**9**9**9").one_line()
    assert "unknown function" in _rejected_fast(parse_sympy, "open(x)").one_line()


@pytest.mark.parametrize("text", HUGE)
def test_resource_bombs_are_rejected_quickly(text: str) -> None:
    _rejected_fast(parse_sympy, text)


@pytest.mark.parametrize("text", HOSTILE_LATEX)
def test_hostile_latex_is_rejected(text: str) -> None:
    _rejected_fast(parse_latex, text)
    assert not Path("/tmp/nncourse-latex-marker").exists()


@pytest.mark.parametrize("text", HOSTILE_SREPR)
def test_hostile_srepr_is_rejected(text: str) -> None:
    _rejected_fast(from_srepr, text)


def test_payload_with_hostile_fields_is_rejected(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    with pytest.raises(AnswerError):
        from_payload({"srepr": f"__import__('os').system('touch {marker}')", "str": "x"})
    with pytest.raises(AnswerError):
        from_payload({"str": f"__import__('os').system('touch {marker}')"})
    with pytest.raises(AnswerError):
        parse_answer({"neither": "x"})
    assert not marker.exists()


def test_non_string_answers_are_rejected() -> None:
    for value in (None, [1, 2], b"x", True, object()):
        with pytest.raises(AnswerError):
            parse_answer(value)  # type: ignore[arg-type]


def test_huge_but_legal_expression_does_not_hang() -> None:
    start = time.process_time()
    verdict = check_equivalent("(x+y+z+1)**100", "(x+y+z+1)**100 + 1", timeout=0.5)
    assert verdict.status in ("not_equivalent", "undecided")
    assert time.process_time() - start < 5.0
