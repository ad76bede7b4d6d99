"""Files at the edges: untrusted inputs read with a bound, outputs written whole or not at all.

Inputs (notebooks, answers files) come from students. :func:`read_regular_file` reads only
a regular file, never through a symbolic link unless asked, and never more than ``limit``
bytes: a link to ``/dev/zero`` or a FIFO named ``x.ipynb`` is refused with one line instead
of filling memory or blocking forever.

Outputs (``results.json``, ``gradebook.csv``) are written to a temporary file in the same
folder and renamed over the target, so a reader sees the old file or the new one; when the
write fails (full disk, read-only folder) the temporary file is removed and
:class:`~nncourse.errors.OutputError` says what happened in one line.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
import tempfile
from pathlib import Path

from .errors import OutputError, UnreadableFile

#: Bytes asked of the kernel per read.
_CHUNK = 1 << 20


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link")):
        if test(mode):
            return name
    return "not a regular file"


def file_refusal(path: Path) -> str:
    """Why ``path`` itself (not what a link points to) is not a readable regular file; "" if it is."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return f"{path.name}: no such file"
    except OSError as exc:
        return f"cannot read {path.name}: {exc.strerror or exc}"
    return "" if stat.S_ISREG(mode) else f"{path.name} is {_kind(mode)}, not a regular file; it was not read"


def read_regular_file(path: Path, limit: int, *, follow_symlinks: bool = False) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Refused with :class:`UnreadableFile`: a symbolic link (unless ``follow_symlinks``), a
    folder, device, FIFO or socket, a file over ``limit`` bytes (counted while reading, since
    special files report size 0), and any file the system will not open.
    """
    if not follow_symlinks and (why := file_refusal(path)):
        raise UnreadableFile(why)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | (0 if follow_symlinks else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnreadableFile(f"{path.name} is a symbolic link, not a regular file; it was not read") from None
        raise UnreadableFile(f"cannot read {path.name}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # checked again on what was opened: the name may have changed
            raise UnreadableFile(f"{path.name} is {_kind(info.st_mode)}, not a regular file; it was not read")
        too_big = UnreadableFile(f"{path.name} is larger than {limit // 2**20 or 1} MB; it was not read")
        if info.st_size > limit:
            raise too_big
        chunks, total = [], 0
        while chunk := os.read(fd, min(_CHUNK, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise too_big
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFile(f"cannot read {path.name}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


@functools.cache
def _umask() -> int:
    mask = os.umask(0o022)  # reading the mask means setting it: once, and put back at once
    os.umask(mask)
    return mask


def _output_problem(exc: OSError, where: Path) -> OutputError:
    reason = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is exceeded", errno.EROFS: "the file system is read-only",
              errno.EACCES: "permission denied", errno.EPERM: "permission denied", errno.EFBIG: "the file is too large for this system",
              errno.ENOTDIR: "a file is in the way of a folder", errno.EEXIST: "a file is in the way of a folder"}.get(exc.errno or 0)
    return OutputError(f"cannot write {where}: {reason or exc.strerror or exc}")


def prepare_output_folder(folder: Path) -> Path:
    """Create ``folder`` if needed and prove that a file can be written in it; returns it.

    Fails with one line before any grading starts when ``folder`` is a file, lies under a
    file, or is read-only.
    """
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} is a file, not a folder", hint="give -o a folder (it is created if missing)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise _output_problem(exc, folder) from None
    return folder


def write_atomic(path: Path, data: bytes | str, *, private: bool = True) -> None:
    """Write ``path`` whole or not at all (see the module docstring); folders are created.

    A private file is readable by its owner only (results with hidden-test details); otherwise
    it gets the permissions ``open()`` would give.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    created: list[Path] = []
    tmp = None
    try:
        for parent in reversed([path.parent, *path.parent.parents]):
            if not parent.is_dir():
                try:
                    parent.mkdir()
                except FileExistsError:  # made meanwhile by another thread, or a file is in the way
                    if not parent.is_dir():
                        raise
                else:
                    created.append(parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        if not private:
            os.fchmod(fd, 0o666 & ~_umask())  # what open() would have given, not mkstemp's 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        for folder in reversed(created):  # leave no empty folder behind either
            try:
                folder.rmdir()
            except OSError:
                break
        raise _output_problem(exc, path) from None
