"""What a check returns: a :class:`Verdict`, and the few verdicts built outside the judge.

Four outcomes. Three are about the mathematics (*equivalent*, *not equivalent*,
*undecided* — never silently wrong); the fourth, *rejected*, says the student's answer could
not be read at all (unparsable, unsafe, too large). A library caller always gets a verdict
for a student answer; only a broken *reference* or a wrong option raises
:class:`~nncourse.errors.AnswerError` (a bug of the caller, not of the student).

``timed_out`` marks an *undecided* that is undecided only because its CPU budget ran out: a
cache must not hand it to the next student with the same answer (it might finish for them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional

Status = Literal["equivalent", "not_equivalent", "undecided", "rejected"]
STATUSES: tuple[str, ...] = ("equivalent", "not_equivalent", "undecided", "rejected")


@dataclass(frozen=True)
class Verdict:
    """The result of comparing one answer with a reference."""

    status: Status
    """``equivalent``, ``not_equivalent``, ``undecided`` or ``rejected`` (the answer is unreadable)."""
    reason: str
    """Bilingual feedback for the student (中文 / English), one line."""
    mode: str = "equal"
    """The mode that was checked."""
    method: str = "none"
    """``numeric``, ``symbolic``, ``numeric+symbolic``, ``form`` or ``none``."""
    mistake: Optional[str] = None
    """Name of the recognised common mistake (see :mod:`.mistakes`), if any."""
    mistake_feedback: Optional[str] = None
    """What to tell the student about that mistake (bilingual, no reference values)."""
    points: int = 0
    """Valid points (``equal``) or groups (other modes) compared numerically."""
    counterexample: Optional[tuple[tuple[str, object], ...]] = None
    """Variable values at which the answer fails, as ``(name, value)`` pairs."""
    values: Optional[tuple[float, float]] = None
    """(answer, reference) at the counterexample."""
    timed_out: bool = False
    """Undecided only because the CPU budget ran out (never cache such a verdict)."""

    @property
    def equivalent(self) -> Optional[bool]:
        """True / False / None, like sympy's ``Expr.equals`` (a rejected answer is not equivalent)."""
        return {"equivalent": True, "not_equivalent": False, "rejected": False}.get(self.status)

    @property
    def label(self) -> str:
        """``equivalent``, ``not equivalent``, ``undecided`` or ``rejected`` (the CLI's last line)."""
        return self.status.replace("_", " ")

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-able fields (for the symbolic helper process's replies)."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> "Verdict":
        """Inverse of :meth:`as_dict` (lists back to tuples); unknown keys are an error."""
        fields = dict(data)
        if fields.get("status") not in STATUSES:
            raise ValueError(f"bad verdict status {fields.get('status')!r}")
        if fields.get("counterexample") is not None:
            fields["counterexample"] = tuple((str(k), _frozen(v)) for k, v in fields["counterexample"])  # type: ignore[union-attr]
        if fields.get("values") is not None:
            a, b = fields["values"]  # type: ignore[misc]
            fields["values"] = (float(a), float(b))
        return cls(**fields)  # type: ignore[arg-type]


def _frozen(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def rejected(reason: str, mode: str = "equal") -> Verdict:
    """The student's answer cannot be read (``reason`` is the parser's one line)."""
    return Verdict("rejected", reason, mode, "none")


def out_of_time(limit: float, mode: str = "equal") -> Verdict:
    """Undecided because the check used its whole CPU budget."""
    return Verdict("undecided", f"无法判定，需人工复核：检查用完了 {limit:.3g} 秒 CPU 时间 / undecided, needs a human: "
                   f"the check used up its {limit:.3g} s of CPU time", mode, "none", timed_out=True)


def could_not_evaluate(error: BaseException, mode: str = "equal") -> Verdict:
    """Undecided because sympy/mpmath failed on the answer (overflow, recursion, memory)."""
    kind = type(error).__name__
    return Verdict("undecided", f"无法判定，需人工复核：计算中出错（{kind}） / undecided, needs a human: "
                   f"the checker could not evaluate this answer ({kind})", mode, "none")
