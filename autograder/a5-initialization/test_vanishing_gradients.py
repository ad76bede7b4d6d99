"""Hidden tests: layer_gradient_norms, the gradient of every layer at initialisation (seed 001 A2.1).

Exact comparisons with the reference (documented draw order) over activations, initialisations
and shapes, then the behaviour the seed describes: with sigmoid the norms shrink towards the
input by orders of magnitude, with ReLU + He they do not.
"""

import numpy as np

from nncourse.checks import cases, expect_close, expect_equal, expect_true

QUESTION = "vanishing_gradients"

CALL = "layer_gradient_norms(depth, width, activation, np.random.default_rng(seed), batch=batch, init=init)"

CONFIGS = [
    (10, 32, "sigmoid", 0, 64, None),  # seed 001 A2.1: the 10-layer sigmoid network
    (10, 32, "relu", 0, 64, None),
    (6, 16, "tanh", 3, 20, None),
    (5, 8, "relu", 1, 10, "xavier"),
    (4, 12, "sigmoid", 2, 30, "he"),
    (3, 5, "relu", 4, 1, None),  # a batch of one sample
    (6, 2, "relu", 7, 16, None),  # width 2: whole rows of dead ReLU units
    (1, 6, "tanh", 9, 8, None),  # a single layer
]


@cases(*CONFIGS, ids=[f"{a}-L{d}-w{w}-b{b}-{i or 'default'}" for d, w, a, _, b, i in CONFIGS])
def test_matches_reference(student, reference, case):
    depth, width, activation, seed, batch, init = case
    got = student.evaluate(CALL, depth=depth, width=width, activation=activation, seed=seed, batch=batch, init=init)
    expected = reference.layer_gradient_norms(depth, width, activation, np.random.default_rng(seed), batch=batch, init=init)
    mistakes = {"norms in reverse order: index 0 is layer 1, next to the input / 范数顺序反了：下标 0 是紧挨输入的第 1 层": expected[::-1]}
    if batch > 1:
        mistakes["summed over the batch instead of averaging (the 1/n in C) / 对批次求和而没有求平均（C 中的 1/n）"] = expected * batch
    expect_close(got, expected, call=f"layer_gradient_norms({depth}, {width}, {activation!r}, rng, batch={batch}, init={init!r})",
                 mistakes=mistakes,
                 hint="check the draw order (X, Y, then W¹…W^L), the default init for the activation, and σ′ at every layer / 检查抽样顺序（先 X、Y，再 W¹…W^L）、该激活函数的默认初始化，以及每层都乘了 σ′")


SEEDS = [10, 11, 12]


def test_sigmoid_gradients_vanish(student):
    runs = student.evaluate("[layer_gradient_norms(10, 32, 'sigmoid', np.random.default_rng(s)) for s in seeds]", seeds=SEEDS)
    for seed, norms in zip(SEEDS, runs):
        norms = np.asarray(norms, dtype=float)
        expect_equal(norms.shape, (10,), call=f"10-layer sigmoid network, seed {seed}: shape of the result")
        expect_true(bool(np.all(np.diff(norms) > 0)),
                    f"10-layer sigmoid network, seed {seed}: the norms should grow from layer 1 to layer 10 "
                    "(each layer back multiplies δ by σ′ ≤ ¼) / 梯度范数应从输入层到输出层递增")
        expect_true(bool(norms[0] < 1e-3 * norms[-1]),
                    f"10-layer sigmoid network, seed {seed}: layer 1's gradient should be orders of magnitude below layer 10's / 梯度消失")


def test_relu_gradients_do_not_vanish(student):
    runs = student.evaluate("[layer_gradient_norms(10, 32, 'relu', np.random.default_rng(s)) for s in seeds]", seeds=SEEDS)
    for seed, norms in zip(SEEDS, runs):
        norms = np.asarray(norms, dtype=float)
        expect_equal(norms.shape, (10,), call=f"10-layer ReLU network, seed {seed}: shape of the result")
        expect_true(bool(np.all(norms > 0) and np.ptp(norms) > 0 and 0.05 < norms[0] / norms[-1] < 20),  # random layers: norms differ
                    f"10-layer ReLU network with He init, seed {seed}: layers 1 and 10 should have gradients of the same order "
                    "/ ReLU + He 时首末层梯度应同一量级")
