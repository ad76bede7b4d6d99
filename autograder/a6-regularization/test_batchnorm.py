"""Hidden tests: batch normalisation forward (train / eval, running statistics) and backward
(seed 001 A2.7, seed 000 A2.6). The backward pass is compared with the reference and with
central differences of the forward pass computed here, in the grader.
"""

import numpy as np

from nncourse.checks import cases, expect_close, expect_raises

QUESTION = "batchnorm"


FORWARD = "(lambda r: (r[0], r[2], r[3]))(batchnorm_forward(x, gamma, beta, eps, rm, rv, momentum, train))"
BACKWARD = "batchnorm_backward(dout, batchnorm_forward(x, gamma, beta, eps, rm, rv, 0.1, train)[1])"
FD_EPS = 1e-6


def _problem(rng, m, D, scale=1.0, shift=0.0, running=True):
    x = shift + scale * rng.normal(size=(m, D))
    gamma, beta = rng.normal(size=D), rng.normal(size=D)
    rm, rv = (rng.normal(size=D), rng.uniform(0.5, 2.0, size=D)) if running else (None, None)
    return x, gamma, beta, rm, rv


def _unbiased_normalisation(reference, x, gamma, beta, eps):
    """Output when x̂ uses the unbiased variance: the reference on c·x with γ/c, c² = m/(m − 1)."""
    c = np.sqrt(len(x) / (len(x) - 1))
    return reference.batchnorm_forward(c * x, gamma / c, beta, eps)[0]


# (m, D, scale, shift, eps, momentum, given running statistics)
TRAIN = [
    (2, 3, 1.0, 0.0, 1e-5, 0.1, True),  # the smallest batch allowed
    (16, 4, 2.0, 3.0, 1e-5, 0.1, False),  # running statistics start at 0 and 1
    (50, 1, 1e3, -500.0, 0.0, 0.5, True),  # large values
    (7, 5, 0.01, 1.0, 1e-5, 0.1, True),  # σ² ≈ 1e-4: ε matters
    (10, 2, 1.0, 0.0, 0.1, 0.9, True),
]


@cases(*TRAIN, ids=[f"m{m}-D{D}-scale{s}-eps{e}-mom{mo}-{'given' if r else 'default'}" for m, D, s, _, e, mo, r in TRAIN])
def test_forward_train(student, reference, rng, case):
    m, D, scale, shift, eps, momentum, running = case
    x, gamma, beta, rm, rv = _problem(rng, m, D, scale, shift, running)
    y, new_rm, new_rv = student.evaluate(FORWARD, x=x, gamma=gamma, beta=beta, eps=eps, rm=rm, rv=rv, momentum=momentum, train=True)
    ref_y, _, ref_rm, ref_rv = reference.batchnorm_forward(x, gamma, beta, eps, rm, rv, momentum, True)
    where = f"batchnorm_forward in training mode on a {m}x{D} batch, eps={eps:g}, momentum={momentum}" + ("" if running else ", no running statistics given")
    wrong_y = {"normalised with the unbiased variance 1/(m − 1); x̂ uses the biased 1/m / 用无偏方差 1/(m − 1) 做了归一化；x̂ 用的是有偏的 1/m": _unbiased_normalisation(reference, x, gamma, beta, eps)}
    if eps:
        wrong_y["forgot ε under the square root / 根号下漏了 ε"] = reference.batchnorm_forward(x, gamma, beta, 0.0)[0]
    expect_close(y, ref_y, call=f"y of {where}", mistakes=wrong_y)
    swapped = reference.batchnorm_forward(x, gamma, beta, eps, rm, rv, 1 - momentum, True)
    expect_close(new_rm, ref_rm, call=f"running_mean of {where}",
                 mistakes={"momentum on the wrong term: r ← (1 − momentum)·r + momentum·μ / momentum 乘错了项：写成了 r ← (1 − momentum)·r + momentum·μ": swapped[2]})
    start = np.ones(D) if rv is None else rv
    expect_close(new_rv, ref_rv, call=f"running_var of {where}",
                 mistakes={"running variance from the biased σ²; it uses the unbiased m/(m − 1)·σ² / 滑动方差用了有偏的 σ²；应用无偏的 m/(m − 1)·σ²": (1 - momentum) * start + momentum * x.var(axis=0),
                           "momentum on the wrong term: r ← (1 − momentum)·r + momentum·σ² / momentum 乘错了项：写成了 r ← (1 − momentum)·r + momentum·σ²": swapped[3]})


