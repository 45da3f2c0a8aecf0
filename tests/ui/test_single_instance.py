"""Two copies of the app: the second start brings the first window forward and exits."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

from calmcall.instance_lock import InstanceLock
from ui.single_instance import ShowRequests, ask_running_to_show

ROOT = Path(__file__).resolve().parents[2]


def test_a_show_request_reaches_the_running_instance(qtbot, tmp_path):
    requests = ShowRequests(tmp_path)
    with qtbot.waitSignal(requests.show_requested, timeout=3000):
        assert ask_running_to_show(tmp_path)


def test_nobody_listening_means_no_hand_over(qapp, tmp_path):
    assert not ask_running_to_show(tmp_path, timeout_ms=200)


def test_a_second_start_hands_over_and_exits(tmp_path):
    data = tmp_path / "new folder"  # the real start creates it: owner-only
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    first = subprocess.Popen([sys.executable, "main.py", "--data-dir", str(data)], cwd=ROOT,
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not InstanceLock(data).is_held_elsewhere():
            assert first.poll() is None, "the first CalmCall exited"
            assert time.monotonic() < deadline, "the first CalmCall never took its lock"
            time.sleep(0.05)
        # At once: the first one listens only once its window is painted, so this second
        # start may come before that and must wait for it rather than give up.
        second = subprocess.run([sys.executable, "main.py", "--data-dir", str(data)],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=20)
        assert second.returncode == 0, second.stderr
        assert "Traceback" not in second.stderr
        assert first.poll() is None  # the first one is still the only writer, still running
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
    finally:
        first.kill()
        first.wait()
