"""Backups through SQLite's online backup API, restore that never destroys, and a health check.

The backup API copies a consistent snapshot while the window keeps writing, which a file copy of
a WAL database cannot promise. Backups live in `<data>/backups`, owner-only, newest kept.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from calmcall.storage import migrate

BACKUP_DIR = "backups"
PREFIX = "calmcall-"
SUFFIX = ".sqlite3"
STALE_PARTIAL_S = 3600


class BackupError(RuntimeError):
    """A backup or restore that could not be done; the message says what to do."""


def backups_dir(data_dir: Path) -> Path:
    return data_dir / BACKUP_DIR


def list_backups(data_dir: Path) -> list[Path]:
    """Newest first (the timestamp in the name sorts)."""
    folder = backups_dir(data_dir)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{PREFIX}*{SUFFIX}"), reverse=True)


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of `source` into `target` through the backup API, owner-only."""
    fd = os.open(target, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, \
            closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
        # A backup should be one self-contained file, not a database plus a WAL.
        dst.execute("PRAGMA journal_mode=DELETE")


def backup_now(database: Path, data_dir: Path, now: datetime | None = None) -> Path:
    if not database.exists():
        raise BackupError(f"There is no database at {database} to back up yet.")
    folder = backups_dir(data_dir)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{PREFIX}{stamp}{SUFFIX}"
    n = 1
    while target.exists():  # two backups in one second: keep both
        target = folder / f"{PREFIX}{stamp}-{n}{SUFFIX}"
        n += 1
    partial = target.with_suffix(".partial")
    try:
        _copy(database, partial)
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The backup could not be written to {folder}: {exc}. "
                          "Check the free disk space.") from exc
    return target


def prune(data_dir: Path, keep: int, now: float | None = None) -> list[Path]:
    """Delete all but the newest `keep` backups, and copies a killed process left half-made
    (`.partial`, an hour untouched: one being written now is left alone); returns what was
    removed. Without this, closing CalmCall during its first-start backup left a database-
    sized file behind every day."""
    removed = list_backups(data_dir)[max(1, keep):]
    folder = backups_dir(data_dir)
    cutoff = (now if now is not None else time.time()) - STALE_PARTIAL_S
    for leftover in folder.glob(f"{PREFIX}*.partial*") if folder.is_dir() else ():
        with suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                removed.append(leftover)
    for old in removed:
        with suppress(OSError):
            old.unlink(missing_ok=True)
    return removed


def daily_backup(database: Path, data_dir: Path, keep: int, today: date | None = None,
                 now: datetime | None = None) -> Path | None:
    """Back up once per local day (the first start of the day does it) and prune."""
    today = today or date.today()
    newest = list_backups(data_dir)
    if newest and newest[0].name.startswith(f"{PREFIX}{today:%Y%m%d}"):
        return None
    made = backup_now(database, data_dir, now)
    prune(data_dir, keep)
    return made


def check(path: Path) -> list[str]:
    """Problems found in a database file; an empty list means it is healthy."""
    problems: list[str] = []
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if result != ["ok"]:
                problems.extend(f"integrity: {line}" for line in result[:20])
            fk = conn.execute("PRAGMA foreign_key_check").fetchall()
            if fk:
                problems.append(f"{len(fk)} rows point at rows that do not exist")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables:
                problems.append("no schema version: this is not a CalmCall database")
            else:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                version = row[0] if row else None
                if version not in migrate.KNOWN_REVISIONS:
                    problems.append(f"schema {version} is from a newer CalmCall")
    except sqlite3.DatabaseError as exc:
        problems.append(f"cannot be read: {exc}")
    return problems


def _free_name(path: Path) -> Path:
    """`path`, or `path-1`, `path-2`…: a kept copy must never overwrite an earlier one."""
    candidate, n = path, 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}-{n}")
        n += 1
    return candidate


@dataclass(frozen=True)
class Restored:
    restored_from: Path
    previous_kept_as: Path | None


def restore(backup: Path, database: Path, now: datetime | None = None) -> Restored:
    """Put `backup` in place of `database`. The current database is kept aside first."""
    if not backup.is_file():
        raise BackupError(f"There is no backup file at {backup}.")
    problems = check(backup)
    if problems:
        raise BackupError(f"{backup} is not a usable CalmCall backup ({problems[0]}); "
                          "nothing was changed.")
    kept: Path | None = None
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    if database.exists():
        kept = _free_name(database.with_name(f"{database.name}.before-restore-{stamp}"))
        try:
            _copy(database, kept)
        except sqlite3.DatabaseError:
            # A damaged current file cannot go through the backup API: keep its bytes as they are.
            kept.unlink(missing_ok=True)
            for suffix in ("", "-wal", "-shm"):
                part = Path(f"{database}{suffix}")
                if part.exists():
                    part.rename(Path(f"{kept}{suffix}"))
    incoming = database.with_name(f".{database.name}.restoring")
    incoming.unlink(missing_ok=True)  # left by a restore that was interrupted: start afresh
    try:
        _copy(backup, incoming)
    except (sqlite3.Error, OSError) as exc:
        incoming.unlink(missing_ok=True)
        raise BackupError(f"{backup} could not be copied into place ({exc}); the database "
                          "was kept as it was.") from exc
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)  # belong to the replaced file
    os.replace(incoming, database)
    return Restored(backup, kept)
