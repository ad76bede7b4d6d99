"""The runnable examples in the engine's docstrings stay true (the symbolic package has its own)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import nncourse

MODULES = sorted(m.name for m in pkgutil.walk_packages(nncourse.__path__, "nncourse.")
                 if not m.name.startswith("nncourse.symbolic"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
