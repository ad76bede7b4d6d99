"""Usual mistakes on the textbook's computational questions, for per-student variants.

Each ``*_mistakes(**params)`` returns ``[(zh, en, value), …]`` in order of preference: what a
student gets with a typical slip, computed by the very reference functions of
``solutions/textbook.py`` with the slip put into their arguments (one step too few, the
wrong step size, no momentum, a shifted sample order, the biases forgotten …). nncourse
turns the key and the first separated mistakes into a variant's options
(``assignments/quizzes/textbook-ex*.toml``, ``[questions.variant]``); a variant with too
few separated mistakes fails the build.
"""

from __future__ import annotations

from typing import Any

from . import backprop, cnn, optimizers, regression
from .textbook import COLOUR_CHANNELS, ex1_q4, ex1_q6, ex1_q7, ex1_q8, ex1_q9, ex1_q10, ex2_q3, ex2_q4

Mistakes = list[tuple[str, str, Any]]


def ex1_q4_mistakes(n_in: int, h1: int, h2: int, n_out: int) -> Mistakes:
    """Parameter count of the MLP n_in-h1-h2-n_out, miscounted."""
    pairs = [(n_in, h1), (h1, h2), (h2, n_out)]
    weights = sum(cnn.fc_param_count(a, b, bias=False) for a, b in pairs)
    return [
        ("只数了权重，漏了偏置", "weights only, biases forgotten", weights),
        ("偏置按每层的输入个数计", "one bias per input instead of per output", weights + n_in + h1 + h2),
        ("输入层也算了偏置", "a bias on the input nodes too", ex1_q4(n_in, h1, h2, n_out) + n_in),
        ("漏掉了一个隐藏层", "one hidden layer left out", backprop.mlp_param_count([n_in, h2, n_out])),
        ("数的是节点个数", "counted the nodes", n_in + h1 + h2 + n_out),
    ]


def ex1_q6_mistakes(eta: float, steps: int) -> Mistakes:
    """Gradient descent on the squared hinge loss, with a slip."""
    X, y = regression.hinge8_data()
    summed = regression.gradient_descent(lambda W: len(y) * regression.squared_hinge_gradient(W, X, y),
                                         [0.0] * 4, eta, steps)
    return [
        ("少迭代了一步", "one step too few", ex1_q6(eta, steps - 1)),
        ("步长用了 η/2", "step η/2", ex1_q6(eta / 2, steps)),
        ("梯度求和而没有除以 n", "gradient summed, not divided by n", summed),
        ("多迭代了一步", "one step too many", ex1_q6(eta, steps + 1)),
        ("步长用了 2η", "step 2η", ex1_q6(2 * eta, steps)),
        ("少迭代了五步", "five steps too few", ex1_q6(eta, steps - 5)),
    ]


def ex1_q7_mistakes(eta: float, steps: int) -> Mistakes:
    """SGD in the fixed order, with a slip."""
    return [
        ("样本顺序错了一位（从第 2 个样本开始）", "sample order off by one (starting at sample 2)", ex1_q7(eta, steps, first=1)),
        ("用了全梯度（梯度下降）", "full gradient (gradient descent)", ex1_q6(eta, steps)),
        ("步长用了 η/2", "step η/2", ex1_q7(eta / 2, steps)),
        ("少迭代了一轮（8 步）", "one round (8 steps) too few", ex1_q7(eta, steps - 8)),
        ("步长用了 2η", "step 2η", ex1_q7(2 * eta, steps)),
        ("少迭代了一步", "one step too few", ex1_q7(eta, steps - 1)),
    ]


def ex1_q8_mistakes(eta: float, alpha: float, steps: int) -> Mistakes:
    """Momentum on the full gradient, with a slip."""
    return [
        ("没有动量（普通梯度下降）", "no momentum (plain gradient descent)", ex1_q6(eta, steps)),
        ("把 η 和 α 用反了", "η and α swapped", ex1_q8(alpha, eta, steps)),
        ("少迭代了一步", "one step too few", ex1_q8(eta, alpha, steps - 1)),
        ("动量参数用了 α/2", "momentum α/2", ex1_q8(eta, alpha / 2, steps)),
        ("步长用了 η/2", "step η/2", ex1_q8(eta / 2, alpha, steps)),
        ("少迭代了五步", "five steps too few", ex1_q8(eta, alpha, steps - 5)),
    ]


def ex1_q9_mistakes(eta: float, steps: int) -> Mistakes:
    """AdaGrad on single samples, with a slip."""
    X, y = regression.hinge8_data()
    n = len(y)
    full = optimizers.adagrad(lambda W, i: regression.squared_hinge_gradient(W, X, y), [0.0] * 4, eta, 1e-6, steps,
                              lambda t: t % n)
    return [
        ("没有自适应步长（普通 SGD）", "no adaptive step (plain SGD)", ex1_q7(eta, steps)),
        ("用了全梯度", "full gradient instead of one sample", full),
        ("步长用了 η/2", "step η/2", ex1_q9(eta / 2, steps)),
        ("少迭代了一轮（8 步）", "one round (8 steps) too few", ex1_q9(eta, steps - 8)),
        ("步长用了 2η", "step 2η", ex1_q9(2 * eta, steps)),
    ]


