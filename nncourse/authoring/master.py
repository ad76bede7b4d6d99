'''Parse a master notebook (otter-grader's format, plus one nncourse directive).

Structure, as in otter:

* a raw cell ``# ASSIGNMENT CONFIG`` followed by YAML (``id``, ``title`` and the nncourse
  keys below);
* raw cells ``# BEGIN QUESTION`` + YAML (``name``, ``points``) … ``# END QUESTION``;
* inside a question, raw ``# BEGIN TESTS`` … ``# END TESTS`` around test cells; a test cell
  may start with ``""" # BEGIN TEST CONFIG`` YAML (``hidden``, ``points``) ``""" # END TEST CONFIG``;
* solution markers in code cells (:mod:`.markers`).

nncourse keys in the assignment config: ``reference`` (module in ``solutions/``),
``suite`` (folder in ``autograder/``, default: the id), ``data`` (folder next to the master,
default ``data``), ``cell_timeout`` and ``call_timeout`` (CPU seconds), ``student_imports``
(modules students may import, imported for them before any clock starts: ``[sympy]``),
``data_seed`` (``fixed``, the default, or ``student``: each student's data come from the
reference module's ``student_data(rng)``, see :mod:`nncourse.grading.student_data`). A
question's config has ``name``, ``points`` and, for a question checked by public tests only,
``public_only: true``; a test's config has ``hidden`` and ``points``.

Mistakes fail loudly, one line each naming the cell and the fix: an unknown key in any of
these configs, an unknown ``# BEGIN …``/``# END …`` marker, a BEGIN without its END (or the
reverse), and ``# REFERENCE:`` without a ``reference`` module.

The directive ``# REFERENCE: name, other`` in a code cell inserts those functions' source
from the reference module, so the solved notebook, the student stubs and the hidden tests'
reference are one text (no drift).
'''

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from ..errors import AuthoringError, NotebookError
from ..grading.student_data import GENERATOR
from ..keyed import DataSeed
from ..notebook.reader import Cell, parse_notebook, read_notebook
from . import markers, otter
from .config import yaml_mapping as _yaml
from .model import AssignmentHeader, CellTest, Master, OutputCell, Question

__all__ = ["AssignmentHeader", "CellTest", "Master", "OutputCell", "Question", "load_master",
           "read_assignment_header", "reference_functions"]

_REFERENCE = re.compile(r"^#[ \t]*REFERENCE:[ \t]*(?P<names>[\w \t,]+?)[ \t]*$", re.MULTILINE)
_TEST_CONFIG = re.compile(r'^\s*"""\s*# BEGIN TEST CONFIG\s*\n(?P<yaml>.*?)\n\s*"""\s*# END TEST CONFIG\s*\n?', re.S)
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _header_value(key: str, value: Any) -> Any:
    if key.endswith("timeout"):
        return float(value)
    if key == "data_seed":
        try:
            return DataSeed(str(value))
        except ValueError:
            raise ValueError(f"data_seed must be one of {', '.join(DataSeed)} (got {value!r})") from None
    if key == "student_imports":  # a YAML list, or one comma-separated string
        items = value.split(",") if isinstance(value, str) else value if isinstance(value, list) else [value]
        return tuple(str(item).strip() for item in items if str(item).strip())
    return str(value)


#: Keys of the ``# ASSIGNMENT CONFIG`` cell.
HEADER_KEYS = ("id", "title", "reference", "suite", "data", "cell_timeout", "call_timeout", "student_imports", "data_seed")
#: Keys of a ``# BEGIN QUESTION`` cell and of a test cell's ``# BEGIN TEST CONFIG``.
QUESTION_KEYS = ("name", "points", "public_only")
TEST_KEYS = ("hidden", "points", "weight")
#: Raw-cell markers, as otter writes them.
MARKERS = ("# ASSIGNMENT CONFIG", "# BEGIN QUESTION", "# END QUESTION", "# BEGIN TESTS", "# END TESTS")
_MARKER_LIKE = re.compile(r"^#\s*(BEGIN|END|ASSIGNMENT)\b", re.IGNORECASE)


