"""Every usual-mistake label of the public tests is real: a student function with exactly that
mistake gets exactly that label in its public feedback.

Each case rewrites the reference function the way a student typically gets it wrong (the
mutated value comes from running that mutated reference, never from the grader or the label's
own value); the assignment's public test cells then run against a student whose every other
function is the reference, and the failing public feedback must name the mistake. Every case
runs in this process through the grader's own runner (``outcome``); one case per assignment is
also graded end to end (solved notebook + mutated function, ``grade_batch``, the sandbox).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pytest

from conftest import ROOT
from constant_stubs import NoRuntime

#: (assignment, function, [(reference text, the same text with the mistake)], words of the public label)
CASES: list[tuple[str, str, list[tuple[str, str]], str]] = [
    ("a1-regression", "squared_hinge_sample_gradient",
     [("return (score - y) * np.asarray(x, dtype=float)", "return (score - y) * np.ones_like(np.asarray(x, dtype=float))")],
     "the factor x is missing"),
    ("a2-backprop", "mlp_backward", [("db = delta.sum(axis=0) / n", "db = delta.sum(axis=0)")],
     "summed over the batch instead of averaged / 应对批次取平均"),
    ("a3-optimizers", "gradient_descent", [("W = W - eta * grad(W)", "W = W + eta * grad(W)")], "ascent instead of descent"),
    ("a3-optimizers", "gradient_descent", [("range(1, steps + 1)", "range(1, steps)")], "one step too few"),
    ("a3-optimizers", "gradient_descent", [("range(1, steps + 1)", "range(1, steps + 2)")], "one step too many"),
    ("a3-optimizers", "sgd", [("W = W - rate * sample_grad", "W = W + rate * sample_grad")], "W + η∇C_i: ascent"),
    ("a3-optimizers", "sgd", [("for t in range(steps):", "for t in range(steps - 1):")], "one step too few"),
    ("a3-optimizers", "sqrt_decay", [("return C / math.sqrt(t)", "return C / t")], "C/t instead of C/√t"),
    ("a3-optimizers", "inverse_decay", [("return C / t", "return C / math.sqrt(t)")], "C/√t instead of C/t"),
    ("a3-optimizers", "cosine", [("0.5 * (eta_max - eta_min)", "(eta_max - eta_min)")], "the ½ in ½(1 + cos) is missing"),
    ("a3-optimizers", "momentum", [("W = W + v", "W = W - v")], "sign convention mixed up"),
    ("a3-optimizers", "adagrad", [("(delta + np.sqrt(r))", "(delta + r)")], "no square root"),
    ("a3-optimizers", "rmsprop", [("r = rho * r + (1.0 - rho) * g * g", "r = rho * r + g * g")], "not weighted by 1 − ρ"),
    ("a3-optimizers", "rmsprop", [("r = rho * r + (1.0 - rho) * g * g", "r = (1.0 - rho) * r + rho * g * g")], "ρ and 1 − ρ swapped"),
    ("a3-optimizers", "adam", [("m_hat = m / (1.0 - beta1**t)", "m_hat = m"), ("v_hat = v / (1.0 - beta2**t)", "v_hat = v")],
     "bias not corrected"),
    ("a4-cnn", "conv_output_size", [("return room // s + 1", "return room // s")], "the + 1 is missing"),
    ("a4-cnn", "conv_output_size", [("room = n + 2 * p - span", "room = n + p - span")], "padding counted once"),
    ("a4-cnn", "conv_output_size", [("span = d * (f - 1) + 1", "span = f")], "dilation ignored"),
    ("a4-cnn", "conv_output_size", [("span = d * (f - 1) + 1", "span = d * f")], "span d·f instead of d(f − 1) + 1"),
    ("a4-cnn", "conv_param_count", [("f * f * c_in + (1 if bias else 0)", "f * f + (1 if bias else 0)")], "the input channels are missing"),
    ("a4-cnn", "conv_param_count", [("f * f * c_in + (1 if bias else 0)", "f * f * c_in")], "the bias is missing (one per filter)"),
    ("a4-cnn", "fc_param_count", [("return (n_in + (1 if bias else 0)) * n_out", "return n_in * n_out")], "the bias is missing (one per output)"),
    ("a4-cnn", "fc_param_count", [("return (n_in + (1 if bias else 0)) * n_out", "return n_in * n_out + (n_in if bias else 0)")],
     "one bias per input instead of per output"),
    ("a4-cnn", "conv2d_forward", [("np.sum(patch * w[k]) + b[k]", "np.sum(patch * w[k][:, ::-1, ::-1]) + b[k]")], "the kernel is flipped"),
    ("a4-cnn", "conv2d_forward", [("np.sum(patch * w[k]) + b[k]", "np.sum(patch * w[k])")], "the bias is forgotten"),
    ("a5-initialization", "he_normal_std", [("return math.sqrt(2.0 / n_in)", "return 2.0 / n_in")], "returned Var(w) = 2/n_in"),
    ("a5-initialization", "he_normal_std", [("return math.sqrt(2.0 / n_in)", "return math.sqrt(1.0 / n_in)")], "1/n_in (LeCun)"),
    ("a5-initialization", "xavier_uniform_bound", [("math.sqrt(6.0 / (n_in + n_out))", "math.sqrt(2.0 / (n_in + n_out))")],
     "is the normal σ; the uniform bound is √3 times larger"),
    ("a5-initialization", "xavier_uniform_bound", [("math.sqrt(6.0 / (n_in + n_out))", "math.sqrt(6.0 / n_in)")], "fan_in only, √(6/n_in)"),
    ("a5-initialization", "xavier_uniform_bound", [("math.sqrt(6.0 / (n_in + n_out))", "math.sqrt(6.0 / n_out)")], "fan_out only"),
    ("a5-initialization", "xavier_uniform", [("a = xavier_uniform_bound(n_in, n_out)", "a = math.sqrt(2.0 / (n_in + n_out))")],
     "the variance is 3× too small"),
    ("a5-initialization", "xavier_uniform", [("a = xavier_uniform_bound(n_in, n_out)", "a = math.sqrt(6.0 / n_in)")],
     "fan_in only, a = √(6/n_in)"),
    ("a5-initialization", "zero_init_symmetry", [("W2 - lr * delta2.T @ a1 / n", "W2 - lr * delta2.T @ a1")],
     "summed over the batch instead of averaged"),
    ("a8-model-selection", "mse", [("float(np.mean(r * r))", "float(np.sum(r * r))")], "sum of squares, not their mean"),
    ("a8-model-selection", "mse", [("float(np.mean(r * r))", "float(0.5 * np.mean(r * r))")], "a ½ that the MSE does not have"),
    ("a8-model-selection", "margin_loss", [("return 0.5 * np.maximum(0.0, 1.0 - m) ** 2", "return np.maximum(0.0, 1.0 - m) ** 2")],
     "no ½ / 缺少 ½"),
    ("a8-model-selection", "margin_loss_derivative", [("np.where(m < 1.0, -1.0, 0.0)", "np.where(m < 1.0, 1.0, 0.0)")],
     "the loss falls as the margin grows"),
    ("a8-model-selection", "classification_cost", [("float(np.mean(margin_loss(margins, kind)))", "float(np.sum(margin_loss(margins, kind)))")],
     "sum over the samples instead of the mean"),
    ("a8-model-selection", "center_features", [("np.asarray(X_other, dtype=np.float64) - mu",
                                                "np.asarray(X_other, dtype=np.float64) - np.mean(X_other, axis=0)")],
     "centred by its own mean"),
    ("a8-model-selection", "condition_number", [("eig = np.linalg.eigvalsh(X.T @ X)", "eig = np.linalg.svd(X, compute_uv=False)[::-1]")],
     "singular values of X"),
    ("a8-model-selection", "directional_derivative", [("@ v / length)", "@ v)")], "v not scaled to a unit vector"),
    ("a8-model-selection", "steepest_descent_direction", [("return -grad / length", "return grad / length")], "+∇C/‖∇C‖ climbs"),
    ("a8-model-selection", "steepest_descent_direction", [("return -grad / length", "return -grad")], "not normalised to length 1"),
    ("a8-model-selection", "first_order_change", [("float(-eta * grad @ grad)", "float(-eta * np.linalg.norm(grad))")],
     "‖∇C‖ instead of ‖∇C‖²"),
]


class MutantStudent:
    """The ``student`` fixture of a notebook that is the reference except one mutated function."""

    def __init__(self, functions: dict[str, Any]) -> None:
        self._functions = functions
        self._runtime = NoRuntime()  # asked only when a test reads a top-level answer (W6, q1_feasible)

    def function(self, name: str) -> Any:
        return self._functions[name]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._functions[name]

    def evaluate(self, expression: str, **variables: Any) -> Any:
        return eval(expression, {"np": np, **self._functions, **variables})  # noqa: S307 (test-owned text)

    def names(self) -> dict[str, str]:
        return {n: "function" for n in self._functions}

    def __contains__(self, name: str) -> bool:
        return name in self._functions


@functools.lru_cache(maxsize=None)
def _assignment(ident: str):
    from nncourse.authoring.catalogue import assignment_entry
    from nncourse.authoring.master import load_master, reference_functions
    from nncourse.authoring.source import from_master
    from nncourse.course import Course

    course = Course.at(ROOT)
    master = load_master(assignment_entry(course, ident).path, course.solutions)
    sources = reference_functions(course.solutions / f"{master.header.reference}.py")
    return master, from_master(master, course), sources


def public_feedback(ident: str, function: str, edits: list[tuple[str, str]]) -> list[tuple[str, str, tuple[str, ...]]]:
    """(test name, student feedback, mistakes named) of every public test the mutant fails.

    Tests of top-level answers (``W6``, ``q1_feasible``) fail for every stand-in here: they read
    values only a run notebook has; :func:`test_only_top_level_answers_fail_the_reference`."""
    from nncourse.checks.runner import Fixtures, outcome

    master, assignment, sources = _assignment(ident)
    source = sources[function]
    for right, wrong in edits:
        assert source.count(right) == 1, f"{function} no longer contains {right!r} exactly once"
        source = source.replace(right, wrong)
    namespace = dict(vars(assignment.reference))  # the mutant sees the reference's helpers and imports
    exec(source, namespace)  # noqa: S102 (the course's own reference, one line changed)
    functions = {n: getattr(assignment.reference, n) for n in master.references}
    functions[function] = namespace[function]
    fixtures = Fixtures(MutantStudent(functions), assignment.reference, assignment.data_dir)  # type: ignore[arg-type]
    failed = []
    for spec in assignment.tests:
        if not spec.hidden and spec.name not in _baseline(ident):
            status, student, _, mistakes = outcome(spec, fixtures)
            if status != "passed":
                failed.append((spec.name, student, mistakes))
    return failed


@pytest.mark.parametrize("ident, function, edits, words", CASES, ids=[f"{c[0][:2]}-{c[1]}-{c[3][:24]}" for c in CASES])
def test_public_feedback_names_the_mistake(ident, function, edits, words):
    failed = public_feedback(ident, function, edits)
    assert failed, f"{function} with the mistake passes every public test of {ident}"
    named = [(name, text) for name, text, mistakes in failed if any(words in m for m in mistakes)]
    assert named, f"no public test names {words!r}; failing tests: {[(n, m) for n, _, m in failed]}"
    assert all("likely mistake / 常见错误: " in text and words in text for _, text in named)


@functools.lru_cache(maxsize=None)
def _baseline(ident: str) -> frozenset[str]:
    """Public tests the unmutated reference fails here (they read top-level answers)."""
    from nncourse.checks.runner import Fixtures, outcome

    master, assignment, _ = _assignment(ident)
    functions = {n: getattr(assignment.reference, n) for n in master.references}
    fixtures = Fixtures(MutantStudent(functions), assignment.reference, assignment.data_dir)  # type: ignore[arg-type]
    return frozenset(s.name for s in assignment.tests if not s.hidden and outcome(s, fixtures)[0] != "passed")


@pytest.mark.parametrize("ident", sorted({c[0] for c in CASES}))
def test_only_top_level_answers_fail_the_reference(ident):
    """The cases' baseline: the reference fails no public test except those reading a top-level
    answer (no notebook ran here), so a named mistake comes from the edit."""
    from nncourse.checks.runner import Fixtures, outcome

    master, assignment, _ = _assignment(ident)
    functions = {n: getattr(assignment.reference, n) for n in master.references}
    fixtures = Fixtures(MutantStudent(functions), assignment.reference, assignment.data_dir)  # type: ignore[arg-type]
    for spec in assignment.tests:
        if spec.name in _baseline(ident):
            status, student, _, _ = outcome(spec, fixtures)
            assert "is not defined in your notebook" in student and not any(f"`{n}`" in student for n in functions), student


#: One case per assignment, graded end to end: the mutated function pasted after the solved notebook.
GRADED = [next(c for c in CASES if c[0] == ident and c[1] == function) for ident, function in (
    ("a1-regression", "squared_hinge_sample_gradient"), ("a2-backprop", "mlp_backward"), ("a3-optimizers", "adam"),
    ("a4-cnn", "conv_output_size"), ("a5-initialization", "xavier_uniform"), ("a8-model-selection", "steepest_descent_direction"))]


@pytest.mark.parametrize("ident, function, edits, words", GRADED, ids=[c[0] for c in GRADED])
def test_graded_notebook_names_the_mistake(ident, function, edits, words, generated, tmp_path):
    """The same label reaches a student through ``grade_batch`` and the sandbox (public feedback)."""
    import json

    from conftest import code_cell
    from nncourse.checks.results import HIDDEN
    from nncourse.grading.assignment import from_bundle
    from nncourse.grading.batch import Submission, grade_batch

    _, _, sources = _assignment(ident)
    source = sources[function]
    for right, wrong in edits:
        source = source.replace(right, wrong)
    gen = generated(ident).out
    nb = json.loads((gen / "solution" / f"{ident}.ipynb").read_text("utf-8"))
    nb["cells"].append(code_cell(source))
    path = tmp_path / "mistake.ipynb"
    path.write_text(json.dumps(nb), "utf-8")
    (result,) = grade_batch([Submission("mistake", path)], from_bundle(gen / "autograder"), jobs=1)
    assert not result.error, result.error
    public = [t for t in result.tests if t.visibility != HIDDEN and not t.passed]
    assert any(words in t.output and any(words in m for m in t.mistakes) for t in public), [t.output for t in public]
