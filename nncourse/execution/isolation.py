"""Lock down the student process (runs inside it, after imports, before student code).

Three modes, chosen by the grader (:mod:`nncourse.execution.sandbox`):

``root``
    The grader runs as root: ``unshare --mount --pid --net --ipc --uts`` gives the worker
    its own namespaces; here it builds a fresh root from read-only bind mounts of the
    system and Python folders only, ``pivot_root``\\ s into it, drops to a per-worker
    unprivileged uid and all capabilities.
``userns``
    Same, inside an unprivileged user namespace (``unshare --user --map-root-user``);
    the worker stays uid 0 *of its own namespace* but drops every capability.
``none``
    No namespaces available (macOS, Windows, containers that forbid them): only resource
    limits apply, and the report says plainly that the file system is *not* isolated.

In every mode: resource limits (address space, file size, open files, CPU time, no new
processes), no core dumps, no new privileges, a seccomp filter (:mod:`.seccomp`: no new
namespaces, processes or programs), standard streams pointed at ``/dev/null``. The
parent-death signal (``PR_SET_PDEATHSIG``) that ties the student to the process that started
it is cleared by the kernel when ``setuid`` changes credentials; it is set again afterwards.
Only ``/usr``, ``/lib*``, ``/bin``, ``/sbin``, ``/etc`` and the Python installation are
visible in the isolated modes; the course, its solutions and tests, other submissions and
grading output are not (they are also over-mounted with empty folders if they happen to lie
under a visible folder).
"""

from __future__ import annotations

import ctypes
import os
import sys
from typing import Any, NamedTuple

from .config import Limits

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_GET_PDEATHSIG, PR_SET_NO_NEW_PRIVS, PR_CAPBSET_DROP = 1, 2, 38, 24
_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "riscv64": 41, "ppc64le": 203, "s390x": 217}
_SYSTEM_DIRS = ("/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin", "/etc")
_DEVICES = ("null", "zero", "urandom", "random")


class LockdownSpec(NamedTuple):
    """What the grader asks of one worker (the first message on its input pipe)."""

    mode: str
    root_dir: str = ""
    data_dir: str = ""
    uid: int = 0
    hide: tuple[str, ...] = ()
    limits: Limits = Limits()
    preload: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "LockdownSpec":
        limits = Limits(**data.get("limits", {}))
        return cls(
            mode=data["mode"],
            root_dir=data.get("root_dir", ""),
            data_dir=data.get("data_dir", ""),
            uid=int(data.get("uid", 0)),
            hide=tuple(data.get("hide", ())),
            limits=limits,
            preload=tuple(data.get("preload", ())),
        )


def libc() -> ctypes.CDLL:
    """The C library's functions (``mount``, ``unshare``, ``prctl``…) with errno kept.

    ``CDLL(None)`` is the running program's own symbol table, which includes the C library
    Python is linked against. (``ctypes.util.find_library`` would run ``ldconfig -p`` in a
    subprocess on every call: ~10 ms, twice per student.)
    """
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


class _Mounter:
    def __init__(self) -> None:
        self.libc = libc()
        self.libc.mount.argtypes = [ctypes.c_char_p] * 3 + [ctypes.c_ulong, ctypes.c_char_p]
        self.libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]

    def mount(self, src: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
        enc = lambda s: s.encode() if s is not None else None  # noqa: E731
        _check(self.libc.mount(enc(src), enc(target), enc(fstype), flags, enc(data)), f"mount {target}")

    def bind_readonly(self, source: str, target: str) -> None:
        self.mount(source, target, None, MS_BIND | MS_REC)
        # A read-only remount must keep the flags the kernel locked on the original mount.
        locked = os.statvfs(source).f_flag & (MS_NOSUID | MS_NODEV | MS_NOEXEC)
        self.mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | locked)

    def tmpfs(self, target: str, size_mb: int, mode: str = "755") -> None:
        self.mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size_mb}m,mode={mode}")


def visible_roots() -> list[str]:
    """System and Python folders the student process may read."""
    roots = [d for d in _SYSTEM_DIRS if os.path.lexists(d)]
    python_dirs = {sys.base_prefix, sys.prefix, sys.exec_prefix}
    python_dirs |= {p for p in sys.path if p and "site-packages" in p or "dist-packages" in p}
    for p in sorted(python_dirs):
        real = os.path.realpath(p)
        if os.path.isdir(real) and not any(real == r or real.startswith(r + "/") for r in roots):
            roots.append(real)
    return roots


