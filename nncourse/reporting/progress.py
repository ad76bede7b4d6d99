"""Progress of a batch on the terminal: a bar where there is one, a line every 10 % where not.

On a terminal (stderr is a TTY) and with ``tqdm`` installed (the ``instructor`` extra), a bar
with graded / errors / skipped counts and tqdm's ETA; otherwise one line each time another
tenth of the batch is done. Everything goes to stderr, so stdout stays the score table. ``-q``
turns it off (:class:`Silent`).
"""

from __future__ import annotations

import threading
import time
from typing import Any, TextIO

from ..checks.results import SubmissionResult


class Silent:
    """No progress output."""

    def on_result(self, result: SubmissionResult) -> None:
        pass

    def close(self) -> None:
        pass


class Lines:
    """One line per tenth of the batch: ``graded 12/43 (30 %): 11 ok, 1 error, 5 skipped, about 20 s left``."""

    def __init__(self, total: int, skipped: int, stream: TextIO) -> None:
        self.total, self.skipped, self.stream = total, skipped, stream
        self.done = self.errors = 0
        self.shown = 0  # tenths already reported
        self.started = time.monotonic()
        self._lock = threading.Lock()

    def on_result(self, result: SubmissionResult) -> None:
        with self._lock:
            self.done += 1
            self.errors += bool(result.error)
            tenth = self.done * 10 // self.total if self.total else 10
            if tenth <= self.shown:
                return
            self.shown = tenth
            elapsed = time.monotonic() - self.started
            left = elapsed / self.done * (self.total - self.done)
            eta = f", about {left:.0f} s left" if self.done < self.total else f", {elapsed:.0f} s"
            print(f"graded {self.done}/{self.total} ({100 * self.done // self.total} %): {self.done - self.errors} ok, "
                  f"{self.errors} error(s), {self.skipped} skipped{eta}", file=self.stream, flush=True)

    def close(self) -> None:
        pass


class Bar:
    """A tqdm bar with the counts in its postfix."""

    def __init__(self, total: int, skipped: int, stream: TextIO, tqdm: Any) -> None:
        self.errors = 0
        self.skipped = skipped
        self._lock = threading.Lock()
        self.bar = tqdm(total=total, file=stream, unit="nb", desc="grading", dynamic_ncols=True)
        self.bar.set_postfix(errors=0, skipped=skipped)

    def on_result(self, result: SubmissionResult) -> None:
        with self._lock:
            self.errors += bool(result.error)
            self.bar.set_postfix(errors=self.errors, skipped=self.skipped, refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def progress(total: int, *, skipped: int, stream: TextIO, quiet: bool) -> Silent | Lines | Bar:
    """The progress display for a batch of ``total`` submissions to grade (``skipped`` unchanged)."""
    if quiet or total == 0:
        return Silent()
    if stream.isatty():
        try:
            from tqdm import tqdm
        except ImportError:  # the instructor extra is not installed: lines will do
            pass
        else:
            return Bar(total, skipped, stream, tqdm)
    return Lines(total, skipped, stream)
