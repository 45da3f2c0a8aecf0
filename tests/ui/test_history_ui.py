"""The history window, driven like an agent: Ctrl+H, typing a search, a call's detail,
a correction, and Ctrl+P's print preview (through the FakeHistoryAsk seam)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTableView

from calmcall.cli import main as cli_main
from calmcall.domain import NoteKind, Outcome
from calmcall.services.history import HistoryFilter
from tests.helpers.gui import make_services, make_window
from tests.helpers.history import FakeHistoryAsk
from ui.history_model import HistoryModel


@pytest.fixture
def demo_services(tmp_path: Path):  # type: ignore[no-untyped-def]
    assert cli_main(["--data-dir", str(tmp_path), "demo", "--calls", "300"]) == 0
    return make_services(tmp_path)


def test_the_model_passes_qtmodeltester(qtmodeltester, demo_services) -> None:  # type: ignore[no-untyped-def]
    model = HistoryModel(demo_services.history)
    model.reload()
    qtmodeltester.check(model, force_py=True)
    model.sort(2, Qt.SortOrder.AscendingOrder)
    model.set_filter(HistoryFilter(outcome=Outcome.CALLBACK))
    qtmodeltester.check(model, force_py=True)


def test_the_model_loads_only_what_is_shown(demo_services) -> None:  # type: ignore[no-untyped-def]
    model = HistoryModel(demo_services.history)
    model.reload()
    assert model.rowCount() == 300
    model.data(model.index(150, 2))
    assert 0 < len(model._cache) < 300  # noqa: SLF001 (looking, not driving)


def open_history(qtbot, services, ask: FakeHistoryAsk | None = None):  # type: ignore[no-untyped-def]
    window = make_window(qtbot, services, history_ask=ask or FakeHistoryAsk())
    qtbot.keyClick(window.notes.input, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    history = window.history
    qtbot.addWidget(history)
    qtbot.waitUntil(history.isVisible)
    return window, history


def test_ctrl_h_opens_history_and_typing_searches(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    services = make_services(tmp_path)
    calls = services.calls
    wanted = calls.start_call("defuse")
    calls.add_note(wanted.id, "the courier left it in the rain")
    calls.end_call(wanted.id, Outcome.RESOLVED)
    other = calls.start_call("defuse")
    calls.add_note(other.id, "billing question")
    calls.end_call(other.id, Outcome.RESOLVED)

    window, history = open_history(qtbot, services)
    table = history.findChild(QTableView, "historyTable")
    assert table.model().rowCount() == 2
    search = history.findChild(QLineEdit, "historySearch")
    history.activateWindow()
    qtbot.waitUntil(history.isActiveWindow)
    qtbot.keyClick(table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert search.hasFocus()
    with qtbot.waitSignal(history.searched, timeout=2000):
        qtbot.keyClicks(search, "cour")
    qtbot.waitUntil(lambda: table.model().rowCount() == 1)
    assert table.model().call_id(0) == wanted.id
    assert "<b>courier</b>" in history.hits.data(history.hits.index(0))
    with qtbot.waitSignal(history.searched, timeout=2000):
        search.clear()
    assert table.model().rowCount() == 2
    with qtbot.waitSignal(history.searched, timeout=2000):
        # QTest cannot type a character outside the BMP, so the emoji is pasted in.
        search.insert('"* 😡 :')  # no word in it: nothing to search, the whole history shows
    assert table.model().rowCount() == 2
    with qtbot.waitSignal(history.searched, timeout=2000):
        search.insert(" NEAR(")  # an FTS5 operator is just a word nobody wrote
    assert table.model().rowCount() == 0


def test_a_call_shows_its_detail_and_a_correction_keeps_the_original(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    services = make_services(tmp_path)
    call = services.calls.start_call("defuse")
    services.clock.advance(30)
    original = services.calls.add_note(call.id, "Refund of £50 agreed")
    services.calls.record_mood(call.id, 2)
    services.calls.end_call(call.id, Outcome.RESOLVED, "Billing", "typo in the price list")
    ask = FakeHistoryAsk(correction_answer="Refund of £5, not £50")
    _window, history = open_history(qtbot, services, ask)
    history.table.selectRow(0)
    detail = history.detail
    qtbot.waitUntil(lambda: detail.record is not None)
    assert detail.timeline.count() == len(detail.record.notes)
    assert "Refund of £50 agreed" in detail.timeline.item(0).text()
    detail.choose_note(original.id)
    assert detail.correct_button.isEnabled()
    qtbot.mouseClick(detail.correct_button, Qt.MouseButton.LeftButton)
    assert ask.corrections_asked == [original]
    notes = services.calls.record(call.id).notes
    assert notes[0] == original
    assert notes[-1].kind is NoteKind.CORRECTION
    assert "Refund of £5, not £50" in detail.timeline.item(detail.timeline.count() - 1).text()


def test_ctrl_p_previews_the_chosen_call_or_the_running_one(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    services = make_services(tmp_path)
    call = services.calls.start_call("defuse")
    services.calls.add_note(call.id, "<b>not bold</b> note")
    services.calls.end_call(call.id, Outcome.RESOLVED)
    ask = FakeHistoryAsk()
    window, history = open_history(qtbot, services, ask)
    history.activateWindow()
    qtbot.waitUntil(history.isActiveWindow)
    search = history.findChild(QLineEdit, "historySearch")
    search.setFocus()
    qtbot.keyClick(search, Qt.Key.Key_Down)  # from the search field into the calls
    assert history.table.hasFocus() and history.selected_call_id() == call.id
    qtbot.keyClick(history.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    title, html = ask.previews[-1]
    assert "Call summary" in title
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html

    history.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.notes.input, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.notes.input, "running call note")
    qtbot.keyClick(window.notes.input, Qt.Key.Key_Return)
    qtbot.keyClick(window.notes.input, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert "running call note" in ask.previews[-1][1]
    qtbot.mouseClick(history.detail.print_customer_button, Qt.MouseButton.LeftButton)
    assert "customer copy" in ask.previews[-1][0]
