"""Hidden tests: parameter counts Σ (n_in + 1)·n_out, h(d + 1) + o(h + 1), and their memory
(textbook 练习一 Q4, 练习二 Q4; seed 003 §2.2 (1)–(2): FP32 4 bytes, INT8 1 byte per parameter)."""

from nncourse.checks import cases, expect_close

QUESTION = "param_count"

# 练习一 Q4 (6-5-10-3), 练习二 Q4 (fully connected 50×50 → 50×50 image), XOR 2-2-1, one layer, widths of 1
LAYERS = [[6, 5, 10, 3], [2500, 2500], [2, 2, 1], [784, 256, 10], [3, 1], [1, 1], [1, 4, 1, 7, 2]]


def _count_mistakes(sizes):
    pairs = list(zip(sizes[:-1], sizes[1:]))
    return {"biases not counted / 没有计入偏置": sum(i * o for i, o in pairs), "one bias per input neuron instead of per output neuron / 按输入神经元计偏置，应每个输出神经元一个": sum(i * o + i for i, o in pairs)}


@cases(*LAYERS, ids=["-".join(map(str, s)) for s in LAYERS])
def test_mlp_param_count(student, reference, case):
    expect_close(student.mlp_param_count(case), reference.mlp_param_count(case), rtol=0, atol=0.5,
                 call=f"mlp_param_count({case})", mistakes=_count_mistakes(case),
                 hint="each layer has an n_out × n_in weight matrix and n_out biases / 每层有 n_out × n_in 的权重矩阵和 n_out 个偏置")


TWO_LAYER = [(2, 2, 1), (784, 256, 10), (6, 5, 3), (1, 9, 4), (10, 1, 1)]


@cases(*TWO_LAYER, ids=[f"d{d}-h{h}-o{o}" for d, h, o in TWO_LAYER])
def test_two_layer_formula(student, reference, case):
    d, h, o = case
    expect_close(student.param_count_two_layer(d, h, o), reference.param_count_two_layer(d, h, o), rtol=0, atol=0.5,
                 call=f"param_count_two_layer(d={d}, h={h}, o={o})", mistakes=_count_mistakes([d, h, o]))


DTYPES = [(9, "fp32"), (128, "FP32"), (203530, "float32"), (6252500, "fp16"), (77, "Float16"), (128, "int8"), (203530, "INT8")]


@cases(*DTYPES, ids=[f"{c}-{t}" for c, t in DTYPES])
def test_param_memory_bytes(student, reference, case):
    count, dtype = case
    expected = reference.param_memory_bytes(count, dtype)
    expect_close(student.param_memory_bytes(count, dtype), expected, rtol=0, atol=0.5, call=f'param_memory_bytes({count}, "{dtype}")',
                 mistakes={"bits instead of bytes / 算成了比特而不是字节": 8 * expected}, hint="bytes per value: FP32 4, FP16 2, INT8 1; the name is case-insensitive / 每个数的字节数：FP32 为 4，FP16 为 2，INT8 为 1；名称不区分大小写")
