'''otter-grader's master-notebook format (v1, Python), read as otter reads it: pure text transforms.

An otter master is told from an nncourse one by its ``# ASSIGNMENT CONFIG``: otter names an
assignment with ``name``, nncourse with ``id``. What differs from nncourse's own masters, and
lives here:

* **Test cells are doctests.** A test cell's expected result is the master notebook's own
  stored output for that cell (what the author saw when running it): printed text followed by
  the value's ``repr``. The cell's statements become doctest examples, so each top-level
  expression's value is compared, exactly as otter compares them.
* **Points** follow otter's rule (:func:`resolve_points`): a question's ``points`` (a number, a
  list per test, or ``{each: p}``) is shared among the tests that give none.
* **Stubs** are otter's: a line ``x = 2  # SOLUTION`` becomes ``x = ...``, any other
  ``# SOLUTION`` line becomes ``...``, a ``# BEGIN SOLUTION`` block becomes ``...``
  (``# BEGIN SOLUTION NO PROMPT`` and ``# SOLUTION NO PROMPT`` leave nothing), and a Markdown
  cell inside a solution block becomes "_Type your answer here, replacing this text._".
* ``# IGNORE`` lines and ``# BEGIN IGNORE`` … ``# END IGNORE`` blocks are left out of every
  generated notebook and test.

>>> to_doctest("def f(x):\\n    return 2 * x\\nf(3)")
'>>> def f(x):\\n...     return 2 * x\\n>>> f(3)\\n'
>>> resolve_points(5, [None, 2, None])
[1.5, 2.0, 1.5]
'''

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from ..checks.doctests import to_doctest
from ..errors import AuthoringError

if TYPE_CHECKING:
    from pathlib import Path

    from .model import AssignmentHeader, Master

#: ``# ASSIGNMENT CONFIG`` keys otter defines. Those nncourse does not use are reported as
#: warnings (the assignment still generates); keys neither tool knows are errors.
ASSIGNMENT_KEYS = frozenset({
    "name", "config_file", "requirements", "overwrite_requirements", "environment", "run_tests",
    "solutions_pdf", "template_pdf", "init_cell", "check_all_cell", "export_cell", "seed", "generate",
    "save_environment", "variables", "ignore_modules", "files", "autograder_files", "plugins", "test_files",
    "colab", "jupyterlite", "runs_on", "python_version", "channel_priority_strict", "exclude_conda_defaults",
    "show_question_points", "student_files", "tests", "course_id", "assignment_id",
})
#: ``# BEGIN QUESTION`` keys otter defines.
QUESTION_KEYS = frozenset({"name", "points", "manual", "all_or_nothing", "check_cell", "export"})
#: ``# BEGIN TEST CONFIG`` keys otter defines.
TEST_KEYS = frozenset({"hidden", "points", "success_message", "failure_message", "name"})
#: The assignment keys that nncourse acts on.
USED_ASSIGNMENT_KEYS = frozenset({"name", "files"})

MARKDOWN_ANSWER = "_Type your answer here, replacing this text._"

_IGNORE_LINE = re.compile(r"#\s*IGNORE\s*$")
_BEGIN_IGNORE = re.compile(r"^\s*#\s*BEGIN\s+IGNORE\s*$")
_END_IGNORE = re.compile(r"^\s*#\s*END\s+IGNORE\s*$")
_BEGIN_SOLUTION = re.compile(r"^(?P<indent>\s*)#\s*BEGIN\s+SOLUTION(?P<noprompt>\s+NO\s+PROMPT)?\s*$")
_END_SOLUTION = re.compile(r"^\s*#\s*END\s+SOLUTION\s*$")
_NO_PROMPT_LINE = re.compile(r"#\s*SOLUTION\s+NO\s+PROMPT\s*$")
_SOLUTION_ASSIGN = re.compile(r"^(?P<lhs>\s*[\w\[\]., ]+?\s*=)(?!=).*?#\s*SOLUTION\s*$")
_SOLUTION_LINE = re.compile(r"^(?P<indent>\s*).*?#\s*SOLUTION\s*$")
_PROMPT = re.compile(r'^\s*(?:""")?\s*#\s*(BEGIN|END)\s+PROMPT\s*$')
_SOLUTION_HEADER = re.compile(r"^\s*##\s*solution\s*##\s*$", re.I)
_HIDDEN_HEADER = re.compile(r"^\s*#.*\bhidden\b", re.I)


