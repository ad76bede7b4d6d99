"""Answers a student can game with: constants and "hand the input back", for every graded function.

One piece of source text (:data:`STUB_SOURCE`) defines how a stub answers; it is pasted into
notebooks graded for real (:func:`stubbed_notebook`) and executed here for the in-process
student (:class:`StubStudent`), so both levels answer alike. A stub computes the reference
answer, then returns, in that answer's shape (0-d, array, tuple, list, dict; strings ``""``):

* ``zeros`` / ``ones``: the constant everywhere (bools ``bool(c)``, ints ``int(c)``);
* ``identity``: the first argument of the same shape as the answer (a copy), else zeros —
  the "return W0 unchanged" answer.

It never raises (a call the reference refuses gets ``float(c)``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal

import numpy as np

Kind = Literal["zeros", "ones", "identity"]
KINDS: tuple[Kind, ...] = ("zeros", "ones", "identity")

STUB_SOURCE = '''
import copy as _copy_stub
import numpy as _np_stub
def _stub_const(v, c):
    if isinstance(v, (bool, _np_stub.bool_)): return bool(c)
    if isinstance(v, (int, _np_stub.integer)): return int(c)
    if isinstance(v, (float, _np_stub.floating)): return float(c)
    if isinstance(v, _np_stub.ndarray): return _np_stub.full(v.shape, c, dtype=v.dtype if v.dtype.kind in "biu" else float)
    if isinstance(v, str): return ""
    if isinstance(v, (tuple, list)): return type(v)(_stub_const(x, c) for x in v)
    if isinstance(v, dict): return {k: _stub_const(x, c) for k, x in v.items()}
    return v
def _stub_shape(v):
    if isinstance(v, (bool, _np_stub.bool_)): return ("bool",)
    if isinstance(v, (int, _np_stub.integer)): return ("int",)
    if isinstance(v, (float, _np_stub.floating)): return ("float",)
    if isinstance(v, _np_stub.ndarray): return ("array", v.dtype.kind == "b", v.shape)
    if isinstance(v, (tuple, list)): return (type(v).__name__,) + tuple(_stub_shape(x) for x in v)
    return None
def _stub_answer(right, args, kwargs, kind):
    if kind == "identity":
        want = _stub_shape(right)
        for a in (*args, *kwargs.values()):
            if want is not None and _stub_shape(a) == want:
                return _copy_stub.deepcopy(a)
        return _stub_const(right, 0.0)
    return _stub_const(right, 1.0 if kind == "ones" else 0.0)
def _stubbed(f, kind):
    if getattr(f, "_stubbed", False): return f
    def g(*a, **k):
        try: right = f(*a, **k)
        except Exception: return 1.0 if kind == "ones" else 0.0
        return _stub_answer(right, a, k, kind)
    g._stubbed = True
    return g
'''

_NAMESPACE: dict[str, Any] = {}
exec(STUB_SOURCE, _NAMESPACE)  # noqa: S102 (this module's own text)
stub_answer = _NAMESPACE["_stub_answer"]
constant_like = _NAMESPACE["_stub_const"]


def same_value(a: Any, b: Any) -> bool:
    """Exact structural equality, numbers compared with a tolerance far below any test's."""
    if a is None or b is None:
        return a is b
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    try:
        x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return a == b
    return x.shape == y.shape and bool(np.allclose(x, y, rtol=1e-9, atol=1e-12))


class NoRuntime:
    """What the runner asks when a name is missing: no cell of this stand-in failed."""

    def why_missing(self, name: str) -> None:
        return None


class StubStudent:
    """In-process stand-in for the ``student`` fixture: every graded function stubbed.

    ``wrong`` lists the calls, since it was last cleared, whose stub answer is not the
    reference's (or where the reference raises and the stub does not): a test that passes
    with a non-empty ``wrong`` was gamed. ``values`` are top-level answers (a7), given as
    (stub value, solved value) pairs and judged the same way when a test reads them.
    """

    def __init__(self, reference: Any, names: tuple[str, ...], kind: Kind,
                 values: dict[str, tuple[Any, Any]] | None = None) -> None:
        self._functions = {n: self._stub(getattr(reference, n), n, kind) for n in names}
        self._values = dict(values or {})
        self._runtime = NoRuntime()
        self.wrong: list[str] = []
        self.calls = 0

    def _stub(self, function: Any, name: str, kind: Kind) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            try:
                right = function(*args, **kwargs)
            except Exception as exc:
                self.wrong.append(f"{name} raises {type(exc).__name__}")
                return 1.0 if kind == "ones" else 0.0
            answer = stub_answer(right, args, kwargs, kind)
            if not same_value(answer, right):
                self.wrong.append(name)
            return answer

        return call

    def function(self, name: str) -> Any:
        return self._functions[name]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._functions[name]

    def __getitem__(self, name: str) -> Any:
        self.calls += 1
        stub, solved = self._values[name]
        if not same_value(stub, solved):
            self.wrong.append(name)
        return stub

    def evaluate(self, expression: str, **variables: Any) -> Any:
        return eval(expression, {"np": np, **self._functions, **variables})  # noqa: S307 (test-owned text)

    def names(self) -> dict[str, str]:
        return {**{n: "function" for n in self._functions}, **{n: "value" for n in self._values}}

    def __contains__(self, name: str) -> bool:
        return name in self._functions or name in self._values


def _code_cell(source: str) -> dict:
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": source}


def stubbed_notebook(solved: Path, functions: tuple[str, ...], values: tuple[str, ...], kind: Kind, out: Path) -> Path:
    """The solved notebook with every graded function stubbed right after each code cell (so the
    notebook's own top-level answers are computed from stubs too), and every top-level answer in
    ``values`` (a7's expressions and dicts) replaced: expressions by ``"0"``/``"1"``, dicts by
    the constant in their shape (``identity`` leaves values alone: they have no input)."""
    nb = json.loads(solved.read_text("utf-8"))
    c = 1.0 if kind == "ones" else 0.0
    wrap = STUB_SOURCE + (
        f"for _n in {list(functions)!r}:\n"
        f"    if _n in globals(): globals()[_n] = _stubbed(globals()[_n], {kind!r})\n"
    )
    if kind != "identity":
        wrap += (
            f"for _n in {list(values)!r}:\n"
            "    if _n in globals():\n"
            f"        globals()[_n] = _stub_const(globals()[_n], {c!r}) if isinstance(globals()[_n], dict) else {str(int(c))!r}\n"
        )
    cells = []
    for cell in nb["cells"]:
        cells.append(cell)
        if cell["cell_type"] == "code":
            cells.append(_code_cell(wrap))
    nb["cells"] = cells
    out.write_text(json.dumps(nb), "utf-8")
    return out


_ANSWER_LINE = re.compile(r"^([A-Za-z_]\w*)\s*=.*#\s*SOLUTION\s*$", re.M)


def answer_values(master_path: Path) -> tuple[str, ...]:
    """Names the master's ``# SOLUTION`` lines assign (the answers of a derivations assignment)."""
    nb = json.loads(master_path.read_text("utf-8"))
    names: list[str] = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            names += [n for n in _ANSWER_LINE.findall(src) if n not in names]
    return tuple(names)
