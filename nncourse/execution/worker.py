"""The student process: execute notebook cells, then answer calls from the grader.

Started by the grader as ``python -I -S -c <bootstrap> FD_IN FD_OUT`` (see :mod:`.sandbox`),
or forked from a zygote (:mod:`.zygote`). It imports what student code usually needs, then
reads its :class:`~.isolation.LockdownSpec` (the first line on ``FD_IN``), locks itself
down, reports ``ready``, and serves one JSON request per line until told ``bye``. Every
value that leaves goes through :mod:`.codec`.

Requests and replies (``id`` echoes the request)::

    {"mode": "root", "root_dir": "...", "hide": [...], ...}  (the spec, first)  → {"ok": true, "value": <isolation report>}
    {"op": "exec", "cell": 3, "code": "..."}   → {"ok": true, "stdout": "..."} | {"ok": false, "error": {...}}
    {"op": "call", "name": "f", "args": [...], "kwargs": {...}}  → {"ok": true, "value": ...}
    {"op": "get", "name": "X"}                 → {"ok": true, "value": ...}
    {"op": "eval", "expression": "...", "variables": {...}}  → {"ok": true, "value": ...}
    {"op": "names"}                            → {"ok": true, "value": {"f": "function", ...}}
    {"op": "preload", "modules": ["sympy"]}    → {"ok": true}   (before the first cell only)
    {"op": "bye"}
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import os
import select
import sys
import types
from typing import Any, Iterator

from . import codec
from .isolation import LockdownSpec, lockdown
from .magics import GradingShell, display, transform_cell

#: Characters of student output kept per cell (the rest is counted, not stored).
STDOUT_LIMIT = 10_000
#: Characters of an exception message kept.
MESSAGE_LIMIT = 500


class BoundedWriter(io.TextIOBase):
    """A text stream that keeps the first ``limit`` characters and counts the rest."""

    def __init__(self, limit: int = STDOUT_LIMIT) -> None:
        self.limit = limit
        self.parts: list[str] = []
        self.kept = 0
        self.dropped = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        text = str(text)
        room = self.limit - self.kept
        if room > 0:
            self.parts.append(text[:room])
            self.kept += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def getvalue(self) -> str:
        value = "".join(self.parts)
        if self.dropped:
            value += f"\n[... {self.dropped} more characters of output not kept]"
        return value


@contextlib.contextmanager
def _captured(limit: int):
    """Send ``print`` output (and stderr) to a :class:`BoundedWriter` for the block."""
    out = BoundedWriter(limit)
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = out
    try:
        yield out
    finally:
        sys.stdout, sys.stderr = saved


def _error_info(exc: BaseException) -> dict[str, Any]:
    import traceback  # only when student code raised

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<cell")]
    where = f"{frames[-1].filename[1:-1]}, line {frames[-1].lineno}" if frames else ""
    try:
        message = str(exc)[:MESSAGE_LIMIT]
    except Exception:  # a hostile __str__
        message = "<message unavailable>"
    return {"type": type(exc).__name__[:60], "message": message, "where": where}


class Session:
    """The student's namespace and the operations the grader may ask for."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
        self.shell = GradingShell(self.namespace, self._run_source)
        self.namespace["get_ipython"] = lambda: self.shell
        self.namespace["display"] = display
        self.cell = 0
        self.baseline = set(self.namespace)

    def _run_source(self, source: str, namespace: dict[str, Any]) -> None:
        self.cell += 1
        tree = ast.parse(source, filename=f"<cell {self.cell}>")
        exec(compile(tree, f"<cell {self.cell}>", "exec"), namespace)

    def exec_cell(self, number: int, code: str) -> dict[str, Any]:
        with _captured(STDOUT_LIMIT) as out:
            try:
                source = transform_cell(code)
                tree = ast.parse(source, filename=f"<cell {number}>")
                exec(compile(tree, f"<cell {number}>", "exec"), self.namespace)
            except BaseException as exc:  # SystemExit and KeyboardInterrupt are student errors too
                return {"ok": False, "error": _error_info(exc), "stdout": out.getvalue()}
        return {"ok": True, "stdout": out.getvalue()}

    def _lookup(self, name: str) -> Any:
        if name not in self.namespace or name in self.baseline:
            raise NameError(f"name {name!r} is not defined")
        return self.namespace[name]

    def call(self, name: str, args: list[Any], kwargs: dict[str, Any]) -> dict[str, Any]:
        with _captured(1000):  # output during graded calls is discarded
            try:
                target = self._lookup(name)
                if not callable(target):
                    return {"ok": False, "error": {"type": "NotCallable", "message": f"{name} is not a function", "where": ""}}
                return {"ok": True, "value": target(*args, **kwargs)}
            except BaseException as exc:
                return {"ok": False, "error": _error_info(exc)}

    def evaluate(self, expression: str, variables: dict[str, Any]) -> dict[str, Any]:
        """Evaluate a grader-written expression over the student's names plus ``variables``.

        Used for calls whose arguments cannot cross the boundary (a gradient callable);
        only the resulting data goes back.
        """
        with _captured(1000):
            try:
                scope = dict(self.namespace)
                scope.update(variables)
                return {"ok": True, "value": eval(compile(expression, "<check>", "eval"), scope)}
            except BaseException as exc:
                return {"ok": False, "error": _error_info(exc)}

    def get(self, name: str) -> dict[str, Any]:
        try:
            return {"ok": True, "value": self._lookup(name)}
        except NameError as exc:
            return {"ok": False, "error": _error_info(exc)}

    def names(self) -> dict[str, str]:
        kinds = {}
        for name, value in list(self.namespace.items()):
            if name in self.baseline or name.startswith("_"):
                continue
            if isinstance(value, types.ModuleType):
                kinds[name] = "module"
            elif isinstance(value, type):
                kinds[name] = "class"
            elif callable(value):
                kinds[name] = "function"
            else:
                kinds[name] = "value"
        return kinds


