"""One writer per data folder: the lock is exclusive and dies with its process."""

from __future__ import annotations

import signal
import stat
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


def test_a_data_folder_the_lock_creates_is_owner_only(tmp_path):
    folder = tmp_path / "calmcall"
    lock = InstanceLock(folder)
    lock.acquire()
    try:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    finally:
        lock.release()


def test_an_existing_folder_keeps_its_mode(tmp_path):
    shared = tmp_path / "team"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    lock = InstanceLock(shared)
    lock.acquire()
    lock.release()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755  # --data-dir named it: not ours
