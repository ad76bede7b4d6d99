"""Hidden tests: conv_param_count K(F²C + 1) and fc_param_count (n_in + 1)·n_out (练习二 Q3, Q4)."""

from nncourse.checks import cases, expect_close

QUESTION = "param_counts"

CONV = [(1, 3, 1, True), (10, 5, 3, True), (8, 3, 16, False), (64, 7, 3, True), (1, 1, 1, False), (32, 3, 64, False), (6, 2, 5, True)]


@cases(*CONV, ids=[f"K{k}-F{f}-C{c}-bias{b}" for k, f, c, b in CONV])
def test_conv_param_count(student, reference, case):
    k, f, c, bias = case
    expected = reference.conv_param_count(k, f, c, bias=bias)
    expect_close(student.conv_param_count(k, f, c, bias=bias), expected, call=f"conv_param_count({k}, {f}, {c}, bias={bias})",
                 mistakes={"biases left out (or counted when bias=False) / 漏了偏置（或在 bias=False 时仍计入）": reference.conv_param_count(k, f, c, bias=not bias),
                           "F weights per row instead of F² per channel / 每个通道算成了 F 个权重，应为 F² 个": k * (f * c + int(bias)),
                           "one bias per input channel instead of per filter / 按输入通道计偏置，应每个卷积核一个": k * c * (f * f + int(bias))})


FC = [(2500, 2500, True), (512, 10, True), (512, 10, False), (1, 1, True), (784, 128, False), (3, 7, True)]


@cases(*FC, ids=[f"in{i}-out{o}-bias{b}" for i, o, b in FC])
def test_fc_param_count(student, reference, case):
    n_in, n_out, bias = case
    expected = reference.fc_param_count(n_in, n_out, bias=bias)
    expect_close(student.fc_param_count(n_in, n_out, bias=bias), expected, call=f"fc_param_count({n_in}, {n_out}, bias={bias})",
                 mistakes={"biases left out (or counted when bias=False) / 漏了偏置（或在 bias=False 时仍计入）": reference.fc_param_count(n_in, n_out, bias=not bias),
                           "one bias per input instead of per output / 按输入计偏置，应每个输出一个": n_in * n_out + n_in * int(bias)})
