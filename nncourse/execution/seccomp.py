"""A seccomp filter for the student process: no new namespaces, processes or programs.

A notebook of this course computes with numpy (and sympy); it never needs to create
namespaces (``unshare``, ``setns``, ``clone`` with ``CLONE_NEW*``: in a user namespace that
would hand it every capability there), start processes or programs (``fork``, ``clone``
without ``CLONE_THREAD``, ``execve``), mount, trace, load kernel modules or BPF programs, or
use io_uring and the other interfaces that mostly widen the kernel's attack surface. Those
calls fail with ``EPERM``; ``clone3`` fails with ``ENOSYS`` so that the C library falls back
to ``clone`` for threads, which the filter can inspect. A call from a foreign ABI (32-bit
``int 0x80``, x32) ends the process.

Written here as classic BPF with :mod:`ctypes`: the maintained binding for libseccomp is
distributed with the C library by Linux distributions, not on PyPI (and would be one more
compiled dependency in every grading image); the filter is a few dozen instructions. The
filter needs ``no_new_privs`` (set first) and is applied to every thread (``TSYNC``).
Supported on x86_64 and aarch64; elsewhere :func:`install` says it is unavailable.
"""

from __future__ import annotations

import ctypes
import os
import struct

_LD_W_ABS, _JEQ, _JGE, _JSET, _RET = 0x20, 0x15, 0x35, 0x45, 0x06
_ALLOW, _KILL_PROCESS, _ERRNO = 0x7FFF0000, 0x80000000, 0x00050000
_EPERM, _ENOSYS = 1, 38
_CLONE_THREAD = 0x00010000
_CLONE_NEW = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x00000080
PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC = 1, 1


class _Arch:
    def __init__(self, audit: int, seccomp: int, clone: int, clone3: int, denied: dict[str, int], x32: bool) -> None:
        self.audit, self.seccomp, self.clone, self.clone3, self.denied, self.x32 = audit, seccomp, clone, clone3, denied, x32


_X86_64 = dict(
    unshare=272, setns=308, execve=59, execveat=322, mount=165, umount2=166, pivot_root=155, chroot=161, ptrace=101,
    process_vm_readv=310, process_vm_writev=311, kexec_load=246, kexec_file_load=320, init_module=175,
    finit_module=313, delete_module=176, bpf=321, perf_event_open=298, userfaultfd=323, keyctl=250, add_key=248,
    request_key=249, open_by_handle_at=304, name_to_handle_at=303, reboot=169, swapon=167, swapoff=168, acct=163,
    settimeofday=164, clock_settime=227, clock_adjtime=305, adjtimex=159, syslog=103, quotactl=179, vhangup=153,
    personality=135, io_uring_setup=425, io_uring_enter=426, io_uring_register=427, open_tree=428, move_mount=429,
    fsopen=430, fsconfig=431, fsmount=432, fspick=433, mount_setattr=442, kcmp=312, pidfd_getfd=438,
    fork=57, vfork=58, iopl=172, ioperm=173, uselib=134, lookup_dcookie=212,
)
_AARCH64 = dict(
    unshare=97, setns=268, execve=221, execveat=281, mount=40, umount2=39, pivot_root=41, chroot=51, ptrace=117,
    process_vm_readv=270, process_vm_writev=271, kexec_load=104, kexec_file_load=294, init_module=105,
    finit_module=273, delete_module=106, bpf=280, perf_event_open=241, userfaultfd=282, keyctl=219, add_key=217,
    request_key=218, open_by_handle_at=265, name_to_handle_at=264, reboot=142, swapon=224, swapoff=225, acct=89,
    settimeofday=170, clock_settime=112, clock_adjtime=266, adjtimex=171, syslog=116, quotactl=60, vhangup=58,
    personality=92, io_uring_setup=425, io_uring_enter=426, io_uring_register=427, open_tree=428, move_mount=429,
    fsopen=430, fsconfig=431, fsmount=432, fspick=433, mount_setattr=442, kcmp=272, pidfd_getfd=438,
)
ARCHES = {
    "x86_64": _Arch(0xC000003E, 317, 56, 435, _X86_64, x32=True),
    "aarch64": _Arch(0xC00000B7, 277, 220, 435, _AARCH64, x32=False),
}


def _stmt(code: int, k: int) -> tuple[int, int, int, int]:
    return (code, 0, 0, k)


def program(arch: _Arch) -> list[tuple[int, int, int, int]]:
    """The filter as (code, jt, jf, k) instructions (pure: testable without loading it)."""
    deny_nrs = sorted(set(arch.denied.values()))
    # Layout: header, one jump per denied call, clone3, clone checks, then the three returns.
    body: list[tuple[str, int, object, object]] = []  # (op, k, jt label, jf label)
    if arch.x32:
        body.append(("jge", 0x40000000, "deny", None))
    body += [("jeq", nr, "deny", None) for nr in deny_nrs]
    body.append(("jeq", arch.clone3, "nosys", None))
    body.append(("jeq", arch.clone, None, "allow"))
    body.append(("ld", 16, None, None))  # low 32 bits of args[0]: clone's flags (little-endian)
    body.append(("jset", _CLONE_NEW, "deny", None))
    body.append(("jset", _CLONE_THREAD, "allow", "deny"))
    head = [_stmt(_LD_W_ABS, 4), (_JEQ, 1, 0, arch.audit), _stmt(_RET, _KILL_PROCESS), _stmt(_LD_W_ABS, 0)]
    start = len(head)
    labels = {"allow": start + len(body), "deny": start + len(body) + 1, "nosys": start + len(body) + 2}
    prog = list(head)
    for i, (op, k, jt, jf) in enumerate(body):
        here = start + i
        if op == "ld":
            prog.append(_stmt(_LD_W_ABS, k))
            continue
        code = {"jeq": _JEQ, "jge": _JGE, "jset": _JSET}[op]
        prog.append((code, labels[jt] - here - 1 if jt else 0, labels[jf] - here - 1 if jf else 0, k))
    prog += [_stmt(_RET, _ALLOW), _stmt(_RET, _ERRNO | _EPERM), _stmt(_RET, _ERRNO | _ENOSYS)]
    assert all(0 <= jt < 256 and 0 <= jf < 256 for _, jt, jf, _ in prog)
    return prog


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install(libc: ctypes.CDLL) -> str:
    """Load the filter into this process (all threads); returns "" or why it is not in force."""
    arch = ARCHES.get(os.uname().machine)
    if arch is None:
        return f"seccomp filter unavailable on {os.uname().machine}"
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"no_new_privs refused ({os.strerror(ctypes.get_errno())})"
    prog = program(arch)
    raw = ctypes.create_string_buffer(b"".join(struct.pack("=HBBI", *ins) for ins in prog))
    fprog = _SockFprog(len(prog), ctypes.cast(raw, ctypes.c_void_p))
    libc.syscall.restype = ctypes.c_long
    result = libc.syscall(ctypes.c_long(arch.seccomp), ctypes.c_long(_SECCOMP_SET_MODE_FILTER),
                          ctypes.c_long(_SECCOMP_FILTER_FLAG_TSYNC), ctypes.byref(fprog))
    if result != 0:
        return f"seccomp filter refused ({os.strerror(ctypes.get_errno()) if result < 0 else f'thread {result}'})"
    return ""
