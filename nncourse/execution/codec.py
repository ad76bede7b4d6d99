"""Safe encoding of values that cross the student/grader boundary.

Only plain data crosses: ``None``, ``bool``, ``int``, ``float``, ``complex``, ``str``,
lists, tuples, dicts, numpy arrays of numeric or boolean dtype, and sympy expressions as
text (rebuilt on the grader side by the safe parser in :mod:`nncourse.symbolic`). Nothing is
unpickled and no student class survives the trip, so an object whose ``__eq__`` always
returns True cannot reach a comparison in the grader.

Wire format: JSON, with tagged objects for what JSON lacks::

    {"$nd": {"dtype": "<f8", "shape": [2, 3], "data": "<base64>"}}   numpy array
    {"$c": [re, im]}        complex        {"$t": [...]}       tuple
    {"$d": [[k, v], ...]}   dict with non-string keys
    {"$sym": {"srepr": "...", "str": "..."}}                    sympy expression
    {"$opaque": "<type name>"}   anything else (can be reported, never compared)

>>> import numpy as np
>>> decode(encode({"w": np.arange(3.0), "n": (1, 2.5)}))["n"]
(1, 2.5)
"""

from __future__ import annotations

import base64
import json
import math
import sys
from typing import Any

#: numpy dtype kinds allowed across the boundary: bool, signed, unsigned, float, complex.
ALLOWED_KINDS = frozenset("biufc")
#: Largest encoded message accepted in either direction (bytes).
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
#: Bytes asked of the pipe per read. Python allocates the whole request before reading, and
#: above glibc's mmap threshold (128 KiB) each read maps and unmaps fresh pages: at 1 MiB
#: that was ~25 µs per read, on every message both ways.
READ_CHUNK = 1 << 16
#: Deepest nesting of containers accepted.
MAX_DEPTH = 32


class CodecError(ValueError):
    """A value cannot be encoded or a message cannot be decoded safely."""


def _type_name(value: Any) -> str:
    cls = type(value)
    return f"{cls.__module__}.{cls.__qualname__}"[:80]


def to_wire(value: Any, depth: int = 0) -> Any:
    """Turn ``value`` into JSON-compatible data (see the module docstring)."""
    if depth > MAX_DEPTH:
        raise CodecError("value is nested too deeply")
    kind = type(value)  # exact types first: most of what crosses, on every message both ways
    if kind is str or kind is float or kind is int or kind is bool or value is None:
        return value
    if kind is list:
        return [to_wire(v, depth + 1) for v in value]
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, complex):
        return {"$c": [value.real, value.imag]}
    # No numpy loaded means no numpy value to send (getattr: numpy may be half-imported by another thread).
    np = sys.modules.get("numpy")
    array_types = (getattr(np, "ndarray", None), getattr(np, "generic", None))
    if None not in array_types and isinstance(value, array_types):
        arr = np.asarray(value)
        if arr.dtype.kind not in ALLOWED_KINDS:
            return {"$opaque": f"numpy array of dtype {arr.dtype}"}
        arr = arr.astype(arr.dtype.newbyteorder("<"), order="C", copy=False)
        payload = {"dtype": arr.dtype.str, "shape": list(arr.shape), "data": base64.b64encode(arr.tobytes()).decode()}
        if isinstance(value, np.generic):
            payload["scalar"] = True
        return {"$nd": payload}
    if isinstance(value, tuple):
        return {"$t": [to_wire(v, depth + 1) for v in value]}
    if isinstance(value, list):
        return [to_wire(v, depth + 1) for v in value]
    if isinstance(value, dict):
        if all(type(k) is str for k in value):
            if not any(k.startswith("$") for k in value):
                return {k: to_wire(v, depth + 1) for k, v in value.items()}
        return {"$d": [[to_wire(k, depth + 1), to_wire(v, depth + 1)] for k, v in value.items()]}
    sym = _sympy_wire(value)
    if sym is not None:
        return sym
    return {"$opaque": _type_name(value)}


