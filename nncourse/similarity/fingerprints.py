"""k-gram fingerprints of a token stream, selected by winnowing (pure, numpy).

Every run of ``k`` consecutive tokens gets a 64-bit hash h = Σⱼ id(tⱼ)·B^(k−1−j) mod 2⁶⁴,
where id is the CRC-32 of the token text (so hashes are the same in every process and
run). Winnowing keeps, in every window of ``w`` consecutive k-gram hashes, the smallest
(the rightmost on ties): any shared run of at least ``w + k − 1`` tokens is guaranteed to
share a fingerprint, and about 2/(w + 1) of all hashes are kept.

>>> from nncourse.similarity.tokens import normalise
>>> a = fingerprint(normalise("def f(a):\\n    return a * 2 + len(a)\\n"), k=5, w=3)
>>> b = fingerprint(normalise("def g(x):  # renamed\\n    return x*2+len(x)\\n"), k=5, w=3)
>>> set(a.hashes.tolist()) == set(b.hashes.tolist())
True
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from .tokens import Token

#: Tokens per k-gram (a Python statement is 5–20 tokens).
DEFAULT_K = 12
#: Winnowing window: runs of w + k − 1 = 17 tokens or more are always detected.
DEFAULT_W = 6
_BASE = np.uint64(1_000_003)


@dataclass(frozen=True)
class Fingerprints:
    """The selected fingerprints of one document."""

    hashes: np.ndarray
    """uint64 hashes, one per selected k-gram (a hash may repeat)."""
    starts: np.ndarray
    """Index of the first token of each selected k-gram."""
    lines: np.ndarray
    """Source line of every token (for regions)."""
    k: int


def kgram_hashes(tokens: list[Token], k: int) -> np.ndarray:
    """The hash of every k-gram, in order (empty when there are fewer than k tokens)."""
    if len(tokens) < k:
        return np.zeros(0, dtype=np.uint64)
    ids = np.fromiter((zlib.crc32(t.text.encode()) for t in tokens), dtype=np.uint64, count=len(tokens))
    n = len(ids) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):  # wrap-around arithmetic mod 2⁶⁴ is intended
            h = h * _BASE + ids[j:j + n]
    return h


def winnow(hashes: np.ndarray, w: int) -> np.ndarray:
    """Positions chosen by winnowing: the rightmost minimum of every window of ``w`` hashes."""
    if len(hashes) == 0:
        return np.zeros(0, dtype=np.int64)
    if len(hashes) <= w:
        return np.array([len(hashes) - 1 - int(np.argmin(hashes[::-1]))])
    windows = np.lib.stride_tricks.sliding_window_view(hashes, w)
    rightmost = w - 1 - np.argmin(windows[:, ::-1], axis=1)
    return np.unique(np.arange(len(windows)) + rightmost)


def fingerprint(tokens: list[Token], k: int = DEFAULT_K, w: int = DEFAULT_W,
                units: list[int] | None = None) -> Fingerprints:
    """Winnowed fingerprints of ``tokens``; with ``units`` (the lengths of consecutive parts of
    ``tokens``, e.g. one per function), no k-gram spans two parts."""
    units = units or [len(tokens)]
    hashes, positions, offset = [], [], 0
    for length in units:  # hashed and winnowed per part: a part's fingerprints do not depend on its neighbours
        part = kgram_hashes(tokens[offset:offset + length], k)
        chosen = winnow(part, w)
        hashes.append(part[chosen])
        positions.append(chosen.astype(np.int64) + offset)
        offset += length
    lines = np.fromiter((t.line for t in tokens), dtype=np.int64, count=len(tokens))
    if not hashes:
        return Fingerprints(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64), lines, k)
    return Fingerprints(np.concatenate(hashes), np.concatenate(positions), lines, k)
