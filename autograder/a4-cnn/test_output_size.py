"""Hidden tests: conv_output_size and pool_output_size, ⌊(n + 2p − d(f − 1) − 1)/s⌋ + 1 (练习二 Q1, Q3, Q4)."""

from nncourse.checks import cases, expect_close, expect_raises, spelled

QUESTION = "output_size"


# (n, f, s, p, d): the textbook's layers, stride that does not divide, a filter that exactly
# fits, 1×1 inputs and filters, dilation with padding
CONV = [(32, 7, 1, 0, 1), (11, 5, 1, 0, 1), (50, 3, 1, 1, 1), (26, 11, 1, 0, 1), (7, 3, 2, 1, 1), (10, 3, 3, 0, 1),
        (9, 4, 2, 0, 1), (5, 5, 1, 0, 1), (1, 1, 1, 0, 1), (3, 5, 1, 1, 1), (28, 3, 1, 0, 2), (15, 3, 2, 2, 3),
        (6, 1, 4, 0, 1), (20, 5, 3, 4, 2)]


def _or_none(function, *args):
    try:
        return function(*args)
    except ValueError:
        return None


@cases(*CONV, ids=[spelled("conv_output_size", c) for c in CONV])
def test_conv_output_size(student, reference, case):
    n, f, s, p, d = case
    expected = reference.conv_output_size(n, f, s, p, d)
    span = d * (f - 1) + 1
    expect_close(student.conv_output_size(n, f, s, p, d), expected, call=spelled("conv_output_size", case),
                 mistakes={"no rounding down: use // (integer division) / 没有向下取整：请用 //（整除）": (n + 2 * p - span) / s + 1,
                           "forgot the + 1 / 忘了 + 1": expected - 1,
                           "padding counted on one side only (p instead of 2p) / 填充只算了一侧（用了 p，应为 2p）": _or_none(reference.conv_output_size, n + p, f, s, 0, d),
                           "dilated span d·f instead of d(f − 1) + 1 / 膨胀后的跨度算成了 d·f，应为 d(f − 1) + 1": (n + 2 * p - d * f) // s + 1})


INVALID = [(5, 7, 1, 0, 1), (10, 4, 1, 0, 4), (0, 3, 1, 0, 1), (5, 3, 0, 0, 1), (5, 3, 1, -1, 1), (5, 3, 1, 0, 0)]


@cases(*INVALID, ids=[spelled("conv_output_size", c) for c in INVALID])
def test_conv_output_size_raises(student, case):
    expect_raises(ValueError, lambda: student.conv_output_size(*case), call=spelled("conv_output_size", case),
                  why="the filter does not fit, or an argument is out of range / 卷积核放不下，或有参数超出范围")


POOL = [(32, 2, None, 0), (7, 3, 2, 0), (5, 2, None, 0), (14, 3, None, 1), (9, 3, 1, 1)]


@cases(*POOL, ids=[spelled("pool_output_size", c) for c in POOL])
def test_pool_output_size(student, reference, case):
    n, f, s, p = case
    expect_close(student.pool_output_size(n, f, s, p), reference.pool_output_size(n, f, s, p), call=spelled("pool_output_size", case),
                 mistakes={"stride defaulted to 1 instead of the window size f / 步长默认取了 1，应默认等于窗口大小 f": reference.pool_output_size(n, f, 1, p)})


def test_pool_default_stride(student, reference):
    expect_close(student.pool_output_size(32, 2), reference.pool_output_size(32, 2), call="pool_output_size(32, 2) with the default stride",
                 mistakes={"stride defaulted to 1 instead of the window size f / 步长默认取了 1，应默认等于窗口大小 f": reference.pool_output_size(32, 2, 1)})
