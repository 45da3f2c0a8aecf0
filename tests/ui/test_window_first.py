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
             "print(sorted(m for m in ('sqlalchemy', 'alembic', 'jinja2', 'pyqtgraph', "
             "'calmcall.domain.records', 'tomllib') if m in sys.modules))")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    starts = [subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60, check=True)
              for _ in range(2)]
    assert starts[0].stdout.strip() == "['tomllib']"  # the first start parses the playbooks
    assert starts[1].stdout.strip() == "[]"  # later ones find them in the cache


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


def test_an_early_ctrl_n_is_not_taken_for_the_interrupted_call(qtbot, tmp_path):
    from calmcall.domain import Customer
    from tests.helpers.core import make_core

    core = make_core(tmp_path)
    old = core.calls.start_call("defuse", Customer("Ada"))
    core.calls.add_note(old.id, "before the crash")
    core.close()
    ask = FakeAsk(resume_answer=False)
    window = create_window(resolve(tmp_path), ask)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)  # a new caller, before the data has loaded

    assert attach_data(window, resolve(tmp_path), offer_resume=True)
    assert [call.id for call, _n in ask.resume_asked] == [old.id]  # asked about the old one
    from calmcall.services.calls import CallService
    from calmcall.storage.engine import open_database

    calls = CallService(open_database(tmp_path / "calmcall.sqlite3"))
    assert calls.get_call(old.id).ended_at is not None  # filed, as the agent chose
    new = window.current_call
    assert new is not None and new.id != old.id and calls.get_call(new.id).running


def test_enter_twice_before_the_data_arrives_stores_the_note_once(qtbot, tmp_path):
    window = create_window(resolve(tmp_path), FakeAsk())
    qtbot.addWidget(window)
    window.show()
    pad = window.notes.input
    qtbot.keyClicks(pad, "Wants a refund")
    qtbot.keyClick(pad, Qt.Key.Key_Return)
    assert pad.text() == ""  # out of the pad at once: a second Enter has nothing to send
    qtbot.keyClick(pad, Qt.Key.Key_Return)
    log = window.findChild(QListWidget, "noteLog")
    assert "Wants a refund" in log.item(0).text() and "saving" in log.item(0).text()

    assert attach_data(window, resolve(tmp_path))
    assert [log.item(i).text() for i in range(log.count())] == ["[00:00] Wants a refund"]