def is_otter_config(data: dict[str, Any]) -> bool:
    """Whether an ``# ASSIGNMENT CONFIG`` mapping is otter's (``name``) rather than nncourse's (``id``)."""
    return "id" not in data and "name" in data


def assignment_id(name: Any) -> str:
    """An nncourse id from otter's ``name``: lowercase letters, digits, ``-`` and ``_``."""
    ident = re.sub(r"[^a-z0-9_-]+", "-", str(name).strip().lower()).strip("-_")
    if not ident:
        raise AuthoringError(f"ASSIGNMENT CONFIG: name {name!r} has no letters or digits to make an id from")
    return ident


def unknown_keys(data: dict[str, Any], known: Iterable[str], where: str) -> list[str]:
    """Keys neither otter nor nncourse defines: an error naming them."""
    unknown = sorted(set(map(str, data)) - set(known))
    if unknown:
        raise AuthoringError(f"{where}: unknown key(s) {', '.join(unknown)}",
                             hint=f"keys otter defines here: {', '.join(sorted(known))}")
    return unknown


def unused_keys(data: dict[str, Any], used: Iterable[str]) -> list[str]:
    """otter keys that nncourse does not act on (for a warning)."""
    return sorted(set(map(str, data)) - set(used))


def remove_ignored(source: str) -> str:
    """``source`` without ``# IGNORE`` lines and ``# BEGIN IGNORE`` … ``# END IGNORE`` blocks."""
    out, ignoring = [], False
    for line in source.splitlines():
        if _BEGIN_IGNORE.match(line):
            ignoring = True
        elif _END_IGNORE.match(line):
            ignoring = False
        elif not ignoring and not _IGNORE_LINE.search(line):
            out.append(line)
    return "\n".join(out)


def _lines(source: str, *, student: bool, where: str) -> list[str]:
    out: list[str] = []
    in_solution = False
    for number, line in enumerate(remove_ignored(source).splitlines(), start=1):
        if _SOLUTION_HEADER.match(line) or _PROMPT.match(line):
            continue
        if m := _BEGIN_SOLUTION.match(line):
            if in_solution:
                raise AuthoringError(f"{where}, line {number}: BEGIN SOLUTION inside another BEGIN SOLUTION")
            in_solution = True
            if student and not m["noprompt"]:
                out.append(m["indent"] + "...")
            continue
        if _END_SOLUTION.match(line):
            if not in_solution:
                raise AuthoringError(f"{where}, line {number}: END SOLUTION without BEGIN SOLUTION")
            in_solution = False
            continue
        if in_solution:
            if not student:
                out.append(line)
            continue
        if _NO_PROMPT_LINE.search(line):
            if not student:
                out.append(_NO_PROMPT_LINE.sub("", line).rstrip())
            continue
        if _SOLUTION_LINE.match(line):
            if not student:
                out.append(re.sub(r"\s*#\s*SOLUTION\s*$", "", line))
            elif m := _SOLUTION_ASSIGN.match(line):
                out.append(f"{m['lhs']} ...")
            else:
                out.append(_SOLUTION_LINE.match(line)["indent"] + "...")
            continue
        out.append(line)
    if in_solution:
        raise AuthoringError(f"{where}: BEGIN SOLUTION is never closed")
    return out


def student_code(source: str, where: str = "cell") -> str:
    """A code cell as otter gives it to students (solutions replaced by ``...``)."""
    return "\n".join(_lines(source, student=True, where=where))


def solution_code(source: str, where: str = "cell") -> str:
    """A code cell as otter's solution notebook has it (markers and prompts removed)."""
    return "\n".join(_lines(_without_prompt_blocks(source), student=False, where=where))


def _without_prompt_blocks(source: str) -> str:
    out, prompting = [], False
    for line in source.splitlines():
        m = _PROMPT.match(line)
        if m:
            prompting = m.group(1).upper() == "BEGIN"
            continue
        if not prompting:
            out.append(line)
    return "\n".join(out)


def expected_output(outputs: Sequence[dict[str, Any]]) -> str:
    """The stored output of a master's test cell, as otter reads it: each output's printed text,
    then its ``text/plain`` value."""
    text = ""
    for output in outputs:
        stream = output.get("text", "")
        text += "".join(stream) if isinstance(stream, list) else str(stream)
        plain = output.get("data", {}).get("text/plain")
        if isinstance(plain, list):
            text += "".join(plain)
        elif plain:
            text += str(plain)
    return text


