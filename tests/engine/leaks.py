"""Does student-visible feedback give away an expected value of a hidden test?

The expected values of a failed check are the numbers the *instructor* text prints after
``expected`` (the checks always print them there). The student text leaks one when it prints
it, or prints a number ``r`` from which it follows, with one of the student's own values ``o``
(shown as ``your value `o```, ``yours `o```, ``your answer `o```, ``your answer gives o``), as
``o ± r``, ``o·(1 ± r)`` or ``o/(1 ± r)``: an absolute or a relative difference.

Numbers that cannot depend on the expected value are not counted as ``r``: the call (the
question's inputs: what the student and the instructor texts share on their first line, up
to its last ``": "``), the mismatch count and the
indices of the index table, and hint and mistake lines whose text is written verbatim in the
suite (static text).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable

_NUMBER = re.compile(r"(?<![A-Za-z_.\d])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
_EXPECTED = re.compile(r"expected (?=[-+\d\[(.])([^\n]*)")
_OWN = re.compile(r"(?:your value|yours|your answer)(?::? `([^`]*)`|:? ([-+]?[\d.]+(?:[eE][-+]?\d+)?))|your answer gives (\S+?)\)")
#: How many elements are wrong and where ("3 of 12 elements differ", "index (0, 1)"): not values.
_COUNT = re.compile(r"\d+ of \d+ (?=[a-z])|\d+ 个元素中有 \d+ 个|\.\.\. \d+ more|另有 \d+ 个|index \([\d, ]*\)")
_LABELS = ("hint / 提示:", "likely mistake / 常见错误:")
#: Relative agreement that counts as "the same number" (student texts print 6 digits).
REL = 1e-4


def numbers(text: str) -> list[float]:
    """Every decimal number written in ``text`` (not digits inside names such as ``fp32``);
    a percentage counts as itself and as its fraction."""
    out = []
    for match in _NUMBER.finditer(text):
        value = float(match.group())
        out.append(value)
        if text[match.end():].lstrip().startswith("%"):
            out.append(value / 100)
    return [v for v in out if math.isfinite(v)]


def expected_values(instructor: str) -> list[float]:
    """The numbers the instructor text prints after ``expected``."""
    return [v for segment in _EXPECTED.findall(instructor) for v in numbers(segment)]


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= REL * max(abs(a), abs(b)) + 1e-12


def _static(line: str, sources: str) -> bool:
    body = line.strip()
    for label in _LABELS:
        if body.startswith(label):
            body = body[len(label):].strip()
            return bool(body) and body in sources
    return False


def _call_length(student: str, instructor: str) -> int:
    """Length of the call that starts both texts (through its ``": "``), 0 if none."""
    first_s, first_i = student.split("\n", 1)[0], instructor.split("\n", 1)[0]
    common = 0
    while common < min(len(first_s), len(first_i)) and first_s[common] == first_i[common]:
        common += 1
    cut = first_s.rfind(": ", 0, common + 1)
    return cut + 2 if cut >= 0 else 0


def revealed(student: str, sources: str, instructor: str = "") -> tuple[list[float], list[float]]:
    """(the student's own values, other numbers the text reveals) of one student text."""
    own = [v for groups in _OWN.findall(student) for v in numbers("".join(groups))]
    lines = student[_call_length(student, instructor):].splitlines() or [""]
    kept = "\n".join(line for line in lines if not _static(line, sources))
    kept = _COUNT.sub(" ", _OWN.sub(" ", kept))
    return own, numbers(kept)


def leaks(student: str, instructor: str, sources: str = "") -> list[str]:
    """How ``student`` gives away an expected value in ``instructor`` (empty: it does not)."""
    secrets = expected_values(instructor)
    if not secrets:
        return []
    own, other = revealed(student, sources, instructor)
    found = []
    for e in secrets:
        for r in other:
            if _same(e, r):
                found.append(f"prints the expected value {e:g}")
        for o, r in itertools.product(own, other):
            for formula, value in ((f"{o:g} + {r:g}", o + r), (f"{o:g} - {r:g}", o - r),
                                   (f"{o:g}·(1 + {r:g})", o * (1 + r)), (f"{o:g}·(1 - {r:g})", o * (1 - r)),
                                   (f"{o:g}/(1 + {r:g})", o / (1 + r) if r != -1 else math.inf),
                                   (f"{o:g}/(1 - {r:g})", o / (1 - r) if r != 1 else math.inf)):
                if math.isfinite(value) and _same(e, value):
                    found.append(f"expected {e:g} = {formula}")
    return sorted(set(found))


def leaks_in(results: Iterable, sources: str) -> list[str]:
    """Every leak in the hidden tests of graded submissions ``results``, described."""
    found = []
    for r in results:
        for t in r.tests:
            if t.visibility == "visible" or t.passed:
                continue
            for how in leaks(t.output, t.detail, sources):
                found.append(f"{r.submission} / {t.name}: {how}\n    student text: {t.output!r}")
    return found
