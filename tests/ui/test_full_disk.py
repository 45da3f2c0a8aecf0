"""A really full disk mid-call: notes are kept in memory, the agent is warned, and nothing is
lost once space returns. Uses a 6 MB tmpfs as the data folder (needs root to mount)."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget

from calmcall.domain import NoteKind
from calmcall.services.calls import CallService
from calmcall.storage.engine import open_database
from tests.helpers.gui import child, make_services, make_window


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small disk here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder):
    """Take every free byte, as a download filling the disk would."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 20, 1 << 16, 1 << 12, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)
    fd = os.open(filler, os.O_WRONLY | os.O_APPEND)
    try:
        with pytest.raises(OSError) as refused:
            os.write(fd, b"\0")
    finally:
        os.close(fd)  # an open file keeps its space even after unlink
    assert refused.value.errno == errno.ENOSPC
    return filler


def type_note(qtbot, window, text):
    pad = child(window, "notePad")
    qtbot.keyClicks(pad, text)
    qtbot.keyClick(pad, Qt.Key.Key_Return)


def test_notes_typed_on_a_full_disk_are_kept_and_written_when_space_returns(qtbot, small_disk):
    services = make_services(small_disk)
    window = make_window(qtbot, services)
    type_note(qtbot, window, "before the disk filled")
    call_id = window.current_call.id

    filler = fill(small_disk)
    # Big notes, so SQLite needs new pages whatever space its files already hold.
    said = " ".join(["what the customer said"] * 400)
    typed = []
    for i in range(6):
        services.clock.advance(10)
        typed.append(f"line {i}: {said}")
        type_note(qtbot, window, typed[-1])
        if window.outbox.pending:
            break
    assert window.outbox.pending, "the full disk never refused a write"
    bar = window.findChild(QLabel, "messageBar")
    assert bar.isVisible() and "refused" in bar.text()
    services.clock.advance(10)
    type_note(qtbot, window, "typed while full")  # queued behind the others, in order
    typed.append("typed while full")

    os.unlink(filler)  # space returns
    window.retry_pending_notes()
    assert window.outbox.pending == ()
    assert not bar.isVisible()
    log = window.findChild(QListWidget, "noteLog")
    assert all("not saved yet" not in log.item(i).text() for i in range(log.count()))

    record = CallService(open_database(small_disk / "calmcall.sqlite3")).record(call_id)
    texts = [n.text for n in record.notes if n.kind == NoteKind.NOTE]
    assert texts == ["before the disk filled", *typed]
    elapsed = [n.elapsed_s for n in record.notes if n.kind == NoteKind.NOTE]
    assert elapsed == sorted(elapsed) and elapsed[-1] == 10.0 * len(typed)
