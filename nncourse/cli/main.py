"""``nncourse`` entry point: parse arguments, dispatch, render expected errors once."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from types import ModuleType

from ..errors import NncourseError

#: Sub-command modules under ``nncourse.cli``, in ``--help`` order. A command registers
#: by adding its module name here; nothing else in this file changes.
COMMANDS: tuple[str, ...] = ("list_cmd", "generate", "check", "grade", "review", "quiz", "equiv")


def _load_commands() -> list[ModuleType]:
    return [importlib.import_module(f"{__package__}.{name}") for name in COMMANDS]


def build_parser(commands: list[ModuleType] | None = None) -> argparse.ArgumentParser:
    """The full argument parser (exposed for tests and documentation)."""
    parser = argparse.ArgumentParser(
        prog="nncourse",
        description="Author, self-check and grade the neural-network mathematics course "
        "(神经计算的数学原理 课程作业与测验).",
    )
    parser.add_argument("--course", metavar="DIR", help="course folder (default: found from the working directory)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in commands or _load_commands():
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.configure(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; expected failures print one line and exit 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except NncourseError as exc:
        print(f"nncourse: {exc.one_line()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("nncourse: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def entry() -> None:
    """The ``nncourse`` console script: :func:`main`, then leave without interpreter teardown.

    Every file a command writes is closed and every student process reaped before
    :func:`main` returns, so after flushing the standard streams nothing is left to do but
    finalising modules, which costs ~30 ms with numpy loaded — a sixth of grading one
    submission. Tests call :func:`main` and keep the normal exit.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away (``nncourse list | head``)
        pass
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    entry()
