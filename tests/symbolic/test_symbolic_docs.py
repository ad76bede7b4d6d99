"""The runnable examples in the symbolic package's docstrings (ARCHITECTURE.md, Conventions 8) stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "nncourse.symbolic", "nncourse.symbolic.vocabulary", "nncourse.symbolic.parse", "nncourse.symbolic.latex",
    "nncourse.symbolic.srepr", "nncourse.symbolic.answers", "nncourse.symbolic.timeouts",
    "nncourse.symbolic.equivalence", "nncourse.symbolic.mistakes", "solutions.derivations",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_no_sympy_import_outside_the_symbolic_package() -> None:
    import subprocess
    import sys

    code = "import sys, nncourse.cli.equiv, nncourse.errors; print('sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr
