"""Write the otter-grader-format master notebooks used by ``test_otter.py``.

    python tests/integrations/otter/make_examples.py

Each notebook is written as an author leaves it after "Run All" in Jupyter: the script runs it
in a real kernel (nbclient + ipykernel) and keeps the outputs, which otter's format uses as the
expected results of test cells.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def raw(text: str) -> dict:
    return {"cell_type": "raw", "metadata": {}, "source": text}


def md(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def code(text: str, **_shown: str) -> dict:
    """A code cell; its outputs come from running the notebook (``_shown`` documents what it shows)."""
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": text}


def config(text: str, body: str) -> str:
    return f'""" # BEGIN TEST CONFIG\n{text}\n""" # END TEST CONFIG\n{body}'


def notebook(cells: list[dict]) -> dict:
    return {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
            "nbformat": 4, "nbformat_minor": 5}


# 1. The shape of otter's documentation example: a value, a manual question, a function with
#    IGNORE lines, per-test points and messages, hidden tests, all_or_nothing.
BASICS = notebook([
    raw("# ASSIGNMENT CONFIG\nname: hw-basics\ngenerate: true\nexport_cell: false\ncheck_all_cell: true\nshow_question_points: true"),
    code("import numpy as np"),
    raw("# BEGIN QUESTION\nname: q1\nall_or_nothing: true"),
    md("**Question 1.** Assign `x` to the smallest prime number."),
    raw("# BEGIN SOLUTION"),
    code("x = 2 # SOLUTION"),
    raw("# END SOLUTION"),
    raw("# BEGIN TESTS"),
    code(config("points: 2\nsuccess_message: x is an integer\nfailure_message: x should be an int", "isinstance(x, int)"), result="True"),
    code(config("points: 1\nname: q1-range", "0 < x < 100"), result="True"),
    code(config("points: 3\nhidden: true", "x"), result="2"),
    raw("# END TESTS"),
    raw("# END QUESTION"),
    raw("# BEGIN QUESTION\nname: q2\nmanual: true\npoints: 2"),
    md("**Question 2.** In one sentence: why is 1 not a prime?"),
    raw("# BEGIN SOLUTION"),
    md("**SOLUTION:** A prime has exactly two divisors; 1 has only one."),
    raw("# END SOLUTION"),
    raw("# END QUESTION"),
    md("This cell is not part of a question."),
    code("y = 3"),
    raw("# BEGIN QUESTION\nname: q3\npoints: 4"),
    md("**Question 3.** Define `square` and assign `nine` to 3 squared."),
    raw("# BEGIN SOLUTION"),
    code("def square(v):\n    w = v * v # SOLUTION\n    # BEGIN IGNORE\n    check = np.cos(w)\n    # END IGNORE\n    # nobody sees this line # IGNORE\n    return w # SOLUTION\n\nnine = square(3)"),
    raw("# END SOLUTION"),
    raw("# BEGIN TESTS"),
    code("nine", result="9"),
    code("square(16)", result="256"),
    code('""" # BEGIN TEST CONFIG\nhidden: true\n""" # END TEST CONFIG\nprint(square(y))', stdout="9\n"),
    code('""" # BEGIN TEST CONFIG\nhidden: true\n""" # END TEST CONFIG\nsquare(-1)', result="1"),
    raw("# END TESTS"),
    raw("# END QUESTION"),
])

# 2. numpy answers, solution blocks inside functions, prompts, points as a list and {each: p}.
STATS = notebook([
    raw("# ASSIGNMENT CONFIG\nname: Stats Warmup\nseed:\n    variable: rng_seed\n    autograder_value: 42\n    student_value: 7\nenvironment: environment.yml"),
    code("import numpy as np\nrng_seed = 42"),
    raw("# BEGIN QUESTION\nname: mean_var\npoints: [1, 2, 2]"),
    md("**Question 1.** Write `mean_var(a)` returning the mean and the population variance of `a`."),
    raw("# BEGIN SOLUTION"),
    code('def mean_var(a):\n    """Mean and population variance (divide by n)."""\n    a = np.asarray(a, dtype=float)\n    # BEGIN SOLUTION\n    m = a.mean()\n    return m, ((a - m) ** 2).mean()\n    # END SOLUTION'),
    raw("# END SOLUTION"),
    raw("# BEGIN TESTS"),
    code("mean_var([1, 2, 3])", result="(2.0, 0.6666666666666666)"),
    code("m, v = mean_var(np.arange(10))\nround(v, 6)", result="8.25"),
    code('""" # BEGIN TEST CONFIG\nhidden: true\n""" # END TEST CONFIG\nnp.allclose(mean_var([5.0, 5.0]), (5.0, 0.0))', result="True"),
    raw("# END TESTS"),
    raw("# END QUESTION"),
    raw("# BEGIN QUESTION\nname: standardize\npoints:\n    each: 2"),
    md("**Question 2.** Write `standardize(a)`: subtract the mean, divide by the standard deviation."),
    raw("# BEGIN SOLUTION"),
    code('def standardize(a):\n    a = np.asarray(a, dtype=float)\n    """ # BEGIN PROMPT\n    m, v = ...\n    return ...\n    """ # END PROMPT\n    m, v = mean_var(a)  # SOLUTION NO PROMPT\n    return (a - m) / np.sqrt(v)  # SOLUTION NO PROMPT'),
    raw("# END SOLUTION"),
    raw("# BEGIN TESTS"),
    code("standardize([1.0, 3.0])", result="array([-1.,  1.])"),
    code('""" # BEGIN TEST CONFIG\nhidden: true\nfailure_message: the result should have mean 0 and standard deviation 1\n""" # END TEST CONFIG\nz = standardize(np.arange(7) ** 2)\n(round(z.mean(), 9), round(z.std(), 9))', result="(0.0, 1.0)"),
    raw("# END TESTS"),
    raw("# END QUESTION"),
])

# 3. A lecture-style notebook: prompts, a manual written answer, a zero-point public check.
PERCEPTRON = notebook([
    raw("# ASSIGNMENT CONFIG\nname: perceptron_lab\nfiles:\n    - points.csv\nrequirements: requirements.txt"),
    code("import numpy as np"),
    raw("# BEGIN QUESTION\nname: predict\npoints: 3"),
    md("**Question 1.** `predict(W, X)` returns the sign of `X @ W` as +1/-1 (0 counts as -1)."),
    raw("# BEGIN SOLUTION"),
    code("def predict(W, X):\n    # BEGIN SOLUTION NO PROMPT\n    return np.where(np.asarray(X) @ np.asarray(W) > 0, 1, -1)\n    # END SOLUTION\n    \"\"\" # BEGIN PROMPT\n    return ...\n    \"\"\" # END PROMPT"),
    raw("# END SOLUTION"),
    raw("# BEGIN TESTS"),
    code(config("points: 0", "predict(np.array([1.0, -1.0]), np.array([[2.0, 1.0], [0.0, 3.0]]))"), result="array([ 1, -1])"),
    code(config("hidden: true", "predict(np.array([0.5, 0.5]), np.array([[1.0, -1.0], [1.0, 1.0], [-2.0, 1.0]])).tolist()"), result="[-1, 1, -1]"),
    raw("# END TESTS"),
    raw("# END QUESTION"),
    raw("# BEGIN QUESTION\nname: update\npoints: 2"),
    md("**Question 2.** `update(W, x, y)`: the perceptron step, adding `y * x` when `y * (x @ W) <= 0`."),
    raw("# BEGIN SOLUTION"),
    code("def update(W, x, y):\n    W = np.asarray(W, dtype=float)\n    if y * (np.asarray(x) @ W) <= 0:\n        W = W + y * np.asarray(x) # SOLUTION\n    return W"),
    raw("# END SOLUTION"),
    raw("# BEGIN TESTS"),
    code("update([0.0, 0.0], [1.0, 2.0], -1)", result="array([-1., -2.])"),
    code('""" # BEGIN TEST CONFIG\nhidden: true\n""" # END TEST CONFIG\nupdate([1.0, 1.0], [1.0, 2.0], 1).tolist()', result="[1.0, 1.0]"),
    raw("# END TESTS"),
    raw("# END QUESTION"),
    raw("# BEGIN QUESTION\nname: explain\nmanual: true\npoints: 1"),
    md("**Question 3.** Why does the perceptron stop changing once every point is classified correctly?"),
    raw("# BEGIN SOLUTION"),
    md("Every update needs a misclassified point; with none left, nothing changes."),
    raw("# END SOLUTION"),
    raw("# END QUESTION"),
])

EXAMPLES = {"hw-basics.ipynb": BASICS, "stats-warmup.ipynb": STATS, "perceptron-lab.ipynb": PERCEPTRON}


def run_all(nb: dict) -> dict:
    """The notebook after "Run All" in a fresh kernel, cell ids added as Jupyter does."""
    import nbformat
    from nbclient import NotebookClient

    node = nbformat.from_dict(nb)
    nbformat.validator.normalize(node)
    NotebookClient(node, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}).execute()
    for i, cell in enumerate(node.cells):
        cell["id"] = f"cell-{i}"
    return node


def main() -> None:
    (HERE / "points.csv").write_text("x1,x2,y\n1.0,2.0,1\n-1.0,0.5,-1\n", "utf-8")
    for name, nb in EXAMPLES.items():
        (HERE / name).write_text(json.dumps(run_all(nb), indent=1, ensure_ascii=False) + "\n", "utf-8")
    print("wrote", ", ".join(EXAMPLES))


if __name__ == "__main__":
    main()
