"""Hidden tests: iterations_per_epoch, ⌈n/b⌉ or ⌊n/b⌋ with drop_last (seed 000 A2.1, seed 001 A2.2)."""

from nncourse.checks import cases, expect_equal, expect_raises

QUESTION = "iterations"


CASES = [(1000, 64), (50_000, 256), (512, 256), (10, 32), (0, 8), (1, 1), (7, 1), (10**12 + 1, 10**6)]


@cases(*CASES, ids=[f"n{n}-b{b}" for n, b in CASES])
def test_iterations(student, reference, case):
    n, b = case
    for drop_last in (False, True):
        expected = reference.iterations_per_epoch(n, b, drop_last)
        hint = ("the incomplete last batch is dropped: ⌊n/b⌋ / 不完整的最后一批被丢弃：⌊n/b⌋" if drop_last else
                "the incomplete last batch still counts: ⌈n/b⌉, and nothing is added when b divides n / 不完整的最后一批也算：⌈n/b⌉；b 整除 n 时不多加")
        expect_equal(student.iterations_per_epoch(n, b, drop_last), expected, call=f"iterations_per_epoch({n}, {b}, drop_last={drop_last})",
                     hint=hint)


def test_invalid_batch_size(student):
    expect_raises(ValueError, lambda: student.iterations_per_epoch(100, 0), call="iterations_per_epoch(100, 0)", why="a batch holds at least one sample / 每批至少一个样本")
