"""Holes in the a4–a6 hidden suites found by grading independent solutions (issue 17).

Each wrong implementation below is what an independent solver actually handed in; the solved
notebook with that one function replaced must lose points on the question it belongs to (and
only there), and a correct float32 convolution must lose nothing. Graded by the real engine.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import code_cell

CEIL_FLOAT = '''
import math
def iterations_per_epoch(n, batch_size, drop_last=False):
    if n < 0 or batch_size < 1:
        raise ValueError("need n >= 0 and batch_size >= 1")
    return n // batch_size if drop_last else math.ceil(n / batch_size)
'''

NEGATIVE_N_ALLOWED = '''
def iterations_per_epoch(n, batch_size, drop_last=False):
    if batch_size < 1:
        raise ValueError("need batch_size >= 1")
    return n // batch_size if drop_last else -(-n // batch_size)
'''

EVAL_DEFAULTS = '''
_reference_batchnorm_forward = batchnorm_forward
def batchnorm_forward(x, gamma, beta, eps=1e-5, running_mean=None, running_var=None, momentum=0.1, train=True):
    if not train and running_mean is None:
        running_mean = np.zeros(np.shape(x)[1])
    if not train and running_var is None:
        running_var = np.ones(np.shape(x)[1])
    return _reference_batchnorm_forward(x, gamma, beta, eps, running_mean, running_var, momentum, train)
'''

UNKNOWN_INIT_ACCEPTED = '''
_reference_layer_gradient_norms = layer_gradient_norms
def layer_gradient_norms(depth, width, activation, rng, batch=64, init=None):
    if init not in (None, "xavier", "he"):
        init = None  # quietly fall back to the default
    return _reference_layer_gradient_norms(depth, width, activation, rng, batch=batch, init=init)
'''

CONV_FLOAT32 = '''
_reference_conv2d_forward = conv2d_forward
def conv2d_forward(x, w, b, stride=1, padding=0):
    x32, w32, b32 = (np.asarray(a, dtype=np.float32) for a in (x, w, b))
    C, H, W = x32.shape
    K, C_w, F_h, F_w = w32.shape
    if C != C_w:
        raise ValueError("channel mismatch")
    xp = np.pad(x32, ((0, 0), (padding, padding), (padding, padding)))
    H_out, W_out = (H + 2 * padding - F_h) // stride + 1, (W + 2 * padding - F_w) // stride + 1
    if H_out < 1 or W_out < 1:
        raise ValueError("the kernel does not fit")
    out = np.zeros((K, H_out, W_out), dtype=np.float32)
    for k in range(K):
        for i in range(H_out):
            for j in range(W_out):
                out[k, i, j] = np.sum(xp[:, i * stride:i * stride + F_h, j * stride:j * stride + F_w] * w32[k]) + b32[k]
    return out
'''

#: assignment → {submission name: (replacement source, question that must lose points, or None: full marks)}
CASES = {
    "a6-regularization": {"ceil_float": (CEIL_FLOAT, "iterations"), "negative_n": (NEGATIVE_N_ALLOWED, "iterations"),
                          "eval_defaults": (EVAL_DEFAULTS, "batchnorm")},
    "a5-initialization": {"unknown_init": (UNKNOWN_INIT_ACCEPTED, "vanishing_gradients")},
    "a4-cnn": {"conv_float32": (CONV_FLOAT32, None)},
}


@pytest.mark.parametrize("ident", sorted(CASES))
def test_wrong_implementations_lose_points_and_float32_does_not(ident, generated, tmp_path: Path):
    from nncourse.grading.assignment import from_bundle
    from nncourse.grading.batch import Submission, grade_batch

    out = generated(ident).out
    assignment = from_bundle(out / "autograder")
    solved = json.loads((out / "solution" / f"{ident}.ipynb").read_text("utf-8"))
    subs = []
    for name, (source, _) in CASES[ident].items():
        nb = json.loads(json.dumps(solved))
        nb["cells"].append(code_cell(source))
        path = tmp_path / f"{name}.ipynb"
        path.write_text(json.dumps(nb), "utf-8")
        subs.append(Submission(name, path))
    results = {r.submission: r for r in grade_batch(subs, assignment, jobs=2)}
    for name, (_, question) in CASES[ident].items():
        result = results[name]
        assert not result.error, (name, result.error)
        lost = {q for q, (got, possible) in result.question_scores().items() if got < possible - 1e-9}
        if question is None:
            assert lost == set(), (name, [t.output for t in result.tests if not t.passed and t.max_score])
            continue
        assert lost == {question}, (name, lost)
        failed = [t for t in result.tests if t.question == question and not t.passed]
        assert failed and all(" / " in t.output for t in failed), [t.output for t in failed]  # 中文 / English


def test_float32_convolution_gets_a_warning_from_the_public_tests(generated, tmp_path: Path):
    """The prompt asks for float64; a float32 result loses nothing but the self-check says so."""
    from nncourse.grading.assignment import from_bundle
    from nncourse.grading.batch import Submission, grade_batch

    out = generated("a4-cnn").out
    solved = json.loads((out / "solution" / "a4-cnn.ipynb").read_text("utf-8"))
    solved["cells"].append(code_cell(CONV_FLOAT32))
    path = tmp_path / "float32.ipynb"
    path.write_text(json.dumps(solved), "utf-8")
    (result,) = grade_batch([Submission("float32", path)], from_bundle(out / "autograder"))
    warnings = [t for t in result.tests if not t.passed]
    assert len(warnings) == 1 and warnings[0].max_score == 0 and "float64" in warnings[0].output
    assert result.score == pytest.approx(result.max_score)