def resolve_points(total: Any, cases: Sequence[float | None]) -> list[float]:
    """Each test's points by otter's rule.

    ``total`` is the question's ``points``: a list (one value per test), ``{"each": p}``, a
    number, or None. Tests that state their own points keep them; the rest share what the
    question's total leaves; with no total, an unstated question is worth 1 point shared
    evenly, and tests without points beside tests with points are worth 0.
    """
    n = len(cases)
    if n == 0:
        return []
    if isinstance(total, dict):
        total = float(total.get("each", 1)) * n
    if isinstance(total, list):
        if len(total) != n:
            raise AuthoringError(f"points lists {len(total)} values for {n} test(s)")
        return [float(p) for p in total]
    if total is not None and not isinstance(total, (int, float)):
        raise AuthoringError(f"points must be a number, a list or {{each: number}} (got {total!r})")
    given = [float(p) if p is not None else None for p in cases]
    pre = sum(p for p in given if p is not None)
    unstated = sum(p is None for p in given)
    if total is not None:
        if pre > float(total) + 1e-9:
            raise AuthoringError(f"the tests state {pre:g} points, more than the question's {float(total):g}")
        share = (float(total) - pre) / unstated if unstated else 0.0
    else:
        share = 1.0 / n if pre == 0 else 0.0
    return [p if p is not None else share for p in given]


def hidden_by_header(source: str, config: dict[str, Any]) -> bool:
    """A test config's ``hidden``, else otter's older convention: a first comment line saying "hidden"."""
    if "hidden" in config:
        return bool(config["hidden"])
    first = source.lstrip().splitlines()[0] if source.strip() else ""
    return bool(_HIDDEN_HEADER.match(first))


# -- the whole notebook ---------------------------------------------------------------------

_TEST_CONFIG = re.compile(r'^\s*(?:\w+\s*=\s*)?"""?\s*#\s*BEGIN\s+TEST\s+CONFIG\s*\n(?P<yaml>.*?)\n\s*"""?\s*#\s*END\s+TEST\s+CONFIG\s*\n?',
                          re.S | re.I)
_CELL_IGNORE = re.compile(r"^\s*##\s*ignore\s*##", re.I)


def header(config: dict[str, Any]) -> "AssignmentHeader":
    """The assignment header of an otter config: id from ``name``; no reference, no hidden suite."""
    from .model import AssignmentHeader

    ident = assignment_id(config["name"])
    return AssignmentHeader(id=ident, title=str(config["name"]), reference="", suite="", data="")


def _marker(cell: dict[str, Any]) -> str:
    """The marker a raw cell carries (``BEGIN QUESTION``, ``END TESTS`` …), or ``""``."""
    if cell.get("cell_type") != "raw":
        return ""
    first = _source(cell).strip().splitlines()[0] if _source(cell).strip() else ""
    m = re.match(r"^#\s*((?:BEGIN|END)\s+(?:QUESTION|TESTS|SOLUTION|PROMPT)|ASSIGNMENT\s+CONFIG)\s*$", first, re.I)
    return " ".join(m.group(1).upper().split()) if m else ""


def _source(cell: dict[str, Any]) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else str(text)


def _body(cell: dict[str, Any]) -> str:
    return _source(cell).split("\n", 1)[1] if "\n" in _source(cell) else ""


def _has_markers(source: str) -> bool:
    return bool(re.search(r"#\s*(SOLUTION|BEGIN\s+SOLUTION|END\s+SOLUTION)\b", source))


