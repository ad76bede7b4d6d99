"""Running student code: a separate, locked-down process per submission.

``worker`` runs inside the student process; ``sandbox`` and ``pool`` run in the grader and
talk to it through ``codec`` (JSON lines; arrays as raw little-endian bytes, never pickle).
"""


def preload_text_readers() -> None:
    """Import what ``np.loadtxt`` / ``np.genfromtxt`` load on their first call (~9 ms).

    Every notebook and suite of the course reads its data with them, so both sides load
    these while they would otherwise wait: the student's process before lock-down, the
    grader with the tests. A Python built without one of them is no matter.
    """
    import importlib

    for name in ("gzip", "bz2", "lzma", "urllib.parse"):
        try:
            importlib.import_module(name)
        except ImportError:
            pass
