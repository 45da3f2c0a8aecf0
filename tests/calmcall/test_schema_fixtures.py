"""Every schema version ever shipped, frozen with data, migrates to the latest and keeps it all.

The fixtures in tests/fixtures/schema/ are SQL dumps of real databases of each revision (see
make_fixture.py there). A new migration must add its own fixture; the first test enforces it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from calmcall.domain import NoteKind, Outcome
from calmcall.services.calls import CallService
from calmcall.services.search import SearchService
from calmcall.storage import migrate
from calmcall.storage.engine import open_database

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schema"


def test_every_schema_version_has_a_frozen_fixture():
    assert sorted(p.stem for p in FIXTURES.glob("*.sql")) == list(migrate.KNOWN_REVISIONS)


@pytest.mark.parametrize("revision", migrate.KNOWN_REVISIONS)
def test_a_fixture_migrates_to_the_latest_schema_with_its_data(tmp_path, revision):
    db = tmp_path / "calmcall.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.executescript((FIXTURES / f"{revision}.sql").read_text(encoding="utf-8"))
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (revision,)
    conn.close()

    sessions = open_database(db)
    assert migrate.current_revision(sessions.kw["bind"]) == migrate.HEAD

    calls = CallService(sessions)
    first = calls.record(1)
    assert first.call.customer.name == "Dana Reyes"
    assert first.call.outcome is Outcome.CALLBACK
    assert first.call.root_cause == "courier lost the parcel"
    assert [(n.stamp, n.kind, n.text) for n in first.notes] == [
        ("00:15", NoteKind.NOTE, "Parcel never arrived, third call"),
        ("00:30", NoteKind.STEP, "✓ Recognize"),
        ("01:12", NoteKind.CARD, "Card used: I can help"),
        ("02:00", NoteKind.NOTE, "Replacement sent <b>Tuesday</b>"),
    ]
    assert [s.step_id for s in first.steps] == ["recognize"]
    assert [m.value for m in first.mood] == [1, 4]
    [callback] = first.callbacks
    assert callback.promise == "Confirm the replacement arrived"
    assert callback.due_at.isoformat() == "2026-03-05T09:00:00+00:00"
    assert calls.interrupted_call().customer.name == "Öz Ünal ✓"

    # Search came in with 0003: older databases get their existing notes indexed.
    hits = SearchService(sessions).search("parcel")
    assert 1 in hits.call_ids
    assert 2 in SearchService(sessions).search("refund").call_ids
