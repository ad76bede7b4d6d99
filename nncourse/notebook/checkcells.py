"""The self-check cells of a generated notebook, as text: made by ``generate``, skipped by the grader.

A generated notebook gets one setup cell near the top, a ``check("question")`` cell after each
question with public tests, and a ``check_all()`` cell at the end. They run the public tests in
the student's own kernel (:mod:`nncourse.student`). The grader runs none of them: each is
recognised by its exact text (:func:`is_check_cell`) and replaced by an empty cell, which keeps
the numbering of the other cells; a cell the student changed in any way runs as written.

>>> is_check_cell(check_cell("ridge"))
True
>>> is_check_cell('check("ridge"); import os')
False
"""

from __future__ import annotations

import re

#: The setup cell, exactly as generated.
SETUP_CELL = (
    "# 自查工具（只运行公开测试，结果只显示在这里）/ Self-check tools (public tests only, shown here only)\n"
    "from nncourse.student import check, check_all, check_submission"
)

_CHECK = re.compile(r'check\("[\w.-]+"\)')
_ALL = ("check_all()", "check_submission()")


def check_cell(question: str) -> str:
    """The cell that checks one question."""
    return f'check("{question}")'


def final_cells() -> list[str]:
    """The cells at the end: every question, then readiness to submit."""
    return ["check_all()", "check_submission()"]


def is_check_cell(source: str) -> bool:
    """Whether ``source`` is one of the generated self-check cells, unchanged."""
    text = source.strip()
    return text == SETUP_CELL or text in _ALL or _CHECK.fullmatch(text) is not None


def setup_markdown(ident: str, *, symbolic: bool) -> str:
    """The notebook's first cell: how to install the self-check, run it, and submit."""
    extra = "（含 sympy）" if symbolic else ""
    extra_en = " (with sympy)" if symbolic else ""
    return f"""## 开始之前 / Before you start

**安装（只需一次）/ Install (once):** 在这个文件夹里（与本笔记本、`requirements.txt`、`tests/`、`data/` 同级）运行
In this folder (next to this notebook, `requirements.txt`, `tests/` and `data/`), run

```bash
python -m pip install -r requirements.txt
```

它安装 nncourse 的学生部分{extra}，只依赖 numpy。请用运行本笔记本的同一个 Python 环境安装（在笔记本里可写 `%pip install -r requirements.txt`）。
This installs the student part of nncourse{extra_en}; it needs only numpy. Install it into the Python that runs this
notebook (inside the notebook: `%pip install -r requirements.txt`).

**自查 / Check:** 先运行下面的导入单元；每道题后面的 `check("…")` 单元用公开测试检查你**当前内核里**的定义，
不必先保存。未完成的题目显示"尚未作答"。最后的 `check_all()` 汇总所有题目。
Run the import cell below first. The `check("…")` cell after each question runs its public tests on the definitions
**in your running kernel** (no need to save first); a question you have not answered shows "not answered yet".
`check_all()` at the end sums up every question.

**提交之前 / Before you submit:** 保存笔记本，然后运行最后的 `check_submission()`（或在终端运行
`python -m nncourse check {ident}.ipynb`）：它像评分程序一样在全新进程里从头到尾运行已保存的文件，
并指出只在你当前会话里才能运行的单元。公开测试通过是必要条件，不是充分条件：成绩还包括隐藏测试。
Save the notebook, then run `check_submission()` at the end (or `python -m nncourse check {ident}.ipynb` in a
terminal): it runs the saved file top to bottom in a fresh process, as the grader will, and names cells that only
worked in your session. Passing the public tests is necessary, not sufficient: hidden tests count too. Submit the
`.ipynb` file.
"""
