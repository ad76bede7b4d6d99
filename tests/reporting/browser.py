"""Open a page in real headless Chromium (Debian's ``chromium``, driven by Playwright's Python
API with the system executable) and record what it logs and fetches."""

from __future__ import annotations

import io
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

#: Flags for a quiet, offline, throw-away browser (its profile is a fresh temporary folder).
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync"]


def chromium_path() -> str | None:
    """The system Chromium (``NNCOURSE_CHROMIUM`` overrides), or None."""
    for candidate in (os.environ.get("NNCOURSE_CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@dataclass
class Visit:
    """One page load: the page (still open), console messages and every request made."""

    page: object
    console: list[tuple[str, str]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"] + self.errors


class Browser:
    def __init__(self, context) -> None:
        self.context = context

    def open(self, path: Path) -> Visit:
        page = self.context.new_page()
        visit = Visit(page)
        page.on("console", lambda m: visit.console.append((m.type, m.text)))
        page.on("pageerror", lambda e: visit.errors.append(str(e)))
        page.on("request", lambda r: visit.requests.append(r.url))
        page.goto(path.resolve().as_uri(), wait_until="load")
        return visit


def ink(png: bytes) -> float:
    """Fraction of a screenshot's pixels that are not (near) white: 0 for a blank region."""
    import numpy as np
    from PIL import Image

    image = np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float)
    return float((image < 235).mean()) if image.size else 0.0


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium found (apt-get install chromium; .ci/run installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (pip install -e '.[dev]')")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(profile), executable_path=executable, headless=True, args=FLAGS,
                                                       viewport={"width": 1100, "height": 900})
        try:
            yield Browser(context)
        finally:
            context.close()
