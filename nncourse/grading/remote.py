"""The unit of work of grading, callable with nothing but paths and plain data.

``grade_one(bundle_dir, submission_path, submission_id)`` grades one notebook with a generated
autograder bundle; ``grade_bytes`` does the same for a notebook that arrives as bytes and
returns JSON data. An executor that grades elsewhere (another process, another machine)
ships these calls and turns the JSON back with ``SubmissionResult.from_json``:

    python -m nncourse.grading.remote BUNDLE_DIR NOTEBOOK [ID]   # prints the result as JSON
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..execution.config import Isolation
from .batch import Submission
from .executor import ThreadExecutor

if TYPE_CHECKING:
    from ..checks.results import SubmissionResult
    from ..keyed import Secret


def grade_one(bundle_dir: Path, submission_path: Path, submission_id: str, *, isolation: str = Isolation.AUTO,
              student: str = "", secret: "Secret | None" = None) -> "SubmissionResult":
    """Grade one notebook with a generated autograder bundle: all it needs is the two paths.

    This is the unit of work an executor ships elsewhere; the result's
    :meth:`~nncourse.checks.results.SubmissionResult.to_json` is what comes back. A bundle
    with per-student data also needs the course ``secret`` (None: ``$NNCOURSE_SECRET_FILE``;
    neither: one-line :class:`~nncourse.errors.NncourseError`) and grades with ``student``'s
    data (default: the student the id names, :func:`.student_data.student_of`)."""
    from .source import bundle_source  # after the process has started (see .source)

    with ThreadExecutor(isolation=isolation, jobs=1, expected=1, secret=secret) as executor:
        source = bundle_source(Path(bundle_dir))
        (result,) = executor.grade(source, [Submission(submission_id, Path(submission_path), student=student)])
    return result


def grade_bytes(bundle_dir: Path, notebook: bytes, submission_id: str, *, isolation: str = Isolation.AUTO) -> dict[str, Any]:
    """:func:`grade_one` for a notebook that arrives as bytes (over a network, a queue); returns
    the result as JSON data (``SubmissionResult.from_json`` turns it back)."""
    with tempfile.TemporaryDirectory(prefix="nncourse-submission-") as tmp:
        path = Path(tmp) / "submission.ipynb"
        path.write_bytes(notebook)
        return grade_one(bundle_dir, path, submission_id, isolation=isolation).to_json()


def main(argv: list[str] | None = None) -> int:
    """``python -m nncourse.grading.remote BUNDLE_DIR NOTEBOOK [ID]``: the result as one JSON line."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (2, 3):
        print("usage: python -m nncourse.grading.remote BUNDLE_DIR NOTEBOOK [ID]", file=sys.stderr)
        return 2
    bundle, notebook = Path(args[0]), Path(args[1])
    result = grade_one(bundle, notebook, args[2] if len(args) == 3 else notebook.stem)
    print(json.dumps(result.to_json(), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
