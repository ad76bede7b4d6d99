"""Where to probe two expressions: domain-aware random points, grouped by context.

Variables are classified once (:func:`classify`):

* **integer** — declared ``integer`` or used as a summation limit (``n`` in ``Σ_{i=1}^{n}``,
  ``t`` in the EMA weights ``Σ_{k=1}^{t} β^{t-k}``): drawn from 1…6;
* **indexed** — ``y[i]`` bases: a random vector per point, long enough for every index;
* **real** — everything else; ``positive`` ones are never ≤ 0, ``intervals`` pin a range.

Points come in *batches* over several scales so that both relative near misses
(``x²/2 + x/10⁶``) and domain restrictions (``log(1-p)`` needs ``p<1``) are exercised:
``wide`` (±[0.05, 20], log-uniform), ``positive`` ([0.05, 20]), ``unit`` ((0, 1)) and
``small`` ((−1, 1)). Inside a batch, points form *groups*: the non-parameter
("context") variables are fixed within a group and the parameters vary, which is what the
``up_to_constant`` / ``up_to_affine`` / ``same_argmin`` modes need. Randomness is seeded.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import sympy

#: Batches: name → (low, high, log-uniform?, signed?) for an unconstrained real variable.
BATCHES: tuple[tuple[str, float, float, bool, bool], ...] = (
    ("wide", 0.05, 20.0, True, True),
    ("positive", 0.05, 20.0, True, False),
    ("unit", 0.02, 0.98, False, False),
    ("small", 0.02, 1.0, False, True),
)
#: Integer variables (sample sizes, time steps) are drawn from 1…INT_HIGH.
INT_HIGH = 6


@dataclass(frozen=True)
class Variables:
    """The free variables of the expressions under comparison, classified."""

    reals: tuple[sympy.Symbol, ...]
    """Real-valued scalars (``positive`` ones included)."""
    integers: tuple[sympy.Symbol, ...]
    """Integer scalars (summation limits, declared integers)."""
    bases: tuple[sympy.IndexedBase, ...]
    """Indexed bases ``y`` of ``y[i]``."""
    array_length: int
    """Length of each drawn vector (largest index + 1)."""

    @property
    def scalars(self) -> tuple[sympy.Symbol, ...]:
        return self.reals + self.integers


@dataclass(frozen=True)
class Sample:
    """Points at which both expressions are evaluated (column ``k`` is point ``k``)."""

    values: Mapping[sympy.Symbol, np.ndarray]
    """Scalar variable → values, shape (n,)."""
    arrays: Mapping[sympy.IndexedBase, np.ndarray]
    """Indexed base → vectors, shape (n, array_length)."""
    groups: np.ndarray
    """Group id of each point; context variables are equal within a group."""

    @property
    def size(self) -> int:
        return int(self.groups.shape[0])

    def magnitude(self) -> np.ndarray:
        """Largest |input| at each point (used to report the simplest counterexample)."""
        cols = [np.abs(v) for v in self.values.values()] + [np.abs(a).max(axis=1) for a in self.arrays.values()]
        return np.max(np.stack(cols), axis=0) if cols else np.zeros(self.size)

    def point(self, k: int) -> dict[str, object]:
        """Point ``k`` as ``name → value`` (vectors as lists), for messages."""
        out: dict[str, object] = {s.name: _plain(v[k]) for s, v in self.values.items()}
        out.update({str(b.label): [round(float(x), 6) for x in a[k][1:]] for b, a in self.arrays.items()})
        return out


def _plain(x: object) -> object:
    value = np.asarray(x).item()
    return int(value) if float(value).is_integer() and abs(value) < 1e6 else round(float(value), 6)


def classify(exprs: Iterable[sympy.Expr], *, integer: Collection[str] = ()) -> Variables:
    """Find and classify the free variables of ``exprs``."""
    exprs = list(exprs)
    bases: set[sympy.IndexedBase] = set()
    symbols: set[sympy.Symbol] = set()
    integers: set[sympy.Symbol] = set()
    length = INT_HIGH + 1
    for expr in exprs:
        found = expr.atoms(sympy.IndexedBase)
        bases |= found
        labels = {b.label for b in found}
        symbols |= {s for s in expr.free_symbols
                    if isinstance(s, sympy.Symbol) and not isinstance(s, sympy.Dummy) and s not in labels}
        for s in expr.atoms(sympy.Sum):
            for _, lower, upper in s.limits:
                integers |= {x for x in (lower.free_symbols | upper.free_symbols) if isinstance(x, sympy.Symbol)}
                for bound in (lower, upper):
                    if bound.is_Integer:
                        length = max(length, int(bound) + 1)
        for idx in expr.atoms(sympy.Indexed):
            for i in idx.indices:
                if i.is_Integer:
                    length = max(length, int(i) + 1)
    integers |= {s for s in symbols if s.is_integer or s.name in integer}
    integers &= symbols
    key = lambda s: s.name  # noqa: E731 - deterministic order
    return Variables(
        reals=tuple(sorted(symbols - integers, key=key)),
        integers=tuple(sorted(integers, key=key)),
        bases=tuple(sorted(bases, key=lambda b: str(b.label))),
        array_length=length,
    )


def draw(
    variables: Variables,
    *,
    params: Collection[str] | None = None,
    intervals: Mapping[str, tuple[float, float]] | None = None,
    contexts: int = 4,
    per_context: int = 5,
    seed: int = 0,
) -> Sample:
    """Draw ``len(BATCHES) × contexts × per_context`` points (see the module docstring).

    ``params`` names the variables that vary inside a group (``None``: all of them, so each
    group is one batch). Indexed bases are parameters when their label is in ``params``.
    """
    rng = np.random.default_rng(seed)
    intervals = intervals or {}
    if params is None:
        contexts, per_context = 1, contexts * per_context
    param_set = None if params is None else set(params)
    n = len(BATCHES) * contexts * per_context
    groups = np.repeat(np.arange(len(BATCHES) * contexts), per_context)
    values: dict[sympy.Symbol, np.ndarray] = {}
    for s in variables.scalars:
        varies = param_set is None or s.name in param_set
        values[s] = _column(rng, s, n, contexts, per_context, varies, intervals.get(s.name),
                            integer=s in variables.integers)
    arrays: dict[sympy.IndexedBase, np.ndarray] = {}
    for b in variables.bases:
        varies = param_set is None or str(b.label) in param_set
        cols = [_column(rng, b.label, n, contexts, per_context, varies, intervals.get(str(b.label)), integer=False)
                for _ in range(variables.array_length)]
        arrays[b] = np.stack(cols, axis=1)
    return Sample(values=values, arrays=arrays, groups=groups)


def _column(
    rng: np.random.Generator,
    symbol: sympy.Symbol,
    n: int,
    contexts: int,
    per_context: int,
    varies: bool,
    interval: tuple[float, float] | None,
    *,
    integer: bool,
) -> np.ndarray:
    """One variable's values for all points: batch by batch, constant within a group if not varying."""
    chunks = []
    for _, low, high, log, signed in BATCHES:
        size = contexts * (per_context if varies else 1)
        if integer:
            chunk = rng.integers(1, INT_HIGH + 1, size=size).astype(float)
        elif interval is not None:
            lo, hi = interval
            pad = 0.01 * (hi - lo)
            chunk = rng.uniform(lo + pad, hi - pad, size=size)
        else:
            chunk = np.exp(rng.uniform(np.log(low), np.log(high), size=size)) if log else rng.uniform(low, high, size)
            if signed and not symbol.is_positive and not symbol.is_nonnegative:
                chunk = chunk * rng.choice((-1.0, 1.0), size=size)
        chunks.append(chunk if varies else np.repeat(chunk, per_context))
    return np.concatenate(chunks)
