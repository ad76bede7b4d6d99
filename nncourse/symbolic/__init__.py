"""Safe symbolic answers: parse student input without ``eval``, judge it three-valued.

Public API::

    check_equivalent(student, reference, *, mode="equal", positive=(), integer=(), params=None,
                     intervals=None, sigma="logistic", syntax="auto", timeout=2.0, seed=0,
                     prove=False, forbid=()) -> Verdict   # equivalent / not_equivalent / undecided / rejected
    diagnose(student, reference, variants=None, *, builtin=True, **same options) -> Verdict
    parse_answer(answer, *, syntax="auto", symbols=None) -> sympy.Expr
    parse_sympy(text) / parse_latex(text) / latex_to_sympy(text) / from_srepr(text) / from_payload(dict)

A student answer always gets a :class:`Verdict` (``rejected`` when it cannot be read); only
an invalid reference or option raises. Time limits count CPU seconds; outside a main thread
(and always in the grader) a check runs in a helper process that can be killed.

Modules: :mod:`.parse` (sympy syntax, ``ast`` walking), :mod:`.latex` (LaTeX → sympy syntax),
:mod:`.srepr` (sandbox payloads), :mod:`.vocabulary` (allowed names and size limits),
:mod:`.sampling` / :mod:`.numeric` (probing), :mod:`.refine` (domains, sub-float
differences), :mod:`.forms` (a restated question is not a result), :mod:`.proof` (symbolic,
under :mod:`.timeouts`), :mod:`.problem` / :mod:`.equivalence` / :mod:`.verdict` (verdicts),
:mod:`.mistakes` (named mistakes), :mod:`.api` (the entry points), :mod:`.remote` / :mod:`.helper` / :mod:`.frames` (the
helper processes).

This package imports sympy; nothing else in ``nncourse`` may import it at module level.

    >>> check_equivalent(r"\\sigma(z)(1-\\sigma(z))", "exp(-z)/(1+exp(-z))**2").label
    'equivalent'
"""

from .answers import Answer, looks_like_latex, parse_answer
from .api import check_equivalent, diagnose
from .equivalence import MODES, Verdict
from .latex import latex_to_sympy, parse_latex
from .mistakes import BUILTIN_VARIANTS, Variant, builtin_variants
from .parse import parse_sympy
from .srepr import from_payload, from_srepr
from .vocabulary import SIGMA, logistic, sigma_prime

__all__ = [
    "Answer", "BUILTIN_VARIANTS", "MODES", "SIGMA", "Variant", "Verdict", "builtin_variants",
    "check_equivalent", "diagnose", "from_payload", "from_srepr", "latex_to_sympy", "logistic",
    "looks_like_latex", "parse_answer", "parse_latex", "parse_sympy", "sigma_prime",
]
