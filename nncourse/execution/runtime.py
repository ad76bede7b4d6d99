"""A submission's code, running: cells in order, calls from tests, recovery from hangs.

If a cell or a call hangs, crashes the process (``os._exit``, segfault, memory) or floods
the pipe, the process is killed and a fresh one replays every cell that did not do so.
The bad cell is skipped from then on, so it costs only the questions that depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from . import codec
from .protocol import Op
from .config import SandboxConfig
from .sandbox import Worker, WorkerDied, WorkerTimeout


#: Most bytes of cells sent ahead at once: half a Linux pipe buffer, so the send never
#: blocks while the student's replies wait to be read.
_PIPELINE_BYTES = 32 * 1024


class StudentCodeError(Exception):
    """Student code raised; carries the exception type, message and cell/line."""

    def __init__(self, info: dict[str, Any]) -> None:
        self.type = str(info.get("type", "Error"))
        self.message = str(info.get("message", ""))
        self.where = str(info.get("where", ""))
        super().__init__(f"{self.type}: {self.message}")


class MissingName(StudentCodeError):
    """The notebook does not define a name a test needs."""


class SandboxUnavailable(Exception):
    """The submission used up its fresh processes; remaining calls fail fast."""


@dataclass(frozen=True)
class CellOutcome:
    """What happened when one code cell ran."""

    index: int
    """Position among the notebook's code cells (1-based)."""
    status: str
    """``ok``, ``error`` (raised), ``timeout`` or ``crashed`` (killed the process)."""
    detail: str = ""
    """Exception type and message, or why the process ended."""
    stdout: str = ""
    """What the cell printed (bounded)."""


