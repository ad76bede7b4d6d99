"""``nncourse equiv`` black-box: last line, exit status, no traceback, nothing executed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def equiv(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nncourse.cli.main", "equiv", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def last_line(proc: subprocess.CompletedProcess) -> str:
    return proc.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("args", "label", "code"),
    [
        (["sigma(z)*(1-sigma(z))", "exp(-z)/(1+exp(-z))**2"], "equivalent", 0),
        ([r"\frac{1}{2}x^2", "x**2/2"], "equivalent", 0),
        (["x**2/2 + x/10**6", "x**2/2"], "not equivalent", 1),
        (["sqrt(x**2)", "x", "--positive", "x"], "equivalent", 0),
        (["sqrt(x**2)", "x"], "not equivalent", 1),
        (["x**3/3 + 4", "x**3/3", "--mode", "up_to_constant"], "equivalent", 0),
        (["Sum((y_i-f_i)**2,(i,1,n))/n", "n/2*log(2*pi*s**2) + Sum((y_i-f_i)**2,(i,1,n))/(2*s**2)",
          "--mode", "up_to_affine", "--params", "f", "--positive", "s"], "equivalent", 0),
        (["sigma(z)*(1-sigma(z))", "diff(sigma(z), z)", "--sigma", "opaque"], "not equivalent", 1),
    ],
)
def test_verdict_is_the_last_line(args: list[str], label: str, code: int) -> None:
    proc = equiv(*args)
    assert last_line(proc) == label
    assert proc.returncode == code
    assert "Traceback" not in proc.stdout + proc.stderr


def test_mistake_is_named() -> None:
    proc = equiv("2*(sigma(w*x+b)-y)*sigma(w*x+b)*(1-sigma(w*x+b))*x", "diff((sigma(w*x+b)-y)**2/2, w)")
    assert last_line(proc) == "not equivalent" and "mistake: missing_half" in proc.stdout


def test_undecided_exit_code() -> None:
    proc = equiv("sqrt(x**3)/sqrt(x)", "x")
    assert last_line(proc) == "undecided" and proc.returncode == 3


@pytest.mark.parametrize(
    "bad",
    ["__import__('os').system('touch {marker}')", "9**9**9**9", "x.__class__", r"\frac{1}{2", "lambda: 1", "foo(x)"],
)
def test_rejected_answers_exit_2_with_one_line(bad: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    proc = equiv(bad.replace("{marker}", str(marker)), "x")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and proc.stderr.startswith("nncourse: ")
    assert "Traceback" not in proc.stderr
    assert not marker.exists()


def test_help_does_not_need_sympy() -> None:
    code = ("import sys; from nncourse.cli.main import build_parser; build_parser(); "
            "print('sympy' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "False", proc.stderr


@pytest.mark.parametrize(("a", "b"), [
    ("A", "-exp(b)/(1+exp(b))**2"),
    ("-exp(-z)/(1+exp(-z))**2", "-sigma(z)*(1-sigma(z))"),
    ("-x", "-(x)"),
])
def test_answers_may_start_with_a_minus(a: str, b: str) -> None:
    proc = equiv(a, b)
    assert "usage:" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert last_line(proc) in ("equivalent", "not equivalent")
    if a != "A":
        assert last_line(proc) == "equivalent" and proc.returncode == 0
    options_after = equiv("-x**2", "-(x*x)", "--positive", "x")
    assert last_line(options_after) == "equivalent"


def test_overflow_inside_sympy_is_undecided_not_a_traceback() -> None:
    # mpmath raised OverflowError from inside simplify() after ~2 s: 3 runs in 5 used to crash
    proc = equiv("exp(exp(exp(exp(exp(100)))))", "x", "--timeout", "2.5")
    assert "Traceback" not in proc.stderr and "Error" not in proc.stderr, proc.stderr
    assert last_line(proc) == "undecided" and proc.returncode == 3
