"""Opening the database: migrations, pragmas, UTC times, permissions, refusing bad files."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError

from calmcall.paths import DB_FILENAME
from calmcall.storage import migrate
from calmcall.storage.engine import DatabaseDamaged, DatabaseTooNew, open_database
from calmcall.storage.models import CallRow, NoteRow
from tests.helpers.core import Core, make_core

PLUS_TWO = timezone(timedelta(hours=2))


@pytest.fixture
def core(tmp_path: Path) -> Iterator[Core]:
    core = make_core(tmp_path / "data")
    yield core
    core.close()


def test_head_and_known_revisions_match_the_scripts() -> None:
    head, revisions = migrate.script_heads()
    assert head == migrate.HEAD
    assert tuple(revisions) == migrate.KNOWN_REVISIONS


def test_new_database_is_at_head(core: Core) -> None:
    assert core.raw("SELECT version_num FROM alembic_version") == [(migrate.HEAD,)]


def test_session_connections_are_durable_and_enforce_foreign_keys(core: Core) -> None:
    with core.sessions() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_times_are_stored_as_utc_and_read_back_aware(core: Core) -> None:
    local = datetime(2026, 3, 2, 16, 30, tzinfo=PLUS_TWO)
    with core.sessions() as s, s.begin():
        s.add(CallRow(playbook_id="defuse", started_at=local))
    with core.reopen()() as s:
        started = s.scalars(select(CallRow.started_at)).one()
    assert started.tzinfo is UTC
    assert started == local
    assert started.hour == 14
    (raw,) = core.raw("SELECT started_at FROM calls")[0]
    assert raw.startswith("2026-03-02 14:30:00")


def test_naive_datetime_is_refused(core: Core) -> None:
    with pytest.raises(StatementError, match="naive"), core.sessions() as s, s.begin():
        s.add(CallRow(playbook_id="defuse", started_at=datetime(2026, 3, 2, 14, 0)))
    assert core.raw("SELECT count(*) FROM calls") == [(0,)]


def test_database_file_and_folder_are_private(core: Core) -> None:
    assert stat.S_IMODE(core.database.stat().st_mode) == 0o600
    assert stat.S_IMODE(core.database.parent.stat().st_mode) == 0o700


def test_foreign_keys_are_enforced(core: Core) -> None:
    with pytest.raises(IntegrityError), core.sessions() as s, s.begin():
        s.add(NoteRow(call_id=999, at=datetime(2026, 3, 2, tzinfo=UTC), elapsed_s=0.0,
                      kind="note", text="orphan"))
    assert core.raw("SELECT count(*) FROM notes") == [(0,)]


def test_database_from_a_newer_calmcall_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    open_database(path).kw["bind"].dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()  # the last connection closing checkpoints the WAL into the file
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="9999"):
        open_database(path)
    assert path.read_bytes() == before


def test_garbage_file_is_reported_damaged_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / DB_FILENAME
    garbage = b"this is not a database\x00\xff" * 400
    path.write_bytes(garbage)
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(path)
    assert caught.value.path == path
    assert path.read_bytes() == garbage


def test_migrations_build_exactly_the_models_schema(tmp_path):
    """A new column in models.py without a migration (or the reverse) fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from calmcall.storage.engine import open_database
    from calmcall.storage.fts import is_search_table
    from calmcall.storage.models import Base

    sessions = open_database(tmp_path / "schema.sqlite3")
    with sessions.kw["bind"].connect() as conn:
        # The FTS5 search index is raw SQL in migration 0003, outside models.py by design.
        context = MigrationContext.configure(conn, opts={"include_name": lambda name, type_, _p:
                                                         not (type_ == "table"
                                                              and is_search_table(name))})
        diff = compare_metadata(context, Base.metadata)
    assert [d for d in diff if not (isinstance(d, tuple) and d[0] == "modify_type")] == []
