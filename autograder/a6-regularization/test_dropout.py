"""Hidden tests: inverted dropout with DROP probability p (seed 003 §1.2(3), 暂退法; seed 004 Q6).

The same single draw as the reference (u = rng.random(x.shape), keep iff u > p), the statistics
of a large mask (fraction dropped ≈ p, survivors scaled by 1/(1 − p)), evaluation mode, the
rejected p = 1, and the backward pass.
"""

import numpy as np

from nncourse.checks import cases, expect_close, expect_equal, expect_raises

QUESTION = "dropout"


FORWARD = "dropout_forward(x, p, np.random.default_rng(seed))"
DRAWS = [((4,), 0.5, 0), ((3, 4), 0.25, 3), ((20, 10), 0.8, 7), ((5, 6), 0.0, 1), ((2, 3, 4), 0.4, 11)]


def _check_draw(student, reference, x, p, seed, call):
    out, mask = student.evaluate(FORWARD, x=x, p=p, seed=seed)
    ref_out, ref_mask = reference.dropout_forward(x, p, np.random.default_rng(seed))
    wrong = {"forgot to rescale the kept units by 1/(1 − p) / 保留的单元没有乘 1/(1 − p)": (ref_out * (1 - p), ref_mask * (1 - p)),
             "multiplied by (1 − p) instead of dividing / 乘了 (1 − p)，应除以它": (ref_out * (1 - p) ** 2, ref_mask * (1 - p) ** 2)}
    if p > 0:
        wrong["p used as the keep probability; p is the probability of DROPPING a unit / 把 p 当成了保留概率；p 是丢弃一个单元的概率"] = reference.dropout_forward(
            x, 1 - p, np.random.default_rng(seed))
    for i, part in ((1, "mask m"), (0, "output x ⊙ m")):  # (out, mask) index
        expect_close((out, mask)[i], (ref_out, ref_mask)[i], call=f"{part} of {call}", mistakes={k: v[i] for k, v in wrong.items()},
                     hint="draw u = rng.random(x.shape) once and keep unit i iff u_i > p / 只抽一次 u = rng.random(x.shape)，当且仅当 u_i > p 时保留单元 i")


@cases(*DRAWS, ids=[f"shape{s}-p{p}-seed{seed}" for s, p, seed in DRAWS])
def test_same_draw_as_reference(student, reference, rng, case):
    shape, p, seed = case
    _check_draw(student, reference, rng.normal(size=shape), p, seed, f"dropout_forward(x of shape {shape}, p={p}, default_rng({seed}))")


def test_draw_equal_to_p_is_dropped(student, reference, rng):
    p = float(np.random.default_rng(21).random())  # the first draw of this seed equals p exactly
    _check_draw(student, reference, rng.normal(size=6), p, 21, "dropout_forward where the first draw u₀ equals p (keep iff u > p)")


def test_mask_statistics(student):
    p, shape = 0.3, (200, 250)  # 50 000 units: the dropped fraction is within ≈ 0.002 of p
    out, mask = (np.asarray(a, dtype=float) for a in student.evaluate("dropout_forward(np.ones(shape), p, np.random.default_rng(2024))", p=p, shape=shape))
    call = f"dropout_forward(np.ones({shape}), p={p}, rng)"
    expect_equal(out.shape, shape, call=f"{call}: shape of the output")
    expect_close(np.mean(out == 0), p, rtol=0, atol=0.01, call=f"{call}: fraction of dropped units",
                 mistakes={"p used as the keep probability; p is the probability of DROPPING a unit / 把 p 当成了保留概率；p 是丢弃一个单元的概率": 1 - p})
    kept = out[out != 0]
    expect_close(kept, np.full(kept.shape, 1 / (1 - p)), call=f"{call}: values of the kept units",
                 mistakes={"forgot to rescale by 1/(1 − p) / 忘了乘 1/(1 − p)": np.ones(kept.shape), "multiplied by (1 − p) instead of dividing / 乘了 (1 − p)，应除以它": np.full(kept.shape, 1 - p),
                           "scaled by 1/p: p is the drop probability, the keep probability is 1 − p / 乘了 1/p：p 是丢弃概率，保留概率是 1 − p": np.full(kept.shape, 1 / p)})
    expect_close(np.mean(out), 1.0, rtol=0.02, call=f"{call}: mean of the output (E[out] = x)")


def test_eval_mode_leaves_x_and_rng_alone(student, rng):
    x = rng.normal(size=(3, 5))
    (out, mask), next_draw = student.evaluate("(lambda r: (dropout_forward(x, 0.7, r, train=False), r.random()))(np.random.default_rng(5))", x=x)
    expect_close(out, x, call="dropout_forward(x, 0.7, rng, train=False): the output", hint="evaluation mode drops nothing and does not rescale / 评估模式不丢弃、也不缩放")
    expect_close(mask, np.ones((3, 5)), call="dropout_forward(x, 0.7, rng, train=False): the mask")
    expect_close(next_draw, np.random.default_rng(5).random(), call="the rng's next number after evaluation mode",
                 hint="evaluation mode must not draw from rng / 评估模式不能从 rng 抽随机数")


@cases(1.0, -0.1, ids=["p1", "p-0.1"])
def test_invalid_p_rejected(student, case):
    expect_raises(ValueError, lambda: student.evaluate("dropout_forward(np.ones(3), p, np.random.default_rng(0))", p=case), call=f"dropout_forward(x, p={case}, rng)", why="p must satisfy 0 ≤ p < 1 / 要求 0 ≤ p < 1")


@cases(((4, 6), 0.5, 0), ((10,), 0.2, 1), ((2, 3, 2), 0.75, 2), ids=["4x6-p0.5", "10-p0.2", "2x3x2-p0.75"])
def test_backward(student, reference, rng, case):
    shape, p, seed = case
    _, mask = reference.dropout_forward(np.ones(shape), p, np.random.default_rng(seed))
    dout = rng.normal(size=shape)
    expected = reference.dropout_backward(dout, mask)
    expect_close(student.dropout_backward(dout, mask), expected, call=f"dropout_backward(dout, mask) on shape {shape}, p={p}",
                 mistakes={"used the 0/1 keep pattern without the scale 1/(1 − p) / 用了 0/1 的保留模式而没有乘 1/(1 − p)": dout * (mask != 0), "returned the mask without dout / 只返回了掩码，没有乘 dout": mask})
