"""Assignment 1 gives each student their own data (``data_seed: student``), so grading it needs
the course secret. Benchmarks use a throwaway one unless ``$NNCOURSE_SECRET_FILE`` names yours."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path


def ensure_secret() -> None:
    """Point ``$NNCOURSE_SECRET_FILE`` (inherited by every command a benchmark runs) at a secret."""
    if not os.environ.get("NNCOURSE_SECRET_FILE"):
        path = Path(tempfile.mkdtemp(prefix="nncourse-bench-")) / "secret.txt"
        path.write_text(secrets.token_hex(32) + "\n", "utf-8")
        os.environ["NNCOURSE_SECRET_FILE"] = str(path)