def _unknown_keys(data: dict[str, Any], known: tuple[str, ...], where: str, what: str) -> None:
    unknown = [str(k) for k in data if k not in known]
    if unknown:
        import difflib

        guesses = [g for k in unknown for g in difflib.get_close_matches(k, known, n=1)]
        also = f"did you mean {', '.join(guesses)}? " if guesses else ""
        raise AuthoringError(f"{where}: unknown key(s) {', '.join(unknown)} in {what}",
                             hint=f"{also}known keys: {', '.join(known)}")


def _first_line(cell: Cell) -> str:
    return cell.source.strip().splitlines()[0].strip() if cell.source.strip() else ""


def _config(cells: tuple[Cell, ...], where: str) -> dict[str, Any]:
    """The ``# ASSIGNMENT CONFIG`` cell's YAML."""
    for cell in cells:
        if cell.kind == "raw" and _first_line(cell) == "# ASSIGNMENT CONFIG":
            return _yaml(cell.source.split("\n", 1)[1] if "\n" in cell.source else "", f"{where} (ASSIGNMENT CONFIG)")
    raise AuthoringError(f"{where}: no '# ASSIGNMENT CONFIG' raw cell")


def _header(cells: tuple[Cell, ...], where: str) -> AssignmentHeader:
    data = _config(cells, where)
    if otter.is_otter_config(data):
        return otter.header(data)
    ident = str(data.get("id", ""))
    if not _ID.match(ident):
        raise AuthoringError(f"{where}: ASSIGNMENT CONFIG needs an id of lowercase letters, digits, - or _ (got {ident!r})")
    values = {k: data[k] for k in HEADER_KEYS if k in data}
    values.setdefault("title", ident)
    values.setdefault("suite", ident)
    try:
        return AssignmentHeader(**{k: _header_value(k, v) for k, v in values.items()}, given=tuple(str(k) for k in data))
    except ValueError as exc:
        raise AuthoringError(f"{where}: ASSIGNMENT CONFIG: {exc}") from None


def read_assignment_header(path: Path) -> AssignmentHeader:
    """Only the header (for ``nncourse list``); cheap."""
    try:
        return _header(read_notebook(path).cells, str(path))
    except NotebookError as exc:
        raise AuthoringError(exc.message) from None


def reference_functions(module_path: Path) -> dict[str, str]:
    """Top-level function sources of a reference module, by name (read with ``ast``, not imported)."""
    text = module_path.read_text("utf-8")
    tree = ast.parse(text, filename=str(module_path))
    lines = text.splitlines()
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            end = node.end_lineno or node.lineno
            # ast ends a function at its last statement; keep trailing indented comments
            # such as "# END SOLUTION".
            while end < len(lines) and lines[end].startswith((" ", "\t")) and lines[end].strip().startswith("#"):
                end += 1
            found[node.name] = "\n".join(lines[start - 1 : end])
    return found


def _expand_references(source: str, functions: dict[str, str], where: str, used: list[str]) -> str:
    def insert(match: re.Match[str]) -> str:
        names = [n.strip() for n in match["names"].split(",") if n.strip()]
        used.extend(names)
        missing = [n for n in names if n not in functions]
        if missing and not functions:
            raise AuthoringError(f"{where}: '# REFERENCE: {', '.join(names)}' needs a reference module",
                                 hint="add `reference: MODULE` (a file solutions/MODULE.py defining these functions) "
                                      "to the ASSIGNMENT CONFIG cell")
        if missing:
            raise AuthoringError(f"{where}: REFERENCE names unknown function(s) {', '.join(missing)}")
        return "\n\n\n".join(functions[n] for n in names)

    return _REFERENCE.sub(insert, source)


def _test_cell(source: str, question: str, index: int, where: str) -> CellTest:
    config: dict[str, Any] = {}
    m = _TEST_CONFIG.match(source)
    if m:
        config = _yaml(m["yaml"], f"{where} (TEST CONFIG)")
        _unknown_keys(config, TEST_KEYS, where, "TEST CONFIG")
        source = source[m.end() :]
    return CellTest(
        name=f"{question} - {index}",
        question=question,
        source=source,
        hidden=bool(config.get("hidden", False)),
        weight=float(config.get("points", config.get("weight", 1.0))),
    )