def ex1_q10_mistakes(start: int, passes: int) -> Mistakes:
    """The perceptron, with a slip in the visiting order or the number of passes."""
    after = start % 8 + 1
    before = (start - 2) % 8 + 1
    other_passes = passes + 1 if passes == 1 else passes - 1
    return [
        ("从下一个样本开始", "started one sample late", ex1_q10(after, passes)),
        ("从上一个样本开始", "started one sample early", ex1_q10(before, passes)),
        ("遍数不对", "wrong number of passes", ex1_q10(start, other_passes)),
        ("从第 1 个样本开始", "started at sample 1", ex1_q10(1, passes)),
        ("从下两个样本开始", "started two samples late", ex1_q10(after % 8 + 1, passes)),
    ]


def ex2_q1_candidates(side: int, classes: int) -> Mistakes:
    """Architectures for 练习二 Q1 with side × side inputs: each states how its n_in and n_out were
    obtained (the reference predicate, not this text, decides which are feasible)."""

    def arch(conv: list[list[int]], n_in: int, n_out: int) -> dict[str, Any]:
        return {"conv": conv, "fc": [n_in, n_out]}

    after = lambda n, f, p=0: cnn.conv_output_size(n, f, 1, p)  # noqa: E731  (stride 1)
    a = after(after(side, 7), 11)
    b = after(after(side, 3), 3, 1)
    c = after(after(side, 3), 11)
    e = after(after(side, 5), 5)
    return [
        ("n_in 按两层卷积后的 H′·W′·K₂ 计算，n_out 为类别数", "n_in counted as H′·W′·K₂ after both convolutions, n_out the classes",
         arch([[1, 7, 1, 0], [2, 11, 1, 0]], a * a * 2, classes)),
        ("n_in 只算了 H′·W′，没有乘以 K₂", "n_in counted as H′·W′ without the factor K₂",
         arch([[1, 3, 1, 0], [5, 3, 1, 1]], b * b, classes)),
        ("n_out 比类别数多 1", "n_out one more than the classes",
         arch([[1, 3, 1, 0], [2, 11, 1, 0]], c * c * 2, classes + 1)),
        ("K₂ = 1 时 n_in = H′·W′", "with K₂ = 1, n_in = H′·W′",
         arch([[1, 3, 1, 0], [1, 3, 1, 1]], b * b, classes)),
        ("每层输出边长按 n − F 计算（少了 + 1）", "each output side taken as n − F (the + 1 forgotten)",
         arch([[2, 5, 1, 0], [4, 5, 1, 0]], (side - 10) ** 2 * 4, classes)),
        ("n_in 按 H′·W′·K₂ 计算", "n_in counted as H′·W′·K₂", arch([[2, 5, 1, 0], [4, 5, 1, 0]], e * e * 4, classes)),
    ]


def ex2_q3_mistakes(side: int, out: int, kernels: int) -> Mistakes:
    """Kernel shapes, with N and C mixed up, a greyscale channel, or the size off by one."""
    right = ex2_q3(side, out, kernels)
    f = right["H"]
    return [
        ("把卷积核个数与通道数弄反了", "N and C swapped", {"N": COLOUR_CHANNELS, "H": f, "W": f, "C": kernels}),
        ("按灰度图只算了一个通道", "one channel, as if greyscale", {"N": kernels, "H": f, "W": f, "C": 1}),
        ("核尺寸少算了 1（n − out 而不是 n − out + 1）", "kernel size n − out instead of n − out + 1",
         {"N": kernels, "H": f - 1, "W": f - 1, "C": 1}),
        ("核尺寸少算 1 且 N、C 弄反", "kernel size off by one and N, C swapped",
         {"N": COLOUR_CHANNELS, "H": f - 1, "W": f - 1, "C": kernels}),
        ("核尺寸多算了 1", "kernel size one too large", {"N": kernels, "H": f + 1, "W": f + 1, "C": COLOUR_CHANNELS}),
    ]


def ex2_q4_mistakes(side: int, f: int, pad: int) -> Mistakes:
    """Fully connected versus convolution parameters, with biases forgotten or the wrong difference."""
    out = cnn.conv_output_size(side, f, 1, pad)
    conv = cnn.conv_param_count(1, f, 1)
    return [
        ("全连接层漏了偏置", "no biases in the fully connected layer",
         cnn.fc_param_count(side * side, out * out, bias=False) - conv),
        ("每个输出只算了一个参数", "one parameter per output", out * out - conv),
        ("给出了全连接层的参数量而不是差", "the fully connected count, not the difference",
         cnn.fc_param_count(side * side, out * out)),
        ("两层都漏了偏置", "no biases anywhere",
         cnn.fc_param_count(side * side, out * out, bias=False) - cnn.conv_param_count(1, f, 1, bias=False)),
        ("每个输出只算了一个权重（没算偏置）", "one weight per output, no biases", out * out),
        ("忽略了填充", "padding ignored", ex2_q4(side, f, 0)),
    ]