class StudentRuntime:
    """Grader-side handle on one submission's running code."""

    def __init__(self, cells: Sequence[str], spawn: Callable[[], Worker], config: SandboxConfig) -> None:
        self.cells = list(cells)
        self.spawn = spawn
        self.config = config
        self.worker: Worker | None = None
        self.skipped: set[int] = set()
        self.outcomes: dict[int, CellOutcome] = {}
        self.restarts = 0
        self.exhausted = False
        self.report: dict[str, Any] = {}
        self.hung: dict[str, str] = {}
        """Functions whose call hung or crashed the process → why; later calls fail fast."""

    # -- notebook ------------------------------------------------------------------

    def run_notebook(self) -> list[CellOutcome]:
        """Execute every code cell in order, once.

        The cells are sent together (as many as fit half a pipe buffer), so the student's
        process runs them back to back instead of waiting for the grader between cells; each
        reply is still awaited with the cell time limit, and after a hang or crash the rest
        go one at a time through the usual replay.
        """
        if not self._ensure_worker(replay_upto=0):
            return [self.outcomes[i] for i in sorted(self.outcomes)]
        sent = self._send_ahead()
        for index in range(1, len(self.cells) + 1):
            self._run_cell(index, record=True, sent=sent.pop(index, None) if sent else None)
            if self.worker is None:
                sent.clear()  # the process that had them is gone
        return [self.outcomes[i] for i in sorted(self.outcomes)]

    def _send_ahead(self) -> dict[int, int]:
        assert self.worker is not None
        sent: dict[int, int] = {}
        budget = _PIPELINE_BYTES
        for index in range(1, len(self.cells) + 1):
            message = self._exec_message(index)
            budget -= len(codec.encode(message)) + 20  # and its request id
            if budget < 0:
                break
            try:
                sent[index] = self.worker.send(message, self.config.cell_timeout)
            except (WorkerTimeout, WorkerDied):
                break
        return sent

    def _exec_message(self, index: int) -> dict[str, Any]:
        return {"op": Op.EXEC, "cell": index, "code": self.cells[index - 1]}

    def _run_cell(self, index: int, *, record: bool, sent: int | None = None) -> None:
        if index in self.skipped or self.exhausted:
            return
        if self.worker is None or not self.worker.alive:
            if not self._ensure_worker(replay_upto=index - 1):
                return
        assert self.worker is not None
        try:
            if sent is None:
                reply = self.worker.request(self._exec_message(index), self.config.cell_timeout)
            else:
                reply = self.worker.receive(sent, self.config.cell_timeout)
        except WorkerTimeout:
            self._mark_bad(index, "timeout", f"cell did not finish within {self.config.cell_timeout:g} s")
            return
        except WorkerDied as exc:
            self._mark_bad(index, "crashed", str(exc))
            return
        if record:
            if reply.get("ok"):
                self.outcomes[index] = CellOutcome(index, "ok", stdout=str(reply.get("stdout", "")))
            else:
                err = reply.get("error") or {}
                self.outcomes[index] = CellOutcome(
                    index, "error", f"{err.get('type', 'Error')}: {err.get('message', '')}", str(reply.get("stdout", ""))
                )

    def _mark_bad(self, index: int, status: str, detail: str) -> None:
        self.skipped.add(index)
        self.outcomes[index] = CellOutcome(index, status, detail)
        self.worker = None

    def _ensure_worker(self, replay_upto: int) -> bool:
        """A live worker that has run cells 1..replay_upto (minus skipped ones)."""
        while True:
            if self.worker is not None and self.worker.alive:
                return True
            if self.worker is not None or self.outcomes or self.restarts:
                if self.restarts >= self.config.max_restarts:
                    self.exhausted = True
                    return False
                self.restarts += 1
            if self.worker is not None:
                self.worker.close()
            self.worker = self.spawn()
            self.report = self.worker.wait_ready()
            for index in range(1, replay_upto + 1):
                self._run_cell(index, record=False)
                if self.exhausted:
                    return False
            if self.worker is not None and self.worker.alive:
                return True

    # -- calls from tests ----------------------------------------------------------

    def _request(self, message: dict[str, Any], timeout: float) -> Any:
        if self.exhausted or not self._ensure_worker(replay_upto=len(self.cells)):
            raise SandboxUnavailable("your code stopped the grader's process too many times; remaining checks were skipped")
        assert self.worker is not None
        try:
            reply = self.worker.request(message, timeout)
        except (WorkerTimeout, WorkerDied):
            self.worker = None  # it has been killed; the next request starts and replays a fresh one
            raise
        if reply.get("ok"):
            return reply.get("value")
        err = reply.get("error") or {}
        if err.get("type") == "NameError" and message.get("op") in (Op.CALL, Op.GET, Op.EVAL):
            raise MissingName(err)
        raise StudentCodeError(err)

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Call the student's function ``name``; arguments and result are copied.

        A function that hung or crashed the process once is not called again: its later
        tests fail at once, so one infinite loop costs its own questions and not the time
        (and fresh processes) the other questions need.
        """
        if name in self.hung:
            raise WorkerTimeout(f"not called again: an earlier call to {name} {self.hung[name]}")
        try:
            return self._request({"op": Op.CALL, "name": name, "args": list(args), "kwargs": kwargs}, self.config.call_timeout)
        except WorkerTimeout:
            self.hung[name] = f"did not finish within {self.config.call_timeout:g} s"
            raise
        except WorkerDied as exc:
            self.hung[name] = f"ended the process ({exc})"
            raise

    def evaluate(self, expression: str, **variables: Any) -> Any:
        """Evaluate a grader-written expression in the student's namespace (see the worker)."""
        key = f"<{expression}>"
        if key in self.hung:
            raise WorkerTimeout(f"not run again: {self.hung[key]}")
        try:
            return self._request({"op": Op.EVAL, "expression": expression, "variables": variables}, self.config.call_timeout)
        except WorkerTimeout:
            self.hung[key] = f"an earlier run did not finish within {self.config.call_timeout:g} s"
            raise

    def get(self, name: str) -> Any:
        """A copy of the student's top-level value ``name``."""
        return self._request({"op": Op.GET, "name": name}, self.config.call_timeout)

    def names(self) -> dict[str, str]:
        """The names the notebook defined, with their kinds."""
        try:
            return dict(self._request({"op": Op.NAMES}, self.config.call_timeout))
        except (WorkerTimeout, WorkerDied, SandboxUnavailable, StudentCodeError):
            return {}

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
            self.worker = None
