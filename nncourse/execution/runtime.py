"""A submission's code, running: cells in order, calls from tests, recovery from hangs.

If a cell or a call goes over its limit, crashes the process (``os._exit``, segfault, memory)
or floods the pipe, the process is ended and a fresh one replays every cell that did not do
so. The bad cell is skipped from then on, so it costs only the questions that depend on it; a
function (or grader expression) that hung or crashed is not called again, so it costs only
its own tests.

Limits are CPU time (:mod:`.config`): per cell and per call, for all cells of the notebook
together (``notebook_budget``), and for everything the submission runs (``submission_budget``,
replays and test calls included). Messages say which limit was reached.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from . import codec
from .config import Budget, SandboxConfig
from .protocol import Op
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
    """The submission used up its fresh processes or its CPU budget; remaining calls fail fast."""


@dataclass(frozen=True)
class CellOutcome:
    """What happened when one code cell ran."""

    index: int
    """Position among the notebook's code cells (1-based)."""
    status: str
    """``ok``, ``error`` (raised), ``timeout`` (went over a limit), ``crashed`` (ended the
    process) or ``skipped`` (not run: a notebook-wide limit was reached first)."""
    detail: str = ""
    """Exception type and message, or why the process ended or the cell was not run."""
    stdout: str = ""
    """What the cell printed (bounded)."""


