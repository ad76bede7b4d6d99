"""What the grader decides about student processes: resource limits and timeouts (plain data).

Named tuples rather than dataclasses: the student process imports these before numpy, and
creating a frozen dataclass costs ~2 ms there (its methods are generated with ``exec``), on
every student's start-up.
"""

from __future__ import annotations

from typing import Any, NamedTuple

#: Default wall-clock seconds one notebook cell may run; an assignment's config may change it.
CELL_TIMEOUT = 10.0
#: Default wall-clock seconds one call from a test into student code may run.
CALL_TIMEOUT = 5.0


class Limits(NamedTuple):
    """Resource limits applied to the student process."""

    memory_bytes: int = 2 * 1024**3
    """Address-space limit (RLIMIT_AS)."""
    file_bytes: int = 16 * 1024**2
    """Largest file the student may write (RLIMIT_FSIZE)."""
    cpu_seconds: int = 120
    """Total CPU time of the worker (RLIMIT_CPU); per-cell/per-call wall limits are the grader's."""
    open_files: int = 64
    """Open file descriptors (RLIMIT_NOFILE)."""
    tmp_megabytes: int = 64
    """Size of the private, writable /tmp and home folder."""

    def to_json(self) -> dict[str, Any]:
        return self._asdict()


class SandboxConfig(NamedTuple):
    """How student processes are started and bounded."""

    mode: str = "auto"
    """``auto`` (strongest available), ``root``, ``userns`` or ``none``."""
    limits: Limits = Limits()
    cell_timeout: float = CELL_TIMEOUT
    """Wall-clock seconds one notebook cell may run."""
    call_timeout: float = CALL_TIMEOUT
    """Wall-clock seconds one call from a test into student code may run."""
    startup_timeout: float = 30.0
    max_restarts: int = 6
    """Fresh processes a submission may get after crashes or hangs before the rest fails."""
    hide: tuple[str, ...] = ()
    """Paths that must never be visible to students (course, outputs, submissions)."""
