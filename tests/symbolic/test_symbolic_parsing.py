"""Parsing: sympy syntax, LaTeX and srepr give the expressions a mathematician would write."""

from __future__ import annotations

import pytest
import sympy

from nncourse.errors import AnswerError
from nncourse.symbolic import (
    SIGMA,
    from_payload,
    from_srepr,
    latex_to_sympy,
    looks_like_latex,
    parse_answer,
    parse_latex,
    parse_sympy,
    sigma_prime,
)

x, y, z, w, b, n, t, k, i = (sympy.Symbol(s, real=True) for s in "x y z w b n t k i".split())
beta, lamda, pi = sympy.Symbol("beta", real=True), sympy.Symbol("lamda", real=True), sympy.pi
Y, F = sympy.IndexedBase("y"), sympy.IndexedBase("f")


def same(a: sympy.Expr, b: sympy.Expr) -> bool:
    return sympy.simplify(a - b) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1/(1+exp(-x))", 1 / (1 + sympy.exp(-x))),
        ("sigma(z)*(1-sigma(z))", SIGMA(z) * (1 - SIGMA(z))),
        ("sigmoid(z)", SIGMA(z)),
        ("x**2/2", x**2 / 2),
        ("x^2/2", x**2 / 2),
        ("2x", 2 * x),
        ("2(x+1)", 2 * (x + 1)),
        ("sigma(z)(1-sigma(z))", SIGMA(z) * (1 - SIGMA(z))),
        ("(x+1)(x-1)", (x + 1) * (x - 1)),
        ("x y", x * y),
        ("0.1*x", x / 10),
        ("1e-6", sympy.Rational(1, 10**6)),
        ("log(x) + ln(y)", sympy.log(x) + sympy.log(y)),
        ("log(x, 2)", sympy.log(x) / sympy.log(2)),
        ("sqrt(x)", sympy.sqrt(x)),
        ("tanh(x) + sin(x) + cos(x)", sympy.tanh(x) + sympy.sin(x) + sympy.cos(x)),
        ("Abs(x) + abs(y)", sympy.Abs(x) + sympy.Abs(y)),
        ("max(x, 0) + Max(y, 1)", sympy.Max(x, 0) + sympy.Max(y, 1)),
        ("relu(x)", sympy.Max(0, x)),
        ("E + e + pi", 2 * sympy.E + pi),
        ("lambda*w", lamda * w),
        ("Rational(1, 3)", sympy.Rational(1, 3)),
        ("Sum(beta**(t-k), (k, 1, t))", sympy.Sum(beta ** (t - k), (k, 1, t))),
        ("Sum((y_i-f_i)**2, (i, 1, n))", sympy.Sum((Y[i] - F[i]) ** 2, (i, 1, n))),
        ("Sum(y[i], (i, 1, n))", sympy.Sum(Y[i], (i, 1, n))),
        ("diff(x**3, x)", sympy.Derivative(x**3, x)),
        ("Derivative(x**3, x, 2)", sympy.Derivative(x**3, (x, 2))),
        ("diff(x**2*y, x, y)", sympy.Derivative(x**2 * y, x, y)),
        ("f'(x) = x**2", x**2),
        ("σ(z)·(1−σ(z))", SIGMA(z) * (1 - SIGMA(z))),
        ("x²", x**2),
    ],
)
def test_sympy_syntax(text: str, expected: sympy.Expr) -> None:
    assert parse_sympy(text) == expected


def test_declared_symbols_carry_assumptions() -> None:
    xp = sympy.Symbol("x", positive=True)
    assert parse_sympy("sqrt(x**2)", symbols={"x": xp}) == xp
    e = sympy.Symbol("e", real=True)
    assert parse_sympy("2*e", symbols={"e": e}) == 2 * e


