"""How student processes are started: the command line, its environment, the isolation mode.

Workers are started from a clean interpreter (``python -I -S``), never forked from the grader,
so no test, solution or grader state is in their memory (a batch forks them from a clean
zygote, itself started this way: :mod:`.zygote`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .zygote import Zygote

_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent.parent)
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
                   "execution/isolation.py", "execution/config.py", "execution/magics.py", "execution/zygote.py",
                   "execution/meter.py", "execution/seccomp.py")


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
