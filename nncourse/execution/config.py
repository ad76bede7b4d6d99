"""What the grader decides about student processes: resource limits and time limits (plain data).

Named tuples rather than dataclasses: the student process imports these before numpy, and
creating a frozen dataclass costs ~2 ms there (its methods are generated with ``exec``), on
every student's start-up.

Time limits count **CPU time** (the kernel's accounting of the student process, see
:mod:`.meter`), so a busy machine slows a student but never fails one. A *blocked* backstop
ends a process that sleeps or waits for input: it counts only wall time during which the
process neither ran nor waited for a CPU, and is ``blocked_factor`` times the CPU limit.
"""

from __future__ import annotations

from typing import Any, NamedTuple

#: Default CPU seconds one notebook cell may use; an assignment's config may change it.
CELL_TIMEOUT = 10.0
#: Default CPU seconds one call from a test into student code may use.
CALL_TIMEOUT = 5.0


class Limits(NamedTuple):
    """Resource limits applied to the student process."""

    memory_bytes: int = 2 * 1024**3
    """Address-space limit (RLIMIT_AS)."""
    file_bytes: int = 16 * 1024**2
    """Largest file the student may write (RLIMIT_FSIZE)."""
    cpu_seconds: int = 150
    """Total CPU time of one student process (RLIMIT_CPU): the kernel's last word, above every
    per-cell, per-call and per-submission limit the grader applies."""
    open_files: int = 64
    """Open file descriptors (RLIMIT_NOFILE)."""
    tmp_megabytes: int = 64
    """Size of the private, writable /tmp and home folder."""

    def to_json(self) -> dict[str, Any]:
        return self._asdict()


class Budget(NamedTuple):
    """How long one request (a cell, a call) may take, and what to call it in messages."""

    cpu: float
    """CPU seconds."""
    blocked: float
    """Seconds blocked (neither running nor runnable) before the backstop ends it."""
    what: str = "CPU"
    """Which limit ``cpu`` is, for messages: ``CPU`` or a larger budget's name."""

    @property
    def ceiling(self) -> float:
        """Wall seconds after which a process is ended whatever it did (pathological cases only:
        far beyond any load an honest run meets)."""
        return 60.0 * self.cpu + self.blocked


class SandboxConfig(NamedTuple):
    """How student processes are started and bounded."""

    mode: str = "auto"
    """``auto`` (strongest available), ``root``, ``userns`` or ``none``."""
    limits: Limits = Limits()
    cell_timeout: float = CELL_TIMEOUT
    """CPU seconds one notebook cell may use."""
    call_timeout: float = CALL_TIMEOUT
    """CPU seconds one call from a test into student code may use."""
    blocked_factor: float = 3.0
    """A cell or call blocked (sleeping, waiting) this many times its CPU limit is ended."""
    startup_timeout: float = 60.0
    """Wall seconds a fresh process may take to start and lock itself down (generous: under load)."""
    max_restarts: int = 40
    """Fresh processes a submission may get after crashes or hangs. Each function or expression
    that hung or crashed is not called again, so this is only a bound on pathological notebooks;
    the CPU budgets below are the real bound on time."""
    max_cells: int = 2000
    """Code cells run per notebook; cells beyond are not run (and say so)."""
    notebook_cpu: float = 0.0
    """CPU seconds all cells of the notebook may use together (0: three cell limits)."""
    submission_cpu: float = 0.0
    """CPU seconds a submission may use in all (cells, replays, calls; 0: twelve cell limits)."""
    hide: tuple[str, ...] = ()
    """Paths that must never be visible to students (course, outputs, submissions)."""
    preload: tuple[str, ...] = ()
    """Modules the assignment lets students import (e.g. ``sympy``), imported in the student
    process before any clock starts, so no question pays for them."""

    def budget(self, cpu: float) -> Budget:
        return Budget(cpu, self.blocked_factor * cpu)

    @property
    def notebook_budget(self) -> float:
        return self.notebook_cpu or 3.0 * self.cell_timeout

    @property
    def submission_budget(self) -> float:
        return self.submission_cpu or 12.0 * self.cell_timeout
