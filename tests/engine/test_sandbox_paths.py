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


def test_site_path_keeps_pth_folders_and_skips_pth_code(tmp_path):
    """Student processes start without ``site`` (``-S``); what it would have added comes from here."""
    from nncourse.execution.sandbox import site_path

    site = tmp_path / "site-packages"
    (site / "extra").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    marker = tmp_path / "ran"
    (site / "a.pth").write_text(f"# a comment\nextra\n{tmp_path / 'elsewhere'}\nmissing-folder\n")
    (site / "b.pth").write_text(f"import os; open({str(marker)!r}, 'w')\nextra\n")
    assert site_path([str(site), str(tmp_path / "no-such-site")]) == [str(site), str(site / "extra"), str(tmp_path / "elsewhere")]
    assert not marker.exists()


def test_student_process_imports_what_python_dash_I_would(tmp_path):
    """The worker's ``-S`` start finds every package a plain ``python -I`` finds (numpy included)."""
    import json

    from nncourse.execution.sandbox import _python_command

    command = _python_command("import json, sys; print(json.dumps(sys.path))")
    started_s = json.loads(subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout)
    plain = json.loads(subprocess.run([sys.executable, "-I", "-c", "import json, sys; print(json.dumps(sys.path))"],
                                      capture_output=True, text=True, check=True, timeout=60).stdout)
    folders = [p for p in plain if p and os.path.isdir(p)]
    assert set(folders) <= set(started_s)
    assert "-IS" in command
