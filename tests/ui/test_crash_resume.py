"""Nothing lost: a real CalmCall process killed mid-call keeps every acknowledged note, and the
next start offers to resume the call with everything typed so far."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QListWidget

from calmcall.domain import NoteKind
from calmcall.services.calls import CallService
from calmcall.storage.engine import open_database
from tests.helpers.gui import FakeAsk, make_services, make_window

ROOT = Path(__file__).resolve().parents[2]
ACKS_BEFORE_KILL = 40


@pytest.fixture
def killed_mid_call(tmp_path):
    """Run the app, let it store some notes, SIGKILL it; return the acknowledged lines."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "tests.helpers.crash_driver", str(tmp_path)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8")
    acked: list[str] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("ACK "):
                acked.append(line[4:].rstrip("\n"))
            if len(acked) >= ACKS_BEFORE_KILL:
                break
    finally:
        proc.send_signal(signal.SIGKILL)
        _out, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert len(acked) >= ACKS_BEFORE_KILL, f"the app stopped early: {err[-2000:]}"
    return tmp_path, acked


def test_every_acknowledged_note_survives_a_kill(killed_mid_call):
    folder, acked = killed_mid_call
    calls = CallService(open_database(folder / "calmcall.sqlite3"))
    call = calls.interrupted_call()
    assert call is not None, "the killed call must still be open"
    record = calls.record(call.id)
    stored = [n.text for n in record.notes if n.kind == NoteKind.NOTE]
    typed = [a for a in acked if a != "tick+mood"]
    assert stored[: len(typed)] == typed
    assert [s.title for s in record.steps] == ["Recognize"]
    assert [m.value for m in record.mood] == [2]


def test_the_next_start_offers_to_resume_with_everything(qtbot, killed_mid_call):
    folder, acked = killed_mid_call
    ask = FakeAsk(resume_answer=True)
    window = make_window(qtbot, make_services(folder), ask)
    assert window.offer_resume() is True

    call, note_count = ask.resume_asked[0]
    assert note_count >= len(acked)
    assert window.current_call is not None and window.current_call.id == call.id
    log = window.findChild(QListWidget, "noteLog")
    lines = [log.item(i).text() for i in range(log.count())]
    for text in [a for a in acked if a != "tick+mood"]:
        assert any(line.endswith(text) for line in lines)
    assert lines[-1].endswith("Call resumed after CalmCall restarted")


def test_declining_resume_files_the_call_without_an_outcome(qtbot, killed_mid_call):
    folder, _acked = killed_mid_call
    services = make_services(folder)
    window = make_window(qtbot, services, FakeAsk(resume_answer=False))
    call = services.calls.interrupted_call()
    assert window.offer_resume() is False
    assert services.calls.interrupted_call() is None
    ended = services.calls.get_call(call.id)
    assert ended.ended_at is not None and ended.outcome is None
    assert window.current_call is None
