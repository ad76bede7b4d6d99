"""Which lines of two documents hold their shared fingerprints (pure).

A shared fingerprint starting at token i covers tokens i … i + k − 1, hence the source
lines of those tokens; the union over all shared fingerprints is highlighted side by side.
"""

from __future__ import annotations

import numpy as np

from .fingerprints import Fingerprints


def _lines(prints: Fingerprints, shared: np.ndarray) -> set[int]:
    lines: set[int] = set()
    for start in prints.starts[np.isin(prints.hashes, shared)]:
        covered = prints.lines[start:start + prints.k]
        lines.update(range(int(covered.min()), int(covered.max()) + 1))
    return lines


def matching_lines(a: Fingerprints, b: Fingerprints, shared: np.ndarray) -> tuple[set[int], set[int]]:
    """Lines (1-based) of ``a`` and of ``b`` covered by the fingerprints in ``shared``."""
    return _lines(a, shared), _lines(b, shared)


def line_blocks(lines: set[int]) -> list[tuple[int, int]]:
    """Consecutive runs of line numbers as ``(first, last)``.

    >>> line_blocks({1, 2, 3, 7, 9, 10})
    [(1, 3), (7, 7), (9, 10)]
    """
    blocks: list[tuple[int, int]] = []
    for line in sorted(lines):
        if blocks and line == blocks[-1][1] + 1:
            blocks[-1] = (blocks[-1][0], line)
        else:
            blocks.append((line, line))
    return blocks