def _reply(fd: int, message: dict[str, Any]) -> None:
    try:
        data = codec.encode(message)
    except codec.CodecError as exc:
        data = codec.encode({"id": message.get("id"), "ok": False, "error": {"type": "TransferError", "message": str(exc), "where": ""}})
    except Exception as exc:  # e.g. a value whose conversion raises
        data = codec.encode({"id": message.get("id"), "ok": False, "error": {"type": "TransferError", "message": f"result cannot be sent: {type(exc).__name__}", "where": ""}})
    view = memoryview(data + b"\n")
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _requests(fd: int):
    buffer = b""
    while True:
        while b"\n" not in buffer:
            chunk = os.read(fd, codec.READ_CHUNK)
            if not chunk:
                return
            buffer += chunk
        line, buffer = buffer.split(b"\n", 1)
        yield codec.decode(line)


def serve(requests: Iterator[Any], fd_out: int, session: Session) -> None:
    """Answer requests until ``bye`` or end of input."""
    for request in requests:
        op = request.get("op")
        if op == "bye":
            break
        if op == "exec":
            reply = session.exec_cell(int(request["cell"]), str(request["code"]))
        elif op == "call":
            reply = session.call(str(request["name"]), list(request.get("args", [])), dict(request.get("kwargs", {})))
        elif op == "eval":
            reply = session.evaluate(str(request["expression"]), dict(request.get("variables", {})))
        elif op == "get":
            reply = session.get(str(request["name"]))
        elif op == "names":
            reply = {"ok": True, "value": session.names()}
        elif op == "preload":  # sent by the grader before the first cell, never by student code
            preload(list(request.get("modules", [])))
            reply = {"ok": True}
        else:
            reply = {"ok": False, "error": {"type": "ProtocolError", "message": f"unknown op {op!r}", "where": ""}}
        reply["id"] = request.get("id")
        _reply(fd_out, reply)


def prepare(mode: str) -> None:
    """What every worker needs before lock-down: its environment, numpy (slow to import) and
    the modules numpy's text readers load lazily."""
    os.environ.update({"MPLBACKEND": "Agg", "HOME": "/home/student" if mode != "none" else os.getcwd()})
    import numpy  # noqa: F401  (loaded before lockdown: students use it and it is slow to import)

    from . import preload_text_readers

    preload_text_readers()


def preload(modules: list[str]) -> None:
    """Import what the assignment declares its students may import (``sympy`` for derivations),
    before lock-down and before any clock starts, so no cell or question pays for it."""
    import importlib

    for name in modules:
        if isinstance(name, str) and name.replace(".", "").replace("_", "").isalnum():
            try:
                importlib.import_module(name)
            except Exception:  # not installed: the student's own import will say so
                pass


def announce(fd: int) -> None:
    """Before any student code: one byte on the announce socket, to which the kernel attaches
    this process's real pid for the grader (see :mod:`.meter`; nothing the student says)."""
    if fd < 0:
        return
    try:
        os.write(fd, b"p")
    except OSError:
        pass
    finally:
        os.close(fd)


def _watch_grader(fd_in: int) -> None:
    """End this process when the grader's end of its input pipe closes (the grader died or gave
    up on it), even while student code runs. A thread, started before the limits forbid new
    ones; the grader's own kill is the main way out, this is for a grader that was killed."""
    import _thread

    exit_now = os._exit

    def watch() -> None:
        poller = select.poll()
        poller.register(fd_in, 0)  # POLLHUP/POLLERR are always reported
        while True:
            for _, events in poller.poll():
                if events & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                    exit_now(0)

    _thread.start_new_thread(watch, ())


def run(fd_in: int, fd_out: int, fd_announce: int = -1) -> None:
    """Announce itself, read the lock-down spec, lock down, report ready, serve requests until
    ``bye``; never returns.

    The spec is the first message on ``fd_in`` rather than an argument, so the grader can
    start this process (and its numpy import) before it knows the assignment.
    """
    announce(fd_announce)  # the kernel tells the grader our real pid (see .meter)
    requests = _requests(fd_in)
    try:
        spec = LockdownSpec.from_json(next(requests))
        preload(list(spec.preload))
        _watch_grader(fd_in)
        report = lockdown(spec)
    except StopIteration:  # the grader went away before sending the spec
        os._exit(3)
    except Exception as exc:
        _reply(fd_out, {"id": 0, "ok": False, "error": {"type": "LockdownError", "message": str(exc)[:300], "where": ""}})
        os._exit(3)
    sys.path[:] = [p for p in sys.path if p and os.path.isdir(p)]
    session = Session()
    _reply(fd_out, {"id": 0, "ok": True, "value": report})
    serve(requests, fd_out, session)
    os._exit(0)


def main(argv: list[str] | None = None) -> None:
    """Entry point inside the student process: ``worker FD_IN FD_OUT [FD_ANNOUNCE]`` (mode from ``NNCOURSE_MODE``)."""
    argv = sys.argv[1:] if argv is None else argv
    prepare(os.environ.get("NNCOURSE_MODE", "none"))
    run(int(argv[0]), int(argv[1]), int(argv[2]) if len(argv) > 2 else -1)


if __name__ == "__main__":  # pragma: no cover
    main()