@cases((6, 3, 1e-5), (1, 4, 1e-5), (5, 2, 0.5), ids=["6x3", "one-sample", "5x2-eps0.5"])
def test_forward_eval(student, reference, rng, case):
    m, D, eps = case
    x, gamma, beta, rm, rv = _problem(rng, m, D, 2.0, 1.0)
    y, new_rm, new_rv = student.evaluate(FORWARD, x=x, gamma=gamma, beta=beta, eps=eps, rm=rm, rv=rv, momentum=0.1, train=False)
    ref_y, _, ref_rm, ref_rv = reference.batchnorm_forward(x, gamma, beta, eps, rm, rv, 0.1, False)
    where = f"batchnorm_forward in evaluation mode on a {m}x{D} batch, eps={eps:g}"
    mistakes = {"evaluation mode must use the running statistics, not the batch's / 评估模式必须用滑动统计量，而不是本批次的统计量": reference.batchnorm_forward(x, gamma, beta, eps)[0]} if m > 1 else {}
    expect_close(y, ref_y, call=f"y of {where}", mistakes=mistakes)
    expect_close(new_rm, ref_rm, call=f"running_mean returned by {where} (unchanged)")
    expect_close(new_rv, ref_rv, call=f"running_var returned by {where} (unchanged)")


def test_train_needs_two_samples(student):
    expect_raises(ValueError, lambda: student.batchnorm_forward(np.ones((1, 3)), np.ones(3), np.zeros(3)), call="batchnorm_forward on a batch of one sample in training mode", why="a single sample has no batch variance / 单个样本没有批方差")


def _numerical(reference, x, gamma, beta, dout, eps, rm, rv, train):
    """Central differences of Σ y ⊙ dout with respect to x, γ and β (the grader's own check)."""
    def loss(x_, g_, b_):
        return float(np.sum(reference.batchnorm_forward(x_, g_, b_, eps, rm, rv, 0.1, train)[0] * dout))

    grads = []
    for k, arg in enumerate((x, gamma, beta)):
        g = np.zeros_like(arg)
        for idx in np.ndindex(arg.shape):
            up, down = [a.copy() for a in (x, gamma, beta)], [a.copy() for a in (x, gamma, beta)]
            up[k][idx] += FD_EPS
            down[k][idx] -= FD_EPS
            g[idx] = (loss(*up) - loss(*down)) / (2 * FD_EPS)
        grads.append(g)
    return grads


BACK = [(6, 3, 1.0, 1e-5, True), (2, 2, 3.0, 1e-5, True), (12, 4, 0.1, 1e-3, True), (5, 3, 2.0, 1e-5, False), (1, 3, 1.0, 1e-5, False)]


@cases(*BACK, ids=[f"m{m}-D{D}-scale{s}-{'train' if t else 'eval'}" for m, D, s, _, t in BACK])
def test_backward(student, reference, rng, case):
    m, D, scale, eps, train = case
    x, gamma, beta, rm, rv = _problem(rng, m, D, scale, 1.0)
    dout = rng.normal(size=(m, D))
    got = student.evaluate(BACKWARD, dout=dout, x=x, gamma=gamma, beta=beta, eps=eps, rm=rm, rv=rv, train=train)
    _, cache, _, _ = reference.batchnorm_forward(x, gamma, beta, eps, rm, rv, 0.1, train)
    expected = reference.batchnorm_backward(dout, cache)
    x_hat, _, inv_std, _ = cache
    mode = "training" if train else "evaluation"
    wrong_dx = {"μ and σ² treated as constants: in training mode they depend on every xᵢ / 把 μ 和 σ² 当成了常数：训练模式下它们依赖每个 xᵢ": reference.batchnorm_backward(dout, cache[:3] + (False,))[0],
                "forgot the factor γ in dx / dx 中漏了因子 γ": reference.batchnorm_backward(dout, (x_hat, np.ones(D), inv_std, train))[0]} if train else {
                "used the training-mode formula in evaluation mode (the running statistics are constants) / 评估模式下用了训练模式的公式（此时滑动统计量是常数）": reference.batchnorm_backward(dout, cache[:3] + (True,))[0]}
    numeric = _numerical(reference, x, gamma, beta, dout, eps, rm, rv, train)
    for i, name in enumerate(("dx", "dgamma", "dbeta")):
        where = f"{name} of batchnorm_backward in {mode} mode on a {m}x{D} batch"
        expect_close(got[i], expected[i], call=where, mistakes=wrong_dx if i == 0 else None)
        expect_close(got[i], numeric[i], rtol=1e-5, atol=1e-6, call=f"{where} against central differences of the forward pass")
