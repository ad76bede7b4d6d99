"""Keyed randomness: draws that only the holder of the course secret can reproduce.

Everything per student (a quiz variant, an assignment's data) is drawn from

    HMAC-SHA256(secret, "part₁␟part₂␟…␟counter")        (␟ = the unit separator, U+001F)

so a draw is reproducible from the course secret and the labels (quiz or assignment id,
student id, …) and not computable from the labels alone: HMAC is a pseudo-random function of
the secret. The secret is read at the edge (``--secret FILE`` or ``$NNCOURSE_SECRET_FILE``)
and never written into a student file.

>>> s = Secret(b"0123456789abcdef-course-secret")
>>> next(stream(s, "a1", "alice")) == next(stream(s, "a1", "alice")) != next(stream(s, "a1", "bob"))
True
>>> len(fingerprint(s, "a1", "alice"))
10
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from .errors import AnswerError, AuthoringError

if TYPE_CHECKING:
    import numpy as np

#: Smallest secret accepted (bytes): shorter ones can be guessed by trying them all.
MIN_SECRET_BYTES = 16
#: Environment variable naming the secret file when ``--secret`` is not given.
SECRET_ENV = "NNCOURSE_SECRET_FILE"
#: Hex digits of a variant's fingerprint (40 bits: distinct across any class, reveals nothing).
FINGERPRINT_DIGITS = 10
_MAKE_ONE = "python -c 'import secrets; print(secrets.token_hex(32))' > secret.txt"


class DataSeed(StrEnum):
    """An assignment's ``data_seed`` (ASSIGNMENT CONFIG): whose data its notebooks run on."""

    FIXED = "fixed"
    """Everyone has the assignment's ``data/`` folder (the default)."""
    STUDENT = "student"
    """Each student has their own data, drawn with :func:`generator` (course secret, assignment, student)."""


@dataclass(frozen=True)
class Secret:
    """The course secret that keys the draws (never written into any student file)."""

    value: bytes

    def __post_init__(self) -> None:
        if len(self.value) < MIN_SECRET_BYTES:
            raise AuthoringError(f"the course secret has {len(self.value)} bytes; it needs at least {MIN_SECRET_BYTES}",
                                 hint=f"make one with: {_MAKE_ONE}")

    def __repr__(self) -> str:  # never print the secret by accident
        return "Secret(…)"


def _label(parts: tuple[object, ...]) -> str:
    return "\x1f".join(str(p) for p in parts)


def stream(secret: Secret, *parts: object) -> Iterator[int]:
    """An endless stream of 64-bit integers, HMAC-SHA256(secret, parts␟counter) (pure)."""
    label = _label(parts)
    for counter in itertools.count():
        digest = hmac.new(secret.value, f"{label}\x1f{counter}".encode(), hashlib.sha256).digest()
        for offset in range(0, 32, 8):
            yield int.from_bytes(digest[offset:offset + 8], "big")


def seed(secret: Secret, *parts: object) -> bytes:
    """The 32-byte seed HMAC-SHA256(secret, parts␟"seed") (pure)."""
    return hmac.new(secret.value, f"{_label(parts)}\x1fseed".encode(), hashlib.sha256).digest()


def generator(secret: Secret, *parts: object) -> "np.random.Generator":
    """A numpy ``Generator`` (PCG64) seeded by :func:`seed`: the same secret and parts give the
    same draws on every machine and numpy version that keeps PCG64's stream."""
    import numpy as np  # here, not at the top: the grader's start-up must not load numpy

    return np.random.Generator(np.random.PCG64(int.from_bytes(seed(secret, *parts), "big")))


def fingerprint(secret: Secret, *parts: object) -> str:
    """A short name of the variant, SHA-256(seed)[:10]: tells two variants apart, and says
    nothing about the seed (one-way) or the secret."""
    return hashlib.sha256(seed(secret, *parts)).hexdigest()[:FINGERPRINT_DIGITS]


def read_secret(path: Path | None) -> Secret:
    """The course secret from ``path``, or from the file named by ``$NNCOURSE_SECRET_FILE``."""
    if path is None:
        named = os.environ.get(SECRET_ENV)
        if not named:
            raise AnswerError("per-student variants and data need the course secret",
                              hint=f"pass --secret FILE or set {SECRET_ENV}; make one with {_MAKE_ONE}")
        path = Path(named)
    try:
        value = path.read_bytes().strip()
    except OSError as exc:
        raise AnswerError(f"cannot read the secret file {path}: {exc.strerror or exc}") from None
    return Secret(value)