def defined_names(source: str) -> set[str]:
    """Names a cell binds at top level (functions, classes, assignments, imports)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


class StudentRuntime:
    """Grader-side handle on one submission's running code."""

    def __init__(self, cells: Sequence[str], spawn: Callable[[], Worker], config: SandboxConfig,
                 *, preload: Sequence[str] = ()) -> None:
        self.cells = list(cells)
        self.preload = list(dict.fromkeys(m for m in (*config.preload, *preload) if m))
        """Modules the assignment lets students import: each fresh process imports them before
        its first cell, outside every clock (no cell or question pays for them)."""
        self.spawn = spawn
        self.config = config
        self.worker: Worker | None = None
        self.skipped: set[int] = set()
        self.outcomes: dict[int, CellOutcome] = {}
        self.restarts = 0
        self.exhausted = ""
        """Why no further code runs for this submission ("" while it may)."""
        self.report: dict[str, Any] = {}
        self.hung: dict[str, str] = {}
        """Functions whose call hung or crashed the process → why; later calls fail fast."""
        self._cpu_closed = 0.0
        self._notebook_cpu: float | None = None
        """CPU seconds the notebook's cells used on their first run (None when not running it)."""

    # -- budgets -------------------------------------------------------------------

    def cpu_spent(self) -> float:
        """CPU seconds the submission's requests have used so far, in every process it had."""
        return self._cpu_closed + (self.worker.cpu_used if self.worker is not None else 0.0)

    def _budget(self, per_request: float, *, notebook: bool = False) -> Budget:
        """The request's own CPU limit, or less if the notebook's or submission's budget is nearly spent."""
        cfg = self.config
        budget = Budget(per_request, cfg.blocked_factor * per_request)
        left = cfg.submission_budget - self.cpu_spent()
        if left < budget.cpu:
            budget = Budget(max(left, 0.01), budget.blocked, f"CPU (all the submission may use is {cfg.submission_budget:g} s)")
        if notebook:
            left = self._notebook_left()
            if left < budget.cpu:
                budget = Budget(max(left, 0.01), budget.blocked, f"CPU (all cells together may use {cfg.notebook_budget:g} s)")
        return budget

    def _notebook_left(self) -> float:
        """CPU seconds the notebook's cells may still use together (while they run)."""
        if self._notebook_cpu is None:
            return float("inf")
        return self.config.notebook_budget - self._notebook_cpu

    def _drop_worker(self) -> None:
        """Close the current worker (ended or not), keeping its CPU time on the submission's account."""
        if self.worker is not None:
            self._cpu_closed += self.worker.cpu_used
            self.worker.close()
            self.worker = None

    # -- notebook ------------------------------------------------------------------

    def run_notebook(self) -> list[CellOutcome]:
        """Execute every code cell in order, once.

        The cells are sent together (as many as fit half a pipe buffer), so the student's
        process runs them back to back instead of waiting for the grader between cells; each
        reply is still awaited within the cell's limit, and after a hang or crash the rest
        go one at a time through the usual replay.
        """
        limit = self.config.max_cells
        if len(self.cells) > limit:
            self.outcomes[limit + 1] = CellOutcome(
                limit + 1, "skipped", f"cells {limit + 1}–{len(self.cells)} not run: a notebook may have at most {limit} code cells")
            self.cells = self.cells[:limit]
        self._notebook_cpu = 0.0
        try:
            if not self._ensure_worker(replay_upto=0):
                return [self.outcomes[i] for i in sorted(self.outcomes)]
            sent = self._send_ahead()
            for index in range(1, len(self.cells) + 1):
                had = self.worker
                self._run_cell(index, record=True, sent=sent.pop(index, None) if sent else None)
                if self.worker is None or self.worker is not had:
                    sent.clear()  # the process that had them is gone
        finally:
            self._notebook_cpu = None
        return [self.outcomes[i] for i in sorted(self.outcomes)]

    def _send_ahead(self) -> dict[int, int]:
        assert self.worker is not None
        sent: dict[int, int] = {}
        budget = _PIPELINE_BYTES
        for index in range(1, len(self.cells) + 1):
            try:
                size = len(codec.encode(self._exec_message(index)))
            except codec.CodecError:
                break  # too large to send: it fails on its own when its turn comes
            budget -= size + 20  # and its request id
            if budget < 0:
                break
            try:
                sent[index] = self.worker.send(self._exec_message(index), self.config.cell_timeout)
            except (WorkerTimeout, WorkerDied):
                break
        return sent

    def _exec_message(self, index: int) -> dict[str, Any]:
        return {"op": Op.EXEC, "cell": index, "code": self.cells[index - 1]}

    def _run_cell(self, index: int, *, record: bool, sent: int | None = None) -> None:
        if index in self.skipped or self.exhausted:
            return
        notebook = record and self._notebook_cpu is not None  # replays are charged to the submission only
        if notebook and self._notebook_left() <= 0:
            self.skipped.add(index)
            self.outcomes[index] = CellOutcome(
                index, "skipped", f"cell {index} was not run: all cells together may use {self.config.notebook_budget:g} s of CPU, "
                "and the cells before it used that up")
            return
        if self.worker is None or not self.worker.alive:
            sent = None  # what was sent ahead went to a process that has ended (it ran ahead and exited)
            if not self._ensure_worker(replay_upto=index - 1):
                return
        assert self.worker is not None
        budget = self._budget(self.config.cell_timeout, notebook=notebook)
        worker, before = self.worker, self.worker.cpu_used
        try:
            if sent is None:
                reply = self.worker.request(self._exec_message(index), budget)
            else:
                reply = self.worker.receive(sent, budget)
        except WorkerTimeout as exc:
            self._charge(notebook, worker, before)
            self._mark_bad(index, "timeout", f"cell {index} {exc}")
            return
        except WorkerDied as exc:
            self._charge(notebook, worker, before)
            self._mark_bad(index, "crashed", f"cell {index} ended the process: {exc}")
            return
        except codec.CodecError as exc:  # e.g. a cell larger than a message may be
            self.skipped.add(index)
            self.outcomes[index] = CellOutcome(index, "error", f"cell {index} was not run: it is too large ({exc})")
            return
        self._charge(notebook, worker, before)
        if record:
            if reply.get("ok"):
                self.outcomes[index] = CellOutcome(index, "ok", stdout=str(reply.get("stdout", "")))
            else:
                err = reply.get("error") or {}
                self.outcomes[index] = CellOutcome(
                    index, "error", f"{err.get('type', 'Error')}: {err.get('message', '')}", str(reply.get("stdout", ""))
                )

    def _charge(self, notebook: bool, worker: Worker, before: float) -> None:
        if notebook and self._notebook_cpu is not None:
            self._notebook_cpu += worker.cpu_used - before

    def _mark_bad(self, index: int, status: str, detail: str) -> None:
        self.skipped.add(index)
        self.outcomes[index] = CellOutcome(index, status, detail)
        self._drop_worker()

    def _ensure_worker(self, replay_upto: int) -> bool:
        """A live worker that has run cells 1..replay_upto (minus skipped ones)."""
        while True:
            if self.worker is not None and self.worker.alive:
                return True
            if self.worker is not None or self.outcomes or self.restarts:
                if self.restarts >= self.config.max_restarts:
                    self.exhausted = f"your code stopped the grader's process {self.restarts} times; remaining checks were skipped"
                    return False
                if self.cpu_spent() >= self.config.submission_budget:
                    self.exhausted = f"your submission used all the {self.config.submission_budget:g} s of CPU it may use; remaining checks were skipped"
                    return False
                self.restarts += 1
            self._drop_worker()
            self.worker = self.spawn()
            self.report = self.worker.wait_ready()
            if self.preload:
                try:  # before any student code runs in it: not charged to a cell or a question
                    startup = self.config.startup_timeout
                    self.worker.request({"op": Op.PRELOAD, "modules": self.preload}, Budget(startup, startup))
                except (WorkerTimeout, WorkerDied):
                    continue
            for index in range(1, replay_upto + 1):
                self._run_cell(index, record=False)
                if self.exhausted:
                    return False
            if self.worker is not None and self.worker.alive:
                return True

    def why_missing(self, name: str) -> CellOutcome | None:
        """The first cell that would have defined ``name`` but did not run to its end, if any."""
        for index in sorted(self.outcomes):
            outcome = self.outcomes[index]
            if outcome.status != "ok" and index <= len(self.cells) and name in defined_names(self.cells[index - 1]):
                return outcome
        return None

    # -- calls from tests ----------------------------------------------------------

    def _request(self, message: dict[str, Any], cpu: float) -> Any:
        if self.exhausted or not self._ensure_worker(replay_upto=len(self.cells)):
            raise SandboxUnavailable(self.exhausted or "no process for your code")
        assert self.worker is not None
        if self.cpu_spent() >= self.config.submission_budget:
            self.exhausted = f"your submission used all the {self.config.submission_budget:g} s of CPU it may use; remaining checks were skipped"
            raise SandboxUnavailable(self.exhausted)
        try:
            reply = self.worker.request(message, self._budget(cpu))
        except (WorkerTimeout, WorkerDied):
            self._drop_worker()  # it has been ended; the next request starts and replays a fresh one
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
        except WorkerTimeout as exc:
            self.hung[name] = str(exc)
            raise
        except WorkerDied as exc:
            self.hung[name] = f"ended the process ({exc})"
            raise

    def evaluate(self, expression: str, **variables: Any) -> Any:
        """Evaluate a grader-written expression in the student's namespace (see the worker)."""
        key = f"<{expression}>"
        if key in self.hung:
            raise WorkerTimeout(f"not run again: an earlier run {self.hung[key]}")
        try:
            return self._request({"op": Op.EVAL, "expression": expression, "variables": variables}, self.config.call_timeout)
        except WorkerTimeout as exc:
            self.hung[key] = str(exc)
            raise
        except WorkerDied as exc:
            self.hung[key] = f"ended the process ({exc})"
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
        self._drop_worker()