def test_sigma_alone_is_a_symbol_and_sigma_called_is_the_sigmoid() -> None:
    s = sympy.Symbol("sigma", real=True)
    assert parse_sympy("sigma**2 + sigma(x)") == s**2 + SIGMA(x)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"\frac{1}{1+e^{-x}}", 1 / (1 + sympy.exp(-x))),
        (r"\sigma(z)(1-\sigma(z))", SIGMA(z) * (1 - SIGMA(z))),
        (r"\sigma\left(z\right)\cdot\left(1-\sigma\left(z\right)\right)", SIGMA(z) * (1 - SIGMA(z))),
        (r"\sigma'(z)", sigma_prime(z)),
        (r"\sigma^{\prime}(z)", sigma_prime(z)),
        (r"\frac12 x^2", x**2 / 2),
        (r"\dfrac{x^{2}}{2}", x**2 / 2),
        (r"x^23", 3 * x**2),
        (r"\log x + \ln(y)", sympy.log(x) + sympy.log(y)),
        (r"\log_2 x", sympy.log(x) / sympy.log(2)),
        (r"\log 2\pi\sigma^2", sympy.log(2 * pi * sympy.Symbol("sigma", real=True) ** 2)),
        (r"\exp\left(-\frac{x^2}{2}\right)", sympy.exp(-(x**2) / 2)),
        (r"\sqrt{x}", sympy.sqrt(x)),
        (r"\sqrt[3]{x}", x ** sympy.Rational(1, 3)),
        (r"w_1 + w_{2} + n_{in} + n_{\text{out}}",
         sum(sympy.Symbol(s, real=True) for s in ("w_1", "w_2", "n_in", "n_out"))),
        (r"\hat{y} + \bar{x}", sympy.Symbol("yhat", real=True) + sympy.Symbol("xbar", real=True)),
        (r"\beta^{t} + \lambda", beta**t + lamda),
        (r"x \cdot y \times 2", 2 * x * y),
        (r"|x| + \left|y\right|", sympy.Abs(x) + sympy.Abs(y)),
        (r"\max(0, x)", sympy.Max(0, x)),
        (r"\max\{0, x\}", sympy.Max(0, x)),
        (r"\operatorname{ReLU}(x)", sympy.Max(0, x)),
        (r"\sum_{i=1}^{n} y_i", sympy.Sum(Y[i], (i, 1, n))),
        (r"\frac{1}{n}\sum_{i=1}^{n}(y_i - f_i)^2 + 1", sympy.Sum((Y[i] - F[i]) ** 2, (i, 1, n)) / n + 1),
        (r"(1-\beta)\sum_{k=1}^{t}\beta^{t-k}", (1 - beta) * sympy.Sum(beta ** (t - k), (k, 1, t))),
        (r"\frac{\partial}{\partial w}\frac{1}{2}(wx-y)^2", sympy.Derivative((w * x - y) ** 2 / 2, w)),
        (r"\frac{\partial^2}{\partial w \partial b} w^2 b", sympy.Derivative(w**2 * b, w, b)),
        (r"\frac{d}{dx} x^3", sympy.Derivative(x**3, x)),
        (r"\frac{d}{2}", sympy.Symbol("d", real=True) / 2),
        (r"L = \frac{1}{2}(a-y)^2", (sympy.Symbol("a", real=True) - y) ** 2 / 2),
        (r"$x^2$", x**2),
        (r"10^{-6}", sympy.Rational(1, 10**6)),
        (r"\infty", sympy.oo),
        (r"2\pi", 2 * pi),
        (r"\tanh(z)", sympy.tanh(z)),
        (r"xy", x * y),
        (r"x(1-x)", x * (1 - x)),
    ],
)
def test_latex(text: str, expected: sympy.Expr) -> None:
    got = parse_latex(text)
    assert got == expected or same(got, expected), latex_to_sympy(text)


@pytest.mark.parametrize("text", [r"\frac{1}{2", r"\sum_i x_i", r"\frac{\partial C}{\partial w}", r"\int x dx",
                                  r"x < y", r"a & b", r"\unknown{x}", r"\hat{xy}", r"x_{+}", ""])
def test_latex_errors_are_one_line(text: str) -> None:
    with pytest.raises(AnswerError) as info:
        parse_latex(text)
    assert "\n" not in info.value.one_line()


def test_auto_detection() -> None:
    assert looks_like_latex(r"\frac{1}{2}") and not looks_like_latex("1/2")
    assert parse_answer(r"\frac{x}{2}") == parse_answer("x/2") == x / 2
    assert parse_answer(3) == 3 and parse_answer(0.5) == sympy.Rational(1, 2)
    assert parse_answer(x**2) == x**2
    with pytest.raises(AnswerError):
        parse_answer("x/2", syntax="maple")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "expr",
    [
        x**2 / 2 + sympy.Rational(1, 3) * y,
        sympy.exp(-z) / (1 + sympy.exp(-z)) ** 2,
        SIGMA(w * x + b) * (1 - SIGMA(w * x + b)),
        sympy.Sum(beta ** (t - k), (k, 1, t)),
        sympy.Sum((Y[i] - F[i]) ** 2, (i, 1, n)) / n,
        sympy.Derivative(SIGMA(z), z),
        sympy.diff(SIGMA(w * x + b), w),
        sympy.log(x) + sympy.sqrt(y) + sympy.Abs(z) + sympy.Max(x, 0) + sympy.tanh(x) - pi + sympy.E,
        sympy.Float(0.25) * x,
        sympy.Symbol("s", positive=True) ** 2,
        sympy.Function("f")(x, y),
        -3 * x ** sympy.Rational(-1, 2),
    ],
)
def test_srepr_round_trip(expr: sympy.Expr) -> None:
    rebuilt = from_srepr(sympy.srepr(expr))
    assert rebuilt == expr or sympy.simplify(rebuilt - expr) == 0
    assert from_payload({"srepr": sympy.srepr(expr), "str": str(expr)}) == rebuilt


def test_payload_falls_back_to_str() -> None:
    assert from_payload({"srepr": "", "str": "x**2"}) == x**2
