"""`calmcall doctor`: checks the database and says what it found."""

from __future__ import annotations

import argparse
import stat

from calmcall.commands.base import SubParsers
from calmcall.paths import resolve
from calmcall.services.backup import check, list_backups


def configure(sub: SubParsers[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    sub.add_parser("doctor", parents=[common], help="check the database's health",
                   description="Check the database's integrity, schema and permissions, and "
                   "list the backups. Changes nothing. Exit 0 when healthy, 1 otherwise.")


def run(args: argparse.Namespace) -> int:
    paths = resolve(args.data_dir)
    db = paths.database
    print(f"Database: {db}")
    if not db.exists():
        print("  not created yet (it is made at the first start). Nothing to check.")
        return 0
    problems = check(db)
    mode = stat.S_IMODE(db.stat().st_mode)
    if mode & 0o077:
        problems.append(f"readable by other users (mode {mode:o}); run: chmod 600 {db}")
    size_mb = db.stat().st_size / 1e6
    print(f"  size {size_mb:.1f} MB")
    backups = list_backups(paths.data_dir)
    print(f"Backups: {len(backups)}" + (f", newest {backups[0].name}" if backups else ""))
    if problems:
        print("Problems found:")
        for line in problems:
            print(f"  - {line}")
        print("To recover: `calmcall restore latest` puts the newest backup in place and keeps "
              "this file aside.")
        return 1
    print("No problems found.")
    return 0
