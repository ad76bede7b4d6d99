"""The recursive-descent grammar behind :mod:`.latex` (one method per construct).

Each method consumes tokens and returns sympy-syntax *text*; nothing is evaluated here.
Precedence, loosest first: ``expr`` (``+ -``) → ``term`` (``\\cdot``, ``/``, implicit
products) → ``factor`` (unary ``-``) → ``power`` (``^``) → ``atom``. A function argument
without brackets (``\\log 2\\pi\\sigma^2``) is a product of atoms; a sum's body or a
derivative operator's operand is the rest of the current term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

from .vocabulary import FUNCTIONS, reject

_GREEK = frozenset({
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "mu", "nu",
    "xi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega", "Delta", "Theta", "Phi", "Omega",
})
_GREEK_ALIASES = MappingProxyType({
    "lambda": "lamda", "varepsilon": "epsilon", "varphi": "phi", "vartheta": "theta",
    "pi": "pi", "infty": "oo", "Sigma": "Sigma", "ell": "l",
})
_FUNCS = MappingProxyType({
    "log": "log", "ln": "log", "exp": "exp", "sin": "sin", "cos": "cos", "tan": "tan", "tanh": "tanh",
    "sinh": "sinh", "cosh": "cosh", "max": "Max", "min": "Min",
})
#: Decorations that become name suffixes (``\hat{y}`` → ``yhat``) or vanish (``\mathbf{x}`` → ``x``).
_ACCENTS = MappingProxyType({
    "hat": "hat", "widehat": "hat", "bar": "bar", "overline": "bar", "tilde": "tilde", "widetilde": "tilde",
    "dot": "dot", "vec": "", "mathbf": "", "boldsymbol": "", "bm": "",
})
_NAMES = frozenset({"text", "mathrm", "operatorname", "textrm", "mathit", "rm"})
#: Spacing and sizing commands, dropped by the tokenizer.
SKIP = frozenset({
    "\\,", "\\;", "\\:", "\\!", "\\ ", "\\quad", "\\qquad", "\\displaystyle", "\\big", "\\Big", "\\bigg",
    "\\Bigg", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr", "\\biggl", "\\biggr", "\\limits", "\\nolimits",
})
#: Opening bracket → closing bracket.
OPEN = MappingProxyType({
    "(": ")", "[": "]", "\\{": "\\}", "\\lbrace": "\\rbrace", "\\lbrack": "\\rbrack", "\\langle": "\\rangle",
})
_TIMES = frozenset({"*", "\\cdot", "\\times", "\\ast"})


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


class Parser:
    """Recursive descent over tokens; every method returns sympy-syntax text."""

    def __init__(self, toks: list[Token]) -> None:
        self.toks = toks
        self.pos = 0
        self.abs_depth = 0

    # -- token helpers ---------------------------------------------------------------------
    def peek(self, ahead: int = 0) -> Token | None:
        i = self.pos + ahead
        return self.toks[i] if i < len(self.toks) else None

    def take(self, expected: str | None = None) -> Token:
        tok = self.peek()
        if tok is None:
            raise reject(f"LaTeX ends early{f' (expected {expected!r})' if expected else ''}")
        if expected is not None and tok.text != expected:
            raise reject(f"expected {expected!r} in LaTeX, found {tok.text!r}")
        self.pos += 1
        return tok

    def at(self, *texts: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.text in texts

    def single(self) -> str:
        """One TeX argument: ``{…}`` or a single character/command (``\\frac12``, ``x^2``)."""
        tok = self.peek()
        if tok is None:
            raise reject("LaTeX ends early (missing argument)")
        if tok.text == "{":
            self.take()
            out = self.expr(stop=("}",))
            self.take("}")
            return f"({out})"
        if tok.kind == "num" and len(tok.text) > 1 and "." not in tok.text:
            self.toks[self.pos] = Token("num", tok.text[1:])
            return tok.text[0]
        return self.atom()

    # -- grammar -----------------------------------------------------------------------------
    def expr(self, stop: tuple[str, ...]) -> str:
        parts: list[str] = []
        if self.at("+", "-"):
            parts.append(self.take().text)
        parts.append(self.term(stop))
        while self.at("+", "-"):
            parts.append(self.take().text)
            parts.append(self.term(stop))
        return "".join(parts)

    def term(self, stop: tuple[str, ...]) -> str:
        out = self.factor()
        while True:
            tok = self.peek()
            if tok is None or tok.text in stop:
                return out
            if tok.text in _TIMES:
                self.take()
                out = f"{out}*{self.factor()}"
            elif tok.text in ("/", "\\div"):
                self.take()
                out = f"({out})/({self.factor()})"
            elif self.starts_atom(tok):
                out = f"{out}*{self.factor()}"
            else:
                return out

    def factor(self) -> str:
        if self.at("-"):
            self.take()
            return f"(-{self.factor()})"
        if self.at("+"):
            self.take()
        return self.power()

    def power(self) -> str:
        base = self.atom()
        if self.at("^"):
            self.take()
            return f"({base})**({self.single()})"
        return base

    def starts_atom(self, tok: Token) -> bool:
        if tok.kind in ("num", "letter"):
            return True
        if tok.text == "|":
            return self.abs_depth == 0
        if tok.kind == "cmd":
            return tok.text not in _TIMES and tok.text not in ("\\div", "\\right", "\\}", "\\rbrace", "\\rbrack",
                                                                 "\\rangle", "\\rvert", "\\partial")
        return tok.text in ("(", "[", "{")

    def atom(self) -> str:
        tok = self.take()
        if tok.kind == "num":
            return tok.text
        if tok.kind == "letter":
            return self.letters(tok.text)
        if tok.text in OPEN:
            out = self.expr(stop=(OPEN[tok.text],))
            self.take(OPEN[tok.text])
            return f"({out})"
        if tok.text == "{":
            out = self.expr(stop=("}",))
            self.take("}")
            return f"({out})"
        if tok.text in ("|", "\\lvert", "\\vert"):
            close = "\\rvert" if tok.text == "\\lvert" else tok.text
            self.abs_depth += 1
            out = self.expr(stop=(close,))
            self.abs_depth -= 1
            self.take(close)
            return f"Abs({out})"
        if tok.kind == "cmd":
            return self.command(tok.text[1:])
        raise reject(f"unexpected {tok.text!r} in LaTeX")

    def letters(self, first: str) -> str:
        """A letter, or a bare function name spelled in letters (``log(x)``, ``exp(x)``)."""
        run = first
        while self.peek(len(run) - 1) is not None:
            nxt = self.peek(len(run) - 1)
            if nxt is None or nxt.kind != "letter":
                break
            run += nxt.text
        for length in range(len(run), 1, -1):
            name = run[:length]
            after = self.peek(length - 1)
            if (name in _FUNCS or name in FUNCTIONS) and after is not None and after.text in ("(", "\\left"):
                self.pos += length - 1
                return self.call(_FUNCS.get(name, name))
        return self.subscripted(first)

    def subscripted(self, name: str) -> str:
        if self.at("_"):
            self.take()
            name = f"{name}_{self.subscript()}"
        return name

    def subscript(self) -> str:
        tok = self.take()
        if tok.kind in ("num", "letter"):
            return tok.text[0] if tok.kind == "num" else tok.text
        if tok.kind == "cmd":
            return self.word(tok.text[1:])
        if tok.text != "{":
            raise reject(f"unexpected {tok.text!r} in a subscript")
        parts: list[str] = []
        while not self.at("}"):
            inner = self.take()
            if inner.kind in ("num", "letter"):
                parts.append(inner.text)
            elif inner.kind == "cmd":
                parts.append(self.word(inner.text[1:]))
            elif inner.text != ",":
                raise reject("subscripts may only contain letters and digits", hint="write w_{1} or n_{in}")
        self.take("}")
        if not parts:
            raise reject("empty subscript")
        return "".join(parts)

    def word(self, cmd: str) -> str:
        """A command read as a name: Greek letters, ``\\text{in}``."""
        if cmd in _NAMES:
            return self.braced_word()
        if cmd in _GREEK or cmd in _GREEK_ALIASES:
            return _GREEK_ALIASES.get(cmd, cmd)
        raise reject(f"\\{cmd} cannot be used in a name")

    def braced_word(self) -> str:
        self.take("{")
        chars: list[str] = []
        while not self.at("}"):
            tok = self.take()
            if tok.kind not in ("letter", "num") and tok.text != "_":
                raise reject("\\text{…} may only contain letters and digits")
            chars.append(tok.text)
        self.take("}")
        return "".join(chars)

    def command(self, cmd: str) -> str:
        if cmd in ("frac", "dfrac", "tfrac", "cfrac"):
            return self.fraction()
        if cmd == "sqrt":
            if self.at("["):
                self.take()
                index = self.expr(stop=("]",))
                self.take("]")
                return f"(({self.single()})**(1/({index})))"
            return f"sqrt({self.single()})"
        if cmd in ("sum", "Sigma") and (cmd == "sum" or self.at("_")):
            return self.summation()
        if cmd in _ACCENTS:
            inner = self.single().strip("()")
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", inner):
                raise reject(f"\\{cmd}{{…}} must decorate a single letter")
            return self.subscripted(inner + _ACCENTS[cmd])
        if cmd in _NAMES:
            name = self.braced_word()
            if name in FUNCTIONS and self.at("(", "\\left"):
                return self.call(name)
            if name == "d":
                raise reject("a lone 'd' must be part of \\frac{d}{dx}")
            return self.subscripted(name if name != "e" else "e")
        if cmd == "sigma" and self.at("'", "^") and self._is_prime():
            return self.call("sigma_prime")
        if cmd in _FUNCS or cmd == "sigma" and self.at("(", "\\left"):
            return self.function(_FUNCS.get(cmd, "sigma"))
        if cmd in _GREEK or cmd in _GREEK_ALIASES:
            return self.subscripted(_GREEK_ALIASES.get(cmd, cmd))
        if cmd in ("partial", "nabla", "int", "prod", "lim"):
            raise reject(f"\\{cmd} is not supported here",
                         hint="derivatives are written \\frac{\\partial}{\\partial w}(…)")
        raise reject(f"unknown LaTeX command \\{cmd}")

    def _is_prime(self) -> bool:
        if self.at("'"):
            self.take()
            return True
        nxt = self.peek(1)
        if nxt is not None and nxt.text == "\\prime":
            self.pos += 2
            return True
        if nxt is not None and nxt.text == "{" and self.peek(2) is not None and self.peek(2).text == "\\prime":
            self.take("^")
            self.take("{")
            self.take("\\prime")
            self.take("}")
            return True
        return False

    def function(self, name: str) -> str:
        if name == "log" and self.at("_"):
            self.take()
            base = self.single()
            return f"log({self.argument()},{base})"
        if self.at("(", "[", "\\{", "\\lbrace"):
            return self.call(name)
        if name in ("Max", "Min"):
            raise reject(f"write \\{name.lower()}(a, b) with parentheses")
        return f"{name}({self.argument()})"

    def argument(self) -> str:
        """A function argument without brackets: a product of atoms (``\\log 2\\pi\\sigma^2``)."""
        if self.at("(", "[", "\\{", "\\lbrace", "{"):
            return self.power()
        out = self.power()
        while (tok := self.peek()) is not None and tok.kind in ("num", "letter") or (
            tok is not None and tok.kind == "cmd" and tok.text[1:] in _GREEK | frozenset(_GREEK_ALIASES)
        ):
            out = f"{out}*{self.power()}"
        return out

    def call(self, name: str) -> str:
        open_tok = self.take()
        close = OPEN.get(open_tok.text)
        if close is None:
            raise reject(f"expected '(' after {name}")
        args = [self.expr(stop=(",", close))]
        while self.at(","):
            self.take()
            args.append(self.expr(stop=(",", close)))
        self.take(close)
        return f"{name}({','.join(args)})"

    def summation(self) -> str:
        lower = upper = index = None
        while self.at("_", "^"):
            if self.take().text == "_":
                self.take("{")
                index = self.subscripted(self.take().text) if self.peek() and self.peek().kind == "letter" else None
                if index is None or not self.at("="):
                    raise reject("write sums as \\sum_{i=1}^{n} …")
                self.take("=")
                lower = self.expr(stop=("}",))
                self.take("}")
            else:
                upper = self.single()
        if index is None or upper is None:
            raise reject("a sum needs limits: \\sum_{i=1}^{n} …")
        body = self.term(stop=())
        return f"Sum({body},({index},{lower},{upper}))"

    def fraction(self) -> str:
        start = self.pos
        derivative = self.derivative_operator()
        if derivative is not None:
            return derivative
        self.pos = start
        num = self.single()
        den = self.single()
        return f"(({num})/({den}))"

    def derivative_operator(self) -> str | None:
        """``\\frac{\\partial^k}{\\partial a \\partial b}`` applied to the following term."""
        if not self.at("{"):
            return None
        self.take()
        if not self.at("\\partial", "d"):
            return None
        self.take()
        if self.at("^"):
            self.take()
            self.single()
        if not self.at("}"):
            return None
        self.take("}")
        self.take("{")
        variables: list[str] = []
        while not self.at("}"):
            if self.take().text not in ("\\partial", "d"):
                return None  # an ordinary fraction such as \frac{d}{2}
            var_tok = self.take()
            var = self.word(var_tok.text[1:]) if var_tok.kind == "cmd" else var_tok.text
            var = self.subscripted(var)
            order = "1"
            if self.at("^"):
                self.take()
                order = self.single().strip("()")
            variables.append(f"({var},{order})")
        self.take("}")
        if not variables:
            raise reject("a derivative needs a variable")
        operand = self.term(stop=())
        return f"Derivative({operand},{','.join(variables)})"
