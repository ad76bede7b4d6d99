"""Hidden tests: conv2d_forward, out[k,i,j] = b[k] + Σ x_pad[c, i·s + u, j·s + v]·w[k,c,u,v] (cross-correlation)."""

import numpy as np

from nncourse.checks import cases, expect_close, expect_raises

QUESTION = "conv2d"


# (C, K, H, W, F, stride, padding, scale): channel counts, non-square inputs, strides that do
# not divide, padding that makes a too-big kernel fit, 1×1 kernels and outputs, large values
RANDOM = [(1, 1, 5, 5, 3, 1, 0, 1.0), (3, 2, 7, 6, 3, 2, 1, 1.0), (2, 4, 8, 8, 2, 2, 0, 1.0), (3, 3, 9, 7, 4, 3, 2, 1.0),
          (1, 2, 4, 4, 4, 1, 0, 1.0), (2, 1, 6, 9, 1, 1, 0, 1.0), (4, 5, 10, 10, 5, 1, 2, 100.0), (1, 1, 2, 2, 3, 1, 1, 1.0)]


#: Unit roundoff of float32: the prompt allows any float type, and a float32 result must not lose marks.
FLOAT32_EPS = 2.0**-24


def _tolerance(reference, x, w, b, stride, padding):
    """rtol/atol that a correct float32 computation meets: each output sums n = C·F·F products, whose
    rounding error is at most about n·u·Σ|x||w| (u the float32 unit roundoff), plus rounding x and w."""
    n = w.shape[1] * w.shape[2] * w.shape[3] + 1
    magnitude = float(np.max(reference.conv2d_forward(np.abs(x), np.abs(w), np.abs(b), stride, padding)))
    return {"rtol": 4 * n * FLOAT32_EPS, "atol": 4 * n * FLOAT32_EPS * magnitude}


def _mistakes(reference, x, w, b, stride, padding):
    p = padding
    wrong = {"kernel flipped (true convolution; use cross-correlation) / 翻转了卷积核（那是数学上的卷积；这里要互相关）": reference.conv2d_forward(x, w[:, :, ::-1, ::-1], b, stride, p),
             "bias forgotten / 忘了加偏置": reference.conv2d_forward(x, w, np.zeros_like(b), stride, p),
             "kernel transposed (w[k, c, v, u]) / 卷积核转置了（用成了 w[k, c, v, u]）": reference.conv2d_forward(x, w.transpose(0, 1, 3, 2), b, stride, p)}
    if p:
        wrong["padded with edge values instead of zeros / 用边缘值填充了，应补 0"] = reference.conv2d_forward(np.pad(x, ((0, 0), (p, p), (p, p)), mode="edge"), w, b, stride, 0)
        if x.shape[1] + p >= w.shape[2] and x.shape[2] + p >= w.shape[3]:
            wrong["padding added on one side only / 只在一侧做了填充"] = reference.conv2d_forward(np.pad(x, ((0, 0), (p, 0), (p, 0))), w, b, stride, 0)
    return wrong


@cases(*RANDOM, ids=[f"C{c}-K{k}-{h}x{w_}-F{f}-s{s}-p{p}" + ("-large" if sc > 1 else "") for c, k, h, w_, f, s, p, sc in RANDOM])
def test_random(student, reference, rng, case):
    C, K, H, W, F, stride, padding, scale = case
    x, w, b = scale * rng.normal(size=(C, H, W)), rng.normal(size=(K, C, F, F)), rng.normal(size=K)
    expect_close(student.conv2d_forward(x, w, b, stride, padding), reference.conv2d_forward(x, w, b, stride, padding),
                 call=f"conv2d_forward with x {x.shape}, w {w.shape}, stride {stride}, padding {padding}",
                 mistakes=_mistakes(reference, x, w, b, stride, padding),
                 **_tolerance(reference, x, w, b, stride, padding))


def test_hand_example(student, reference):
    # x[r, c] = 4r + c and the kernel [[1, 0], [0, −1]]: every window gives x[r, c] − x[r+1, c+1] = −5, plus the bias
    x, w, b = np.arange(16.0).reshape(1, 4, 4), np.array([[[[1.0, 0.0], [0.0, -1.0]]]]), np.array([0.5])
    expect_close(student.conv2d_forward(x, w, b, 2, 0), reference.conv2d_forward(x, w, b, 2, 0),
                 call="conv2d_forward on x = arange(16) as 4×4, kernel [[1, 0], [0, −1]], bias 0.5, stride 2",
                 mistakes=_mistakes(reference, x, w, b, 2, 0), **_tolerance(reference, x, w, b, 2, 0))


def test_channel_mismatch_raises(student):
    expect_raises(ValueError, lambda: student.conv2d_forward(np.zeros((2, 4, 4)), np.zeros((1, 3, 2, 2)), np.zeros(1)),
                  call="conv2d_forward with x (2, 4, 4) and w (1, 3, 2, 2)", why="the input has 2 channels, the kernels expect 3 / 输入有 2 个通道，卷积核需要 3 个")


def test_kernel_too_big_raises(student):
    expect_raises(ValueError, lambda: student.conv2d_forward(np.zeros((1, 2, 2)), np.zeros((1, 1, 3, 3)), np.zeros(1)),
                  call="conv2d_forward with x (1, 2, 2), w (1, 1, 3, 3), no padding", why="the kernel does not fit / 卷积核放不下")
