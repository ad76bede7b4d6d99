"""Hidden tests: the reported answers of 练习二 Q1, Q3, Q4 (seed 002, 第五章 练习二), derived with the reference."""

import numpy as np

from nncourse.checks import expect_answer, expect_true

QUESTION = "textbook"

from _cases import EX2_Q1  # noqa: E402


def test_q1_feasible(student, reference):
    got = student["q1_feasible"]
    expect_true(isinstance(got, (list, tuple)) and len(got) == 4, "q1_feasible should be a list of 4 booleans / 应为 4 个 True/False")
    expected = [reference.check_stack(32, 1, option, 10) == [] for option in EX2_Q1]
    expect_answer([bool(v) for v in got], expected, call="q1_feasible")


def _q3_side(reference):
    """The square kernel size f with an 11 → 7 output at stride 1, no padding (unique)."""
    return next(f for f in range(1, 12) if reference.conv_output_size(11, f, 1, 0) == 7)


def test_q3_kernel(student, reference):
    got = student["q3_kernel"]
    expect_true(isinstance(got, (list, tuple)) and len(got) == 4, "q3_kernel should be a tuple (N, H, W, C) / 应为元组 (N, H, W, C)")
    f = _q3_side(reference)
    expect_answer(np.asarray(got, dtype=float), [10, f, f, 3], call="q3_kernel (N, H, W, C)",
                  mistakes={"N and C swapped: N filters give N output channels; C matches the input / N 与 C 对调了：N 个卷积核给出 N 个输出通道，C 要与输入一致": [3, f, f, 10],
                            "C = 1: a colour image has 3 channels / 取了 C = 1：彩色图像有 3 个通道": [10, f, f, 1],
                            "kernel size 11 − 7 = 4: the output size has a + 1 / 核大小算成了 11 − 7 = 4：输出尺寸公式里还有 + 1": [10, 11 - 7, 11 - 7, 3]})


def test_q4_extra(student, reference):
    side = reference.conv_output_size(50, 3, 1, 1)
    fc, conv = reference.fc_param_count(2500, side * side), reference.conv_param_count(1, 3, 1)
    fc_plain, conv_plain = reference.fc_param_count(2500, side * side, bias=False), reference.conv_param_count(1, 3, 1, bias=False)
    expect_answer(student["q4_extra"], fc - conv, call="q4_extra",
                  mistakes={"the FC biases left out / 漏了全连接层的偏置": fc_plain - conv, "the conv bias left out / 漏了卷积层的偏置": fc - conv_plain,
                            "no biases at all / 完全没有计入偏置": fc_plain - conv_plain, "the FC count alone (subtract the conv layer's) / 只给了全连接层的参数数（还要减去卷积层的）": fc,
                            "the FC weights alone / 只给了全连接层的权重数": fc_plain})
