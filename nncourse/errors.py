"""One error hierarchy for everything a user can get wrong.

Each error says what happened and, where there is one, what to try next. The CLI catches
:class:`NncourseError`, prints ``nncourse: <message>`` on one line and exits 2; nothing
below the CLI prints a traceback for an expected failure (ARCHITECTURE.md, Conventions 5).
"""

from __future__ import annotations


class NncourseError(Exception):
    """Base class: an expected failure with a one-line, user-facing message."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        """The message and hint folded onto a single line."""
        text = " ".join(self.message.split())
        if self.hint:
            text += f" (hint: {' '.join(self.hint.split())})"
        return text

    def __str__(self) -> str:
        return self.one_line()


class CourseError(NncourseError):
    """The course layout (assignments/, autograder/, solutions/) is missing or malformed."""


class UnknownAssignment(CourseError):
    """An assignment or quiz id that the course does not define."""


class AuthoringError(NncourseError):
    """A master notebook or quiz file is malformed, or its solution fails its own tests."""


class NotebookError(NncourseError):
    """A notebook file cannot be read: not JSON, not a notebook, too large, unreadable."""


class SandboxError(NncourseError):
    """The student process could not be started or talked to."""


class AnswerError(NncourseError):
    """A student answer (symbolic, multiple choice) cannot be parsed or is rejected."""


class UnreadableFile(NncourseError):
    """An input file that is not read: a symbolic link, a device, a FIFO, too large, missing."""


class OutputError(NncourseError):
    """Results cannot be written: a read-only folder, a full disk, a file where a folder should be."""
