"""Assignment 4 reference: convolution arithmetic, parameter counts, a naive conv layer.

Sources: textbook 002 练习二 Q1 (feasible conv stacks on 32×32 greyscale images), Q3
(N kernels of H×W×C on an 11×11 colour image giving 7×7×10), Q4 (3×3 conv vs fully
connected layer on a 50×50 greyscale image).

Conventions
-----------
* Feature maps are channel-first: an image is ``(C, H, W)``, a kernel bank ``(K, C, F, F)``.
* "Convolution" means cross-correlation (no kernel flip), as in deep-learning libraries:
  out[k, i, j] = b[k] + Σ_{c,u,v} x_pad[c, i·s + u, j·s + v] · w[k, c, u, v].
* A conv layer in :func:`check_stack` is the tuple ``(K, F, S, P)`` of 练习二 Q1; the fully
  connected layer ``n_in → n_out`` is the tuple ``(n_in, n_out)``.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


def conv_output_size(n: int, f: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """Output length of a convolution: ⌊(n + 2p − d(f − 1) − 1)/s⌋ + 1  (练习二 Q1, Q3).

    n input size, f filter size, s stride, p zero padding per side, d dilation (d = 1 is an
    ordinary filter; then the formula is ⌊(n + 2p − f)/s⌋ + 1). Raises ``ValueError`` when the
    filter does not fit (result ≤ 0) or an argument is out of range.

    >>> conv_output_size(28, 5), conv_output_size(9, 3, s=2), conv_output_size(20, 3, p=1)
    (24, 4, 20)
    """
    # BEGIN SOLUTION
    if n < 1 or f < 1 or s < 1 or p < 0 or d < 1:
        raise ValueError("need n, f, s, d >= 1 and p >= 0")
    span = d * (f - 1) + 1  # receptive field of a dilated filter
    room = n + 2 * p - span  # how far the filter can slide
    if room < 0:
        raise ValueError(f"filter of span {span} does not fit an input of size {n} padded by {p}")
    return room // s + 1  # starting positions 0, s, 2s, … ≤ room
    # END SOLUTION


def pool_output_size(n: int, f: int, s: int | None = None, p: int = 0) -> int:
    """Output length of an f×f pooling window: ⌊(n + 2p − f)/s⌋ + 1, stride s = f by default.

    >>> pool_output_size(24, 2), pool_output_size(7, 3, 2)
    (12, 3)
    """
    # BEGIN SOLUTION
    stride = f if s is None else s  # non-overlapping windows unless told otherwise
    return conv_output_size(n, f, stride, p)
    # END SOLUTION


def conv_param_count(k: int, f: int, c_in: int, bias: bool = True) -> int:
    """Parameters of k filters of size f×f×c_in: k(f·f·c_in + 1), or k·f·f·c_in without bias.

    One 5×5 filter on an RGB image has 5·5·3 + 1 = 76 parameters.

    >>> conv_param_count(1, 5, 3), conv_param_count(10, 5, 3)
    (76, 760)
    """
    # BEGIN SOLUTION
    return k * (f * f * c_in + (1 if bias else 0))  # each filter: f·f·c_in weights (+ 1 bias)
    # END SOLUTION


def fc_param_count(n_in: int, n_out: int, bias: bool = True) -> int:
    """Parameters of a fully connected layer n_in → n_out: (n_in + 1)·n_out, or n_in·n_out.

    >>> fc_param_count(100, 10)
    1010
    """
    # BEGIN SOLUTION
    return (n_in + (1 if bias else 0)) * n_out  # one weight per input (+ 1 bias) per output
    # END SOLUTION


def check_stack(
    input_hw: int | tuple[int, int],
    input_channels: int,
    layers: Sequence[tuple[int, ...]],
    n_classes: int,
) -> list[str]:
    """Problems of a stack "conv layers → flatten → one FC layer" (练习二 Q1); [] if feasible.

    ``layers``: conv layers ``(K, F, S, P)`` followed by exactly one FC layer ``(n_in, n_out)``.
    Each conv maps H×W×C to H′×W′×K with H′ = ⌊(H + 2P − F)/S⌋ + 1; the FC layer must take
    n_in = H′·W′·K (the flattened size) and give n_out = ``n_classes``.

    (The examples avoid 练习二's own networks: students answer those in the quiz.)

    >>> check_stack(28, 1, [(4, 5, 1, 0), (8, 5, 1, 0), (3200, 10)], 10)  # 28 → 24 → 20, 20·20·8 = 3200
    []
    >>> check_stack(28, 1, [(4, 3, 1, 1), (1000, 10)], 10)
    ['FC layer: n_in = 1000 but the flattened feature map is 28×28×4 = 3136']
    """
    # BEGIN SOLUTION
    h, w = (input_hw, input_hw) if isinstance(input_hw, int) else input_hw
    c = input_channels
    problems: list[str] = []
    if not layers or len(layers[-1]) != 2:
        return problems + ["the last layer must be a fully connected layer (n_in, n_out)"]
    for index, layer in enumerate(layers[:-1], start=1):
        if len(layer) != 4:
            return problems + [f"layer {index}: expected a conv layer (K, F, S, P), got {tuple(layer)}"]
        k, f, s, p = layer
        try:
            h, w = conv_output_size(h, f, s, p), conv_output_size(w, f, s, p)  # spatial size after the conv
        except ValueError:
            return problems + [f"layer {index}: a {f}×{f} filter (S={s}, P={p}) does not fit a {h}×{w} input"]
        c = k  # one output channel per filter
    n_in, n_out = layers[-1]
    flat = h * w * c  # flatten: H′·W′·K numbers
    if n_in != flat:
        problems.append(f"FC layer: n_in = {n_in} but the flattened feature map is {h}×{w}×{c} = {flat}")
    if n_out != n_classes:
        problems.append(f"FC layer: n_out = {n_out} but there are {n_classes} classes")
    return problems
    # END SOLUTION


def conv2d_forward(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, padding: int = 0
) -> np.ndarray:
    """Naive 2-D convolution layer (cross-correlation, no kernel flip, as in PyTorch):

    out[k, i, j] = b[k] + Σ_{c,u,v} x_pad[c, i·s + u, j·s + v] · w[k, c, u, v],

    x of shape (C, H, W), w of shape (K, C, F, F), b of shape (K,); output (K, H′, W′) with
    H′ = ⌊(H + 2p − F)/s⌋ + 1 (练习二 Q1). Zero padding of ``padding`` pixels on every side.

    >>> x = np.arange(9.0).reshape(1, 3, 3)
    >>> conv2d_forward(x, np.ones((1, 1, 2, 2)), np.zeros(1)).tolist()  # sums of 2×2 windows
    [[[8.0, 12.0], [20.0, 24.0]]]
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    C, H, W = x.shape
    K, C_w, F_h, F_w = w.shape
    if C != C_w:
        raise ValueError(f"input has {C} channels but the kernels expect {C_w}")
    x_pad = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))  # zeros around each channel
    H_out = (H + 2 * padding - F_h) // stride + 1
    W_out = (W + 2 * padding - F_w) // stride + 1
    if H_out < 1 or W_out < 1:
        raise ValueError("the kernel does not fit the padded input")
    out = np.zeros((K, H_out, W_out))
    for k in range(K):  # one output channel per filter
        for i in range(H_out):
            for j in range(W_out):
                patch = x_pad[:, i * stride : i * stride + F_h, j * stride : j * stride + F_w]
                out[k, i, j] = np.sum(patch * w[k]) + b[k]  # dot product of window and filter
    return out
    # END SOLUTION


__all__ = [
    "conv_output_size", "pool_output_size", "conv_param_count", "fc_param_count",
    "check_stack", "conv2d_forward",
]
