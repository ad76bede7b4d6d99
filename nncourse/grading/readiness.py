"""Is a saved notebook ready to hand in? What ``nncourse check`` adds after the public tests.

The check has just run the saved file top to bottom in a fresh process, as the grader will.
Compared with what the file says about the student's own session (each code cell's saved
execution count and error output), that shows *hidden state*: cells that ran without error in
the session but fail from a fresh start (they used a variable since deleted, a cell run out of
order, a file that is not there). And the notebook must still say which assignment it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..checks.results import SubmissionResult
from ..notebook.reader import Notebook


@dataclass(frozen=True)
class Readiness:
    """What stands between a saved notebook and a clean submission."""

    expected_id: str
    declared_id: str | None
    hidden_state: tuple[tuple[int, str], ...]
    """(code cell number, what went wrong in the fresh run) for cells that worked in the session."""
    failing: tuple[tuple[int, str], ...]
    """Every code cell that fails in the fresh run: (number, what went wrong)."""

    @property
    def ready(self) -> bool:
        return self.declared_id == self.expected_id and not self.failing


def readiness(notebook: Notebook, result: SubmissionResult, expected_id: str) -> Readiness:
    """Compare the fresh run in ``result`` with the session recorded in ``notebook``."""
    session = [c.session for c in notebook.cells if c.kind == "code"]
    failing = tuple((o.index, f"{o.status}: {o.detail}"[:200]) for o in result.cells if o.status != "ok")
    hidden = tuple((i, d) for i, d in failing if 0 < i <= len(session) and session[i - 1] == "ok")
    return Readiness(expected_id, notebook.assignment_id(), hidden, failing)


def render(r: Readiness) -> list[str]:
    """Lines for the terminal, bilingual, each starting with ✓ or ✗."""
    lines = ["", "ready to submit? / 可以提交了吗？"]
    if r.declared_id == r.expected_id:
        lines.append(f"✓ the notebook's metadata names assignment {r.expected_id} / 元数据中的作业编号正确")
    else:
        said = f"names {r.declared_id!r}" if r.declared_id else "names no assignment"
        lines.append(f"✗ the notebook's metadata {said}, not {r.expected_id}: work in the notebook you were given "
                     f"(copy your answers into a fresh copy) / 元数据中的作业编号不对：请在下发的笔记本中作答")
    if not r.failing:
        lines.append("✓ every code cell runs top to bottom in a fresh process / 全新进程中从头到尾运行无误")
    for index, detail in r.hidden_state:
        lines.append(f"✗ code cell {index} worked in your session but fails from a fresh start (hidden state: a deleted "
                     f"variable or a cell run out of order?): {detail} / 该单元只在你当前会话中能运行")
    others = len(r.failing) - len(r.hidden_state)
    if others:
        lines.append(f"✗ {others} other code cell(s) fail in a fresh process (see above) / 另有 {others} 个单元运行出错")
    lines.append("This checks the saved file: save the notebook first (Ctrl-S / ⌘-S). / 检查的是已保存的文件：请先保存笔记本。")
    return lines
