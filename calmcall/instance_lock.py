"""One CalmCall per data folder: an OS file lock that the kernel drops when the process dies.

The window holds it for its whole life, so a second window (or `calmcall restore`) can tell
that the database already has a writer. A killed process leaves no stale lock behind.
"""

from __future__ import annotations

import os
from pathlib import Path

from calmcall.paths import make_private_dir

LOCK_NAME = "calmcall.lock"


class AlreadyRunning(RuntimeError):
    def __init__(self, pid: str) -> None:
        super().__init__(f"CalmCall is already running on this data folder (process {pid})")
        self.pid = pid


class InstanceLock:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise AlreadyRunning naming the holder's process id."""
        make_private_dir(self.path.parent)  # often the first to touch a new data folder
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            raise AlreadyRunning(self.holder()) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def holder(self) -> str:
        try:
            return self.path.read_text().strip() or "unknown"
        except OSError:
            return "unknown"

    def is_held_elsewhere(self) -> bool:
        probe = InstanceLock(self.path.parent)
        try:
            probe.acquire()
        except AlreadyRunning:
            return True
        probe.release()
        return False

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock
            self._fd = None


try:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

except ImportError:  # Windows
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
