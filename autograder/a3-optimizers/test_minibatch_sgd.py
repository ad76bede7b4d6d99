"""Hidden tests: minibatch_sgd with given batches and a schedule (textbook §2.2.1, eq. 2.3)."""

from nncourse.checks import cases

QUESTION = "minibatch_sgd"

from _cases import check_trace, least_squares, reference_trace, traced  # noqa: E402

#: Mean least-squares gradient over the index batch B.
BATCH_GRAD = "lambda W, B: X[B].T @ (X[B] @ W - y[B]) / len(B)"
CASES = [(10, 2, 2, 5, "C / t ** 0.5", 0.06), (20, 3, 4, 12, "C * 0.8 ** t", 0.1), (7, 1, 1, 20, "C * 0.8 ** t", 0.3),
         (30, 4, 30, 3, "C / t ** 0.5", 0.5)]
SCHEDULES = {"C / t ** 0.5": lambda C: (lambda t: C / t**0.5), "C * 0.8 ** t": lambda C: (lambda t: C * 0.8**t)}


@cases(*CASES, ids=[f"n{n}-d{d}-b{b}-T{T}-{s.replace(' ', '')}" for n, d, b, T, s, _ in CASES])
def test_minibatch(student, reference, rng, case):
    n, d, b, T, schedule_text, C = case
    X, y, W0 = least_squares(rng, n, d)
    batches = [rng.choice(n, size=b, replace=False).tolist() for _ in range(T)]
    schedule = SCHEDULES[schedule_text](C)
    batch_grad = lambda W, B: X[B].T @ (X[B] @ W - y[B]) / len(B)  # noqa: E731
    got = traced(student, "minibatch_sgd", f"{BATCH_GRAD}, W0, lambda t: {schedule_text}, batches", X=X, y=y, W0=W0, C=C, batches=batches)
    expected = reference_trace(reference.minibatch_sgd, batch_grad, W0, schedule, batches)

    def mistakes():  # computed only for a wrong answer
        table = {"gradient ascent (+η∇C) / 走成了梯度上升（+η∇C）": reference.minibatch_sgd(lambda W, B: -batch_grad(W, B), W0, schedule, batches)}
        if "0.8" in schedule_text:  # defined at t = 0, so the shifted schedule has a value to name
            table["schedule called with t = 0, 1, … instead of 1, 2, … / 调用学习率函数时 t 从 0 开始，应从 1 开始"] = reference.minibatch_sgd(batch_grad, W0, lambda t: schedule(t - 1), batches)
        return table

    check_trace(got, expected, W0, mistakes=mistakes,
                call=f"minibatch_sgd with n={n}, batch size {b}, {T} batches, η_t = {schedule_text} (C = {C})")
