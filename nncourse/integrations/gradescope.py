"""Gradescope: the autograder zip, and the step it runs for every submission.

Gradescope builds a Docker image from an uploaded zip that holds ``setup.sh`` (run once, as
root, at image build) and ``run_autograder`` (run for each submission, working directory
``/autograder``), with the zip's contents in ``/autograder/source``, the student's files in
``/autograder/submission`` and the verdict expected in ``/autograder/results/results.json``
(Gradescope's autograder specification, "Autograder Specifications"). Layout of the zip::

    setup.sh                      installs nncourse from wheels/ (+ its instructor extra)
    run_autograder                grades the one notebook in submission/ (AUTOGRADER_ROOT overrides /autograder)
    nncourse-gradescope.json      assignment id and the visibility of hidden tests
    bundle/                       the generated autograder bundle (hidden suite, reference, data)
    wheels/nncourse-*.whl         this very nncourse: no private package index needed
    course-secret.txt             only for an assignment with per-student data (data_seed: student)

Per-student data: the zip carries the course secret (it stays with the course staff and the
autograder image, like the hidden tests beside it), and each submission is graded with the
data of the student Gradescope names in ``submission_metadata.json`` (their e-mail, else their
name: generate the students' copies with a roster whose id column holds the same).

:func:`run` never raises for anything a student hands in: no notebook, two notebooks or a
broken one each give a results.json with score 0 and a one-line reason.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
import time
import zipfile
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import NncourseError
from ..keyed import DataSeed

if TYPE_CHECKING:
    from ..keyed import Secret

CONFIG_NAME = "nncourse-gradescope.json"
BUNDLE_FOLDER = "bundle"
WHEEL_FOLDER = "wheels"
SECRET_NAME = "course-secret.txt"

#: ``setup.sh``: run once, as root, when Gradescope builds the image. Installs exactly the
#: wheel in the zip (forced, so an older nncourse on the image cannot shadow it), then its
#: instructor extra's dependencies from the public index. ``NNCOURSE_PYTHON`` picks the
#: interpreter (default ``python3``); PIP_BREAK_SYSTEM_PACKAGES lets pip install into an
#: image's system Python that declares itself externally managed.
SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image.
set -euo pipefail
SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYTHON="${NNCOURSE_PYTHON:-python3}"
export PIP_BREAK_SYSTEM_PACKAGES=1 PIP_DISABLE_PIP_VERSION_CHECK=1
if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
    apt-get install -y python3-pip
fi
WHEEL="$(ls "$SOURCE"/wheels/nncourse-*.whl | head -n 1)"
"$PYTHON" -m pip install --quiet --no-deps --force-reinstall "$WHEEL"
"$PYTHON" -m pip install --quiet "${WHEEL}[instructor]"
"$PYTHON" -c "import nncourse, numpy, sympy, nbformat; print('nncourse', nncourse.__version__, 'installed')"
"""

#: ``run_autograder``: run for every submission. ``AUTOGRADER_ROOT`` (default ``/autograder``)
#: lets the same script run anywhere, e.g. in a test.
RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission (working directory /autograder).
ROOT="${AUTOGRADER_ROOT:-/autograder}"
PYTHON="${NNCOURSE_PYTHON:-python3}"
exec "$PYTHON" -m nncourse.integrations.gradescope --root "$ROOT"
"""

SCRIPTS = {"setup.sh": SETUP_SH, "run_autograder": RUN_AUTOGRADER}


class Visibility(StrEnum):
    """Gradescope's visibility settings, from most to least hidden."""

    HIDDEN = "hidden"
    AFTER_DUE_DATE = "after_due_date"
    AFTER_PUBLISHED = "after_published"
    VISIBLE = "visible"


# --- building the zip -------------------------------------------------------------------