def _sympy_wire(value: Any) -> dict | None:
    module = type(value).__module__ or ""
    if not module.startswith("sympy"):
        return None
    try:
        import sympy

        if isinstance(value, sympy.Basic):
            return {"$sym": {"srepr": sympy.srepr(value)[:100_000], "str": str(value)[:100_000]}}
    except Exception:  # a broken sympy object is just opaque
        return None
    return None


class Opaque:
    """Stand-in for a student value that cannot cross the boundary."""

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{self.type_name} (not transferable)>"


class SympyText:
    """A sympy expression as text; :mod:`nncourse.symbolic` rebuilds it safely."""

    def __init__(self, srepr: str, text: str) -> None:
        self.srepr = srepr
        self.text = text

    def __repr__(self) -> str:
        return self.text


def from_wire(data: Any, depth: int = 0) -> Any:
    """Inverse of :func:`to_wire`; validates everything it rebuilds."""
    if depth > MAX_DEPTH:
        raise CodecError("value is nested too deeply")
    kind = type(data)  # ``json.loads`` gives exact types only
    if kind is str or kind is float or kind is int or kind is bool or data is None:
        return data
    if kind is list:
        return [from_wire(v, depth + 1) for v in data]
    if not isinstance(data, dict):
        raise CodecError(f"unexpected JSON value of type {type(data).__name__}")
    if len(data) == 1:
        (tag, body), = data.items()
        if tag == "$nd":
            return _array_from_wire(body)
        if tag == "$c":
            re, im = body
            return complex(float(re), float(im))
        if tag == "$t":
            return tuple(from_wire(v, depth + 1) for v in body)
        if tag == "$d":
            out = {}
            for k, v in body:
                key = from_wire(k, depth + 1)
                try:
                    hash(key)
                except TypeError:
                    raise CodecError("dict key is not hashable") from None
                out[key] = from_wire(v, depth + 1)
            return out
        if tag == "$sym":
            return SympyText(str(body.get("srepr", "")), str(body.get("str", "")))
        if tag == "$opaque":
            return Opaque(str(body)[:80])
    return {str(k): from_wire(v, depth + 1) for k, v in data.items()}


def _array_from_wire(body: Any) -> Any:
    import numpy as np

    try:
        dtype = np.dtype(str(body["dtype"]))
        shape = tuple(int(s) for s in body["shape"])
        raw = base64.b64decode(body["data"], validate=True)
    except (KeyError, TypeError, ValueError) as exc:
        raise CodecError(f"malformed array: {exc}") from None
    if dtype.kind not in ALLOWED_KINDS or dtype.hasobject:
        raise CodecError(f"array dtype {dtype} is not allowed")
    if any(s < 0 for s in shape) or math.prod(shape) * dtype.itemsize != len(raw):
        raise CodecError("array shape does not match its data")
    arr = np.frombuffer(raw, dtype=dtype).reshape(shape).astype(dtype.newbyteorder("="))
    return arr[()] if body.get("scalar") else arr


def encode(value: Any) -> bytes:
    """One JSON message (no trailing newline)."""
    text = json.dumps(to_wire(value), ensure_ascii=True, allow_nan=True, separators=(",", ":"))
    if len(text) > MAX_MESSAGE_BYTES:
        raise CodecError(f"value too large to transfer ({len(text) // 1_000_000} MB)")
    return text.encode("ascii")


def decode(message: bytes) -> Any:
    """Parse one message produced by :func:`encode`; anything else raises :class:`CodecError`."""
    if len(message) > MAX_MESSAGE_BYTES:
        raise CodecError("message too large")
    try:
        return from_wire(json.loads(message))
    except CodecError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError, RecursionError) as exc:
        # Forged or corrupted data (a tag with the wrong body, an impossible array shape...):
        # always this module's own error, so the caller resets the process that sent it.
        raise CodecError(f"malformed message: {type(exc).__name__}: {str(exc)[:120]}") from None