def load_master(path: Path, solutions_dir: Path) -> Master:
    """Parse the master notebook at ``path``; reference modules come from ``solutions_dir``."""
    try:
        nb = parse_notebook(path.read_bytes(), str(path))
    except OSError as exc:
        raise AuthoringError(f"cannot read {path}: {exc.strerror}") from None
    where = path.name
    config = _config(nb.cells, where)
    if otter.is_otter_config(config):
        return otter.load(path, config, where)
    header = _header(nb.cells, where)
    _unknown_keys({k: None for k in header.given}, HEADER_KEYS, where, "ASSIGNMENT CONFIG")
    functions: dict[str, str] = {}
    if header.reference:
        ref = solutions_dir / f"{header.reference}.py"
        if not ref.is_file():
            raise AuthoringError(f"{where}: reference module {ref} does not exist")
        functions = reference_functions(ref)
    if header.data_seed == DataSeed.STUDENT and GENERATOR not in functions:
        raise AuthoringError(f"{where}: data_seed: student needs a function {GENERATOR}(rng) in the reference module",
                             hint=f"add `reference: MODULE` and define {GENERATOR}(rng) -> {{file name: text}} in solutions/MODULE.py")
    questions: list[Question] = []
    tests: list[CellTest] = []
    out: list[OutputCell] = []
    used: list[str] = []
    spans: list[tuple[str, int, int]] = []
    current: str | None = None
    start = 0  # index in `out` where the open question's cells begin
    opened = tests_opened = 0  # cell numbers of the open BEGIN QUESTION / BEGIN TESTS
    in_tests = False
    for number, cell in enumerate(nb.cells, start=1):
        here = f"{where} cell {number}"
        first = _first_line(cell)
        if cell.kind == "raw" and _MARKER_LIKE.match(first) and first not in MARKERS:
            raise AuthoringError(f"{here}: unknown marker {first!r}", hint=f"markers are: {'; '.join(MARKERS)}")
        if cell.kind == "raw" and first.startswith("#"):
            if first == "# ASSIGNMENT CONFIG":
                continue
            if first == "# BEGIN QUESTION":
                if current is not None:
                    raise AuthoringError(f"{here}: BEGIN QUESTION inside question {current!r} (cell {opened})",
                                         hint="close the previous question with a raw cell '# END QUESTION'")
                data = _yaml(cell.source.split("\n", 1)[1] if "\n" in cell.source else "", here)
                _unknown_keys(data, QUESTION_KEYS, here, "BEGIN QUESTION")
                name = str(data.get("name", ""))
                if not name or any(q.name == name for q in questions):
                    raise AuthoringError(f"{here}: question needs a unique name (got {name!r})")
                try:
                    questions.append(Question(name, float(data.get("points", 1)), public_only=bool(data.get("public_only", False))))
                except (TypeError, ValueError):
                    raise AuthoringError(f"{here}: points must be a number") from None
                current, start, opened = name, len(out), number
                continue
            if first == "# END QUESTION":
                if current is None:
                    raise AuthoringError(f"{here}: END QUESTION without BEGIN QUESTION")
                if in_tests:
                    raise AuthoringError(f"{here}: END QUESTION inside the tests opened in cell {tests_opened}",
                                         hint="add a raw cell '# END TESTS' before it")
                spans.append((current, start, len(out)))
                current = None
                continue
            if first == "# BEGIN TESTS":
                if current is None:
                    raise AuthoringError(f"{here}: tests outside a question")
                if in_tests:
                    raise AuthoringError(f"{here}: BEGIN TESTS inside the tests opened in cell {tests_opened}")
                in_tests, tests_opened = True, number
                continue
            if first == "# END TESTS":
                if not in_tests:
                    raise AuthoringError(f"{here}: END TESTS without BEGIN TESTS")
                in_tests = False
                continue
        if in_tests:
            if cell.kind == "code" and cell.source.strip():
                tests.append(_test_cell(cell.source, current or "", sum(t.question == current for t in tests) + 1, here))
            continue
        if cell.kind == "code":
            source = _expand_references(cell.source, functions, here, used)
            out.append(OutputCell("code", markers.student_version(source, here), markers.solution_version(source, here)))
        else:
            out.append(OutputCell(cell.kind, cell.source, cell.source))
    if current is not None:
        raise AuthoringError(f"{where} cell {opened}: question {current!r} has no END QUESTION",
                             hint="add a raw cell '# END QUESTION' after its last cell")
    if not questions:
        raise AuthoringError(f"{where}: no '# BEGIN QUESTION' cells")
    return Master(path, header, tuple(questions), tuple(out), tuple(tests), tuple(used), question_spans=tuple(spans))
