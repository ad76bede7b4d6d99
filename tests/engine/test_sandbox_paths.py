"""A Python installed under /tmp (a virtualenv there, common on CI) stays importable inside
the sandbox: the student's private /tmp must not cover it (regression: numpy's lazily
imported submodules went missing for a venv in /tmp)."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import ROOT

PROBE = """
import sys
from nncourse.execution.config import SandboxConfig
from nncourse.execution.sandbox import Worker, choose_mode
mode, _ = choose_mode("auto")
worker = Worker(mode).configure(SandboxConfig(), None)
report = worker.wait_ready()
reply = worker.request({"op": "exec", "cell": 1, "code": "import probe_module\\nvalue = probe_module.VALUE"}, 10)
worker.close()
print(report.get("filesystem_isolated"), reply.get("ok"), reply.get("error", {}).get("message", ""))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="namespaces are Linux-only")
def test_modules_of_a_venv_under_tmp_import_after_lockdown(tmp_path):
    assert str(tmp_path).startswith("/tmp"), "the point is a venv under /tmp"
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(venv)], check=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    site.mkdir(parents=True, exist_ok=True)
    (site / "probe_module.py").write_text("VALUE = 42\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([str(venv / "bin" / "python"), "-c", PROBE], capture_output=True, text=True, env=env, timeout=120)
    isolated, ok, message = (done.stdout.strip().split(" ", 2) + ["", "", ""])[:3]
    if isolated != "True":
        pytest.skip(f"no file-system isolation here: {done.stdout.strip()} {done.stderr[-300:]}")
    assert ok == "True", message
