"""Busy-loop processes beside a test: the machine under load (issue 18: verdicts do not depend on it)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def busy_loops(count: int | None = None) -> Iterator[list[int]]:
    """``count`` (default 4 per core) processes spinning at 100 % until the block ends; each is
    ended by its own pid."""
    count = count or 4 * (os.cpu_count() or 2)
    procs = [subprocess.Popen([sys.executable, "-S", "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield [p.pid for p in procs]
    finally:
        for p in procs:
            with contextlib.suppress(ProcessLookupError):
                os.kill(p.pid, signal.SIGKILL)
            p.wait()
