"""``nncourse export TARGET …``: hand an assignment or a gradebook to another tool.

Each target is one sub-command here: ``gradescope`` (an autograder zip; its work lives in
:mod:`nncourse.integrations`), ``canvas`` and ``moodle`` (OUTDIR's grades in the LMS's import
format, from the results ledger and the roster; see :mod:`nncourse.reporting.lms` and README.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "export to another tool: a Gradescope autograder zip, or OUTDIR's grades for Canvas or Moodle"


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
    gs.add_argument("--secret", type=Path, metavar="FILE",
                    help="for an assignment with per-student data: the course secret, carried in the zip "
                         "(default: $NNCOURSE_SECRET_FILE)")
    gs.set_defaults(_export=_gradescope)
    for name, what in (("canvas", "Canvas's gradebook import CSV"), ("moodle", "Moodle's CSV grade import file")):
        lms = targets.add_parser(name, help=f"OUTDIR's grades as {what} (needs a roster)",
                                 description=f"Write the grades of a graded OUTDIR as {what}, one line per roster student.")
        lms.add_argument("out", type=Path, metavar="OUTDIR", help="the folder `nncourse grade -o` wrote")
        lms.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="the CSV file to write")
        lms.add_argument("--roster", type=Path, metavar="CSV", help="roster to use (default: the one given to `grade --roster`)")
        lms.add_argument("--column", metavar="NAME", help="the assignment's column header (default: the assignment id)")
        lms.set_defaults(_export=_lms)


def run(args: argparse.Namespace) -> int:
    return int(args._export(args) or 0)


def _gradescope(args: argparse.Namespace) -> int:
    import json
    import tempfile

    from ..errors import NncourseError
    from ..authoring.selfcheck import nncourse_wheel
    from ..integrations.gradescope import Visibility, build_zip

    if args.out.is_dir():
        raise NncourseError(f"{args.out} is a folder", hint="give the zip's file name, e.g. -o autograder.zip")
    with tempfile.TemporaryDirectory(prefix="nncourse-export-") as tmp:
        bundle = Path(args.assignment)
        if not (bundle / "assignment.json").is_file():
            from ..authoring.generate import generate
            from ..course import Course

            report = generate(Course.locate(args.course), args.assignment, Path(tmp) / "generated", mode=args.isolation)
            bundle = report.out / "autograder"
        if args.wheel and not (args.wheel.is_file() and args.wheel.name.startswith("nncourse-") and args.wheel.suffix == ".whl"):
            raise NncourseError(f"{args.wheel} is not an nncourse wheel (nncourse-<version>-py3-none-any.whl)")
        from ..keyed import DataSeed, read_secret

        secret = None
        if json.loads((bundle / "assignment.json").read_text("utf-8")).get("data_seed") == DataSeed.STUDENT:
            secret = read_secret(args.secret)
        wheel = args.wheel or nncourse_wheel()
        out = build_zip(bundle, wheel, args.out, hidden=Visibility(args.hidden_visibility), secret=secret)
    print(f"wrote {out} (upload it as the assignment's autograder on Gradescope)")
    return 0


def _lms(args: argparse.Namespace) -> int:
    from ..errors import NncourseError
    from ..grading.ledger import LEDGER_FILE, Ledger
    from ..reporting.gradebook import write_text_atomic
    from ..reporting.lms import canvas_csv, moodle_csv
    from ..reporting.roster import match_all, read_roster

    if not (args.out / LEDGER_FILE).is_file():
        raise NncourseError(f"no results ledger in {args.out}", hint="pass the OUTDIR of `nncourse grade`")
    roster = read_roster(args.roster) if args.roster else None
    with Ledger.open(args.out) as ledger:
        roster = roster if roster is not None else ledger.roster()
        results = ledger.results()
        assignment = args.column or ledger.meta("assignment") or "nncourse"
    if not roster:
        raise NncourseError(f"{args.out} has no roster", hint="pass --roster CSV (here or to `nncourse grade`)")
    students, unmatched, missing = match_all((r.submission for r in results), roster)
    if args.target == "canvas":
        max_score = max((r.max_score for r in results), default=0.0)
        text = canvas_csv(results, students, assignment=assignment, roster=roster, max_score=max_score)
    else:
        text = moodle_csv(results, students, assignment=assignment, roster=roster)
    write_text_atomic(args.output, text)
    if unmatched:
        print(f"nncourse: warning: left out {len(unmatched)} submission(s) not on the roster: {', '.join(unmatched)}",
              file=sys.stderr)
    if missing:
        print(f"nncourse: warning: {len(missing)} student(s) have no submission (empty grade): "
              f"{', '.join(s.submission for s in missing)}", file=sys.stderr)
    print(f"wrote {args.output}: {len(roster)} student(s), {len(roster) - len(missing)} graded")
    return 0
