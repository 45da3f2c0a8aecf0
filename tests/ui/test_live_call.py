"""The live-call window driven by keys, as an agent on the phone would: start, type, tick,
card, mood and wrap-up. Every check reads the database file back, not the widgets alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QListWidget

from calmcall.domain import NoteKind, Outcome
from tests.helpers.gui import FakeAsk, child, make_services, make_window

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def services(tmp_path):
    return make_services(tmp_path)


@pytest.fixture
def ask():
    return FakeAsk()


@pytest.fixture
def window(qtbot, services, ask):
    return make_window(qtbot, services, ask)


def stored(services, call_id):
    """The call as a freshly started CalmCall would read it from disk."""
    from calmcall.services.calls import CallService
    from calmcall.storage.engine import open_database

    return CallService(open_database(services.paths.database)).record(call_id)


def type_note(qtbot, window, text):
    pad = child(window, "notePad")
    qtbot.keyClicks(pad, text)
    qtbot.keyClick(pad, Qt.Key.Key_Return)


def test_ctrl_n_starts_a_call_with_a_running_timer_and_the_cursor_in_the_note_pad(
        qtbot, window, services):
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)

    call = window.current_call
    assert call is not None and call.running
    assert window.findChild(QLineEdit, "notePad").hasFocus()
    assert not child(window, "startCallButton").isEnabled()
    assert child(window, "endCallButton").isEnabled()
    services.clock.advance(75)
    qtbot.waitUntil(lambda: child(window, "callTimer").text() == "01:15", timeout=2000)


def test_start_button_starts_a_call(qtbot, window):
    qtbot.mouseClick(child(window, "startCallButton"), Qt.MouseButton.LeftButton)
    assert window.current_call is not None


def test_enter_stores_a_stamped_note_and_typing_with_no_call_starts_one(
        qtbot, window, services):
    assert window.current_call is None
    type_note(qtbot, window, "Parcel never arrived")
    services.clock.advance(65)
    type_note(qtbot, window, "Third time calling")

    call = window.current_call
    assert call is not None
    notes = [(n.stamp, n.text) for n in stored(services, call.id).notes if n.kind == NoteKind.NOTE]
    assert notes == [("00:00", "Parcel never arrived"), ("01:05", "Third time calling")]
    log = window.findChild(QListWidget, "noteLog")
    assert [log.item(i).text() for i in range(log.count())] == [
        "[00:00] Parcel never arrived", "[01:05] Third time calling"]
    assert child(window, "notePad").text() == ""


def test_blank_lines_are_not_stored(qtbot, window, services):
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    type_note(qtbot, window, "   ")
    assert stored(services, window.current_call.id).notes == ()


def test_ctrl_digits_tick_and_untick_steps_and_stamp_the_notes(qtbot, window, services):
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    services.clock.advance(12)
    pad = child(window, "notePad")
    qtbot.keyClick(pad, Qt.Key.Key_1, CTRL)  # focus in the note pad: the key must still work
    services.clock.advance(30)
    qtbot.keyClick(pad, Qt.Key.Key_2, CTRL)

    record = stored(services, window.current_call.id)
    assert [(s.title, s.elapsed_s) for s in record.steps] == [("Recognize", 12.0),
                                                              ("Listen", 42.0)]
    assert [n.text for n in record.notes if n.kind == NoteKind.STEP] == ["✓ Recognize",
                                                                         "✓ Listen"]
    hint = window.findChild(QLabel, "stepHint").text()
    assert "3" in hint and "Respond" in hint  # the next step is now the current one

    qtbot.keyClick(pad, Qt.Key.Key_2, CTRL)
    record = stored(services, window.current_call.id)
    assert [s.title for s in record.steps] == ["Recognize"]
    assert "Listen" in window.findChild(QLabel, "stepHint").text()


def test_clicking_a_step_box_ticks_it(qtbot, window, services):
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    steps = window.findChild(QListWidget, "stepChecklist")
    steps.item(2).setCheckState(Qt.CheckState.Checked)  # what a click on the box does
    record = stored(services, window.current_call.id)
    assert [s.step_id for s in record.steps] == ["respond"]


def test_ctrl_k_finds_a_card_enter_shows_copies_and_records_it(qtbot, window, services):
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    qtbot.keyClicks(child(window, "customerName"), "Ms Okafor")
    services.clock.advance(20)
    qtbot.keyClick(child(window, "notePad"), Qt.Key.Key_K, CTRL)
    search = window.findChild(QLineEdit, "cardSearch")
    assert search.hasFocus()
    qtbot.keyClicks(search, "can help")
    qtbot.keyClick(search, Qt.Key.Key_Return)

    shown = window.findChild(QLabel, "cardView").text()
    assert "I can help you with that" in shown
    assert "Ms Okafor" in shown and "{" not in shown
    assert QApplication.clipboard().text() == shown
    record = stored(services, window.current_call.id)
    assert [(u.card_id, u.elapsed_s) for u in record.cards_used] == [("stay_calm.can-help", 20.0)]
    assert window.findChild(QLineEdit, "notePad").hasFocus()  # straight back to typing


def test_escape_in_card_search_goes_back_to_the_note_pad(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(child(window, "cardSearch"), "sorry")
    qtbot.keyClick(child(window, "cardSearch"), Qt.Key.Key_Escape)
    assert child(window, "notePad").hasFocus()
    assert child(window, "cardSearch").text() == ""


def test_current_steps_cards_are_listed_and_clicking_one_records_it(qtbot, window, services):
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    cards = window.findChild(QListWidget, "scriptCards")
    assert cards.count() >= 1
    first = cards.item(0)
    rect = cards.visualItemRect(first)
    qtbot.mouseClick(cards.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    record = stored(services, window.current_call.id)
    assert len(record.cards_used) == 1


def test_mood_by_alt_keys_and_arrows_is_stored_with_its_time(qtbot, window, services):
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    qtbot.keyClick(child(window, "notePad"), Qt.Key.Key_1, ALT)
    services.clock.advance(90)
    scale = child(window, "moodScale")
    scale.setFocus()
    qtbot.keyClick(scale, Qt.Key.Key_Right)
    record = stored(services, window.current_call.id)
    assert [m.value for m in record.mood] == [1, 2]
    assert (record.mood[1].at - record.mood[0].at).total_seconds() == 90
    assert [n.text for n in record.notes if n.kind == NoteKind.MOOD] == ["Mood 1: Furious",
                                                                         "Mood 2: Angry"]


def test_ctrl_e_wraps_up_warns_about_open_steps_and_saves(qtbot, window, services, ask):
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    qtbot.keyClicks(child(window, "customerPhone"), "020 7946 0000")
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    call_id = window.current_call.id
    services.clock.advance(180)
    qtbot.keyClick(child(window, "customerPhone"), Qt.Key.Key_E, CTRL)

    assert [s.title for s in ask.wrap_up_asked[0]] == [
        "Listen", "Respond: fix first", "Take ownership", "Escalate", "Follow up"]
    call = stored(services, call_id).call
    assert call.outcome is Outcome.RESOLVED
    assert (call.category, call.root_cause) == ("Delivery", "courier lost parcel")
    assert call.customer.phone == "020 7946 0000"
    assert (call.ended_at - call.started_at).total_seconds() == 180
    assert window.current_call is None
    assert child(window, "startCallButton").isEnabled()


def test_backing_out_of_wrap_up_keeps_the_call_running(qtbot, window, services, ask):
    ask.wrap_up_answer = None
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    assert window.current_call is not None and window.current_call.running


def test_a_second_call_starts_clean(qtbot, window, services):
    type_note(qtbot, window, "first call")
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    first = window.current_call.id
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    type_note(qtbot, window, "second call")
    assert window.current_call.id != first
    assert window.findChild(QListWidget, "noteLog").count() == 1
    assert stored(services, window.current_call.id).steps == ()


def test_switching_playbook_shows_its_steps(qtbot, window, services):
    picker = child(window, "playbookPicker")
    index = picker.findData("fire_drill")
    picker.setCurrentIndex(index)
    picker.activated.emit(index)
    steps = window.findChild(QListWidget, "stepChecklist")
    assert "Agree an update cadence" in steps.item(0).text()
    type_note(qtbot, window, "x")
    assert stored(services, window.current_call.id).call.playbook_id == "fire_drill"


def test_f1_shows_the_keys(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.findChild(QDialog, "shortcutSheet")
    assert dialog is not None and dialog.isVisible()
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    for key in ("Ctrl+N", "Ctrl+E", "Ctrl+K", "Ctrl+L", "F1"):
        assert key in text


def test_a_half_typed_note_survives_a_trip_to_the_card_search(qtbot, window, services):
    pad = child(window, "notePad")
    qtbot.keyClicks(pad, "customer wants")
    qtbot.keyClick(pad, Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(child(window, "cardSearch"), "sorry")
    qtbot.keyClick(child(window, "cardSearch"), Qt.Key.Key_Escape)
    qtbot.keyClicks(pad, " a refund")
    qtbot.keyClick(pad, Qt.Key.Key_Return)
    notes = stored(services, window.current_call.id).notes
    assert [n.text for n in notes if n.kind == NoteKind.NOTE] == ["customer wants a refund"]


def test_ctrl_l_goes_to_the_note_pad(qtbot, window):
    child(window, "customerName").setFocus()
    qtbot.keyClick(child(window, "customerName"), Qt.Key.Key_L, CTRL)
    assert child(window, "notePad").hasFocus()


def test_a_refused_note_is_kept_shown_and_written_later_with_its_time(
        qtbot, window, services, ask, monkeypatch):
    from sqlalchemy.exc import OperationalError

    type_note(qtbot, window, "saved fine")
    real_add_note = services.calls.add_note

    def disk_full(*_a, **_k):
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(services.calls, "add_note", disk_full)
    services.clock.advance(30)
    type_note(qtbot, window, "the customer's new address")
    log = window.findChild(QListWidget, "noteLog")
    assert "not saved yet" in log.item(log.count() - 1).text()
    bar = window.findChild(QLabel, "messageBar")
    assert bar.isVisible() and "disk is full" in bar.text() and "retried" in bar.text()
    assert child(window, "notePad").text() == ""

    window.close()  # the agent tries to close: asked first, and "no" keeps the window
    assert ask.close_asked == [1] and window.isVisible()

    monkeypatch.setattr(services.calls, "add_note", real_add_note)  # space is back
    services.clock.advance(60)
    window.retry_pending_notes()
    assert not bar.isVisible()
    assert log.item(log.count() - 1).text() == "[00:30] the customer's new address"
    notes = stored(services, window.current_call.id).notes
    assert [(n.stamp, n.text) for n in notes if n.kind == NoteKind.NOTE] == [
        ("00:00", "saved fine"), ("00:30", "the customer's new address")]


def test_wrap_up_waits_for_notes_the_disk_refused(qtbot, window, services, ask, monkeypatch):
    from sqlalchemy.exc import OperationalError

    real_add_note = services.calls.add_note

    def disk_full(*_a, **_k):
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    type_note(qtbot, window, "first")
    monkeypatch.setattr(services.calls, "add_note", disk_full)
    type_note(qtbot, window, "the new address")
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    assert ask.wrap_up_asked == [] and window.current_call is not None  # not wrapped up
    assert "still has notes the disk refused" in window.findChild(QLabel, "messageBar").text()

    monkeypatch.setattr(services.calls, "add_note", real_add_note)  # space is back
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    assert len(ask.wrap_up_asked) == 1 and window.current_call is None
    notes = [n.text for n in stored(services, 1).notes if n.kind == NoteKind.NOTE]
    assert notes == ["first", "the new address"]


def test_a_1_mb_paste_is_stored_whole_and_shown_short(qtbot, window, services):
    pasted = ("the customer read out the whole contract " * 30_000)[:1_000_000]
    pad = child(window, "notePad")
    pad.setText(pasted)  # what a paste does
    qtbot.keyClick(pad, Qt.Key.Key_Return)
    notes = stored(services, window.current_call.id).notes
    assert [n.text for n in notes if n.kind == NoteKind.NOTE] == [pasted.strip()]
    line = window.findChild(QListWidget, "noteLog").item(0).text()
    assert line.startswith("[00:00] the customer read out") and line.endswith("all saved)")
    assert len(line) < 2100
