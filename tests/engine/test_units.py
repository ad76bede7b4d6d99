"""Unit tests of the engine's pure parts: codec, markers, numeric comparison, reader, master parsing."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nncourse.authoring import markers
from nncourse.checks.numeric import compare
from nncourse.errors import AuthoringError, NotebookError
from nncourse.execution import codec
from nncourse.notebook.reader import parse_notebook


# -- codec -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "value",
    [None, True, 3, -2**70, 2.5, float("inf"), 1 + 2j, "σ′ = σ(1−σ)", [1, [2, 3]], (1, (2.0,)), {"a": 1}, {1: "x", (2, 3): [4]},
     {"$nd": 1}],
)
def test_codec_round_trip_plain_values(value):
    assert codec.decode(codec.encode(value)) == value


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "uint8", "bool", "complex128", ">f8"])
def test_codec_round_trip_arrays(dtype):
    arr = (np.arange(12).reshape(3, 4) % 3).astype(dtype)
    back = codec.decode(codec.encode(arr))
    assert back.shape == arr.shape and np.array_equal(back, arr)


def test_codec_rejects_object_arrays_and_opaque_objects():
    class Liar:
        def __eq__(self, other):
            return True

    back = codec.decode(codec.encode({"x": Liar(), "y": np.array([Liar()], dtype=object)}))
    assert isinstance(back["x"], codec.Opaque) and isinstance(back["y"], codec.Opaque)
    assert back["x"] != 1  # nothing of the student's __eq__ survives


@pytest.mark.parametrize(
    "message",
    [b'{"$nd": {"dtype": "|O", "shape": [1], "data": ""}}', b'{"$nd": {"dtype": "<f8", "shape": [3], "data": "AAAA"}}', b"{", b"[" * 100_000],
)
def test_codec_rejects_malformed_messages(message):
    with pytest.raises(codec.CodecError):
        codec.decode(message)


# -- markers -------------------------------------------------------------------------------

def test_markers_block_line_and_prompt():
    src = 'def f(x):\n    """Doc."""\n    # BEGIN SOLUTION\n    return 2 * x\n    # END SOLUTION\n\ny = f(3)  # SOLUTION\n""" # BEGIN PROMPT\nz = ...\n""" # END PROMPT\n'
    student = markers.student_version(src)
    solution = markers.solution_version(src)
    assert "return 2 * x" not in student and "raise NotImplementedError" in student and "y = ..." in student and "z = ..." in student
    assert "return 2 * x" in solution and "# BEGIN" not in solution and "z = ..." not in solution and "y = f(3)" in solution
    ns: dict = {}
    exec(solution, ns)
    assert ns["y"] == 6


@pytest.mark.parametrize("src", ["# BEGIN SOLUTION\nx = 1\n", "x = 1\n# END SOLUTION\n", "# BEGIN SOLUTION\n# BEGIN SOLUTION\n"])
def test_markers_unbalanced_raise_with_line(src):
    with pytest.raises(AuthoringError, match="line"):
        markers.student_version(src)


# -- numeric comparison ---------------------------------------------------------------------

def test_compare_reports_mismatch_without_expected_values_for_students():
    c = compare([1.0, 2.0, 3.5], [1.0, 2.0, 3.0])
    assert not c.ok and "1 of 3 elements differ" in c.student
    assert "3.5" in c.student and "expected" not in c.student and "expected 3" in c.instructor


def test_compare_names_transpose_sign_and_listed_mistakes():
    A = np.arange(6.0).reshape(2, 3) + 1
    assert any("transposed" in m for m in compare(A.T, A).mistakes)
    assert any("sign" in m for m in compare(-A, A).mistakes)
    assert compare(2 * A, A, mistakes={"missing ½": 2 * A}).mistakes == ("missing ½",)


def test_compare_computes_a_lazy_mistake_table_only_for_wrong_answers():
    A = np.arange(4.0) + 1
    calls = []

    def table():
        calls.append(1)
        return {"missing ½": 2 * A}

    assert compare(A, A, mistakes=table).ok and not calls
    assert compare(2 * A, A, mistakes=table).mistakes == ("missing ½",) and calls == [1]


def test_compare_shape_and_type_problems():
    assert "shape" in compare(np.zeros((3, 1)), np.zeros(3)).student
    assert "got None" in compare(None, np.zeros(3)).student
    assert "got a str" in compare("6.08", 6.08).student
    assert compare(np.float32(0.1), 0.1, rtol=1e-6).ok


# -- reader ------------------------------------------------------------------------------------

def test_reader_handles_list_sources_bom_and_bad_bytes():
    nb = {"cells": [{"cell_type": "code", "source": ["a = 1\n", "b = 2"]}, {"cell_type": "markdown", "source": "# t"}], "metadata": {"nncourse": {"assignment": "x"}}}
    parsed = parse_notebook(b"\xef\xbb\xbf" + json.dumps(nb).encode().replace(b"# t", b"# t\xff"))
    assert parsed.code == ["a = 1\nb = 2"] and parsed.assignment_id() == "x" and parsed.warnings


@pytest.mark.parametrize("data", [b"", b"[]", b'{"cells": 3}', b'{"worksheets": []}', b"\x00\x01"])
def test_reader_rejects_non_notebooks_in_one_line(data):
    with pytest.raises(NotebookError) as info:
        parse_notebook(data, "sub.ipynb")
    assert "\n" not in info.value.one_line() and "sub.ipynb" in info.value.one_line()


def test_expect_parses_checks_the_variables_a_question_allows():
    pytest.importorskip("sympy")
    from nncourse.checks import CheckFailure
    from nncourse.checks.symbolic import expect_parses

    expect_parses("sqrt(3/2)", symbols=())
    expect_parses(r"\frac{1}{n}\sum_{i=1}^{n} y_i", symbols=("n", "y"))
    for answer, allowed in [("sqrt(3/2) + x", ()), ("q*y[i]", ("y",)), ("1/(1+", ("x",))]:
        with pytest.raises(CheckFailure):
            expect_parses(answer, symbols=allowed)
