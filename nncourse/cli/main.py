"""``nncourse`` entry point: parse arguments, dispatch, render expected errors once."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from types import ModuleType

from ..errors import NncourseError

#: Sub-command name → its module under ``nncourse.cli``, in ``--help`` order. A command
#: registers by adding itself here; nothing else in this file changes.
COMMANDS: dict[str, str] = {
    "list": "list_cmd", "generate": "generate", "check": "check", "grade": "grade",
    "review": "review", "report": "report", "quiz": "quiz", "equiv": "equiv", "similarity": "similarity",
    "export": "export", "ci": "ci",
}


def _load_commands(names: list[str] | None = None) -> list[tuple[str, ModuleType]]:
    return [(name, importlib.import_module(f"{__package__}.{COMMANDS[name]}")) for name in names or COMMANDS]


def _named_command(argv: list[str]) -> list[str] | None:
    """The one command ``argv`` names, when it plainly names one (then only its module loads:
    ``nncourse grade`` starts students' processes sooner); None means the full parser."""
    words = iter(argv)
    for word in words:
        if word == "--course":
            next(words, None)
        elif word.startswith("-"):
            return None
        else:
            return [word] if word in COMMANDS else None
    return None


def build_parser(commands: list[tuple[str, ModuleType]] | None = None) -> argparse.ArgumentParser:
    """The argument parser, with every command unless ``commands`` (exposed for tests and documentation)."""
    parser = argparse.ArgumentParser(
        prog="nncourse",
        description="Author, self-check and grade the neural-network mathematics course "
        "(神经计算的数学原理 课程作业与测验).",
    )
    parser.add_argument("--course", metavar="DIR", help="course folder (default: found from the working directory)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, module in commands or _load_commands():
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.configure(p)
        p.set_defaults(_run=module.run)
    return parser


#: Thread counts for numpy's BLAS in the grader, unless the user chose them. Its arrays are
#: tiny, and a second core is better spent on the student's process: OpenBLAS's idle threads
#: spin, and made the grader's start-up 25 % slower while a student process started beside it.
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


#: Modules of the optional extras (pyproject.toml) → the extra that installs each.
EXTRAS: dict[str, str] = {"sympy": "symbolic", "yaml": "instructor", "nbformat": "instructor", "pytest": "instructor"}


def missing_extra(exc: ModuleNotFoundError, command: str) -> str | None:
    """The one line for a command that needs an extra that is not installed (None: not an extra's module)."""
    module = (exc.name or "").split(".")[0]
    extra = EXTRAS.get(module)
    if extra is None:
        return None
    return f"nncourse {command} needs {module}, which is not installed: pip install 'nncourse[{extra}]'"


def main(argv: list[str] | None = None) -> int:
    """Run one command; expected failures print one line and exit 2."""
    argv = sys.argv[1:] if argv is None else argv
    for name in _BLAS_THREADS:  # before anything imports numpy
        os.environ.setdefault(name, "1")
    named = _named_command(argv)
    try:
        parser = build_parser(_load_commands(named))
    except ModuleNotFoundError as exc:
        if (line := missing_extra(exc, " ".join(named or ["(a command)"]))) is None:
            raise
        print(f"nncourse: {line}", file=sys.stderr)
        return 2
    args = parser.parse_args(argv)
    from ..reporting.safe_text import printable  # messages may quote file names chosen by students

    try:
        return int(args._run(args) or 0)
    except NncourseError as exc:
        print(f"nncourse: {printable(exc.one_line())}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:
        if (line := missing_extra(exc, args.command)) is None:
            raise
        print(f"nncourse: {line}", file=sys.stderr)
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
