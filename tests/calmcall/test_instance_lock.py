"""One writer per data folder: the lock is exclusive and dies with its process."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from calmcall.instance_lock import AlreadyRunning, InstanceLock

HOLD = ("import sys, time; from pathlib import Path; from calmcall.instance_lock import "
        "InstanceLock; InstanceLock(Path(sys.argv[1])).acquire(); print('held', flush=True); "
        "time.sleep(60)")


def test_a_second_holder_is_refused_and_told_who_holds_it(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(AlreadyRunning) as refused:
            InstanceLock(tmp_path).acquire()
        assert refused.value.pid == str(holder.pid)
        assert InstanceLock(tmp_path).is_held_elsewhere()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # Killed without cleaning up: the lock is free again, no stale file blocks the next start.
    lock = InstanceLock(tmp_path)
    lock.acquire()
    lock.release()


def test_release_lets_the_next_one_in(tmp_path):
    first = InstanceLock(tmp_path)
    first.acquire()
    first.release()
    second = InstanceLock(tmp_path)
    second.acquire()
    second.release()
