"""Tests for solutions/cnn.py: textbook 练习二 Q1, Q3, Q4 and an independent convolution."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.lib.stride_tricks import sliding_window_view

from solutions import cnn

EXACT = 1e-12


def positions(n: int, f: int, s: int, p: int, d: int) -> int:
    """Count the filter's start positions by brute force (independent of the formula)."""
    span = d * (f - 1) + 1
    return sum(1 for start in range(0, n + 2 * p, s) if start + span <= n + 2 * p)


@given(st.integers(1, 60), st.integers(1, 9), st.integers(1, 5), st.integers(0, 4), st.integers(1, 3))
@settings(max_examples=200)
def test_conv_output_size_counts_positions(n, f, s, p, d):
    count = positions(n, f, s, p, d)
    if count == 0:
        with pytest.raises(ValueError):
            cnn.conv_output_size(n, f, s, p, d)
    else:
        assert cnn.conv_output_size(n, f, s, p, d) == count


def test_output_size_rejects_bad_arguments():
    for args in [(0, 3), (5, 0), (5, 3, 0), (5, 3, 1, -1), (5, 3, 1, 0, 0), (5, 7)]:
        with pytest.raises(ValueError):
            cnn.conv_output_size(*args)


def test_pool_output_size():
    assert cnn.pool_output_size(32, 2) == 16
    assert cnn.pool_output_size(7, 3, 2) == (7 - 3) // 2 + 1
    assert cnn.pool_output_size(5, 2) == 2  # the last odd column is not covered


# --------------------------------------------------------------------------- 练习二 Q1


Q1_OPTIONS = [
    [(1, 7, 1, 0), (2, 11, 1, 0), (512, 10)],
    [(1, 3, 1, 0), (5, 3, 1, 1), (900, 10)],
    [(1, 3, 1, 0), (2, 11, 1, 0), (1152, 11)],
    [(1, 3, 1, 0), (1, 3, 1, 1), (900, 10)],
]


def plain_feasible(option) -> bool:
    size, channels = 32, 1
    for k, f, s, p in option[:-1]:
        size = (size + 2 * p - f) // s + 1
        channels = k
    n_in, n_out = option[-1]
    return size > 0 and n_in == size * size * channels and n_out == 10


def test_q1_feasible_stacks():
    verdicts = [cnn.check_stack(32, 1, option, 10) == [] for option in Q1_OPTIONS]
    assert verdicts == [plain_feasible(option) for option in Q1_OPTIONS]
    assert verdicts == [True, False, False, True]  # 32→26→16: 16·16·2 = 512; 32→30→30: 900


def test_q1_problems_are_named():
    problems = cnn.check_stack(32, 1, Q1_OPTIONS[2], 10)
    assert len(problems) == 2
    assert "1152" in problems[0] and "800" in problems[0]  # 32→30→20, 20·20·2 = 800
    assert "11" in problems[1] and "10 classes" in problems[1]
    assert cnn.check_stack(8, 3, [(4, 9, 1, 0), (10, 10)], 10)[0].startswith("layer 1")
    assert cnn.check_stack(32, 1, [(1, 3, 1, 0)], 10) != []  # no FC layer at the end
    assert cnn.check_stack((10, 6), 2, [(3, 3, 1, 0), (8 * 4 * 3, 5)], 5) == []  # non-square input


# --------------------------------------------------------------------------- 练习二 Q3, Q4


def test_q3_kernel_shape():
    # (N, H, W, C) options; an 11×11 colour image (C must be 3) gives 7×7×10 with s = 1, p = 0.
    options = [(3, 3, 3, 10), (10, 5, 5, 3), (10, 5, 5, 1), (10, 3, 3, 1), (3, 5, 5, 10)]
    matches = [
        i + 1
        for i, (N, H, W, C) in enumerate(options)
        if C == 3 and N == 10 and cnn.conv_output_size(11, H) == 7 and cnn.conv_output_size(11, W) == 7
    ]
    assert matches == [2]
    assert cnn.conv_param_count(10, 5, 3) == 10 * (5 * 5 * 3 + 1)


def test_q4_fc_minus_conv_parameters():
    side = cnn.conv_output_size(50, 3, s=1, p=1)
    assert side == 50
    conv = cnn.conv_param_count(1, 3, 1)  # one 3×3 greyscale filter with bias
    fc = cnn.fc_param_count(50 * 50, side * side)  # every output pixel sees every input pixel
    plain = (2500 * 2500 + 2500) - (3 * 3 + 1)  # plain arithmetic
    assert fc - conv == plain == 6_252_490  # option 3
    assert cnn.fc_param_count(4, 3, bias=False) == 12 and cnn.conv_param_count(2, 3, 4, bias=False) == 72


# ------------------------------------------------------------------------------ conv2d


def reference_conv(x, w, b, stride, padding):
    """Vectorised cross-correlation via sliding windows (independent of the loop version)."""
    x_pad = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    windows = sliding_window_view(x_pad, w.shape[2:], axis=(1, 2))[:, ::stride, ::stride]
    return np.einsum("chwuv,kcuv->khw", windows, w) + b[:, None, None]


@given(
    st.integers(1, 3), st.integers(1, 3), st.integers(3, 9), st.integers(3, 9),
    st.integers(1, 3), st.integers(1, 3), st.integers(0, 2), st.integers(0, 10_000),
)
@settings(max_examples=40, deadline=None)
def test_conv2d_matches_vectorised_reference(c, k, h, w_, f, stride, padding, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(c, h, w_))
    w = rng.normal(size=(k, c, f, f))
    b = rng.normal(size=k)
    out = cnn.conv2d_forward(x, w, b, stride, padding)
    assert out.shape == (k, cnn.conv_output_size(h, f, stride, padding), cnn.conv_output_size(w_, f, stride, padding))
    np.testing.assert_allclose(out, reference_conv(x, w, b, stride, padding), atol=1e-10)


def test_conv2d_is_cross_correlation_not_flipped():
    x = np.zeros((1, 3, 3))
    x[0, 0, 0] = 1.0  # a single bright pixel top-left
    w = np.zeros((1, 1, 2, 2))
    w[0, 0, 0, 0] = 5.0  # the kernel's top-left weight
    out = cnn.conv2d_forward(x, w, np.array([0.5]))
    assert out[0].tolist() == [[5.5, 0.5], [0.5, 0.5]]  # flipped kernel: all 0.5


def test_conv2d_shape_checks():
    with pytest.raises(ValueError):
        cnn.conv2d_forward(np.zeros((2, 4, 4)), np.zeros((1, 3, 2, 2)), np.zeros(1))
    with pytest.raises(ValueError):
        cnn.conv2d_forward(np.zeros((1, 2, 2)), np.zeros((1, 1, 3, 3)), np.zeros(1))
