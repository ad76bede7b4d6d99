"""The symbolic helper process: judges answers sent by :mod:`.remote`, one at a time, under a CPU limit.

Started as ``python -m nncourse.symbolic.helper``. It reads requests from stdin and writes
replies to (a private copy of) stdout, as frames of a 4-byte big-endian length and a body:

* request: a pickle of ``(student, reference, options fields, variants, builtin)``, written by the
  grader only (the grader trusts itself; student text inside it is parsed safely by
  :mod:`.answers`, never evaluated);
* reply: JSON, ``{"verdict": {...}}`` (:meth:`~.verdict.Verdict.as_dict`) or ``{"error": "…"}``
  for an invalid reference or option. The grader never unpickles anything from here.

Limits: each check runs in this process's main thread under
:func:`~.timeouts.run_with_timeout` (``ITIMER_PROF``: the check's own CPU seconds); as a
backstop for work that never returns to the interpreter, ``RLIMIT_CPU`` is set before each
check to the CPU used so far plus the check's budget plus :data:`BACKSTOP_SECONDS`, so the
kernel ends the process (``SIGXCPU``) rather than let it spin; the client then restarts it.
Address space is capped at :data:`MEMORY_BYTES` more than it maps at the start. The process
ends when its requests pipe closes (the grader exited or died). The grader usually forks it
(:mod:`.remote`) and calls :func:`serve` directly; ``python -m`` is the fallback.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import sys
from typing import BinaryIO

from .frames import read_frame, write_frame

#: CPU seconds beyond a check's own budget before the kernel ends the process.
BACKSTOP_SECONDS = 2.0
#: Address-space cap (sympy expansions can grow without bound).
MEMORY_BYTES = 3 << 30
def _limit_resources(resource) -> None:  # type: ignore[no-untyped-def]
    """Cap the address space at :data:`MEMORY_BYTES` beyond what the process already maps
    (a helper forked from the grader starts with the grader's mappings)."""
    try:
        with open("/proc/self/statm") as f:
            mapped = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        mapped = 0
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = mapped + MEMORY_BYTES if hard == resource.RLIM_INFINITY else min(mapped + MEMORY_BYTES, hard)
        if soft == resource.RLIM_INFINITY or soft > cap:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError):
        pass


def _cpu_backstop(resource, budget: float) -> None:  # type: ignore[no-untyped-def]
    """Let the kernel end this process once it has used ``budget`` + the backstop more CPU seconds."""
    if resource is None:
        return
    used = os.times()
    ceiling = math.ceil(used.user + used.system + budget + BACKSTOP_SECONDS)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (ceiling, hard))
    except (ValueError, OSError):
        pass


def serve(requests: BinaryIO, replies: BinaryIO) -> None:
    """Answer requests until ``requests`` ends."""
    try:
        import resource
    except ImportError:  # Windows: the client's wall-clock backstop is all there is
        resource = None
    if resource is not None:
        _limit_resources(resource)
    from ..errors import AnswerError
    from types import MappingProxyType

    from .mistakes import diagnose_here
    from .problem import Options
    from .timeouts import GRACE_SECONDS

    while True:
        body = read_frame(requests)
        if body is None:
            return
        student, reference, fields, variants, builtin = pickle.loads(body)
        options = Options(**{**fields, "intervals": MappingProxyType(fields["intervals"])})
        _cpu_backstop(resource, options.timeout + GRACE_SECONDS)
        try:
            verdict = diagnose_here(student, reference, options, variants, builtin)
            reply = {"verdict": verdict.as_dict()}
        except AnswerError as exc:
            reply = {"error": exc.one_line()}
        write_frame(replies, json.dumps(reply, ensure_ascii=False, default=_plain).encode("utf-8"))


def _plain(value: object) -> object:
    """numpy scalars and other numbers in a verdict, as JSON numbers or text."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)


def main() -> None:
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints must not corrupt the replies
    serve(sys.stdin.buffer, replies)


if __name__ == "__main__":
    main()
