"""Grader side of the sandbox: start workers, talk to them, survive them.

A :class:`Worker` is one student process. :func:`choose_mode` picks the strongest
isolation this machine allows (see :mod:`.isolation`). Workers are started from a clean
interpreter (``python -I -S``), never forked from the grader, so no test, solution or grader
state is in their memory.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import codec
from .protocol import Op

if TYPE_CHECKING:
    from .config import SandboxConfig
    from .zygote import Zygote

_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent.parent)
_PIPE_ATOMIC = 4096  # POSIX guarantees at least PIPE_BUF = 512; Linux gives 4096 (and a 64 KiB buffer)
_NAMESPACES = ["--mount", "--pid", "--net", "--ipc", "--uts", "--fork", "--kill-child"]


def site_path(site_folders: list[str]) -> list[str]:
    """The folders ``site`` would add for these site-packages: each, then its ``.pth`` paths.

    Student processes start with ``-S`` (no ``site`` module: its ``.pth`` files may run
    arbitrary imports, ~20–50 ms per start) and get these folders directly. ``.pth`` lines
    that are code (``import …``) are skipped; lines naming an existing folder are kept, in
    ``site``'s order (files sorted by name).
    """
    found: list[str] = []
    for folder in site_folders:
        if not os.path.isdir(folder):
            continue
        found.append(folder)
        try:
            pth_files = sorted(name for name in os.listdir(folder) if name.endswith(".pth"))
        except OSError:
            continue
        for name in pth_files:
            try:
                lines = Path(folder, name).read_text("utf-8", errors="replace").splitlines()
            except OSError:
                continue
            for line in lines:
                line = line.rstrip()
                if not line or line.startswith(("#", "import ", "import\t")):
                    continue
                extra = os.path.join(folder, line)
                if os.path.isdir(extra):
                    found.append(extra)
    return list(dict.fromkeys(found))


def _python_command(entry: str) -> list[str]:
    """``python -I -S -c …`` running ``entry`` with the package and the site folders importable.

    A grader that itself runs without ``site`` starts students the same way (``-I`` only).
    """
    if "site" not in sys.modules:
        return [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {_PACKAGE_PARENT!r}); {entry}"]
    import site

    paths = [_PACKAGE_PARENT, *site_path(site.getsitepackages())]
    return [sys.executable, "-IS", "-c", f"import sys; sys.path[len(sys.path):] = {paths!r}; {entry}"]


_WORKER_ENTRY = "from nncourse.execution.worker import main; main()"
_ZYGOTE_ENTRY = "from nncourse.execution.zygote import serve; serve(int(sys.argv[1]))"


#: What a worker imports, relative to the ``nncourse`` package folder.
_WORKER_MODULES = ("__init__.py", "execution/__init__.py", "execution/worker.py", "execution/codec.py",
                   "execution/isolation.py", "execution/config.py", "execution/magics.py", "execution/zygote.py")


def prepare_bytecode() -> None:
    """Write (or refresh) the bytecode of the modules a worker imports.

    A worker runs on a read-only file system and so can never cache its own bytecode; without
    this it would compile them from source at every start. Quietly does nothing where the
    package folder is not writable.
    """
    from importlib.util import cache_from_source

    package = Path(_PACKAGE_PARENT) / "nncourse"
    for name in _WORKER_MODULES:
        source = str(package / name)
        cached = cache_from_source(source)
        try:
            if os.stat(cached).st_mtime >= os.stat(source).st_mtime:
                continue
        except OSError:
            pass
        import py_compile

        try:
            py_compile.compile(source, cfile=cached, doraise=True)
        except (OSError, py_compile.PyCompileError):
            return


class WorkerDied(Exception):
    """The student process ended (crash, ``os._exit``, killed by a limit)."""


class WorkerTimeout(Exception):
    """The student process did not answer in time (and has been killed)."""


def _unshare_prefix(mode: str) -> list[str]:
    if mode == "root":
        return ["unshare", *_NAMESPACES]
    if mode == "userns":
        return ["unshare", "--user", "--map-root-user", *_NAMESPACES]
    return []


def choose_mode(requested: str = "auto") -> tuple[str, str]:
    """The isolation mode to use and, when it is weaker than asked, why."""
    candidates = [requested] if requested != "auto" else (["root", "userns"] if os.geteuid() == 0 else ["userns"])
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return "none", "Linux namespaces are unavailable (not Linux or no `unshare`)"
    reasons = []
    for mode in candidates:
        if mode == "none":
            return "none", "isolation disabled by configuration"
        try:
            done = subprocess.run([*_unshare_prefix(mode), "true"], capture_output=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired) as exc:
            reasons.append(f"{mode}: {exc}")
            continue
        if done.returncode == 0:
            return mode, ""
        reasons.append(f"{mode}: {done.stderr.decode(errors='replace').strip()[:120]}")
    return "none", "namespaces refused (" + "; ".join(reasons) + ")"


def _worker_env(mode: str) -> dict[str, str]:
    """The whole environment of a student process: nothing of the grader's."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NNCOURSE_MODE": mode,
    }


