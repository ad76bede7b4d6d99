"""Find and score the pairs of documents that share code, through an inverted index (pure).

*Candidates.* No pair is compared blindly. All (hash, document) postings are sorted by hash;
a hash held by ``df`` documents adds one to each of its df(df − 1)/2 pairs — but only while
df ≤ ``max_df``: a fingerprint that many submissions hold is a common idiom (the short
functions everyone writes alike), as in MOSS. A pair becomes a candidate when it shares at
least ``min_shared`` such rare fingerprints. The cost is the postings plus Σ df² over rare
hashes, not n².

*Score.* Every fingerprint h weighs idf(h) = ln(N / df(h)) over the N submissions (a
fingerprint everyone has weighs nothing; one only two have weighs ln(N/2)). For a candidate
pair with fingerprint sets Fa, Fb:

    share_a = Σ_{h ∈ Fa ∩ Fb} idf(h) / Σ_{h ∈ Fa} idf(h),   share_b likewise,
    similarity = max(share_a, share_b)

— the weighted part of the smaller submission's own code that the other also has. A copied
notebook shares its rare and its common fingerprints (similarity near 1); two honest students
share mostly common ones (similarity well below ½).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

#: A pair needs at least this many shared rare fingerprints to be scored at all.
DEFAULT_MIN_SHARED = 4


def default_max_df(n: int) -> int:
    """Common-idiom cut-off for candidates in a class of ``n``: 5 % of the class, at least 10.

    >>> default_max_df(40), default_max_df(1000)
    (10, 50)
    """
    return max(10, round(0.05 * n))


@dataclass(frozen=True)
class Pair:
    """Two documents (indices, a < b) and how much they share."""

    a: int
    b: int
    shared: int
    """Fingerprints the two have in common (common idioms included)."""
    share_a: float
    share_b: float

    @property
    def similarity(self) -> float:
        return max(self.share_a, self.share_b)


def _candidates(owners: np.ndarray, first: np.ndarray, counts: np.ndarray, n: int, max_df: int,
                min_shared: int) -> np.ndarray:
    """Pair codes a·n + b of the pairs sharing ≥ ``min_shared`` fingerprints with df ≤ max_df."""
    keep = (counts >= 2) & (counts <= max_df)
    codes: list[np.ndarray] = []
    two = first[keep & (counts == 2)]
    codes.append(owners[two] * n + owners[two + 1])  # owners within a hash are in ascending order
    for start, count in zip(first[keep & (counts > 2)], counts[keep & (counts > 2)]):
        group = owners[start:start + count].tolist()
        codes.append(np.fromiter((a * n + b for a, b in itertools.combinations(group, 2)), dtype=np.int64))
    pair_codes, shared = np.unique(np.concatenate(codes), return_counts=True)
    return pair_codes[shared >= min_shared]


def score_pairs(prints: list[np.ndarray], *, max_df: int | None = None, min_shared: int = DEFAULT_MIN_SHARED) -> list[Pair]:
    """Scored candidate pairs, most similar first. ``prints[i]``: document i's distinct hashes."""
    n = len(prints)
    max_df = default_max_df(n) if max_df is None else max_df
    prints = [np.unique(p) for p in prints]
    sizes = np.array([len(p) for p in prints], dtype=np.int64)
    if n < 2 or not sizes.any():
        return []
    hashes = np.concatenate(prints)
    owners = np.repeat(np.arange(n, dtype=np.int64), sizes)
    order = np.argsort(hashes, kind="stable")
    hashes, owners = hashes[order], owners[order]
    distinct, first, counts = np.unique(hashes, return_index=True, return_counts=True)
    idf = np.log(n / counts)
    weights = [idf[np.searchsorted(distinct, p)] for p in prints]
    totals = np.array([w.sum() for w in weights])
    pairs = []
    for code in _candidates(owners, first, counts, n, max_df, min_shared).tolist():
        a, b = divmod(code, n)
        _, in_a, _ = np.intersect1d(prints[a], prints[b], assume_unique=True, return_indices=True)
        common = float(weights[a][in_a].sum())
        pairs.append(Pair(a, b, len(in_a), common / max(totals[a], 1e-12), common / max(totals[b], 1e-12)))
    return sorted(pairs, key=lambda p: (-p.similarity, -p.shared, p.a, p.b))
