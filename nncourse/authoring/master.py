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
(modules students may import, imported for them before any clock starts: ``[sympy]``).

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
from ..notebook.reader import Cell, parse_notebook, read_notebook
from . import markers, otter
from .config import yaml_mapping as _yaml
from .model import AssignmentHeader, CellTestSource, Master, OutputCell, Question

__all__ = ["AssignmentHeader", "CellTestSource", "Master", "OutputCell", "Question", "load_master",
           "read_assignment_header", "reference_functions"]

_REFERENCE = re.compile(r"^#[ \t]*REFERENCE:[ \t]*(?P<names>[\w \t,]+?)[ \t]*$", re.MULTILINE)
_TEST_CONFIG = re.compile(r'^\s*"""\s*# BEGIN TEST CONFIG\s*\n(?P<yaml>.*?)\n\s*"""\s*# END TEST CONFIG\s*\n?', re.S)
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _header_value(key: str, value: Any) -> Any:
    if key.endswith("timeout"):
        return float(value)
    if key == "student_imports":  # a YAML list, or one comma-separated string
        items = value.split(",") if isinstance(value, str) else value if isinstance(value, list) else [value]
        return tuple(str(item).strip() for item in items if str(item).strip())
    return str(value)


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
    known = {f for f in AssignmentHeader.__dataclass_fields__}
    values = {k: data[k] for k in known if k in data}
    values.setdefault("title", ident)
    values.setdefault("suite", ident)
    try:
        return AssignmentHeader(**{k: _header_value(k, v) for k, v in values.items()})
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
        if missing:
            raise AuthoringError(f"{where}: REFERENCE names unknown function(s) {', '.join(missing)}")
        return "\n\n\n".join(functions[n] for n in names)

    return _REFERENCE.sub(insert, source)


def _test_cell(source: str, question: str, index: int, where: str) -> CellTestSource:
    config: dict[str, Any] = {}
    m = _TEST_CONFIG.match(source)
    if m:
        config = _yaml(m["yaml"], f"{where} (TEST CONFIG)")
        source = source[m.end() :]
    return CellTestSource(
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
    functions: dict[str, str] = {}
    if header.reference:
        ref = solutions_dir / f"{header.reference}.py"
        if not ref.is_file():
            raise AuthoringError(f"{where}: reference module {ref} does not exist")
        functions = reference_functions(ref)
    questions: list[Question] = []
    tests: list[CellTestSource] = []
    out: list[OutputCell] = []
    used: list[str] = []
    spans: list[tuple[str, int, int]] = []
    current: str | None = None
    start = 0
    in_tests = False
    for number, cell in enumerate(nb.cells, start=1):
        here = f"{where} cell {number}"
        first = _first_line(cell)
        if cell.kind == "raw" and first.startswith("#"):
            if first == "# ASSIGNMENT CONFIG":
                continue
            if first == "# BEGIN QUESTION":
                data = _yaml(cell.source.split("\n", 1)[1] if "\n" in cell.source else "", here)
                name = str(data.get("name", ""))
                if not name or any(q.name == name for q in questions):
                    raise AuthoringError(f"{here}: question needs a unique name (got {name!r})")
                try:
                    questions.append(Question(name, float(data.get("points", 1))))
                except (TypeError, ValueError):
                    raise AuthoringError(f"{here}: points must be a number") from None
                current, start = name, len(out)
                continue
            if first == "# END QUESTION":
                if current is not None:
                    spans.append((current, start, len(out)))
                current = None
                continue
            if first == "# BEGIN TESTS":
                if current is None:
                    raise AuthoringError(f"{here}: tests outside a question")
                in_tests = True
                continue
            if first == "# END TESTS":
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
    if not questions:
        raise AuthoringError(f"{where}: no '# BEGIN QUESTION' cells")
    return Master(path, header, tuple(questions), tuple(out), tuple(tests), tuple(used), question_spans=tuple(spans))
