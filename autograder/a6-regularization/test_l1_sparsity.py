"""Hidden tests: L1 subgradient, soft thresholding, proximal (ISTA) step, counting zeros
(seed 001 A2.6, seed 000 A2.5: L1 gives sparse solutions, L2 small but non-zero ones)."""

import numpy as np

from nncourse.checks import cases, expect_close, expect_equal, expect_raises

QUESTION = "l1_sparsity"



@cases(((6,), 0.5), ((3, 4), 2.0), ((5,), 0.0), ids=["6-lam0.5", "3x4-lam2", "5-lam0"])
def test_l1_subgradient(student, reference, rng, case):
    shape, lam = case
    w = rng.normal(size=shape)
    w.flat[::3] = 0.0  # exact zeros: the subgradient taken there is 0
    expected = reference.l1_subgradient(w, lam)
    expect_close(student.l1_subgradient(w, lam), expected, call=f"l1_subgradient on shape {shape} (some entries exactly 0), λ={lam}",
                 mistakes={"forgot the factor λ / 漏了因子 λ": np.sign(w), "2λw: that is the L2 gradient / 写成了 2λw：那是 L2 的梯度": 2 * lam * w,
                           "λ at wⱼ = 0: take 0 there / 在 wⱼ = 0 处取了 λ：那里应取 0": expected + lam * (w == 0)})


EDGES = np.array([-3.0, -1.0, -0.999, -0.25, 0.0, 0.25, 0.999, 1.0, 1.001, 7.5])


@cases((EDGES, 1.0), (EDGES, 0.0), (EDGES * 1e6, 2.5e6), ids=["edges-t1", "edges-t0", "large-t2.5e6"])
def test_soft_threshold_edges(student, reference, case):
    w, t = case
    expected = reference.soft_threshold(w, t)
    expect_close(student.soft_threshold(w, t), expected, call=f"soft_threshold on values around ±t (|w| = t included), t={t:g}",
                 mistakes={"w − t·sign(w) without stopping at 0 (small entries cross zero) / 直接 w − t·sign(w) 而没有停在 0（小的元素越过了零点）": w - t * np.sign(w),
                           "lost the sign: max(|w| − t, 0) alone / 丢了符号：只写了 max(|w| − t, 0)": np.abs(expected),
                           "set small entries to 0 but did not shrink the others (hard thresholding) / 小元素置 0 了，但其余元素没有收缩（那是硬阈值）": np.where(np.abs(w) > t, w, 0.0)})


def test_soft_threshold_matrix(student, reference, rng):
    w = rng.normal(size=(4, 5))
    expect_close(student.soft_threshold(w, 0.6), reference.soft_threshold(w, 0.6), call="soft_threshold on a 4x5 matrix, t=0.6")


def test_soft_threshold_rejects_negative_t(student):
    expect_raises(ValueError, lambda: student.soft_threshold(np.ones(3), -0.1), call="soft_threshold(w, -0.1)", why="a threshold must be ≥ 0 / 阈值必须 ≥ 0")


PROX = [((8,), 0.1, 1.0), ((3, 3), 0.5, 0.2), ((10,), 0.05, 20.0)]


@cases(*PROX, ids=[f"shape{s}-eta{eta}-lam{lam}" for s, eta, lam in PROX])
def test_proximal_step(student, reference, rng, case):
    shape, eta, lam = case
    w, g = rng.normal(size=shape), rng.normal(size=shape)
    expected = reference.proximal_l1_step(w, g, eta, lam)
    expect_close(student.proximal_l1_step(w, g, eta, lam), expected, call=f"proximal_l1_step on shape {shape}, η={eta}, λ={lam}",
                 mistakes={"subgradient step w − η(∇L + λ·sign w) instead of the proximal step / 用了次梯度步 w − η(∇L + λ·sign w)，应用近端步": w - eta * (g + reference.l1_subgradient(w, lam)),
                           "threshold λ instead of ηλ / 阈值用了 λ，应为 ηλ": reference.proximal_l1_step(w, g, eta, lam / eta),
                           "thresholded w before the gradient step / 在梯度步之前就做了阈值处理": reference.soft_threshold(w, eta * lam) - eta * g})


COUNTS = [
    (np.array([0.0, -0.0, 1e-12, 3.0, 0.0]), 0.0),
    (np.array([[0.0, 1e-12], [3.0, -1e-9]]), 1e-8),
    (np.array([0.5, -0.5, 0.25, 2.0]), 0.5),  # |w| = tol counts
    (np.array([1.0, -2.0, 3.0]), 0.0),
]


@cases(*COUNTS, ids=["exact-zeros", "tol1e-8-matrix", "at-tol", "none"])
def test_count_zeros(student, reference, case):
    w, tol = case
    expected = reference.count_zeros(w, tol)
    expect_equal(student.count_zeros(w, tol), expected, call=f"count_zeros on {w.size} values with tol={tol:g}", hint="count entries with |wⱼ| ≤ tol (≤, not <) / 统计 |wⱼ| ≤ tol 的元素（是 ≤，不是 <）")


ISTA = "[w := proximal_l1_step(w, X.T @ (X @ w - y) / len(y), eta, lam) for _ in range(steps)][-1]"


def test_ista_is_sparse_ridge_is_not(student, reference, rng):
    # A sparse truth (3 of 10 features), 300 proximal steps with η = 1/L, as in seed 001 A2.6.
    X = rng.normal(size=(60, 10))
    w_true = np.zeros(10)
    w_true[[1, 4, 7]] = [3.0, -2.0, 1.5]
    y = X @ w_true + 0.1 * rng.normal(size=60)
    eta, lam, steps = 1.0 / np.linalg.eigvalsh(X.T @ X / 60).max(), 0.2, 300
    w = np.zeros(10)
    for _ in range(steps):
        w = reference.proximal_l1_step(w, X.T @ (X @ w - y) / 60, eta, lam)
    got = np.asarray(student.evaluate(ISTA, w=np.zeros(10), X=X, y=y, eta=eta, lam=lam, steps=steps), dtype=float)
    expect_close(got, w, call="300 proximal steps on a sparse regression problem (3 of 10 true features)")
    zeros = student.count_zeros(got)
    expect_equal(zeros, reference.count_zeros(w), call="count_zeros of the L1 solution")
    ridge = reference.ridge_closed_form(X, y, lam)
    expect_equal(student.count_zeros(ridge), reference.count_zeros(ridge), call="count_zeros of the ridge solution for the same λ (L2 shrinks but leaves no zeros)")
