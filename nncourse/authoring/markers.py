'''otter-grader's solution and prompt markers, as pure text transforms.

Recognised (as in otter's master-notebook format):

``# BEGIN SOLUTION`` … ``# END SOLUTION``
    The block is the answer. Students get a stub at the block's indentation:
    ``raise NotImplementedError`` inside a function, ``...`` at top level.
    ``# BEGIN SOLUTION NO PROMPT`` leaves no stub.
``expr  # SOLUTION``
    One answer line: the right-hand side of an assignment becomes ``...`` for students.
``""" # BEGIN PROMPT`` … ``""" # END PROMPT``
    Lines shown only to students (e.g. a skeleton to fill in).

>>> print(student_version("def f(x):\\n    # BEGIN SOLUTION\\n    return 2 * x\\n    # END SOLUTION\\n"))
def f(x):
    raise NotImplementedError("TODO: 请完成 / implement this")
<BLANKLINE>
'''

from __future__ import annotations

import re

from ..errors import AuthoringError

_BEGIN = re.compile(r"^(?P<indent>\s*)# BEGIN SOLUTION(?P<noprompt> NO PROMPT)?\s*$")
_END = re.compile(r"^\s*# END SOLUTION\s*$")
_PROMPT_BEGIN = re.compile(r'^\s*(""")?\s*# BEGIN PROMPT\s*$')
_PROMPT_END = re.compile(r'^\s*(""")?\s*# END PROMPT\s*$')
_LINE = re.compile(r"^(?P<body>.*?)\s*# SOLUTION\s*$")
_ASSIGN = re.compile(r"^(?P<lhs>\s*[^=#]+?=)(?!=)\s*.+$")

STUB = 'raise NotImplementedError("TODO: 请完成 / implement this")'


def has_markers(source: str) -> bool:
    """Whether ``source`` contains any solution or prompt marker."""
    return any(p.search(source) for p in (re.compile(r"# (BEGIN|END) (SOLUTION|PROMPT)", re.M), re.compile(r"# SOLUTION\s*$", re.M)))


def _transform(source: str, *, student: bool, where: str) -> str:
    out: list[str] = []
    in_solution = in_prompt = False
    begin_line = 0
    for number, line in enumerate(source.splitlines(), start=1):
        if m := _BEGIN.match(line):
            if in_solution or in_prompt:
                raise AuthoringError(f"{where}, line {number}: BEGIN SOLUTION inside another block")
            in_solution, begin_line = True, number
            if student and not m["noprompt"]:
                out.append(m["indent"] + (STUB if m["indent"] else "..."))
            continue
        if _END.match(line):
            if not in_solution:
                raise AuthoringError(f"{where}, line {number}: END SOLUTION without BEGIN SOLUTION")
            in_solution = False
            continue
        if _PROMPT_BEGIN.match(line):
            if in_solution or in_prompt:
                raise AuthoringError(f"{where}, line {number}: BEGIN PROMPT inside another block")
            in_prompt, begin_line = True, number
            continue
        if _PROMPT_END.match(line):
            if not in_prompt:
                raise AuthoringError(f"{where}, line {number}: END PROMPT without BEGIN PROMPT")
            in_prompt = False
            continue
        if in_solution:
            if not student:
                out.append(line)
            continue
        if in_prompt:
            if student:
                out.append(line)
            continue
        if m := _LINE.match(line):
            if not student:
                out.append(m["body"])
            elif a := _ASSIGN.match(m["body"]):
                out.append(f"{a['lhs']} ...")
            continue
        out.append(line)
    if in_solution or in_prompt:
        raise AuthoringError(f"{where}, line {begin_line}: block opened here is never closed")
    return "\n".join(out) + ("\n" if source.endswith("\n") else "")


def student_version(source: str, where: str = "cell") -> str:
    """What students see: answers replaced by stubs, prompts shown."""
    return _transform(source, student=True, where=where)


def solution_version(source: str, where: str = "cell") -> str:
    """The solved code: answers kept, markers and prompts removed."""
    return _transform(source, student=False, where=where)
