"""``nncourse check NOTEBOOK``: a student's self-check with the public tests only.

It runs the *saved* notebook top to bottom in a fresh process, as the grader will, then says
whether it is ready to hand in (:mod:`nncourse.grading.readiness`): the assignment id in its
metadata, and cells that worked in the student's session but fail from a fresh start.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..execution.config import Isolation

HELP = "self-check a saved notebook against its public tests and say whether it is ready to submit (自查：只运行公开测试；请先保存)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--tests", type=Path, help="public tests file (default: tests/public.json next to the notebook)")
    parser.add_argument("--isolation", default=Isolation.AUTO, choices=tuple(Isolation))
    parser.add_argument("--summary-md", type=Path, metavar="FILE",
                        help="also append the result as a Markdown table to FILE (e.g. $GITHUB_STEP_SUMMARY)")


def _public_tests(args: argparse.Namespace) -> Path:
    from ..errors import NncourseError

    candidates = [args.tests] if args.tests else [args.notebook.resolve().parent / "tests" / "public.json"]
    for c in candidates:
        if c and c.is_file():
            return c
    raise NncourseError(f"no public tests found at {candidates[0]}", hint="run it in the folder you downloaded, or pass --tests")


def run(args: argparse.Namespace) -> int:
    from ..execution.pool import WorkerPool

    # The student process starts first and imports numpy while the public tests load.
    with WorkerPool(args.isolation, prestart=1, expected=1) as pool:
        from ..grading.source import public_source
        from ..grading.submission import grade_notebook
        from ..reporting.console import check_report
        from ..errors import NncourseError
        from ..grading.readiness import readiness, render
        from ..notebook.reader import read_notebook

        source = public_source(_public_tests(args))
        pool.configure(source.sandbox_config(args.isolation), source.data_dir)
        assignment = source.load()
        result = grade_notebook(args.notebook, args.notebook.stem, assignment, pool, force=True)  # the readiness report names a mismatch
    print(check_report(result))
    try:
        ready = readiness(read_notebook(args.notebook), result, assignment.id)
    except NncourseError:  # unreadable: check_report has said why
        print("This checks the saved file: save the notebook first (Ctrl-S / ⌘-S). / 检查的是已保存的文件：请先保存笔记本。")
        return 1
    print("\n".join(render(ready)))
    if args.summary_md:
        from ..reporting.markdown import append, check_summary

        append(args.summary_md, check_summary(result, title=f"{source.id}: {args.notebook.name}"))
    passed = not result.error and all(t.passed for t in result.tests if t.max_score > 0)
    return 0 if passed and ready.ready else 1