def load(path: "Path", config: dict[str, Any], where: str) -> "Master":
    """An otter master notebook as nncourse's :class:`~.model.Master` (see the module docstring)."""
    import json

    from .config import yaml_mapping
    from .model import CellTest, Master, OutputCell, Question

    unknown_keys(config, ASSIGNMENT_KEYS, f"{where} (ASSIGNMENT CONFIG)")
    warnings = [f"ASSIGNMENT CONFIG: otter's {k!r} is not used by nncourse" for k in unused_keys(config, USED_ASSIGNMENT_KEYS)]
    files = config.get("files") or []
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise AuthoringError(f"{where} (ASSIGNMENT CONFIG): files must be a list of file names")
    cells = json.loads(path.read_bytes())["cells"]
    questions: list[Question] = []
    question_points: dict[str, Any] = {}
    cases: dict[str, list[tuple[CellTest, Any]]] = {}
    out: list[OutputCell] = []
    current: str | None = None
    block = ""  # "", "solution", "prompt" or "tests"
    for number, cell in enumerate(cells, start=1):
        here = f"{where} cell {number}"
        marker = _marker(cell)
        kind = cell.get("cell_type", "code")
        if marker == "ASSIGNMENT CONFIG":
            continue
        if marker == "BEGIN QUESTION":
            data = yaml_mapping(_body(cell), here)
            unknown_keys(data, QUESTION_KEYS, f"{here} (BEGIN QUESTION)")
            name = str(data.get("name", ""))
            if not re.match(r"^[A-Za-z][\w.-]*$", name) or any(q.name == name for q in questions):
                raise AuthoringError(f"{here}: question needs a unique name of letters, digits and _ (got {name!r})")
            current = name
            question_points[name] = data.get("points")
            questions.append(Question(name, 0.0, manual=bool(data.get("manual", False)),
                                      all_or_nothing=bool(data.get("all_or_nothing", False))))
            cases[name] = []
            continue
        if marker == "END QUESTION":
            if current is None:
                raise AuthoringError(f"{here}: END QUESTION without BEGIN QUESTION")
            current, block = None, ""
            continue
        if marker.startswith("BEGIN "):
            if block:
                raise AuthoringError(f"{here}: {marker} inside an open {block} block")
            block = marker.split()[1].lower()
            if block == "tests" and current is None:
                raise AuthoringError(f"{here}: BEGIN TESTS outside a question")
            continue
        if marker.startswith("END "):
            if block != marker.split()[1].lower():
                raise AuthoringError(f"{here}: {marker} without its BEGIN")
            block = ""
            continue
        source = _source(cell)
        if _CELL_IGNORE.match(source):
            continue
        if block == "tests":
            if kind == "code" and source.strip():
                cases[current].append(_test_case(cell, source, current, len(cases[current]) + 1, here, yaml_mapping))
            continue
        if block == "prompt":
            out.append(OutputCell(kind, source, None))
        elif block == "solution" and kind == "markdown":
            out.append(OutputCell(kind, MARKDOWN_ANSWER, source))
        elif block == "solution" and kind == "code":
            out.append(OutputCell(kind, student_code(source, here), solution_code(source, here)))
        elif kind == "code":
            if _has_markers(source):
                warnings.append(f"cell {number}: solution markers outside a BEGIN/END SOLUTION block are left in the "
                                "student notebook, as otter leaves them (the answer is visible)")
            kept = remove_ignored(source)
            out.append(OutputCell(kind, kept, kept))
        elif kind != "raw":
            out.append(OutputCell(kind, source, source))
    if block:
        raise AuthoringError(f"{where}: BEGIN {block.upper()} is never closed")
    if current is not None:
        raise AuthoringError(f"{where}: question {current!r} has no END QUESTION")
    return _resolved(path, config, questions, question_points, cases, out, warnings, files)


def _test_case(cell: dict[str, Any], source: str, question: str, index: int, here: str, yaml_mapping) -> tuple:
    from .model import CellTest

    config: dict[str, Any] = {}
    m = _TEST_CONFIG.match(source)
    if m:
        config = yaml_mapping(m["yaml"], f"{here} (TEST CONFIG)")
        unknown_keys(config, TEST_KEYS, f"{here} (TEST CONFIG)")
        body = source[m.end():]
    else:
        body = source
    code = remove_ignored(body)
    to_doctest(code)  # a syntax error is the author's, now
    test = CellTest(
        name=str(config.get("name") or f"{question} - {index}"), question=question, source=code,
        hidden=hidden_by_header(body, config), expected=expected_output(cell.get("outputs", [])),
        success_message=str(config.get("success_message") or ""), failure_message=str(config.get("failure_message") or ""),
    )
    return test, config.get("points")


def _resolved(path, config, questions, question_points, cases, out, warnings, files) -> "Master":
    from dataclasses import replace

    from .model import Master

    kept, tests = [], []
    for q in questions:
        found = cases[q.name]
        if q.manual:
            total = question_points[q.name]
            if not isinstance(total, (int, float)):
                raise AuthoringError(f"{path.name}: manual question {q.name!r} needs points")
            if found:
                warnings.append(f"question {q.name}: manual, so its tests are not run")
            kept.append(replace(q, points=float(total)))
            continue
        if not found:
            warnings.append(f"question {q.name}: no tests and not manual, so nothing grades it (otter does not either)")
            continue
        points = resolve_points(question_points[q.name], [p for _, p in found])
        tests += [replace(t, weight=p) for (t, _), p in zip(found, points)]
        kept.append(replace(q, points=round(sum(points), 6)))
    if not kept:
        raise AuthoringError(f"{path.name}: no question with tests or manual grading")
    return Master(path, header(config), tuple(kept), tuple(out), tuple(tests), (), tuple(warnings), tuple(files))
