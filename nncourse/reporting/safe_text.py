"""Text from submissions (file names, error messages) made safe for each place it is shown.

File names are chosen by students, so they may hold terminal escape sequences, line breaks
or a leading ``=`` that a spreadsheet would run as a formula. Each output escapes them where
it writes them; the submission's id itself is never changed.
"""

from __future__ import annotations

import hashlib

#: First characters that make a spreadsheet read a cell as a formula (or split it).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Characters kept as they are in a results folder name; everything else is %-escaped.
_FOLDER_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")
#: Longest folder name written (bytes); file systems allow 255.
MAX_FOLDER_NAME = 180


def printable(text: str) -> str:
    r"""``text`` with control and format characters shown as escapes (for a terminal).

    >>> printable("bob\x1b[2J\nmallory")
    'bob\\x1b[2J\\nmallory'
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def spreadsheet_cell(text: str) -> str:
    """A CSV text cell that a spreadsheet shows as text, never runs (a ``'`` before a formula start).

    >>> spreadsheet_cell("=HYPERLINK(\\"x\\")"), spreadsheet_cell("alice")
    ('\\'=HYPERLINK("x")', 'alice')
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def folder_name(submission_id: str) -> str:
    """The results folder of a submission id: one id, one folder, never shared (injective).

    Letters and digits (of any script), ``_``, ``-`` and inner dots stay; every other
    character (``/``, ``~``, ``%``, a leading ``.``, spaces, controls) becomes ``%XX`` per UTF-8 byte. A name that would be too
    long keeps its start and ends in ``~`` + a hash of the id (``~`` is escaped elsewhere,
    so such a name cannot equal another id's).

    >>> folder_name("sec1/alice"), folder_name("sec1__alice"), folder_name(".bob"), folder_name("x~1")
    ('sec1%2Falice', 'sec1__alice', '%2Ebob', 'x%7E1')
    """
    parts = []
    for i, ch in enumerate(submission_id):
        if (ch in _FOLDER_SAFE or (ord(ch) > 127 and ch.isalnum())) and not (ch == "." and i == 0):
            parts.append(ch)
        else:
            parts.append("".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass")))
    name = "".join(parts) or "%"
    if len(name.encode("utf-8", "surrogatepass")) > MAX_FOLDER_NAME:
        digest = hashlib.sha256(submission_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        name = name.encode("utf-8", "surrogatepass")[: MAX_FOLDER_NAME - 17].decode("utf-8", "ignore") + "~" + digest
    return name
