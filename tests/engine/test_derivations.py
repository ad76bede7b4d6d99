"""The derivations assignment end to end: answers cross the sandbox as text and are judged
three-valued by :mod:`nncourse.symbolic` inside the hidden suite (issue: symbolic checking).

Its "mutants" are the known wrong variants of every :class:`solutions.derivations.Derivation`:
each one, written in sympy syntax in place of the solved answer, must lose that question's
points and be named in the feedback. Expected scores come from the master's points.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, code_cell

sympy = pytest.importorskip("sympy")

IDENT = "a7-derivations"
_ANSWER = re.compile(r"^(?P<name>\w+) = .*# SOLUTION$", re.M)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    from nncourse.authoring.generate import generate
    from nncourse.course import Course

    out = tmp_path_factory.mktemp("a7")
    generate(Course.at(ROOT), IDENT, out)
    return out


@pytest.fixture(scope="module")
def assignment(bundle):
    from nncourse.grading.assignment import from_bundle

    return from_bundle(bundle / "autograder")


def _solved(bundle: Path) -> dict:
    return json.loads((bundle / "solution" / f"{IDENT}.ipynb").read_text("utf-8"))


def _with_answers(bundle: Path, folder: Path, name: str, answers: dict[str, str]) -> Path:
    """The solved notebook with some answers replaced (a final cell re-assigns them)."""
    nb = _solved(bundle)
    source = "\n".join(f"{var} = {text}" for var, text in answers.items())
    nb["cells"].append(code_cell(source))
    path = folder / f"{name}.ipynb"
    path.write_text(json.dumps(nb), "utf-8")
    return path


def _master_points() -> dict[str, float]:
    from nncourse.authoring.master import load_master

    return load_master(ROOT / "assignments" / IDENT / "master.ipynb", ROOT / "solutions").points


def _grade(paths: list[Path], assignment):
    from nncourse.grading.batch import Submission, grade_batch

    return {r.submission: r for r in grade_batch([Submission(p.stem, p) for p in paths], assignment, jobs=2)}


def _variant_rounds() -> list[dict[str, tuple[str, str]]]:
    """Round k replaces each answer by its k-th known wrong variant: variable → (mistake, sympy text)."""
    from solutions.derivations import DERIVATIONS, answer_variable

    rounds: list[dict[str, tuple[str, str]]] = []
    for key, derivation in DERIVATIONS.items():
        variable = answer_variable(key)
        for mistake, expr in derivation.variants.items():
            slot = next((r for r in rounds if variable not in r), None)
            if slot is None:
                slot = {}
                rounds.append(slot)
            slot[variable] = (mistake, repr(str(expr)))
    return rounds


def test_every_answer_variable_is_graded():
    """Each `x = …  # SOLUTION` line of the master names a derivation the suite knows."""
    from solutions.derivations import DERIVATIONS, answer_variable

    cells = json.loads((ROOT / "assignments" / IDENT / "master.ipynb").read_text("utf-8"))["cells"]
    variables = set(_ANSWER.findall("\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")))
    expressions = {v for v in variables if not v.startswith(("indefinite_point", "sqrt_schedule", "inverse_schedule"))}
    known = {answer_variable(k) for k in DERIVATIONS} | {"nll_scale", "nll_offset"}
    assert expressions and expressions <= known, expressions - known


def test_known_wrong_variants_lose_points_and_are_named(bundle, assignment, tmp_path):
    from nncourse.checks.results import EXECUTION

    from nncourse.checks.runner import load_module

    feedback = load_module(ROOT / "autograder" / IDENT / "_derivation.py", "a7_feedback").MISTAKES
    points = _master_points()
    rounds = _variant_rounds()
    paths = [_with_answers(bundle, tmp_path, f"round{k}", {v: text for v, (_, text) in r.items()}) for k, r in enumerate(rounds)]
    results = _grade(paths, assignment)
    misses = []
    for k, replaced in enumerate(rounds):
        result = results[f"round{k}"]
        assert not result.error, result.error
        assert result.score < sum(points.values())
        for variable, (mistake, _) in replaced.items():
            tests = [t for t in result.tests if t.question != EXECUTION and t.output.startswith(f"{variable}:")]
            if not tests or all(t.passed for t in tests):
                misses.append(f"{variable} = {mistake}: not penalised")
            elif not any(t.status == "failed" and feedback[mistake] in t.output for t in tests):
                misses.append(f"{variable} = {mistake}: not named in {[t.output for t in tests]}")
    assert not misses, misses


def test_sympy_objects_latex_and_hostile_strings(bundle, assignment, tmp_path):
    """A sympy expression built in the notebook grades like the string; hostile text is refused in one line."""
    marker = tmp_path / "pwned"
    sympy_answer = _with_answers(bundle, tmp_path, "sympy_objects", {
        "_sp": "__import__('sympy')",
        "sigmoid_prime": "_sp.Function('sigma')(_sp.Symbol('z')) - _sp.Function('sigma')(_sp.Symbol('z'))**2",
        "xavier_bound": "_sp.sqrt(6 / (_sp.Symbol('n_in') + _sp.Symbol('n_out')))",
        "softmax_ce_grad": "_sp.Symbol('p') - _sp.Symbol('y')",
    })
    hostile = _with_answers(bundle, tmp_path, "hostile", {
        "sigmoid_prime": repr(f"__import__('os').system('touch {marker}')"),
        "dC_dw": repr("x.__class__.__mro__"),
        "dC_db": repr("9**9**9**9"),
        "softmax_ce_grad": repr(r"\frac{p"),
    })
    results = _grade([sympy_answer, hostile], assignment)
    points = _master_points()
    assert results["sympy_objects"].score == pytest.approx(sum(points.values()))
    bad = results["hostile"]
    assert not marker.exists()
    lost = {q for q, (got, possible) in bad.question_scores().items() if got < possible}
    assert lost == {"sigmoid_prime", "neuron_gradients", "softmax_ce_grad"}
    for t in bad.tests:
        if not t.passed and t.question in lost:
            assert t.status == "failed" and "\n" not in t.output and "Traceback" not in t.output


def test_undecided_is_flagged_not_marked_wrong(bundle, assignment, tmp_path):
    """An answer equal to the reference only where it is defined (√(x³)/√x for x) is sent for review."""
    path = _with_answers(bundle, tmp_path, "undecided", {
        "dC_db": repr("(sigma(w*x+b)-y)*sigma(w*x+b)*(1-sigma(w*x+b))*sqrt(x**3)/sqrt(x)/x"),
    })
    result = _grade([path], assignment)["undecided"]
    (test,) = [t for t in result.tests if t.name.endswith("test_dC_db")]
    assert test.status == "undecided" and test.score == 0 and "review" in test.output
    assert result.needs_review == (test.name,)
    points = _master_points()
    assert result.score == pytest.approx(sum(points.values()) - test.max_score)

    from nncourse.reporting.gradebook import write_gradebook
    from nncourse.reporting.gradescope import results_json

    write_gradebook(tmp_path / "gb.csv", [result], list(points))
    row = (tmp_path / "gb.csv").read_text("utf-8").splitlines()[1]
    assert ",review," in row
    assert "review" in results_json(result)["output"]


def test_self_check_without_sympy_says_what_to_install(bundle):
    """A student who installed only `nncourse` gets one clear line per answer, not a traceback."""
    import subprocess
    import sys

    code = ("import sys; sys.modules['sympy'] = None; from nncourse.cli.main import main; "
            f"sys.exit(main(['check', {str(bundle / 'student' / (IDENT + '.ipynb'))!r}]))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=bundle / "student")
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "pip install 'nncourse[symbolic]'" in proc.stdout


#: Answers that hand the question back instead of a result (issue 17): each scored full marks.
_NETWORK = {"z1": "(w_1*x + b_1)"}
_NETWORK["a1"] = f"sigma{_NETWORK['z1']}"
_NETWORK["yhat"] = f"sigma(w_2*{_NETWORK['a1']} + b_2)"
_LOSS = {"mse": f"({_NETWORK['yhat']} - y)**2/2",
         "ce": f"-(y*log({_NETWORK['yhat']}) + (1-y)*log(1-{_NETWORK['yhat']}))"}
RESTATEMENTS = {
    "sigmoid_prime": repr("diff(sigma(z), z)"),
    "dC_dw": repr(r"\frac{\partial}{\partial w}(\frac12(\sigma(wx+b)-y)^2)"),
    **{f"{loss}_{entry}": repr(f"diff({_LOSS[loss]}, {entry[:2].replace('w', 'w_')}, {entry[2:].replace('w', 'w_')})")
       for loss in ("mse", "ce") for entry in ("w1w1", "w1w2", "w2w2")},
    "ridge_grad": repr("diff(Sum((y[i] - w*x[i])**2, (i, 1, n))/(2*n) + lamda/2*w**2, w)"),
    "ema_weight_sum": repr("Sum((1-beta)*beta**(t-k), (k, 1, t))"),
}


def test_restating_the_question_earns_nothing(bundle, assignment, tmp_path):
    """Every restatement loses exactly its own test, with a 'not a closed form' / 'σ only' message."""
    path = _with_answers(bundle, tmp_path, "restated", RESTATEMENTS)
    result = _grade([path], assignment)["restated"]
    failed = {t.output.split(":")[0]: t for t in result.tests if not t.passed}
    assert set(failed) == set(RESTATEMENTS), {k: t.output for k, t in failed.items()}
    for variable, test in failed.items():
        assert test.status == "failed", (variable, test.status, test.output)
        assert "not a closed form" in test.output or "through σ(z) only" in test.output, test.output
        assert "不" in test.output  # bilingual
    points = _master_points()
    assert result.score == pytest.approx(sum(points.values()) - sum(t.max_score for t in failed.values()))
    sigma = failed["sigmoid_prime"].output
    assert "derivative" in sigma


def test_sigma_prime_in_exp_is_told_to_use_sigma_only(bundle, assignment, tmp_path):
    path = _with_answers(bundle, tmp_path, "in_exp", {"sigmoid_prime": repr("exp(-z)/(1+exp(-z))**2")})
    result = _grade([path], assignment)["in_exp"]
    (test,) = [t for t in result.tests if not t.passed]
    assert test.output.startswith("sigmoid_prime:") and "through σ(z) only" in test.output and "exp" in test.output
