"""Hidden tests: iterations_per_epoch in exact integer arithmetic, and n < 0 refused (the prompt asks for both).

``math.ceil(n / b)`` divides in floating point: 2**53 + 1 and 10**17 + 1 are not floats, so
the count comes out one short. The exact ceiling is ``-(-n // b)``.
"""

from nncourse.checks import cases, expect_equal, expect_raises

QUESTION = "iterations"

LARGE = [(2**53 + 1, 1), (10**17 + 1, 10), (2**60 + 3, 4)]


@cases(*LARGE, ids=["2^53+1-b1", "10^17+1-b10", "2^60+3-b4"])
def test_large_n_is_exact(student, reference, case):
    n, b = case
    for drop_last in (False, True):
        expect_equal(student.iterations_per_epoch(n, b, drop_last), reference.iterations_per_epoch(n, b, drop_last),
                     call=f"iterations_per_epoch({n}, {b}, drop_last={drop_last})",
                     hint="n / b 是浮点除法，n 很大时会舍入；请只用整数运算，如 -(-n // b) / n / b is a float "
                          "division and rounds for large n: use integer arithmetic only, e.g. -(-n // b)")


def test_negative_n_raises(student):
    for n in (-1, -64):
        expect_raises(ValueError, lambda: student.iterations_per_epoch(n, 8), call=f"iterations_per_epoch({n}, 8)",
                      why="样本数不能为负 / a number of samples cannot be negative")
