"""Load the labelled corpus and run the checker over it (shared by the tests and the benchmark)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

CORPUS = Path(__file__).with_name("corpus.toml")


@dataclass(frozen=True)
class Pair:
    """One labelled pair: the expected label comes from the mathematics, not from the checker."""

    student: str
    reference: str
    equivalent: bool
    mode: str = "equal"
    positive: tuple[str, ...] = ()
    params: Optional[tuple[str, ...]] = None
    source: str = ""

    def options(self) -> dict[str, object]:
        return {"mode": self.mode, "positive": self.positive, "params": self.params}

    def __str__(self) -> str:
        return f"{self.student!r} vs {self.reference!r} [{self.mode}] ({self.source})"


def load_corpus(path: Path = CORPUS) -> list[Pair]:
    with path.open("rb") as fh:
        raw = tomllib.load(fh)["pairs"]
    return [
        Pair(student=p["s"], reference=p["r"], equivalent=bool(p["eq"]), mode=p.get("mode", "equal"),
             positive=tuple(p.get("positive", ())), params=tuple(p["params"]) if "params" in p else None,
             source=p.get("src", ""))
        for p in raw
    ]
