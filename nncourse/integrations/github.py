"""GitHub Actions workflows: one for a course repository, one for a student repository.

Both are plain text templates (YAML with comments, so an instructor can read and adapt the
file they commit); :func:`course_workflow` and :func:`student_workflow` only fill in names.

- **Course repository** (``nncourse ci github --course``): on every push that touches
  ``submissions/``, each folder ``submissions/<assignment-id>/`` is graded with the course's
  own assignments; ``OUTDIR`` is uploaded as an artifact and a Markdown score table goes to
  the job summary (``$GITHUB_STEP_SUMMARY``).
- **Student repository**, GitHub Classroom style (``nncourse ci github --student ID``): on
  every push the student's notebook is graded with the public tests shipped beside it, or,
  where the instructor set the repository (or organisation) secret ``NNCOURSE_BUNDLE_URL``, with
  the autograder zip found there (``nncourse export gradescope``; ``NNCOURSE_BUNDLE_TOKEN``, if
  set, is sent as a bearer token). The job fails below ``PASS_PERCENT``.

A student repository's workflow runs under the student's control: whatever it downloads, the
student can read. Hidden tests fetched there are feedback, not secrets; keep the grade that
counts on Gradescope or in the course repository.
"""

from __future__ import annotations

import re
from string import Template

#: The file each workflow is written to, relative to the repository root.
COURSE_PATH = ".github/workflows/nncourse-grade.yml"
STUDENT_PATH = ".github/workflows/nncourse-check.yml"

_COURSE = Template("""\
# Grades submissions/<assignment-id>/*.ipynb on every push (written by `nncourse ci github --course`).
# Scores: the job summary; everything else (results.json, instructor.json, gradebook.csv): the "grades" artifact.
name: Grade submissions

on:
  push:
    paths: ["submissions/**", "$workflow_path"]
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: nncourse-grade-$${{ github.ref }}
  cancel-in-progress: false

jobs:
  grade:
    runs-on: ubuntu-latest
    timeout-minutes: 120
    env:
      NNCOURSE_INSTALL: "$install"
      SUBMISSIONS: submissions
      OUTDIR: grades
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "$python"
      - name: Install nncourse
        id: install
        run: python -m pip install "$$NNCOURSE_INSTALL"
      - name: Grade every assignment folder
        id: grade
        run: |
          set -uo pipefail
          known="$$(nncourse list --kind assignment | cut -d' ' -f1)"
          status=0
          for folder in "$$SUBMISSIONS"/*/; do
            [ -d "$$folder" ] || continue
            assignment="$$(basename "$$folder")"
            if ! grep -qxF "$$assignment" <<< "$$known"; then
              echo "::warning::$$folder is not an assignment id (nncourse list); skipped"
              continue
            fi
            nncourse grade "$$folder" -a "$$assignment" -o "$$OUTDIR/$$assignment" -q \\
              --summary-md "$$GITHUB_STEP_SUMMARY" || status=$$?
          done
          exit "$$status"
      - name: Upload the grades
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: grades
          path: $${{ env.OUTDIR }}
          if-no-files-found: ignore
          retention-days: 90
""")

_STUDENT = Template("""\
# Checks $notebook on every push (written by `nncourse ci github --student $assignment`).
# Public tests by default. With the secret NNCOURSE_BUNDLE_URL set (a Gradescope autograder zip
# from `nncourse export gradescope`), the hidden tests too; the job fails below PASS_PERCENT.
# Note: this workflow runs under the student's control, so what it downloads is readable by them.
name: Check my notebook

on:
  push:
  workflow_dispatch:

permissions:
  contents: read

jobs:
  check:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    env:
      ASSIGNMENT: "$assignment"
      NOTEBOOK: "$notebook"
      PASS_PERCENT: "$threshold"
      # pip arguments; empty: the nncourse wheel committed with the notebook, with its instructor extra
      NNCOURSE_INSTALL: "$install"
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "$python"
      - name: Install nncourse
        id: install
        run: |
          if [ -n "$$NNCOURSE_INSTALL" ]; then python -m pip install $$NNCOURSE_INSTALL; exit; fi
          wheel="$$(ls -1 nncourse-*.whl */nncourse-*.whl 2>/dev/null | head -n 1)"
          python -m pip install "$${wheel:?no nncourse wheel in the repository: set NNCOURSE_INSTALL}[instructor]"
      - name: Fetch the hidden tests, if the instructor configured them
        id: bundle
        env:
          BUNDLE_URL: $${{ secrets.NNCOURSE_BUNDLE_URL }}
          BUNDLE_TOKEN: $${{ secrets.NNCOURSE_BUNDLE_TOKEN }}
        run: |
          set -euo pipefail
          if [ -z "$${BUNDLE_URL:-}" ]; then echo "mode=public" >> "$$GITHUB_OUTPUT"; exit 0; fi
          auth=()
          if [ -n "$${BUNDLE_TOKEN:-}" ]; then auth=(-H "Authorization: Bearer $$BUNDLE_TOKEN"); fi
          curl -fsSL "$${auth[@]}" "$$BUNDLE_URL" -o "$$RUNNER_TEMP/autograder.zip"
          python -m zipfile -e "$$RUNNER_TEMP/autograder.zip" "$$RUNNER_TEMP/autograder"
          echo "mode=hidden" >> "$$GITHUB_OUTPUT"
      - name: Grade
        env:
          MODE: $${{ steps.bundle.outputs.mode }}
        run: |
          set -uo pipefail
          if [ "$$MODE" = hidden ]; then
            nncourse grade "$$NOTEBOOK" -a "$$RUNNER_TEMP/autograder/bundle" -o "$$RUNNER_TEMP/grades" -q \\
              --summary-md "$$GITHUB_STEP_SUMMARY" --fail-under "$$PASS_PERCENT"
          else
            nncourse check "$$NOTEBOOK" --summary-md "$$GITHUB_STEP_SUMMARY"
          fi
""")

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _quoted(value: str) -> str:
    """A value safe inside the template's double-quoted YAML scalars and shell words."""
    if any(c in value for c in '"\\$`\n'):
        raise ValueError(f"unsafe value for a workflow: {value!r}")
    return value


def course_workflow(*, install: str = ".[instructor]", python: str = "3.11") -> str:
    """The course repository's workflow (grades ``submissions/<assignment-id>/``)."""
    return _COURSE.substitute(install=_quoted(install), python=_quoted(python), workflow_path=COURSE_PATH)


def student_workflow(assignment: str, *, notebook: str | None = None, threshold: float = 60.0,
                     install: str = "", python: str = "3.11") -> str:
    """A student repository's workflow for ``assignment`` (notebook ``<assignment>.ipynb`` by default)."""
    if not _ID.match(assignment):
        raise ValueError(f"not an assignment id: {assignment!r}")
    return _STUDENT.substitute(
        assignment=assignment, notebook=_quoted(notebook or f"{assignment}.ipynb"), threshold=f"{threshold:g}",
        install=_quoted(install), python=_quoted(python),
    )
