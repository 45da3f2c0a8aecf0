"""`calmcall restore FILE`: put a backup in place; the current database is kept aside first."""

from __future__ import annotations

import argparse
from pathlib import Path

from calmcall.commands.base import CliError, SubParsers
from calmcall.instance_lock import AlreadyRunning, InstanceLock
from calmcall.paths import resolve
from calmcall.services.backup import BackupError, list_backups, restore


def configure(sub: SubParsers[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("restore", parents=[common], help="restore a backup",
                       description="Replace the database with a backup. The current database "
                       "is kept beside it with a timestamped name; nothing is deleted.")
    p.add_argument("file", metavar="FILE", type=Path,
                   help="the backup to restore, or 'latest' for the newest one")


def run(args: argparse.Namespace) -> int:
    paths = resolve(args.data_dir)
    backup = args.file
    if str(backup) == "latest":
        found = list_backups(paths.data_dir)
        if not found:
            raise CliError(f"there are no backups in {paths.data_dir / 'backups'} yet")
        backup = found[0]
    lock = InstanceLock(paths.data_dir)
    try:
        lock.acquire()  # never swap the file under a running window
    except AlreadyRunning as exc:
        raise CliError(f"{exc}; close it first, then restore") from exc
    try:
        done = restore(backup.expanduser(), paths.database)
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    finally:
        lock.release()
    print(f"Restored {done.restored_from}")
    if done.previous_kept_as:
        print(f"The database it replaced is kept as {done.previous_kept_as}")
    return 0
