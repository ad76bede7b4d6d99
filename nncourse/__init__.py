"""nncourse: author, self-check and grade notebooks for a neural-network mathematics course.

Kept import-light on purpose: the sandbox worker and the CLI import this package before
anything else, and start-up time is part of every grade.
"""

__version__ = "0.1.0"
