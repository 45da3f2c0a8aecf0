"""Nothing leaked: a whole working session opens no network connection (watched with strace)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_a_working_session_opens_no_network_connection(tmp_path):
    log = tmp_path / "connect.log"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run(["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o",
                           str(log), sys.executable, "-m", "tests.helpers.session_driver",
                           str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    if "Operation not permitted" in done.stderr and "PTRACE" in done.stderr:
        pytest.skip("ptrace is not allowed here")
    assert done.returncode == 0, done.stderr[-2000:]
    exported = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    assert exported["calls"][0]["notes"]  # the session really ran

    inet = [line for line in log.read_text().splitlines() if re.search(r"AF_INET6?\b", line)]
    assert inet == [], "network connections attempted:\n" + "\n".join(inet[:10])

    # The control: the same watch does see a program that connects (to loopback port 9).
    control = tmp_path / "control.log"
    subprocess.run(["strace", "-f", "-qq", "-e", "trace=connect", "-o", str(control),
                    sys.executable, "-c", "import socket, contextlib\n"
                    "with contextlib.suppress(OSError):\n"
                    "    socket.create_connection(('127.0.0.1', 9), timeout=0.2)"],
                   check=True, timeout=60)
    assert re.search(r"AF_INET\b", control.read_text())
