"""`calmcall backup`: a backup now, through SQLite's online backup API."""

from __future__ import annotations

import argparse

from calmcall.commands.base import CliError, SubParsers
from calmcall.paths import resolve
from calmcall.services.backup import BackupError, backup_now, prune
from calmcall.settings import Settings


def configure(sub: SubParsers[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    sub.add_parser("backup", parents=[common], help="back up the database now",
                   description="Write a consistent copy of the database into the backups "
                   "folder (safe while the window is open).")


def run(args: argparse.Namespace) -> int:
    paths = resolve(args.data_dir)
    try:
        made = backup_now(paths.database, paths.data_dir)
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    prune(paths.data_dir, Settings(paths.settings_file)["backups_kept"])
    print(f"Backed up to {made}")
    return 0
