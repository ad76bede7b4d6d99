"""Hand-written implementations of assignment 1's functions, several per function, for a
labelled similarity corpus (tests/similarity/a1_corpus.py).

Each function has structurally different versions (vectorised or looped, solve or lstsq,
helper variables or one expression …). Inside a version, ``⟦a||b⟧`` is a choice a student
makes independently of every other student (``len(y)`` or ``X.shape[0]``, ``@`` or ``np.dot``,
an input check or none), and ``<name>`` is a local name each student picks from a pool of
synonyms. Every combination is valid Python that computes the function correctly.
"""

NAMES = {
    "n": ["n", "m", "num", "n_samples", "count", "N"],
    "r": ["residual", "res", "r", "err", "diff", "errors", "e"],
    "g": ["grad", "g", "gradient", "dW", "grad_w", "step_dir"],
    "W": ["W", "w", "weights", "theta", "params", "cur"],
    "A": ["A", "gram", "XtX", "lhs", "M", "mat"],
    "b": ["b", "rhs", "Xty", "target", "v", "right"],
    "t": ["t", "step", "it", "k", "i_step", "iteration"],
    "i": ["i", "j", "idx", "k2", "row", "s"],
    "m": ["margin", "marg", "mg", "score_y", "z", "yz"],
    "s": ["score", "pred", "out", "f", "sc", "wx"],
    "B": ["batch", "idx_batch", "bb", "members", "chosen", "sel"],
    "lr": ["lr", "eta_t", "rate", "alpha", "step_size", "mu"],
    "o": ["ones", "col", "bias", "one_col", "first", "c0"],
    "tot": ["total", "acc", "accum", "running", "summed", "tot"],
}

