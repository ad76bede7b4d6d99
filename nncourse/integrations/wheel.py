"""The nncourse wheel that a Gradescope image or a student installs from (no package index needed).

nncourse is not on a public index: whatever installs it elsewhere gets the wheel built from
this very source tree, with pip (``pip wheel --no-deps``), so what is graded there is
exactly the code that generated the bundle.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import NncourseError

#: The project folder that holds this package's ``pyproject.toml`` (a source checkout).
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def build_wheel(dest: Path, *, source: Path = PROJECT_ROOT) -> Path:
    """Build ``nncourse-<version>-py3-none-any.whl`` from ``source`` into ``dest``; return its path."""
    if not (source / "pyproject.toml").is_file():
        raise NncourseError(f"cannot build the nncourse wheel: {source} is not a source checkout",
                            hint="pass --wheel PATH to a wheel built with `pip wheel --no-deps .`")
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nncourse-wheel-") as tmp:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q", "-w", tmp, str(source)],
            capture_output=True, text=True,
        )
        wheels = sorted(Path(tmp).glob("nncourse-*.whl"))
        if done.returncode != 0 or len(wheels) != 1:
            last = (done.stderr.strip().splitlines() or ["no wheel was written"])[-1]
            raise NncourseError(f"pip could not build the nncourse wheel: {last}",
                                hint="pass --wheel PATH to a wheel built with `pip wheel --no-deps .`")
        target = dest / wheels[0].name
        target.write_bytes(wheels[0].read_bytes())
    return target


def existing_wheel(path: Path) -> Path:
    """A wheel the user built: checked to be an nncourse wheel file."""
    if not (path.is_file() and path.name.startswith("nncourse-") and path.suffix == ".whl"):
        raise NncourseError(f"{path} is not an nncourse wheel (nncourse-<version>-py3-none-any.whl)")
    return path
