"""Running student code: a separate, locked-down process per submission.

``worker`` runs inside the student process; ``sandbox`` and ``pool`` run in the grader and
talk to it through ``codec`` (JSON lines; arrays as raw little-endian bytes, never pickle).
"""
