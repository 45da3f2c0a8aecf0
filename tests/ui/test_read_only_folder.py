"""The data folder turns read-only mid-call: notes wait in memory, the agent is warned, and
nothing is lost once it is writable again.

The files are made immutable with chattr (even root cannot write them then). A read-only
remount is not possible while SQLite holds the file open for writing (the kernel says EBUSY),
and the memory-mapped -shm file stays writable because SQLite maps it (an immutable one would
kill the process with SIGBUS, which no real folder does).
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from calmcall.domain import NoteKind
from calmcall.services.calls import CallService
from calmcall.storage.engine import open_database
from tests.helpers.gui import child, make_services, make_window


def chattr(flag, *paths):
    return subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True, text=True)


@pytest.fixture
def lockable(tmp_path):
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    probe = tmp_path / "probe"
    probe.write_text("x")
    done = chattr("+i", probe)
    if done.returncode != 0:
        pytest.skip(f"cannot make files read-only here: {done.stderr.strip()}")
    chattr("-i", probe)
    made_read_only: list = []
    yield tmp_path, made_read_only
    chattr("-i", *made_read_only)  # always give the folder back, or it cannot be cleaned up


def type_note(qtbot, window, text):
    pad = child(window, "notePad")
    qtbot.keyClicks(pad, text)
    qtbot.keyClick(pad, Qt.Key.Key_Return)


def test_notes_typed_while_the_folder_is_read_only_are_kept_and_written_later(qtbot, lockable):
    folder, made_read_only = lockable
    services = make_services(folder)
    window = make_window(qtbot, services)
    type_note(qtbot, window, "before")
    call_id = window.current_call.id

    files = [folder / "calmcall.sqlite3", folder / "calmcall.sqlite3-wal", folder]
    made_read_only.extend(files)
    assert chattr("+i", *files).returncode == 0
    services.clock.advance(20)
    type_note(qtbot, window, "new address: 4 Elm Row")
    services.clock.advance(20)
    type_note(qtbot, window, "wants a call on Tuesday")
    assert len(window.outbox.pending) == 2
    bar = window.findChild(QLabel, "messageBar")
    assert bar.isVisible() and "2 notes" in bar.text() and "retried" in bar.text()

    chattr("-i", *files)  # writable again
    window.retry_pending_notes()
    assert window.outbox.pending == () and not bar.isVisible()
    record = CallService(open_database(folder / "calmcall.sqlite3")).record(call_id)
    assert [(n.stamp, n.text) for n in record.notes if n.kind == NoteKind.NOTE] == [
        ("00:00", "before"), ("00:20", "new address: 4 Elm Row"),
        ("00:40", "wants a call on Tuesday")]
