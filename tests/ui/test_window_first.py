"""The window is shown before the data layer loads; nothing the agent does meanwhile is lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget

from calmcall.domain import NoteKind
from calmcall.paths import resolve
from main import attach_data, create_window
from tests.helpers.gui import FakeAsk

ROOT = Path(__file__).resolve().parents[2]
CTRL = Qt.KeyboardModifier.ControlModifier


def test_the_window_shows_without_loading_the_data_layer(tmp_path):
    probe = ("import sys, main; from calmcall.paths import resolve; "
             f"w = main.create_window(resolve({str(tmp_path)!r})); w.show(); "
             "print(sorted(m for m in ('sqlalchemy', 'alembic', 'jinja2', 'pyqtgraph') "
             "if m in sys.modules))")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_keys_pressed_before_the_data_arrives_wait_and_then_count(qtbot, tmp_path):
    window = create_window(resolve(tmp_path), FakeAsk())
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)  # the phone rang: the agent starts at once
    pad = window.notes.input
    qtbot.keyClicks(pad, "Customer is furious about the bill")
    qtbot.keyClick(pad, Qt.Key.Key_Return)
    qtbot.keyClicks(pad, "and wants")  # still typing while the data layer loads
    assert window.current_call is None  # no database yet
    assert "Opening your call history" in window.statusBar().currentMessage()

    assert attach_data(window, resolve(tmp_path))
    call = window.current_call
    assert call is not None
    log = window.findChild(QListWidget, "noteLog")
    assert [log.item(i).text() for i in range(log.count())] == [
        "[00:00] Customer is furious about the bill"]
    from calmcall.services.calls import CallService
    from calmcall.storage.engine import open_database

    stored = CallService(open_database(tmp_path / "calmcall.sqlite3")).record(call.id)
    assert [n.text for n in stored.notes if n.kind == NoteKind.NOTE] == [
        "Customer is furious about the bill"]
    assert pad.text() == "and wants"  # what came after Enter is still in the pad
