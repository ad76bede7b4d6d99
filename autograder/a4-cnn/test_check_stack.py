"""Hidden tests: check_stack, conv layers (K, F, S, P) → flatten → FC (n_in, n_out) (练习二 Q1)."""

import re

from nncourse.checks import answer_key, cases, expect_equal, expect_true

QUESTION = "check_stack"

from _cases import EX2_Q1  # noqa: E402

STACKS = [
    ("n_in and n_out both wrong", 32, 3, [(8, 5, 1, 0), (4, 3, 2, 0), (700, 12)], 10),
    ("padding keeps the size", 16, 1, [(2, 3, 1, 1), (3, 5, 1, 2), (768, 4)], 4),
    ("non-square input", (10, 6), 2, [(3, 3, 1, 0), (96, 5)], 5),
    ("stride and padding, feasible", 28, 3, [(6, 5, 1, 2), (16, 3, 2, 1), (12, 3, 2, 0), (432, 7)], 7),
    ("stride and padding, wrong n_out", 28, 3, [(6, 5, 1, 2), (16, 3, 2, 1), (12, 3, 2, 0), (432, 8)], 7),
    ("stride and padding, wrong n_in", 28, 3, [(6, 5, 1, 2), (16, 3, 2, 1), (12, 3, 2, 0), (108, 7)], 7),
    ("filter too big at layer 1", 8, 3, [(4, 9, 1, 0), (10, 10)], 10),
    ("filter too big at layer 2", 32, 1, [(4, 5, 1, 0), (8, 30, 1, 0), (100, 10)], 10),
    ("a middle entry that is not a conv layer", 32, 1, [(1, 3, 1, 0), (10, 10), (900, 10)], 10),
    ("no FC layer at the end", 32, 1, [(1, 3, 1, 0)], 10),
    ("only an FC layer", 5, 2, [(50, 3)], 3),
    ("1×1 output", 7, 1, [(5, 7, 1, 0), (5, 10)], 10),
]

_LAYER = re.compile(r"^(layer \d+):")
_FLAT = re.compile(r"flattened .*= (\d+)$")


def _check(student, reference, hw, channels, layers, n_classes, call):
    got = student.check_stack(hw, channels, layers, n_classes)
    expected = reference.check_stack(hw, channels, layers, n_classes)
    expect_true(isinstance(got, list) and all(isinstance(p, str) and p.strip() for p in got),  # each problem says something
                f"{call}: return a list of strings / 应返回字符串列表")
    expect_equal(len(got), len(expected), call=f"{call}: number of problems / 问题个数",
                 hint="follow each conv's H′ = ⌊(H + 2P − F)/S⌋ + 1, then compare n_in with H′·W′·K and n_out with the classes "
                      "/ 逐层计算 H′ = ⌊(H + 2P − F)/S⌋ + 1，再把 n_in 与 H′·W′·K、n_out 与类别数比较")
    for problem in expected:
        if m := _LAYER.match(problem):
            expect_true(m.group(1) in got[0], f"{call}: the problem should name the layer as '{m.group(1)}' / 问题描述应写明是第几层（{m.group(1)}）")
        if m := _FLAT.search(problem):
            expect_true(any(m.group(1) in p for p in got), f"{call}: the n_in problem should mention the flattened size H′·W′·K / 应写出拉平后的长度 H′·W′·K")


@cases(*STACKS, ids=[s[0] for s in STACKS])
def test_stack(student, reference, case):
    label, hw, channels, layers, n_classes = case
    _check(student, reference, hw, channels, layers, n_classes, f"check_stack({hw!r}, {channels}, {layers}, {n_classes}) ({label})")


def test_exercise_networks(student, reference):
    # The notebook asks whether each of 练习二 Q1's networks is feasible (q1_feasible, and a
    # quiz item): one test for all four, failing with no detail, so that neither the feedback
    # nor which test failed tells a student the verdict on any one network.
    with answer_key("check_stack on the four networks of exercise set 2, Q1 / 练习二第 1 题的四个网络"):
        for option in EX2_Q1:
            _check(student, reference, 32, 1, option, 10, f"check_stack(32, 1, {option}, 10)")
