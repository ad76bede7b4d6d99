"""Prompts, questions and feedback are written in our own words: no run of course-note text
(14 characters or more, at least 6 of them Chinese) is copied from ../shared/seeds into
anything students see (master notebooks, quizzes, hidden-suite feedback). Facts, formulas and
numbers may carry over; sentences may not."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
RUN = 14
_SPACE = re.compile(r"\s+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def copied_runs(text: str, source: str, length: int = RUN) -> list[str]:
    """Maximal runs of ``text`` (whitespace ignored) of ≥ ``length`` characters, ≥ 6 of them CJK, found in ``source``."""
    text, found, i = _SPACE.sub("", text), [], 0
    while i + length <= len(text):
        j = i + length
        if len(_CJK.findall(text[i:j])) >= 6 and text[i:j] in source:
            while j < len(text) and text[i:j + 1] in source:
                j += 1
            found.append(text[i:j])
            i = j
        else:
            i += 1
    return found


def _student_facing() -> list[Path]:
    return sorted([*ROOT.glob("assignments/*/master.ipynb"), *ROOT.glob("assignments/quizzes/*.toml"),
                   *ROOT.glob("autograder/*/*.py")])


def test_the_detector_finds_a_copied_sentence():
    assert copied_runs("前缀" + "梯度下降法沿负梯度方向更新参数" + "后缀", "……梯度下降法沿负梯度方向更新参数……") == ["梯度下降法沿负梯度方向更新参数"]
    assert copied_runs("梯度下降", "梯度下降") == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the clone")
@pytest.mark.parametrize("path", _student_facing(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_sentence_copied_from_the_seeds(path):
    source = _SPACE.sub("", "".join(p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))))
    text = path.read_text("utf-8")
    if path.suffix == ".ipynb":  # the cells' text, whatever the JSON escaping
        text = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"])
    assert copied_runs(text, source) == []
