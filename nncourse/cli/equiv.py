"""``nncourse equiv A B``: are two expressions equivalent? Last line: the verdict.

Prints a one-line bilingual reason, then exactly one of ``equivalent``, ``not equivalent``
or ``undecided``. Exit status: 0 equivalent, 1 not equivalent, 3 undecided, 2 when an
answer cannot be parsed or is rejected as unsafe (one line on stderr, no traceback).
Answers may start with a minus sign (``nncourse equiv A '-exp(b)/(1+exp(b))'``): a word
that starts with ``-`` and is not one of the options below is an answer. The time limit
counts CPU seconds, so a busy machine does not turn a verdict into "undecided".

    $ nncourse equiv 'sigma(z)*(1-sigma(z))' 'exp(-z)/(1+exp(-z))**2'
    等价：… / equivalent: …
    equivalent
"""

from __future__ import annotations

import argparse
import re
from types import MappingProxyType

from ..errors import AnswerError

HELP = "check whether two symbolic answers are equivalent (sympy syntax or LaTeX)"

_MODES = ("equal", "up_to_constant", "up_to_affine", "same_argmin")
_EXIT = MappingProxyType({"equivalent": 0, "not_equivalent": 1, "undecided": 3})


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.split(",") if n.strip()]


#: argparse reads a word starting with "-" as an option unless it "looks like a negative
#: number"; here every such word that is not an option (``-exp(b)``, ``-x**2``) is an answer.
_ANSWER_WITH_MINUS = re.compile(r"^-(?!-)")


def configure(parser: argparse.ArgumentParser) -> None:
    parser._negative_number_matcher = _ANSWER_WITH_MINUS  # see _ANSWER_WITH_MINUS
    parser.add_argument("student", metavar="A", help="the answer to check (sympy syntax or LaTeX)")
    parser.add_argument("reference", metavar="B", help="the reference answer")
    parser.add_argument("--mode", choices=_MODES, default="equal",
                        help="equal (default), up_to_constant, up_to_affine or same_argmin")
    parser.add_argument("--positive", type=_names, default=[], metavar="X,Y", help="variables known to be > 0")
    parser.add_argument("--integer", type=_names, default=[], metavar="N,T", help="variables known to be integers")
    parser.add_argument("--params", type=_names, default=None, metavar="W,B",
                        help="the optimised variables (for the non-equal modes; default: all)")
    parser.add_argument("--sigma", choices=("logistic", "opaque"), default="logistic",
                        help="treat sigma(z) as the logistic function (default) or as any function")
    parser.add_argument("--syntax", choices=("auto", "sympy", "latex"), default="auto")
    parser.add_argument("--timeout", type=float, default=2.0, metavar="SECONDS",
                        help="CPU-time limit of the symbolic step (default 2)")
    parser.add_argument("--no-diagnose", action="store_true", help="do not try to name the mistake")


def run(args: argparse.Namespace) -> int:
    from ..symbolic import check_equivalent, diagnose

    options = dict(mode=args.mode, positive=args.positive, integer=args.integer, params=args.params,
                   sigma=args.sigma, syntax=args.syntax, timeout=args.timeout)
    if args.no_diagnose:
        verdict = check_equivalent(args.student, args.reference, **options)
    else:
        verdict = diagnose(args.student, args.reference, **options)
    if verdict.status == "rejected":
        raise AnswerError(verdict.reason)
    if verdict.mistake:
        print(f"mistake: {verdict.mistake}")
    print(verdict.reason)
    print(verdict.label)
    return _EXIT[verdict.status]