def build_zip(bundle: Path, wheel: Path, out: Path, *, hidden: Visibility = Visibility.AFTER_PUBLISHED,
              secret: "Secret | None" = None) -> Path:
    """Write the autograder zip for a generated bundle folder (``DIR/autograder``) and a wheel;
    a bundle with per-student data needs the course ``secret`` (carried in the zip)."""
    manifest = bundle / "assignment.json"
    if not manifest.is_file():
        raise NncourseError(f"{bundle} is not a generated autograder bundle (no assignment.json)",
                            hint="run `nncourse generate ASSIGNMENT -o DIR` and pass DIR/autograder, or an assignment id")
    described = json.loads(manifest.read_text("utf-8"))
    ident = described["id"]
    per_student = described.get("data_seed") == DataSeed.STUDENT
    if per_student and secret is None:
        raise NncourseError(f"{ident} gives each student their own data: its Gradescope autograder needs the course secret",
                            hint="pass --secret FILE (or set NNCOURSE_SECRET_FILE)")
    config = {"assignment": ident, "hidden_visibility": str(hidden)}
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for script, text in SCRIPTS.items():
            _add(archive, script, text.encode(), executable=True)
        _add(archive, CONFIG_NAME, json.dumps(config, indent=1).encode())
        for path in sorted(bundle.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                _add(archive, f"{BUNDLE_FOLDER}/{path.relative_to(bundle).as_posix()}", path.read_bytes())
        _add(archive, f"{WHEEL_FOLDER}/{wheel.name}", wheel.read_bytes())
        if per_student and secret is not None:
            _add(archive, SECRET_NAME, secret.value + b"\n")
    os.replace(tmp, out)
    return out


def _add(archive: zipfile.ZipFile, name: str, data: bytes, *, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    mode = 0o755 if executable else 0o644
    info.external_attr = (stat.S_IFREG | mode) << 16
    archive.writestr(info, data)


# --- one submission on Gradescope -------------------------------------------------------


def find_notebook(submission: Path) -> Path:
    """The one notebook a student submitted (checkpoint copies ignored)."""
    found = sorted(p for p in submission.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts and p.is_file())
    if not found:
        raise NncourseError("no notebook (.ipynb) was submitted / 未提交笔记本 (.ipynb) 文件",
                            hint="upload your .ipynb file / 请上传 .ipynb 文件")
    if len(found) > 1:
        names = ", ".join(p.relative_to(submission).as_posix() for p in found)
        raise NncourseError(f"{len(found)} notebooks were submitted ({names}); submit exactly one / 提交了 {len(found)} 个笔记本，只能提交一个")
    return found[0]


def submission_label(root: Path) -> str:
    """Who submitted, from Gradescope's ``submission_metadata.json`` (email, else name), else ``submission``."""
    try:
        users = json.loads((root / "submission_metadata.json").read_text("utf-8")).get("users") or []
        first = users[0] if isinstance(users, list) and users and isinstance(users[0], dict) else {}
        return str(first.get("email") or first.get("name") or "submission")
    except (OSError, ValueError, AttributeError):
        return "submission"


def spec_results(result: Any, *, hidden: Visibility) -> dict[str, Any]:
    """The results.json for one :class:`~nncourse.checks.results.SubmissionResult`, hidden
    tests carrying the visibility the zip was built with."""
    from ..reporting.gradescope import results_json

    data = results_json(result)
    for test in data["tests"]:
        if test["visibility"] != Visibility.VISIBLE:
            test["visibility"] = str(hidden)
    return data


def error_results(message: str, *, seconds: float = 0.0) -> dict[str, Any]:
    """Score 0 with the reason shown to the student (no tests ran)."""
    from ..checks.results import SubmissionResult
    from ..reporting.gradescope import results_json

    return results_json(SubmissionResult("submission", "", error=message, seconds=seconds))


def run(root: Path) -> int:
    """Grade ``root/submission`` with ``root/source/bundle`` into ``root/results/results.json``; 0 unless the autograder itself is broken."""
    started = time.monotonic()
    source = root / "source"
    results = root / "results" / "results.json"
    try:
        config = json.loads((source / CONFIG_NAME).read_text("utf-8"))
        hidden = Visibility(config.get("hidden_visibility", Visibility.AFTER_PUBLISHED))
    except (OSError, ValueError) as exc:
        print(f"nncourse: the autograder zip is broken ({exc}); rebuild it with `nncourse export gradescope`", file=sys.stderr)
        _write(results, error_results("the autograder is misconfigured; the teaching staff has been told"))
        return 1
    try:
        notebook = find_notebook(root / "submission")
        from ..grading.remote import grade_one  # the executor seam's unit of work

        label = submission_label(root)
        secret = None
        if (source / SECRET_NAME).is_file():  # per-student data: graded with the submitter's own
            from ..keyed import read_secret

            secret = read_secret(source / SECRET_NAME)
        result = grade_one(source / BUNDLE_FOLDER, notebook, label, secret=secret, student=label)
        data = spec_results(result, hidden=hidden)
    except NncourseError as exc:
        data = error_results(exc.one_line(), seconds=time.monotonic() - started)
    _write(results, data)
    print(f"{data['score']:g} / {data.get('extra_data', {}).get('max_score', '?')}  {data['output'].splitlines()[0]}")
    return 0


def _write(path: Path, data: dict[str, Any]) -> None:
    from ..reporting.gradescope import write_json_atomic

    write_json_atomic(path, data)


def main(argv: list[str] | None = None) -> int:
    """``run_autograder``'s entry: ``--root`` (default ``$AUTOGRADER_ROOT`` or ``/autograder``)."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    parser = argparse.ArgumentParser(prog="run_autograder")
    parser.add_argument("--root", type=Path, default=Path(os.environ.get("AUTOGRADER_ROOT") or "/autograder"))
    return run(parser.parse_args(argv).root)


if __name__ == "__main__":  # pragma: no cover - run by run_autograder
    sys.exit(main())
