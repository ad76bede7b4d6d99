"""The operations spoken on the wire between the grader and a student's process (and its zygote).

Messages are JSON objects (see :mod:`.codec`) whose ``"op"`` is one of these. They are
``StrEnum`` members, so they are plain strings on the wire and compare equal to the strings
that arrive.
"""

from __future__ import annotations

from enum import StrEnum


class Op(StrEnum):
    """Grader → student process (:mod:`.worker` documents each message and its reply)."""

    EXEC = "exec"
    """Run one notebook cell."""
    CALL = "call"
    """Call a function the notebook defines."""
    EVAL = "eval"
    """Evaluate an expression with the notebook's names."""
    GET = "get"
    """Fetch a value the notebook defines."""
    NAMES = "names"
    """List the notebook's top-level names and their kinds."""
    PRELOAD = "preload"
    """Import the modules the assignment lets students use (before the first cell only)."""
    BYE = "bye"
    """Exit."""


class ZygoteOp(StrEnum):
    """Grader → zygote (:mod:`.zygote`)."""

    FORK = "fork"
    """Fork a student process on the file descriptors sent along."""
    PRELOAD = "preload"
    """Import modules the assignment lets students use, for every student forked after."""
    KILL = "kill"
    """End a student process forked earlier."""
