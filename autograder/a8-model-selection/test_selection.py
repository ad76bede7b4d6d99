"""Hidden tests: train / validation / test split, errors against degree, choosing by validation
(seed 004 Q2; textbook §1.5)."""

import numpy as np

from nncourse.checks import cases, expect_equal, expect_raises, expect_true

from _checks import expect_value  # noqa: E402

QUESTION = "model_selection"

SPLITS = [(10, 6, 2, 0), (100, 60, 20, 9), (3, 1, 1, 2)]
SPLIT = "split_indices(n, n_train, n_val, np.random.default_rng(seed))"


@cases(*SPLITS, ids=[f"n{n}-{a}-{b}-seed{s}" for n, a, b, s in SPLITS])
def test_split_indices(student, reference, case):
    n, n_train, n_val, seed = case
    got = student.evaluate(SPLIT, n=n, n_train=n_train, n_val=n_val, seed=seed)
    expected = reference.split_indices(n, n_train, n_val, np.random.default_rng(seed))
    perm = np.random.default_rng(seed).permutation(n)
    call = f"split_indices({n}, {n_train}, {n_val}, default_rng({seed}))"
    expect_equal(len(got), 3, call=f"len({call})", hint="return (train, validation, test) / 返回三个下标数组")
    swapped = {"validation": perm[n - n_val:], "test": perm[n_train:n - n_val]}  # test part cut before validation
    for part, g, e in zip(("training", "validation", "test"), got, expected):
        mistakes = {"the test part was cut before the validation part / 验证集与测试集的顺序反了": swapped[part]} if part in swapped else {}
        expect_value(np.asarray(g), e, call=f"{call}: {part} indices", mistakes=mistakes,
                     hint="one rng.permutation(n); first n_train, next n_val, the rest / 一次 permutation，依次切分")
    every = np.sort(np.concatenate([np.asarray(g).ravel() for g in got]))
    expect_true(every.tolist() == list(range(n)), f"{call}: the three parts must cover 0 … {n - 1} once each / 三部分应恰好覆盖每个下标一次")


@cases((10, 5, 5), (10, 0, 3), (10, 3, 0), ids=["no-test", "no-train", "no-val"])
def test_split_rejects_empty_parts(student, case):
    n, n_train, n_val = case
    expect_raises(ValueError, lambda: student.evaluate(SPLIT, n=n, n_train=n_train, n_val=n_val, seed=0),
                  call=f"split_indices({n}, {n_train}, {n_val}, rng)", why="every part needs at least one sample / 每一部分至少一个样本")


ERRORS = [(12, 8, [0, 1, 2, 3]), (6, 30, [2]), (40, 40, [0, 4, 8, 12])]


@cases(*ERRORS, ids=[f"train{a}-val{b}-{len(d)}degrees" for a, b, d in ERRORS])
def test_degree_errors(student, reference, rng, case):
    n_train, n_val, degrees = case
    x_tr, y_tr = reference.make_data(n_train, rng, 0.3)
    x_va, y_va = reference.make_data(n_val, rng, 0.3)
    train, val = reference.degree_errors(x_tr, y_tr, x_va, y_va, degrees)
    got = student.degree_errors(x_tr, y_tr, x_va, y_va, degrees)
    expect_equal(len(got), 2, call="len(degree_errors(...))", hint="return (train_errors, val_errors) / 返回两个数组")
    call = f"degree_errors with {n_train} training and {n_val} validation samples, degrees {degrees}"
    both = np.concatenate([x_tr, x_va]), np.concatenate([y_tr, y_va])

    def val_mistakes():
        on_both = reference.degree_errors(*both, x_va, y_va, degrees)[1]
        on_val = np.array([reference.mse(reference.poly_features(x_va, m) @ reference.fit_polynomial(x_va, y_va, m), y_va)
                           if len(x_va) > m else np.nan for m in degrees])
        return {"fitted on training + validation data: the validation set must stay unseen / 用验证集参与了拟合": on_both,
                "fitted on the validation set itself / 在验证集上拟合": on_val, "½ MSE / 多乘了 ½": val / 2}

    expect_value(got[0], train, rtol=1e-5, call=f"{call}: training errors", mistakes={"½ MSE / 多乘了 ½": train / 2})
    expect_value(got[1], val, rtol=1e-5, call=f"{call}: validation errors", mistakes=val_mistakes)


SELECT = [([1, 2, 3], [0.5, 0.1, 0.3]), ([0, 2, 4, 6], [0.4, 0.2, 0.2, 0.9]), ([5], [1.0]), ([3, 1, 2], [0.2, 0.1, 0.3]),
          ([1, 2, 3, 4, 5], [0.9, 0.5, 0.3, 0.2, 0.1])]


@cases(*SELECT, ids=["middle", "tie", "single", "unsorted", "last"])
def test_select_degree(student, reference, case):
    degrees, errors = case
    expected = reference.select_degree(degrees, errors)
    hint = ("the DEGREE (not its position) with the smallest validation error; on a tie the first listed "
            "/ 返回验证误差最小的次数（不是下标），并列时取列表中靠前的")
    expect_equal(student.select_degree(degrees, errors), expected, call=f"select_degree({degrees}, {errors})", hint=hint)


SELECTION = [(40, 15, 10, 1), (36, 18, 9, 4)]  # ≥ 15 training samples for degree 9: (ΦᵀΦ)⁻¹ΦᵀY stays accurate
DEGREES = list(range(10))


@cases(*SELECTION, ids=[f"n{n}-{a}-{b}-seed{s}" for n, a, b, s in SELECTION])
def test_model_selection(student, reference, case):
    n, n_train, n_val, seed = case
    x, y = reference.make_data(n, np.random.default_rng(seed), 0.2)
    expected = reference.model_selection(x, y, DEGREES, n_train, n_val, np.random.default_rng(seed + 100))
    got = student.evaluate("model_selection(x, y, degrees, n_train, n_val, np.random.default_rng(seed))",
                           x=x, y=y, degrees=DEGREES, n_train=n_train, n_val=n_val, seed=seed + 100)
    call = f"model_selection on {n} samples split {n_train}/{n_val}/{n - n_train - n_val}, degrees 0–9"
    expect_true(isinstance(got, dict) and {"degree", "train_errors", "val_errors", "test_error"} <= set(got),
                f"{call}: return a dict with keys degree, train_errors, val_errors, test_error / 返回含这四个键的 dict")
    expect_value(got["train_errors"], expected["train_errors"], rtol=1e-5, call=f"{call}: train_errors")
    expect_value(got["val_errors"], expected["val_errors"], rtol=1e-5, call=f"{call}: val_errors")
    by_train = DEGREES[int(np.argmin(expected["train_errors"]))]
    hint = (f"chosen by the TRAINING error (that always favours the most flexible model) / 按训练误差选会总选最复杂的模型"
            if got["degree"] == by_train and by_train != expected["degree"] else
            "choose by the validation error; the test set is used once, at the end / 按验证误差选择，测试集只在最后用一次")
    expect_equal(got["degree"], expected["degree"], call=f"{call}: degree", hint=hint)
    expect_value(got["test_error"], expected["test_error"], rtol=1e-5, call=f"{call}: test_error",
                 hint="the chosen degree fitted on the training set only, evaluated on the test set / 所选次数只在训练集上拟合，再在测试集上算误差")
