"""Start-up with a bad database: a clear message, the damaged file kept aside untouched, and a
start from the newest backup; a database from a newer CalmCall is refused, not opened."""

from __future__ import annotations

import hashlib
import sqlite3

from PySide6.QtWidgets import QListWidget

from calmcall.domain import Customer
from calmcall.paths import resolve
from calmcall.services.backup import backup_now
from main import build_window
from tests.helpers.core import make_core
from tests.helpers.gui import FakeAsk


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_damaged_database_is_kept_aside_and_the_newest_backup_is_used(qtbot, tmp_path):
    core = make_core(tmp_path)
    call = core.calls.start_call("defuse", Customer("Ada"))
    core.calls.add_note(call.id, "in the backup")
    backup_now(core.database, core.paths.data_dir)
    core.close()
    garbage = b"\x00this disk sector went bad" * 2000
    core.database.write_bytes(garbage)

    ask = FakeAsk(resume_answer=True)
    window = build_window(resolve(tmp_path), ask)
    assert window is not None
    qtbot.addWidget(window)
    [message] = ask.errors
    assert "damaged" in message and "kept untouched as" in message
    assert "starts from the backup calmcall-" in message
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name and not p.name.endswith(
        ("-wal", "-shm"))]
    assert len(kept) == 1 and kept[0].read_bytes() == garbage
    assert window.offer_resume()
    log = window.findChild(QListWidget, "noteLog")
    assert any(log.item(i).text().endswith("in the backup") for i in range(log.count()))


def test_a_damaged_database_with_no_backup_starts_fresh(qtbot, tmp_path):
    (tmp_path / "calmcall.sqlite3").write_bytes(b"\x00garbage" * 4096)
    ask = FakeAsk()
    window = build_window(resolve(tmp_path), ask)
    assert window is not None
    qtbot.addWidget(window)
    assert "starts from a new, empty database" in ask.errors[0]


def test_a_database_from_a_newer_calmcall_is_refused_untouched(qapp, tmp_path):
    core = make_core(tmp_path)
    core.close()
    with sqlite3.connect(core.database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = sha(core.database)
    ask = FakeAsk()
    assert build_window(resolve(tmp_path), ask) is None
    assert "newer CalmCall" in ask.errors[0]
    assert sha(core.database) == before
    assert not [p for p in tmp_path.iterdir() if ".damaged-" in p.name]


def test_the_first_start_of_the_day_backs_up_in_the_background(qtbot, tmp_path):
    from calmcall.services.backup import list_backups

    core = make_core(tmp_path)
    call = core.calls.start_call("defuse", Customer("Ada"))
    core.calls.add_note(call.id, "worth keeping")
    core.close()
    window = build_window(resolve(tmp_path), FakeAsk())
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: len(list_backups(tmp_path)) == 1, timeout=10_000)
    [backup] = list_backups(tmp_path)
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT text FROM notes").fetchall() == [("worth keeping",)]
    conn.close()
    second = build_window(resolve(tmp_path), FakeAsk())  # same day: no second backup
    qtbot.addWidget(second)
    qtbot.wait(300)
    assert len(list_backups(tmp_path)) == 1
