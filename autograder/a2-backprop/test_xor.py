"""Hidden tests: train_xor, a 2-2-1 sigmoid network trained by full-batch gradient descent on XOR
(textbook §4.6; seed 003 §2.1: XOR is not linearly separable, a hidden layer solves it).

Graded by behaviour (the returned network classifies the four points) and by the contract
(N(0, 1) init from default_rng(seed), W¹ then W², zero biases, cost recorded before each
update): for a fixed seed the whole loss trajectory must match the reference's.
"""

import numpy as np

from nncourse.checks import cases, expect_close, expect_equal, expect_true, points

QUESTION = "xor"

from _cases import XOR_X, XOR_Y  # noqa: E402


def _unpack(result, label):
    ok = (isinstance(result, (list, tuple)) and len(result) == 2 and isinstance(result[0], (list, tuple)) and len(result[0]) == 2
          and all(isinstance(layer, (list, tuple)) and len(layer) == 2 for layer in result[0]))
    expect_true(ok, f"{label}: train_xor must return (params, losses) with params = [(W¹, b¹), (W², b²)] / train_xor 应返回 (params, losses)，其中 params = [(W¹, b¹), (W², b²)]")
    params, losses = result
    expect_equal([np.shape(W) for W, _ in params] + [np.shape(b) for _, b in params], [(2, 2), (1, 2), (2,), (1,)],
                 call=f"shapes of W¹, W², b¹, b² from {label}", hint="W has shape (n_out, n_in), b has shape (n_out,) / W 的形状为 (n_out, n_in)，b 的形状为 (n_out,)")
    return [(np.asarray(W, dtype=float), np.asarray(b, dtype=float)) for W, b in params], np.asarray(losses, dtype=float)


@points(2)
def test_learns_xor(student, reference):
    label = "train_xor(seed=2, lr=10.0, steps=200)"
    params, losses = _unpack(student.train_xor(2, 10.0, 200), label)
    expect_equal(losses.shape, (200,), call=f"losses.shape from {label}", hint="one cost per step, recorded before the update / 每步记录一个代价值，在更新之前记录")
    out = reference.mlp_forward(params, XOR_X, "sigmoid")[0].ravel()
    expect_true(bool(np.all(np.isfinite(out)) and np.all(np.abs(out - XOR_Y) < 0.4)),
                f"{label}: the trained network does not classify all four XOR points (outputs {np.round(out, 3).tolist()} for "
                "(0,0), (0,1), (1,0), (1,1)) / 训练后的网络没有正确分类 XOR 的四个点")
    expect_true(bool(losses[-1] < 0.1 * losses[0]), f"{label}: the cost did not fall to a tenth of its first value / 代价没有明显下降")


TRAJECTORIES = [(0, 4.0, 40), (7, 1.5, 40), (1, 0.5, 5)]


@cases(*TRAJECTORIES, ids=[f"seed{s}-lr{lr}-steps{n}" for s, lr, n in TRAJECTORIES])
def test_matches_reference_trajectory(student, reference, case):
    seed, lr, steps = case
    label = f"train_xor(seed={seed}, lr={lr}, steps={steps})"
    params, losses = _unpack(student.train_xor(seed, lr, steps), label)
    # one reference run with an extra step: its first `steps` costs are the expected curve, its
    # last cost is the cost of the parameters after `steps` updates (what train_xor returns)
    extended = reference.train_xor(seed, lr, steps + 1)[1]
    expect_close(losses, extended[:steps], call=f"losses from {label}",
                 mistakes={"cost recorded after each update instead of before / 代价在更新之后记录，应在更新之前": extended[1:]},
                 hint="W¹ then W² from np.random.default_rng(seed).normal(0, 1, size), biases 0, θ ← θ − lr·∂C/∂θ with C = (1/4) Σ ½(a − y)² / 先 W¹ 后 W²，都由 np.random.default_rng(seed).normal(0, 1, size) 抽取，偏置为 0；θ ← θ − lr·∂C/∂θ，C = (1/4) Σ ½(a − y)²")
    final = reference.loss_value(reference.mlp_forward(params, XOR_X, "sigmoid")[0], XOR_Y[:, None], "mse")
    expect_close(final, extended[steps], call=f"cost of the parameters returned by {label}",
                 hint="return the parameters after the last update / 返回最后一次更新之后的参数")
