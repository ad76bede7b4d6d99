"""The class report's two plots, drawn with matplotlib as inline SVG text (instructor extra).

Text is drawn as paths (``svg.fonttype = "path"``), so a plot needs no font and no network;
the SVG goes straight into the page.
"""

from __future__ import annotations

import io
import re
from typing import Sequence

from ..errors import NncourseError

_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)


def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise NncourseError("the class report's plots need matplotlib",
                            hint="pip install 'nncourse[instructor]'") from None
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def _svg(fig) -> str:
    plt = _pyplot()
    buffer = io.StringIO()
    with plt.rc_context({"svg.fonttype": "path", "svg.hashsalt": "nncourse"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return _PROLOGUE.sub("", buffer.getvalue(), count=1)


def score_histogram(scores: Sequence[float], max_score: float) -> str:
    """Histogram of total scores on [0, max_score] (about one bin per point, at most 20)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 2.8))
    top = max(max_score, max(scores, default=0.0), 1.0)
    bins = max(1, min(20, int(round(top))))
    ax.hist(list(scores), bins=bins, range=(0, top), color="#0969da", edgecolor="white")
    ax.set_xlabel("score")
    ax.set_ylabel("students")
    ax.set_xlim(0, top)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def question_means(names: Sequence[str], fractions: Sequence[float], spreads: Sequence[float]) -> str:
    """Horizontal bars: mean score of each question as a fraction of its points, ± one std."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 0.45 * max(len(names), 1) + 0.9))
    ys = list(range(len(names)))[::-1]
    # ± one std, cut at 0 and 1 (a score cannot leave [0, points])
    lower = [min(s, f) for f, s in zip(fractions, spreads)]
    upper = [min(s, 1 - f) for f, s in zip(fractions, spreads)]
    ax.barh(ys, fractions, xerr=[lower, upper], color="#1a7f37", ecolor="#57606a", capsize=3)
    ax.set_yticks(ys, labels=list(names))
    ax.set_xlim(0, 1.05)
    ax.set_xlabel("mean score / points (± 1 std)")
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)