def start_zygote(mode: str) -> "Zygote | None":
    """A clean zygote for a batch (see :mod:`.zygote`), or None where namespaces are unavailable."""
    if mode not in ("root", "userns"):
        return None
    from .zygote import Zygote

    return Zygote([*_unshare_prefix(mode), *_python_command(_ZYGOTE_ENTRY)], _worker_env(mode))


class Worker:
    """One student process and the pipes to it.

    Starting the process needs only the isolation mode; its lock-down spec (folders to hide,
    data, limits) follows in :meth:`configure`, so a grader can start it before it has read
    the assignment and let it import numpy meanwhile.
    """

    def __init__(self, mode: str, zygote: "Zygote | None" = None) -> None:
        self.mode = mode
        self.config: SandboxConfig | None = None
        self.scratch = Path(tempfile.mkdtemp(prefix="nncourse-"))
        to_worker_r, self._to_worker = os.pipe()
        self._from_worker, from_worker_w = os.pipe()
        if zygote is not None:  # forked from a clean zygote: same namespaces and lock-down, no new interpreter
            from .zygote import ZygoteChild

            try:
                self.proc: Any = ZygoteChild(zygote, zygote.fork(to_worker_r, from_worker_w))
            except OSError:
                for fd in (to_worker_r, self._to_worker, self._from_worker, from_worker_w):
                    os.close(fd)
                shutil.rmtree(self.scratch, ignore_errors=True)
                raise
        else:
            debug = os.environ.get("NNCOURSE_DEBUG_WORKER")
            self.proc = subprocess.Popen(
                [*_unshare_prefix(mode), *_python_command(_WORKER_ENTRY), str(to_worker_r), str(from_worker_w)],
                stdin=subprocess.DEVNULL,
                stdout=None if debug else subprocess.DEVNULL,
                stderr=None if debug else subprocess.DEVNULL,
                pass_fds=(to_worker_r, from_worker_w),
                env=_worker_env(mode),
                cwd=str(self.scratch),
                start_new_session=True,
            )
        os.close(to_worker_r)
        os.close(from_worker_w)
        self._buffer = b""
        self._next_id = 1
        self.report: dict[str, Any] | None = None
        self.started = time.monotonic()

    def configure(self, config: SandboxConfig, data_dir: Path | None) -> "Worker":
        """Send the lock-down spec (once). A worker that has already died says so in :meth:`wait_ready`."""
        if self.config is not None:
            raise RuntimeError("worker already configured")
        self.config = config
        root = self.scratch / "root"
        root.mkdir()
        if self.mode == "none" and data_dir is not None:
            (root / "data").symlink_to(data_dir, target_is_directory=True)
        spec = {
            "mode": self.mode,
            "root_dir": str(root),
            "data_dir": str(data_dir) if data_dir else "",
            "uid": 200_000 + int.from_bytes(os.urandom(4), "little") % 800_000,
            "hide": list(config.hide),
            "limits": config.limits.to_json(),
        }
        try:
            self._send(codec.encode(spec) + b"\n", config.startup_timeout)
        except (WorkerDied, WorkerTimeout):
            pass
        return self

    # -- protocol ----------------------------------------------------------------

    def wait_ready(self) -> dict[str, Any]:
        """Block until the worker has locked itself down; return its isolation report."""
        if self.config is None:
            raise RuntimeError("worker not configured (call configure first)")
        if self.report is None:
            reply = self._read(self.config.startup_timeout)
            if not reply.get("ok"):
                self.kill()
                raise WorkerDied(reply.get("error", {}).get("message", "worker failed to start"))
            self.report = dict(reply.get("value") or {})
        return self.report

    def request(self, message: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Send one request and return its reply; kill the worker on timeout or garbage."""
        return self.receive(self.send(message, timeout), timeout)

    def send(self, message: dict[str, Any], timeout: float) -> int:
        """Send one request without waiting for its reply; returns its id for :meth:`receive`."""
        self.wait_ready()
        number = self._next_id
        self._next_id += 1
        self._send(codec.encode(dict(message, id=number)) + b"\n", timeout)
        return number

    def receive(self, number: int, timeout: float) -> dict[str, Any]:
        """The reply to request ``number``, which must be the next one the worker sends."""
        reply = self._read(timeout)
        if reply.get("id") != number:
            self.kill()
            raise WorkerDied("student process sent an unexpected message")
        return reply

    def _send(self, data: bytes, timeout: float) -> None:
        try:
            view = memoryview(data)
            if len(view) <= _PIPE_ATOMIC:  # fits the pipe buffer: the write cannot block
                view = view[os.write(self._to_worker, view) :]
            while view:
                _, writable, _ = select.select([], [self._to_worker], [], timeout)
                if not writable:
                    self.kill()
                    raise WorkerTimeout(f"no response within {timeout:g} s")
                view = view[os.write(self._to_worker, view[: 1 << 16]) :]
        except OSError:
            self.kill()
            raise WorkerDied("student process ended") from None

    def _read(self, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill()
                raise WorkerTimeout(f"no response within {timeout:g} s")
            readable, _, _ = select.select([self._from_worker], [], [], remaining)
            if not readable:
                continue
            chunk = os.read(self._from_worker, codec.READ_CHUNK)
            if not chunk:
                self.kill()
                raise WorkerDied(self._death_reason())
            self._buffer += chunk
            if len(self._buffer) > codec.MAX_MESSAGE_BYTES:
                self.kill()
                raise WorkerDied("student process sent too much data")
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            reply = codec.decode(line)
        except codec.CodecError:
            self.kill()
            raise WorkerDied("student process sent a malformed message") from None
        if not isinstance(reply, dict):
            self.kill()
            raise WorkerDied("student process sent a malformed message")
        return reply

    def _death_reason(self) -> str:
        try:
            code = self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return "student process stopped answering"
        if code < 0:
            import signal

            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return f"student process was killed by {name}"
        return f"student process exited (status {code})"

    # -- lifetime ----------------------------------------------------------------

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """Stop the process group at once; idempotent."""
        if self.proc.poll() is None:
            if isinstance(self.proc, subprocess.Popen):
                try:
                    os.killpg(self.proc.pid, 9)
                except (ProcessLookupError, PermissionError):
                    pass
            else:
                self.proc.kill()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass

    def close(self) -> None:
        """Ask the worker to leave, then make sure it has; remove its scratch folder."""
        if self.proc.poll() is None and self.report is not None:
            try:
                os.write(self._to_worker, codec.encode({"op": Op.BYE, "id": 0}) + b"\n")
                self.proc.wait(timeout=0.5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()
        for fd in (self._to_worker, self._from_worker):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.scratch, ignore_errors=True)
