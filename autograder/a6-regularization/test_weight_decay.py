"""Hidden tests: l2_decay_update, w ← (1 − 2ηλ)w − η∇L for the penalty λ‖w‖² (seed 001 A2.6, seed 000 A2.5)."""

import numpy as np

from nncourse.checks import cases, expect_close

QUESTION = "weight_decay"

CASES = [((5,), 0.1, 0.3), ((3, 4), 0.01, 2.0), ((6,), 0.5, 0.0), ((2, 2), 0.3, 1.0), ((1,), 1.0, 0.05)]


@cases(*CASES, ids=[f"shape{s}-eta{eta}-lam{lam}" for s, eta, lam in CASES])
def test_update(student, reference, rng, case):
    shape, eta, lam = case
    w, g = rng.normal(size=shape), rng.normal(size=shape)
    expected = reference.l2_decay_update(w, g, eta, lam)
    expect_close(student.l2_decay_update(w, g, eta, lam), expected, call=f"l2_decay_update on weights of shape {shape}, η={eta}, λ={lam}",
                 mistakes={"factor (1 − ηλ): that belongs to the penalty (λ/2)‖w‖²; here it is λ‖w‖², gradient 2λw / 用了因子 (1 − ηλ)：那对应惩罚项 (λ/2)‖w‖²；这里是 λ‖w‖²，梯度为 2λw":
                           reference.l2_decay_update(w, g, eta, lam / 2),
                           "decayed after the gradient step, (1 − 2ηλ)(w − η∇L) / 在梯度步之后才衰减，成了 (1 − 2ηλ)(w − η∇L)": reference.l2_decay_update(w - eta * g, np.zeros(shape), eta, lam),
                           "+η∇L: the data gradient must be subtracted / 加了 η∇L：数据项的梯度要减去": reference.l2_decay_update(w, -g, eta, lam),
                           "(1 + 2ηλ): the decay must shrink the weights / 用了 (1 + 2ηλ)：衰减应使权重变小": reference.l2_decay_update(w, g, eta, -lam)})

