"""Feedback teaches: a solved notebook with one realistic mistake loses points on that
question (and on those that call the function), and the student's feedback names the mistake (issue: hints for the usual
mistake: wrong transpose, missing σ′, sum vs mean, bias forgotten, p as keep probability).

Each case rewrites one line of the reference function as a student typically gets it wrong;
the expected hint is the suite's own label for that mistake, so the test shows the suite
recognises the realistic error, not merely that some value differs.
"""

from __future__ import annotations

import json

import pytest
from conftest import code_cell

from nncourse.authoring.master import reference_functions

#: (assignment, function, correct text, mistaken text, question, words the feedback must contain)
CASES = [
    ("a1-regression", "fit_ridge", "X.T @ X / n + lam * np.eye(d), X.T @ y / n", "X.T @ X + lam * np.eye(d), X.T @ y",
     "ridge", "dropped the 1/n"),
    ("a2-backprop", "mlp_backward", "delta = (delta @ params[ell][0]) * activate_prime(z, name)", "delta = delta @ params[ell][0]",
     "backward", "σ′(z) missing in the hidden layers"),
    ("a2-backprop", "mlp_backward", "dW = delta.T @ a_prev / n", "dW = delta.T @ a_prev",
     "backward", "summed over the batch instead of averaged"),
    ("a3-optimizers", "momentum", "W = W + v", "W = W - v", "momentum", "sign convention"),
    ("a4-cnn", "conv2d_forward", "np.sum(patch * w[k]) + b[k]", "np.sum(patch * w[k])", "conv2d", "bias forgotten"),
    ("a5-initialization", "xavier_uniform_bound", "math.sqrt(6.0 / (n_in + n_out))", "math.sqrt(2.0 / (n_in + n_out))",
     "init_scales", "hence the 6"),
    ("a6-regularization", "dropout_forward", "keep = rng.random(x.shape) > p", "keep = rng.random(x.shape) < p",
     "dropout", "keep probability"),
    ("a6-regularization", "batchnorm_forward", "var = x.var(axis=0)", "var = x.var(axis=0, ddof=1)",
     "batchnorm", "unbiased variance"),
]


@pytest.mark.parametrize("ident, function, right, wrong, question, words", CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[5][:20]}" for c in CASES])
def test_typical_mistake_is_named(ident, function, right, wrong, question, words, course, generated, tmp_path):
    from nncourse.authoring.catalogue import assignment_entry
    from nncourse.authoring.master import load_master
    from nncourse.grading.assignment import from_bundle
    from nncourse.grading.batch import Submission, grade_batch

    master = load_master(assignment_entry(course, ident).path, course.solutions)
    source = reference_functions(course.solutions / f"{master.header.reference}.py")[function]
    assert source.count(right) == 1, f"{function} no longer contains {right!r}"
    gen = generated(ident).out
    nb = json.loads((gen / "solution" / f"{ident}.ipynb").read_text("utf-8"))
    nb["cells"].append(code_cell(source.replace(right, wrong)))
    path = tmp_path / "mistake.ipynb"
    path.write_text(json.dumps(nb), "utf-8")
    (result,) = grade_batch([Submission("mistake", path)], from_bundle(gen / "autograder"), jobs=1)

    lost = {q for q, (got, possible) in result.question_scores().items() if got < possible - 1e-9}
    assert question in lost
    feedback = [t.output for t in result.tests if t.question == question and not t.passed]
    assert any(words in text for text in feedback), feedback[:3]
