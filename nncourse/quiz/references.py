"""Resolve ``"solutions.<module>:<function>"`` to a function of the course's solutions folder.

The solutions folder is imported by path (it need not be on ``sys.path``) as a package,
so that its modules can import each other with relative imports. When a package called
``solutions`` from the same folder is already imported it is reused; otherwise the folder
is imported under a private name derived from its path, so that neither another course's
folder nor a later plain ``import solutions`` is shadowed.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import re
import sys
import types
from pathlib import Path
from typing import Any, Callable

from ..errors import AuthoringError

#: A resolver turns a ``from = "solutions.x:f"`` target into the function it names.
Resolver = Callable[[str], Callable[..., Any]]


def _package(folder: Path) -> str:
    """Import ``folder`` as a package and return its module name."""
    folder = folder.resolve()
    existing = sys.modules.get("solutions")
    if existing is not None and [str(Path(p).resolve()) for p in getattr(existing, "__path__", [])] == [str(folder)]:
        return "solutions"
    name = "_nncourse_solutions_" + hashlib.sha1(str(folder).encode()).hexdigest()[:10]
    if name in sys.modules:
        return name
    init = folder / "__init__.py"
    if init.is_file():
        spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(folder)])
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
    else:  # a folder without __init__.py behaves like a namespace package
        module = types.ModuleType(name)
        module.__path__ = [str(folder)]
        sys.modules[name] = module
    return name


def folder_resolver(solutions: Path) -> Resolver:
    """A resolver for reference functions in the folder ``solutions``."""

    def resolve(target: str) -> Callable[..., Any]:
        dotted, _, func_name = target.partition(":")
        parts = dotted.split(".")
        if parts[0] != "solutions" or len(parts) < 2 or not func_name:
            raise AuthoringError(f"reference {target!r} must look like 'solutions.<module>:<function>'")
        if not solutions.is_dir():
            raise AuthoringError(f"reference {target!r}: the course has no solutions folder at {solutions}")
        try:
            package = _package(solutions)
            module = importlib.import_module(".".join([package, *parts[1:]]))
        except ImportError as exc:
            missing = exc.name if isinstance(exc, ModuleNotFoundError) else str(exc).split(" from ")[0].removeprefix("cannot import name ")
            missing = re.sub(r"_nncourse_solutions_[0-9a-f]+", "solutions", str(missing))
            raise AuthoringError(f"reference {target!r}: cannot import {missing} from {solutions}",
                                 hint="is the reference module written yet?") from None
        except Exception as exc:  # a broken reference module must not crash the CLI
            detail = re.sub(r"_nncourse_solutions_[0-9a-f]+", "solutions", f"{type(exc).__name__}: {exc}")
            raise AuthoringError(f"reference {target!r}: importing it failed: {detail}") from None
        func = getattr(module, func_name, None)
        if not callable(func):
            raise AuthoringError(f"reference {target!r}: {dotted} has no function {func_name!r}")
        return func

    return resolve