def _build_root(spec: LockdownSpec, m: _Mounter) -> None:
    new = spec.root_dir
    m.mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing we mount leaks to the host
    m.tmpfs(new, 4)
    # The writable folders first, so that a Python installed under /tmp (a venv there) is
    # bound on top of the student's /tmp rather than hidden by it.
    for folder, size, mode in (("/tmp", spec.limits.tmp_megabytes, "1777"), ("/home/student", spec.limits.tmp_megabytes, "777")):
        os.makedirs(new + folder, exist_ok=True)
        m.tmpfs(new + folder, size, mode)
    bound: list[str] = []
    for path in visible_roots():
        target = new + path
        if os.path.islink(path) and os.path.dirname(path) == "/":  # merged-/usr symlinks
            os.symlink(os.readlink(path), target)
            continue
        os.makedirs(target, exist_ok=True)
        m.bind_readonly(path, target)
        bound.append(path)
    for secret in spec.hide:
        real = os.path.realpath(secret)
        if any(real == b or real.startswith(b + "/") for b in bound) and os.path.isdir(new + real):
            m.tmpfs(new + real, 1, "000")
            m.mount(None, new + real, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    if spec.data_dir and os.path.isdir(spec.data_dir):
        os.makedirs(new + "/home/student/data", exist_ok=True)
        m.bind_readonly(spec.data_dir, new + "/home/student/data")
    os.makedirs(new + "/dev", exist_ok=True)
    m.tmpfs(new + "/dev", 1)
    for dev in _DEVICES:
        if os.path.exists(f"/dev/{dev}"):
            open(f"{new}/dev/{dev}", "w").close()
            m.mount(f"/dev/{dev}", f"{new}/dev/{dev}", None, MS_BIND)
    os.chdir(new)
    pivot = _PIVOT_ROOT.get(os.uname().machine)
    if pivot is None:
        raise OSError(f"pivot_root number unknown for {os.uname().machine}")
    _check(m.libc.syscall(pivot, b".", b"."), "pivot_root")
    _check(m.libc.umount2(b".", MNT_DETACH), "detach old root")
    os.chdir("/")
    try:  # the skeleton root itself becomes read-only; /tmp and home stay writable
        m.mount(None, "/", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
    except OSError:
        pass
    os.chdir("/home/student")


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _drop_privileges(spec: LockdownSpec) -> None:
    c = libc()
    for cap in range(64):  # empty the bounding set while we may still do so
        c.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    if spec.mode == "root":
        os.setgroups([])
        os.setgid(spec.uid)
        os.setuid(spec.uid)  # leaves no capabilities behind
    else:
        header = _CapHeader(0x20080522, 0)
        data = (_CapData * 2)()
        _check(c.capset(ctypes.byref(header), data), "capset")
    _check(c.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")


def _apply_limits(limits: Limits) -> list[str]:
    try:
        import resource
    except ImportError:  # Windows
        return ["resource limits unavailable on this platform"]
    notes = []
    wanted = {
        "RLIMIT_AS": limits.memory_bytes,
        "RLIMIT_FSIZE": limits.file_bytes,
        "RLIMIT_CPU": limits.cpu_seconds,
        "RLIMIT_NOFILE": limits.open_files,
        "RLIMIT_CORE": 0,
        "RLIMIT_NPROC": 0,
    }
    for name, value in wanted.items():
        which = getattr(resource, name, None)
        if which is None:
            notes.append(f"{name} unavailable")
            continue
        try:
            soft, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError) as exc:
            notes.append(f"{name} not set ({exc})")
    return notes


def _silence_std_streams() -> None:
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _parent_death_signal(c: ctypes.CDLL) -> int:
    current = ctypes.c_int(0)
    c.prctl(PR_GET_PDEATHSIG, ctypes.byref(current), 0, 0, 0)
    return current.value


def lockdown(spec: LockdownSpec) -> dict[str, Any]:
    """Apply ``spec`` to this process; return a report of what is and is not enforced."""
    from .seccomp import install

    report: dict[str, Any] = {"mode": spec.mode, "filesystem_isolated": False, "network_isolated": False}
    c = libc()
    death_signal = _parent_death_signal(c)
    if spec.mode in ("root", "userns"):
        m = _Mounter()
        _build_root(spec, m)
        _silence_std_streams()
        _drop_privileges(spec)
        report.update(filesystem_isolated=True, network_isolated=True, process_isolated=True)
    else:
        if spec.root_dir:  # the grader made it a scratch home with a link to the data
            os.chdir(spec.root_dir)
        _silence_std_streams()
        report["note"] = "file system and network NOT isolated: no namespaces available here"
    if death_signal:  # setuid() cleared it: the student must still die with its parent
        _check(c.prctl(PR_SET_PDEATHSIG, death_signal, 0, 0, 0), "parent-death signal")
    report["limit_notes"] = _apply_limits(spec.limits)
    refused = install(c) if sys.platform == "linux" else "seccomp is Linux only"
    report["seccomp"] = not refused
    if refused:
        report["limit_notes"].append(refused)
    return report
