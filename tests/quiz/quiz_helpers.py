"""Helpers for the quiz tests: throw-away courses with their own quizzes and references.

Not a conftest.py on purpose: tests/conftest.py is imported as ``conftest`` and other suites
import names from it, so a second conftest module would shadow it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``nncourse …`` in a fresh interpreter, as a user runs it (``env``: instead of this one's)."""
    return subprocess.run([sys.executable, "-m", "nncourse.cli.main", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300, env=env)


def quiz_text(ident: str, body: str, *, labels: str = "letters", policy: str = "all-or-nothing") -> str:
    """A quiz file: the standard header followed by ``body`` (dedented)."""
    head = f'id = "{ident}"\ntitle_zh = "小测验"\ntitle_en = "Small quiz"\nlabels = "{labels}"\npolicy = "{policy}"\n\n'
    return head + textwrap.dedent(body).lstrip("\n")


def single(number: int, key: str, options: list[str]) -> str:
    """A single-choice question with a computed key and numeric option values."""
    out = [f'[[questions]]\nnumber = {number}\nkind = "single"\ntext_zh = "问题"\ntext_en = "Question"\nkey = {key}\n']
    out += [f'[[questions.options]]\ntext = "{v}"\nvalue = {v}\n' for v in options]
    return "\n".join(out)


@pytest.fixture
def make_course(tmp_path: Path) -> Callable[..., Path]:
    """Build a course folder: ``make_course(quizzes={"q": text}, solutions={"ref": source})``."""

    def build(quizzes: dict[str, str], solutions: dict[str, str] | None = None) -> Path:
        root = tmp_path / "course"
        (root / "assignments" / "quizzes").mkdir(parents=True, exist_ok=True)
        (root / "solutions").mkdir(exist_ok=True)
        (root / "pyproject.toml").write_text('[tool.nncourse]\nassignments = "assignments"\n', "utf-8")
        for name, text in quizzes.items():
            (root / "assignments" / "quizzes" / f"{name}.toml").write_text(text, "utf-8")
        for name, source in (solutions or {}).items():
            (root / "solutions" / f"{name}.py").write_text(textwrap.dedent(source), "utf-8")
        return root

    return build
