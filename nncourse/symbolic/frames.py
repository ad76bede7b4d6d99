"""Frames on a pipe: a 4-byte big-endian length, then the body (the symbolic helper's protocol)."""

from __future__ import annotations

import struct
from typing import BinaryIO, Optional

_HEADER = struct.Struct(">I")
#: Largest request accepted (an answer is at most a few kB; a reference a few tens of kB).
MAX_REQUEST = 64 << 20


def read_frame(stream: BinaryIO, limit: int = MAX_REQUEST) -> Optional[bytes]:
    """One frame's body, or None at end of stream."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    if size > limit:
        raise ValueError(f"frame of {size} bytes is larger than {limit}")
    body = stream.read(size)
    return body if len(body) == size else None


def write_frame(stream: BinaryIO, body: bytes) -> None:
    """Write one frame and flush."""
    stream.write(_HEADER.pack(len(body)) + body)
    stream.flush()
