"""``nncourse export TARGET …``: hand an assignment or a gradebook to another tool.

Each target is one sub-command here; its work lives in :mod:`nncourse.integrations`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "export to another tool: a Gradescope autograder zip"


def configure(parser: argparse.ArgumentParser) -> None:
    targets = parser.add_subparsers(dest="target", metavar="TARGET")
    targets.required = True
    gs = targets.add_parser("gradescope", help="the autograder zip to upload to Gradescope",
                            description="Build the zip Gradescope's autograder expects: setup.sh, run_autograder, "
                            "the generated bundle and an nncourse wheel (nothing is fetched from a private index).")
    gs.add_argument("assignment", help="assignment id (generated and validated now), or a generated DIR/autograder folder")
    gs.add_argument("-o", "--out", required=True, type=Path, metavar="ZIP", help="where to write the zip")
    gs.add_argument("--wheel", type=Path, help="an nncourse wheel to ship (default: built from this source tree with pip)")
    gs.add_argument("--hidden-visibility", default="after_published",
                    choices=("hidden", "after_due_date", "after_published", "visible"),
                    help="when students see hidden tests' results on Gradescope (default: after_published)")
    gs.add_argument("--isolation", default="auto", choices=("auto", "root", "userns", "none"),
                    help="sandbox mode for validating a freshly generated bundle")
    gs.set_defaults(_export=_gradescope)


def run(args: argparse.Namespace) -> int:
    return int(args._export(args) or 0)


def _gradescope(args: argparse.Namespace) -> int:
    import tempfile

    from ..errors import NncourseError
    from ..integrations.gradescope import Visibility, build_zip
    from ..integrations.wheel import build_wheel, existing_wheel

    if args.out.is_dir():
        raise NncourseError(f"{args.out} is a folder", hint="give the zip's file name, e.g. -o autograder.zip")
    with tempfile.TemporaryDirectory(prefix="nncourse-export-") as tmp:
        bundle = Path(args.assignment)
        if not (bundle / "assignment.json").is_file():
            from ..authoring.generate import generate
            from ..course import Course

            report = generate(Course.locate(args.course), args.assignment, Path(tmp) / "generated", mode=args.isolation)
            bundle = report.out / "autograder"
        wheel = existing_wheel(args.wheel) if args.wheel else build_wheel(Path(tmp) / "wheel")
        out = build_zip(bundle, wheel, args.out, hidden=Visibility(args.hidden_visibility))
    print(f"wrote {out} (upload it as the assignment's autograder on Gradescope)")
    return 0
