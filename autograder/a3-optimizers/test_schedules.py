"""Hidden tests: sqrt_decay, inverse_decay, step_decay, cosine (textbook §2.2: η_t = C/√t and C/t)."""

import math

from nncourse.checks import cases, expect_close, expect_raises, spelled

QUESTION = "schedules"


DECAY = [(1.0, 1), (0.06, 9), (2.5, 100), (0.3, 7)]


@cases(*DECAY, ids=[f"C{C}-t{t}" for C, t in DECAY])
def test_sqrt_decay(student, reference, case):
    C, t = case
    expect_close(student.sqrt_decay(C, t), reference.sqrt_decay(C, t), call=f"sqrt_decay({C}, {t})",
                 mistakes={"C/t instead of C/√t / 用了 C/t，应为 C/√t": reference.inverse_decay(C, t), "C·√t: multiplied by √t instead of dividing / 乘了 √t（C·√t），应除以 √t": C * math.sqrt(t),
                           "counted t from 0 (used t + 1) / t 从 0 数起了（实际用了 t + 1）": reference.sqrt_decay(C, t + 1)})


@cases(*DECAY, ids=[f"C{C}-t{t}" for C, t in DECAY])
def test_inverse_decay(student, reference, case):
    C, t = case
    expect_close(student.inverse_decay(C, t), reference.inverse_decay(C, t), call=f"inverse_decay({C}, {t})",
                 mistakes={"C/√t instead of C/t / 用了 C/√t，应为 C/t": reference.sqrt_decay(C, t), "counted t from 0 (used t + 1) / t 从 0 数起了（实际用了 t + 1）": reference.inverse_decay(C, t + 1)})


STEP = [(0.1, 0, 0.5, 3), (0.1, 7, 0.5, 3), (1.0, 25, 0.5, 10), (0.3, 4, 0.1, 1), (2.0, 9, 0.9, 10)]


@cases(*STEP, ids=[f"eta{e}-t{t}-drop{d}-every{k}" for e, t, d, k in STEP])
def test_step_decay(student, reference, case):
    eta0, t, drop, every = case
    expect_close(student.step_decay(eta0, t, drop, every), reference.step_decay(eta0, t, drop, every),
                 call=f"step_decay({eta0}, {t}, {drop}, {every})",
                 mistakes={"exponent t/every without rounding down / 指数 t/every 没有向下取整": eta0 * drop ** (t / every),
                           "counted t from 1 (used t + 1) / t 从 1 数起了（实际用了 t + 1）": reference.step_decay(eta0, t + 1, drop, every)})


COSINE = [(1.0, 0, 10, 0.0), (0.1, 37, 100, 0.01), (0.2, 5, 5, 0.05), (0.5, 1, 1, 0.1), (0.5, 0, 1, 0.1), (0.3, 2, 7, 0.0)]


@cases(*COSINE, ids=[f"max{a}-t{t}-T{T}-min{b}" for a, t, T, b in COSINE])
def test_cosine(student, reference, case):
    eta_max, t, T, eta_min = case
    expected = reference.cosine(eta_max, t, T, eta_min)
    expect_close(student.cosine(eta_max, t, T, eta_min), expected, call=f"cosine({eta_max}, {t}, {T}, {eta_min})",
                 mistakes={"η_min not added back / 没有把 η_min 加回去": expected - eta_min, "missing the ½ / 漏掉了 ½": 2 * expected - eta_min})


INVALID = [("sqrt_decay", (1.0, 0)), ("inverse_decay", (1.0, 0)), ("step_decay", (0.1, 3, 0.5, 0)),
           ("step_decay", (0.1, -1, 0.5, 2)), ("cosine", (1.0, 11, 10)), ("cosine", (1.0, 0, 0))]


@cases(*INVALID, ids=[spelled(name, args) for name, args in INVALID])
def test_outside_the_range_raises(student, case):
    name, args = case
    expect_raises(ValueError, lambda: getattr(student, name)(*args), call=spelled(name, args), why="an argument is outside the range in the table / 有参数超出了表中给出的范围")
