"""Record what ``nncourse grade``, ``check``, ``review`` and ``quiz grade`` print and write on the
bundled samples, so that two versions of the code can be compared byte for byte.

    python benchmarks/snapshot_outputs.py OUT_DIR [--nncourse CMD]
    diff -r BEFORE_DIR AFTER_DIR

Each command's exit status, stdout and stderr and every file it writes are copied to
``OUT_DIR``. The only masked values are the volatile ones: execution times (``seconds`` in
``instructor.json``, the ``time`` column of the score table), the temporary paths the run
used (``<TMP>``), the random cell ids nbformat gives generated notebooks (``<ID>``), and
whether a notebook that ends its own process is reported as exited or as killed (that races
with the grader's kill; ``<ENDED>``), and the progress lines ``grade`` prints on stderr when
it is not on a terminal (they hold time estimates). Nothing else is touched. This is a measurement script, not a
test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "assignments" / "a1-regression" / "samples"
_TIME = re.compile(r"\b\d+\.\d\ds(?=  )")
#: How a process that ends itself is reported races with the grader's own kill (either is right).
_ENDED = re.compile(r"student process (?:exited \(status -?\d+\)|was killed by SIG\w+)")
#: Progress lines on stderr (one per tenth of a batch; they carry an estimate of the time left).
_PROGRESS = re.compile(r"^graded \d+/\d+ \(.*\n", re.MULTILINE)
_CELL_ID = re.compile(r'^(\s*"id": )"[0-9a-f]{8}"', re.MULTILINE)


def _mask(text: str, tmp: Path) -> str:
    text = text.replace(str(tmp.resolve()), "<TMP>").replace(str(tmp), "<TMP>")
    return _PROGRESS.sub("", _ENDED.sub("student process <ENDED>", _TIME.sub("<T>s", text)))


def _mask_json(path: Path) -> None:
    data = json.loads(path.read_text("utf-8"))
    if isinstance(data, dict) and "seconds" in data:
        data["seconds"] = "<T>"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")


def main() -> None:
    from course_secret import ensure_secret

    ensure_secret()  # a1 has per-student data: grading it needs a course secret
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--nncourse", default=f"{sys.executable} -m nncourse.cli.main", help="how to run nncourse")
    args = parser.parse_args()
    cmd = args.nncourse.split()
    out = args.out.resolve()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="nncourse-snap-") as name:
        tmp = Path(name)
        step = 0

        def run(label: str, *argv: str | Path) -> None:
            nonlocal step
            step += 1
            done = subprocess.run([*cmd, *map(str, argv)], cwd=ROOT, capture_output=True, text=True, timeout=900)
            text = f"exit {done.returncode}\n--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
            (out / f"{step:02d}-{label}.txt").write_text(_mask(text, tmp), "utf-8")

        def keep(label: str, folder: Path) -> None:
            for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                               and not p.name.startswith(("ledger.sqlite", ".nncourse.lock"))):  # the ledger is binary
                target = out / label / path.relative_to(folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
                if path.name == "instructor.json":
                    _mask_json(target)
                    target.write_text(_mask(target.read_text("utf-8"), tmp), "utf-8")
                elif path.suffix == ".ipynb":  # nbformat gives new cells random ids
                    target.write_text(_CELL_ID.sub(r'\1"<ID>"', _mask(target.read_text("utf-8"), tmp)), "utf-8")
                elif path.suffix in (".json", ".csv", ".txt", ".py"):
                    target.write_text(_mask(target.read_text("utf-8"), tmp), "utf-8")

        bundle = tmp / "a1"
        run("generate", "generate", "a1-regression", "-o", bundle)
        keep("generated", bundle)
        samples = sorted(SAMPLES.glob("*.ipynb"))
        run("grade-bundle", "grade", *samples, "-a", bundle / "autograder", "-o", tmp / "g1", "-j", "2")
        keep("grade-bundle", tmp / "g1")
        run("grade-course", "grade", SAMPLES, "-a", "a1-regression", "-o", tmp / "g2", "-j", "2")
        keep("grade-course", tmp / "g2")
        run("grade-quiet-one", "grade", SAMPLES / "alice-complete.ipynb", "-o", tmp / "g3", "-q")
        keep("grade-quiet-one", tmp / "g3")
        for nb in samples:
            run(f"check-{nb.stem}", "check", nb, "--tests", bundle / "student" / "tests" / "public.json")
        run("check-student", "check", bundle / "student" / "a1-regression.ipynb")
        run("check-solution", "check", bundle / "solution" / "a1-regression.ipynb", "--tests",
            bundle / "student" / "tests" / "public.json")
        run("review-list", "review", tmp / "g2")
        run("review-unknown", "review", tmp / "g2", "--accept", "alice-complete", "no_such_test")
        run("review-empty", "review", tmp / "nothing")
        # An answer awaiting a person, as the symbolic checks leave one: carol's first failed test.
        shutil.copytree(tmp / "g2", tmp / "g4")
        for ledger in (tmp / "g4").glob("ledger.sqlite*"):  # the files are the record here: edit them, not the ledger
            ledger.unlink()
        record = tmp / "g4" / "carol-partial" / "instructor.json"
        data = json.loads(record.read_text("utf-8"))
        pending = [t for t in data["tests"] if t["status"] == "failed" and t["max_score"] > 0]
        for t in pending[:2]:
            t["status"] = "undecided"
        data["needs_review"] = [t["name"] for t in pending[:2]]
        record.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
        run("review-pending", "review", tmp / "g4")
        run("review-decide", "review", tmp / "g4", "--accept", "carol-partial", pending[0]["name"],
            "--reject", "carol-partial", pending[1]["name"])
        run("review-after", "review", tmp / "g4")
        keep("review", tmp / "g4")
        answers = tmp / "answers"
        answers.mkdir()
        (answers / "alice.json").write_text(json.dumps({"1": "b", "2": "391", "5": "A、B、D", "4": "选C", "3": "banana"}), "utf-8")
        (answers / "bob.txt").write_text("1: A\n2: 390\n", "utf-8")
        (answers / "carol.json").write_text("{broken", "utf-8")
        run("quiz-one", "quiz", "grade", "concepts", answers / "alice.json")
        run("quiz-one-file", "quiz", "grade", "concepts", answers / "alice.json", "-o", tmp / "q1.json")
        run("quiz-batch", "quiz", "grade", "concepts", *sorted(answers.iterdir()), "-o", tmp / "q2", "--csv", tmp / "q2.csv")
        run("quiz-batch-stdout", "quiz", "grade", "concepts", *sorted(answers.iterdir()))
        (tmp / "q").mkdir()
        for p in (tmp / "q1.json", tmp / "q2.csv"):
            shutil.copy(p, tmp / "q" / p.name)
        shutil.copytree(tmp / "q2", tmp / "q" / "q2")
        keep("quiz", tmp / "q")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