IMPLEMENTATIONS = {
    "add_bias_column": [
        """⟦features = np.asarray(features, dtype=float)
||features = np.array(features, dtype=float)
||⟧if features.ndim == 1:
    features = features[:, None]
<o> = np.ones((⟦features.shape[0]||len(features)⟧, 1))
return np.hstack([<o>, features])""",
        """<n> = ⟦features.shape[0]||len(features)⟧
features = np.reshape(features, (<n>, -1))
return np.concatenate([⟦np.ones((<n>, 1))||np.full((<n>, 1), 1.0)⟧, features], axis=1)""",
        """features = np.asarray(features, dtype=float)
if np.ndim(features) == 1:
    features = features.reshape(-1, 1)
return np.column_stack((np.ones(len(features)), features))""",
        """<o> = []
for row in np.asarray(features, dtype=float).reshape(len(features), -1):
    <o>.append([1.0] + list(row))
return np.array(<o>)""",
    ],
    "mse_cost": [
        """⟦X = np.asarray(X, dtype=float)
||⟧<r> = ⟦X @ W - y||X.dot(W) - y||np.dot(X, W) - y⟧
⟦return float(<r> @ <r> / (2 * ⟦len(y)||X.shape[0]||y.size⟧))||cost = <r> @ <r> / (2 * len(y))
return float(cost)||return float(np.dot(<r>, <r>)) / (2 * len(<r>))⟧""",
        """<n> = ⟦len(y)||X.shape[0]||y.shape[0]⟧
<r> = ⟦y - X @ W||X @ W - y||(X @ W - y).ravel()⟧
⟦return float(np.sum(<r> ** 2) / (2 * <n>))||return float((<r> ** 2).sum()) / (2 * <n>)||return float(np.sum(np.square(<r>))) / 2 / <n>⟧""",
        """<tot> = 0.0
for <i> in range(len(y)):
    <r> = X[<i>] @ W - y[<i>]
    <tot> += <r> * <r>
return <tot> / (2 * len(y))""",
        """return float(0.5 * np.mean((X @ W - y) ** 2))""",
    ],
    "mse_gradient": [
        """return (X.T @ (X @ W) - X.T @ y) / ⟦len(y)||X.shape[0]⟧""",
        """<r> = ⟦X @ W - y||np.dot(X, W) - y||X.dot(W) - y⟧
⟦return X.T @ <r> / ⟦len(y)||X.shape[0]||y.size⟧||<g> = X.T @ <r>
return <g> / len(y)||return (<r> @ X) / len(<r>)⟧""",
        """<n> = X.shape[0]
<g> = np.zeros_like(W, dtype=float)
for <i> in range(<n>):
    <g> += (X[<i>] @ W - y[<i>]) * X[<i>]
return <g> / <n>""",
        """<r> = np.dot(X, W) - y
return np.dot(X.T, <r>) / len(X)""",
    ],
    "fit_linear": [
        """return np.linalg.solve(X.T @ X, X.T @ y)""",
        """⟦X = np.asarray(X, dtype=float)
||⟧<A> = ⟦X.T @ X||X.T.dot(X)||np.matmul(X.T, X)⟧
<b> = ⟦X.T @ y||X.T.dot(y)||np.matmul(X.T, y)⟧
⟦return np.linalg.solve(<A>, <b>)||<W> = np.linalg.solve(<A>, <b>)
return <W>||return np.linalg.inv(<A>) @ <b>⟧""",
        """<W>, *_ = np.linalg.lstsq(X, y, rcond=None)
return <W>""",
        """<A> = np.dot(X.T, X)
return np.linalg.solve(<A>, np.dot(X.T, y))""",
    ],
    "fit_ridge": [
        """<n>, d = X.shape
return np.linalg.solve(X.T @ X / <n> + lam * np.eye(d), X.T @ y / <n>)""",
        """<n> = ⟦len(y)||X.shape[0]⟧
d = X.shape[1]
<A> = ⟦X.T @ X + <n> * lam * np.identity(d)||X.T @ X / <n> + lam * np.eye(d)||np.dot(X.T, X) + lam * <n> * np.eye(d)⟧
<b> = ⟦X.T @ y||np.dot(X.T, y)⟧
⟦return np.linalg.solve(<A>, <b>)||<W> = np.linalg.solve(<A>, <b>)
return <W>⟧""",
        """<n>, d = X.shape
<A> = (X.T @ X) / <n>
<A>[np.diag_indices(d)] += lam
return np.linalg.solve(<A>, (X.T @ y) / <n>)""",
    ],
    "gradient_descent": [
        """<W> = ⟦np.array(W0, dtype=float)||np.asarray(W0, dtype=float).copy()||W0.astype(float)⟧
for ⟦_||<t>⟧ in range(⟦steps||int(steps)⟧):
    ⟦<W> = <W> - eta * grad(<W>)||<g> = grad(<W>)
    <W> = <W> - eta * <g>||<W> -= eta * grad(<W>)⟧
return <W>""",
        """<W> = ⟦np.copy(W0).astype(float)||np.asarray(W0, dtype=float).copy()⟧
<t> = 0
while <t> < steps:
    <g> = grad(<W>)
    <W> -= eta * <g>
    <t> += 1
return <W>""",
        """<W> = W0.astype(float)
for <t> in range(steps):
    <W> = <W> - eta * grad(<W>)⟦
||
    if not np.all(np.isfinite(<W>)):
        break⟧
return <W>""",
    ],
    "sqrt_decay": [
        """if t < 1:
    raise ValueError(⟦"t must be at least 1"||"the schedule starts at t = 1"||"t >= 1 required"⟧)
return C / np.sqrt(t)""",
        """if t <= 0:
    raise ValueError("t starts at 1")
return C / ⟦t ** 0.5||float(np.sqrt(t))||np.sqrt(float(t))⟧""",
        """assert t >= 1
return float(C) * t ** -0.5""",
    ],
    "minibatch_sgd": [
        """<W> = np.array(W0, dtype=float)
for <t>, <B> in enumerate(batches, start=1):
    <B> = np.asarray(<B>, dtype=int)
    Xb, yb = X[<B>], y[<B>]
    <W> = <W> - (C / np.sqrt(<t>)) * (Xb.T @ (Xb @ <W> - yb)) / len(<B>)
return <W>""",
        """<W> = W0.astype(float).copy()
<t> = 1
for <B> in batches:
    <lr> = C / np.sqrt(<t>)
    <g> = np.zeros_like(<W>)
    for <i> in <B>:
        <g> += (X[<i>] @ <W> - y[<i>]) * X[<i>]
    <W> -= <lr> * <g> / len(<B>)
    <t> += 1
return <W>""",
        """<W> = np.asarray(W0, dtype=float)
for k, <B> in enumerate(batches):
    <lr> = sqrt_decay(C, k + 1)
    <r> = X[list(<B>)] @ <W> - y[list(<B>)]
    <W> = <W> - <lr> * X[list(<B>)].T @ <r> / len(<B>)
return <W>""",
    ],
    "squared_hinge_cost": [
        """<m> = ⟦np.maximum(0.0, 1.0 - y * (X @ W))||np.clip(1 - y * (X @ W), 0, None)||np.maximum(1 - y * X.dot(W), 0)⟧
⟦return float(np.mean(0.5 * <m> ** 2))||return 0.5 * float(np.mean(<m> ** 2))||return float(0.5 * np.sum(<m> * <m>) / len(y))⟧""",
        """<tot> = 0.0
for <i> in range(len(y)):
    <m> = 1 - y[<i>] * (X[<i>] @ W)
    if <m> > 0:
        <tot> += 0.5 * <m> ** 2
return <tot> / len(y)""",
        """<m> = 1 - y * X.dot(W)
<m>[<m> < 0] = 0
return 0.5 * float(np.sum(<m> * <m>)) / ⟦len(y)||X.shape[0]⟧""",
    ],
    "squared_hinge_sample_gradient": [
        """<s> = float(x @ W)
if y * <s> >= 1:
    return np.zeros_like(np.asarray(x, dtype=float))
return (<s> - y) * np.asarray(x, dtype=float)""",
        """x = np.asarray(x, dtype=float)
<m> = y * np.dot(W, x)
if <m> < 1:
    return -(1 - <m>) * y * x
return np.zeros(x.shape)""",
        """<s> = W @ x
return (<s> - y) * x if y * <s> < 1 else 0 * x""",
    ],
    "squared_hinge_gradient": [
        """<s> = ⟦X @ W||X.dot(W)||np.dot(X, W)⟧
active = ⟦y * <s> < 1||(y * <s>) < 1.0||np.less(y * <s>, 1)⟧
⟦return X[active].T @ (<s>[active] - y[active]) / len(y)||<g> = X[active].T @ (<s>[active] - y[active])
return <g> / len(y)||return ((<s> - y) * active) @ X / len(y)⟧""",
        """<g> = np.zeros(X.shape[1])
for <i> in range(len(y)):
    <g> += squared_hinge_sample_gradient(W, X[<i>], y[<i>])
return <g> / len(y)""",
        """<m> = 1 - y * (X @ W)
<m> = np.where(<m> > 0, <m>, 0.0)
return -(X.T @ (<m> * y)) / X.shape[0]""",
    ],
    "sgd_fixed_order": [
        """<W> = ⟦np.array(W0, dtype=float)||np.copy(W0).astype(float)⟧
for <t> in range(steps):
    ⟦<W> = <W> - eta * sample_grad(<W>, <t> % n)||<i> = <t> % n
    <W> = <W> - eta * sample_grad(<W>, <i>)||<W> -= eta * sample_grad(<W>, <t> % n)⟧
return <W>""",
        """<W> = np.asarray(W0, dtype=float).copy()
<t> = 0
while <t> < steps:
    <i> = <t> % n
    <W> -= eta * sample_grad(<W>, <i>)
    <t> += 1
return <W>""",
        """<W> = W0.astype(float)
for <t> in range(steps):
    <g> = sample_grad(<W>, ⟦<t> % n||divmod(<t>, n)[1]⟧)
    <W> = <W> - eta * <g>
return <W>""",
    ],
    "perceptron_pass": [
        """<W> = ⟦np.array(W0, dtype=float)||np.asarray(W0, dtype=float).copy()⟧
for xi, yi in zip(⟦np.asarray(X, dtype=float)||X⟧, y):
    ⟦if yi * (xi @ <W>) <= 0:||if yi * np.dot(xi, <W>) <= 0:||<s> = xi @ <W>
    if yi * <s> <= 0:⟧
        ⟦<W> = <W> + yi * xi||<W> += yi * xi⟧
return <W>""",
        """<W> = W0.astype(float).copy()
for <i> in range(len(y)):
    if y[<i>] * np.dot(<W>, X[<i>]) <= 0:
        <W> += y[<i>] * X[<i>]
return <W>""",
        """<W> = np.asarray(W0, dtype=float)
<i> = 0
while <i> < X.shape[0]:
    <s> = X[<i>] @ <W>
    if not y[<i>] * <s> > 0:
        <W> = <W> + y[<i>] * X[<i>]
    <i> += 1
return <W>""",
    ],
}
