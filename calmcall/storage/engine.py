"""Opening the database: file permissions, SQLite pragmas and migrations.

Durability choice: WAL with `synchronous=FULL`. In WAL mode NORMAL already survives a killed
process, but it can lose the last commits on power loss or an OS crash, and a note the agent
saw stamped must never vanish. FULL costs one fsync of the WAL per commit, which is well under
a frame (see benchmarks/) for one small insert.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import suppress
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

from calmcall.paths import make_private_dir
from calmcall.storage import migrate

DB_FILENAME = "calmcall.sqlite3"


class StorageError(Exception):
    """A problem opening the database, with a message meant for the user."""


class DatabaseTooNew(StorageError):
    pass


class DatabaseDamaged(StorageError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"The database {path} is damaged and cannot be read ({detail}). "
            "It will be kept aside untouched and CalmCall will start with a fresh one."
        )
        self.path = path
        self.detail = detail


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    # A second reader (CLI while the window runs) waits instead of failing at once.
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _private_file(path: Path) -> None:
    """Create the database file owner-only before SQLite does; its -wal/-shm files inherit it."""
    make_private_dir(path.parent)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    else:
        with suppress(OSError):
            path.chmod(0o600)


def make_engine(url_or_path: str | Path) -> Engine:
    if isinstance(url_or_path, Path):
        _private_file(url_or_path)
        url = f"sqlite:///{url_or_path}"
    else:
        url = url_or_path
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _set_pragmas)
    return engine


def open_database(url_or_path: str | Path) -> sessionmaker[Session]:
    """Open (creating or migrating as needed) and return a session factory."""
    engine = make_engine(url_or_path)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
        current = migrate.current_revision(engine)
        if current is not None and current not in migrate.KNOWN_REVISIONS:
            engine.dispose()
            raise DatabaseTooNew(
                f"This database was written by a newer CalmCall (schema {current}). "
                "Update CalmCall to open it; the file was not changed."
            )
        if current != migrate.HEAD:
            migrate.upgrade(engine)
    except (SADatabaseError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        path = url_or_path if isinstance(url_or_path, Path) else Path(str(url_or_path))
        raise DatabaseDamaged(path, str(getattr(exc, "orig", exc))) from exc
    return sessionmaker(engine, expire_on_commit=False)


def set_aside(path: Path) -> Path:
    """Rename a damaged database (and its WAL files) to a timestamped name; never delete it."""
    from datetime import datetime

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(str(path) + suffix)
        if part.exists():
            part.rename(Path(str(target) + suffix))
    return target
