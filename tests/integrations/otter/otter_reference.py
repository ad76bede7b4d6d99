"""Grade the example masters with otter-grader itself and record its scores in ``otter_scores.json``.

    python tests/integrations/otter/otter_reference.py PATH/TO/otter

For each example: ``otter assign`` writes otter's student and solution notebooks and its
autograder zip; ``otter run`` grades both notebooks. The per-question scores otter gives are
what ``test_otter.py`` expects nncourse to give for its own student and solution notebooks.
Needs otter-grader (``pip install 'nncourse[bench]'``); not run by the test suite.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def otter_scores(otter: str, master: Path, work: Path) -> dict[str, dict[str, list[float]]]:
    for extra in HERE.glob("*.csv"):
        shutil.copy(extra, work)
    for name in ("requirements.txt", "environment.yml"):
        (work / name).touch()
    shutil.copy(master, work)
    subprocess.run([otter, "assign", "--no-run-tests", master.name, "dist"], cwd=work, check=True, capture_output=True)
    (autograder_zip,) = (work / "dist" / "autograder").glob("*.zip")
    scores = {}
    for kind, folder in (("solution", "autograder"), ("student", "student")):
        run = work / f"run-{kind}"
        run.mkdir()
        shutil.copy(work / "dist" / folder / master.name, run / "submission.ipynb")
        subprocess.run([otter, "run", "-a", str(autograder_zip), "-o", str(run), str(run / "submission.ipynb")],
                       cwd=work, check=True, capture_output=True)
        results = json.loads((run / "results.json").read_text("utf-8"))
        scores[kind] = {t["name"]: [t["score"], t["max_score"]] for t in results["tests"] if "max_score" in t}
    return scores


def main() -> None:
    otter = sys.argv[1] if len(sys.argv) > 1 else "otter"
    found = {}
    for master in sorted(HERE.glob("*.ipynb")):
        with tempfile.TemporaryDirectory() as tmp:
            found[master.name] = otter_scores(otter, master, Path(tmp))
        print(master.name, json.dumps(found[master.name]))
    (HERE / "otter_scores.json").write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", "utf-8")


if __name__ == "__main__":
    main()
