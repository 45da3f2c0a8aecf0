"""Callbacks in the window: the promise form by keys, today's list and every row action,
reminders on a fake clock, and the printed list. Nothing sleeps: the clock is moved by hand."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from calmcall.clock import FakeClock
from calmcall.domain import CallbackStatus, Customer, NoteKind
from calmcall.services.callback_sheet import day_json
from calmcall.services.callbacks import EventKind
from tests.helpers.gui import FakeAsk, child, make_services, make_window
from ui.promise_form import PromiseDialog, PromiseRequest

LONDON = ZoneInfo("Europe/London")
CTRL = Qt.KeyboardModifier.ControlModifier
START = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)  # a Monday morning


@pytest.fixture
def services(tmp_path):
    s = make_services(tmp_path, FakeClock(START))
    s.callbacks.tz = LONDON
    return s


@pytest.fixture
def ask():
    return FakeAsk()


@pytest.fixture
def window(qtbot, services, ask):
    return make_window(qtbot, services, ask)


def start_call(qtbot, window, name="Dana Price", phone="+44 20 7946 0958"):
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    qtbot.keyClicks(child(window, "customerName"), name)
    qtbot.keyClicks(child(window, "customerPhone"), phone)
    window.save_customer()
    window.notes.focus_input()
    return window.current_call


def promise(window, ask, minutes, text, cadence=None):
    ask.promise_answers.append(PromiseRequest(START + timedelta(minutes=minutes), text, "",
                                              cadence))
    window.promise_callback()


# -- the promise form --------------------------------------------------------------------------


def make_form(qtbot, services, now=START):
    form = PromiseDialog(now, services.settings, services.callbacks.check_due, LONDON,
                         "+44 20 7946 0958")
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form


def test_three_keys_promise_in_one_hour(qtbot, services):
    form = make_form(qtbot, services)
    assert form.picks.hasFocus()
    qtbot.keyClick(form.picks, Qt.Key.Key_2)
    qtbot.keyClick(form.picks, Qt.Key.Key_Return)
    assert form.result() == PromiseDialog.DialogCode.Accepted
    answer = form.result_value()
    assert answer.due_at == START + timedelta(hours=1)
    assert answer.phone == "+44 20 7946 0958" and answer.cadence_minutes is None


def test_arrows_text_and_cadence_by_keys(qtbot, services):
    form = make_form(qtbot, services)
    qtbot.keyClick(form.picks, Qt.Key.Key_Down)
    qtbot.keyClick(form.picks, Qt.Key.Key_Down)  # end of the business day
    form.promise.setFocus()
    qtbot.keyClicks(form.promise, "confirm the refund")
    form.cadence_on.setChecked(True)
    form.cadence_count.setValue(30)
    form.cadence_unit.setCurrentIndex(0)  # minutes
    qtbot.keyClick(form.promise, Qt.Key.Key_Return)
    assert form.result() == PromiseDialog.DialogCode.Accepted
    answer = form.result_value()
    assert answer.due_at == datetime(2026, 3, 2, 17, 0, tzinfo=LONDON)
    assert (answer.promise, answer.cadence_minutes) == ("confirm the refund", 30)


def test_a_past_custom_time_is_refused_and_says_what_to_do(qtbot, services):
    form = make_form(qtbot, services)
    qtbot.keyClick(form.picks, Qt.Key.Key_5)
    assert form.custom.isEnabled() and form.custom.hasFocus()
    form.custom.setDateTime(form.custom.dateTime().addSecs(-3 * 3600))  # 08:00 today
    qtbot.keyClick(form.custom, Qt.Key.Key_Return)
    assert form.isVisible() and form.result() != PromiseDialog.DialogCode.Accepted
    assert "has already passed" in form.message.text()
    assert "Pick a time later than now" in form.message.text()


def test_outside_business_hours_warns_once_then_enter_keeps_it(qtbot, services):
    evening = datetime(2026, 3, 2, 16, 30, tzinfo=LONDON)
    form = make_form(qtbot, services, evening)
    qtbot.keyClick(form.picks, Qt.Key.Key_2)  # 17:30: after the business day
    qtbot.keyClick(form.picks, Qt.Key.Key_Return)
    assert form.isVisible()
    assert "outside business hours" in form.message.text()
    assert "Press Enter again" in form.message.text()
    qtbot.keyClick(form.picks, Qt.Key.Key_Return)
    assert form.result() == PromiseDialog.DialogCode.Accepted


# -- promising from the window -----------------------------------------------------------------


def test_ctrl_b_promises_and_the_note_and_card_follow(qtbot, window, services, ask):
    call = start_call(qtbot, window)
    ask.promise_answers.append(PromiseRequest(START + timedelta(minutes=30), "refund", "", None))
    qtbot.keyClick(window.notes.input, Qt.Key.Key_B, CTRL)

    assert ask.promise_asked[0]["phone"] == "+44 20 7946 0958"
    record = services.calls.record(call.id)
    assert [c.promise for c in record.callbacks] == ["refund"]
    assert [n.text for n in record.notes if n.kind == NoteKind.PROMISE] == [
        "Callback promised for Mon 10:30: refund"]
    log = window.notes.log
    assert log.item(log.count() - 1).text().endswith("Callback promised for Mon 10:30: refund")
    assert window.findChild(QLineEdit, "notePad").hasFocus()
    assert window.render_card("I'll call you back {callback_time}.") == (
        "I'll call you back by 10:30.")


def test_promise_button_is_for_a_running_call(qtbot, window):
    button = child(window, "promiseCallbackButton")
    assert not button.isEnabled()
    start_call(qtbot, window)
    assert button.isEnabled()


# -- today's list ------------------------------------------------------------------------------


@pytest.fixture
def three(qtbot, window, ask):
    """Three promises during one call, as in the issue's "done when"."""
    start_call(qtbot, window)
    promise(window, ask, 10, "confirm refund")
    promise(window, ask, 60, "courier update", cadence=120)
    promise(window, ask, 24 * 60, "check replacement arrived")
    return window


def open_list(qtbot, window):
    qtbot.keyClick(window.notes.input, Qt.Key.Key_T, CTRL)
    view = window.callback_desk.list_window
    assert view is not None and view.objectName() == "todayCallbacks"
    qtbot.waitExposed(view)
    return view


def section_rows(view):
    rows, current = {}, None
    for r in range(view.model.rowCount()):
        if view.model.is_header(r):
            current = view.model.section_at(r)
            rows[current] = []
        else:
            rows[current].append(view.model.row_texts(r))
    return rows


def test_list_shows_the_promises_and_moves_a_row_to_overdue_as_time_passes(
        qtbot, three, services):
    view = open_list(qtbot, three)
    rows = section_rows(view)
    assert [r[3] for r in rows["due_now"]] == ["confirm refund"]
    assert [r[3] for r in rows["later"]] == ["courier update [update every 2 hours]"]
    assert rows["overdue"] == [] and rows["done"] == []
    first = rows["due_now"][0]
    assert first[:3] == ["10:10", "Dana Price", "+44 20 7946 0958"]
    assert first[4:] == ["0", "Call #1 ›"]

    services.clock.advance(minutes=16)
    view.timer.timeout.emit()  # what the 30-second timer does
    assert [r[3] for r in section_rows(view)["overdue"]] == ["confirm refund"]

    view.step_day(1)  # other days can be browsed
    assert [r[3] for r in section_rows(view)["later"]] == ["check replacement arrived"]


def select(view, text):
    for r in range(view.model.rowCount()):
        item = view.model.callback_at(r)
        if item is not None and item.callback.promise == text:
            view.table.selectRow(r)
            return item
    raise AssertionError(text)


def click(qtbot, view, name):
    qtbot.mouseClick(child(view, name), Qt.MouseButton.LeftButton)


def test_every_row_action(qtbot, three, services, ask):
    view = open_list(qtbot, three)
    cbs = services.callbacks

    item = select(view, "confirm refund")
    ask.text_answers.append("refund confirmed, customer happy")
    click(qtbot, view, "callbackDone")
    assert cbs.get(item.id).callback.status is CallbackStatus.DONE
    assert [r[3] for r in section_rows(view)["done"]] == ["confirm refund"]

    item = select(view, "courier update")
    click(qtbot, view, "callbackSnooze10")
    assert cbs.get(item.id).callback.due_at == START + timedelta(minutes=70)
    click(qtbot, view, "callbackSnooze60")
    assert cbs.get(item.id).callback.due_at == START + timedelta(minutes=130)
    ask.when_answers.append(START + timedelta(hours=3))
    click(qtbot, view, "callbackSnoozeUntil")
    assert cbs.get(item.id).callback.due_at == START + timedelta(hours=3)

    ask.text_answers.append("engineer booked")
    click(qtbot, view, "callbackUpdate")  # with a cadence: the next update is scheduled
    assert cbs.get(item.id).callback.due_at == START + timedelta(hours=2)

    item = select(view, "courier update")
    ask.when_answers.append(START + timedelta(hours=5))
    click(qtbot, view, "callbackNoAnswer")  # logs the attempt, offers a new time
    after = cbs.get(item.id).callback
    assert after.attempts == 1 and after.due_at == START + timedelta(hours=5)
    assert ask.when_asked[-1] == "No answer: when will you try again?"

    ask.when_answers.append(START + timedelta(hours=6))
    click(qtbot, view, "callbackReschedule")
    assert cbs.get(item.id).callback.due_at == START + timedelta(hours=6)

    ask.text_answers.append("")  # no reason: refused, and the message says what to do
    click(qtbot, view, "callbackCancel")
    assert "Say why" in view.message.text()
    ask.text_answers.append("customer solved it")
    click(qtbot, view, "callbackCancel")
    assert cbs.get(item.id).callback.status is CallbackStatus.CANCELLED

    kinds = [e.kind for e in cbs.events(item.id)]
    assert kinds == [EventKind.PROMISED, EventKind.SNOOZED, EventKind.SNOOZED,
                     EventKind.SNOOZED, EventKind.UPDATE, EventKind.NO_ANSWER,
                     EventKind.RESCHEDULED, EventKind.RESCHEDULED, EventKind.CANCELLED]
    # The call is still running: every action is in its notes and on the pad.
    pad = [three.notes.log.item(i).text() for i in range(three.notes.log.count())]
    assert pad[-1].endswith("Callback cancelled: customer solved it")


def test_the_call_link_opens_the_originating_call(qtbot, three):
    view = open_list(qtbot, three)
    select(view, "confirm refund")
    click(qtbot, view, "callbackOpenCall")
    assert three.history.isVisible()  # the call's detail, in the history window
    timeline = three.history.detail.timeline
    lines = [timeline.item(i).text() for i in range(timeline.count())]
    assert any("Callback promised for Mon 10:10: confirm refund" in line for line in lines)
    assert three.history.selected_call_id() == three.current_call.id


# -- reminders ---------------------------------------------------------------------------------


def test_reminder_fires_on_the_fake_clock_without_taking_the_focus(qtbot, three, services):
    reminders = three.callback_desk.reminders
    pad = three.findChild(QLineEdit, "notePad")
    assert pad.hasFocus()
    services.clock.set(START + timedelta(minutes=4))
    assert reminders.check_now() == []
    services.clock.set(START + timedelta(minutes=5))  # 10:10 minus the 5-minute lead
    with qtbot.waitSignal(reminders.reminded):
        fired = reminders.check_now()
    assert [i.callback.promise for i in fired] == ["confirm refund"]
    assert "10:10 · Dana Price" in three.message_bar.text()
    assert "Ctrl+T" in three.message_bar.text()
    assert pad.hasFocus() and QApplication.activeWindow() is three
    assert reminders.check_now() == []  # once


def test_reminder_after_a_restart(qtbot, tmp_path, services, ask):
    first = make_window(qtbot, services, ask)
    start_call(qtbot, first)
    promise(first, ask, 30, "ring back")
    first.hide()  # (qtbot deletes it at the end) the restart reads everything from disk

    services.clock.set(START + timedelta(hours=1))  # CalmCall was closed at 10:30
    again = make_window(qtbot, services, FakeAsk())
    reminders = again.callback_desk.reminders
    with qtbot.waitSignal(reminders.reminded):
        reminders.start()
    assert "1 callback fell due while CalmCall was closed" in again.message_bar.text()
    assert reminders.check_now() == []  # announced once, not again on the next tick
    reminders.stop()


def test_unhandled_for_two_hours_is_marked_missed(qtbot, three, services):
    reminders = three.callback_desk.reminders
    reminders.check_now()
    services.clock.set(START + timedelta(minutes=10 + 121))
    with qtbot.waitSignal(reminders.missed):
        reminders.check_now()
    assert "Marked missed" in three.message_bar.text()


# -- paper and the command line agree with the window ------------------------------------------


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_printed_list_and_json_agree_with_the_window(qtbot, three, services, ask, tmp_path):
    view = open_list(qtbot, three)
    services.clock.advance(minutes=16)
    view.refresh()
    ask.pdf_path_answer = tmp_path / "list.pdf"
    click(qtbot, view, "callbacksPdf")
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "list.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    text = unicodedata.normalize("NFKC", text)  # the PDF font sets "fi" as a ligature
    data = day_json(services.callbacks.day_list(), LONDON)
    window_rows = section_rows(view)
    for section in data["sections"]:
        assert f"{section['title']} ({len(section['callbacks'])})" in text
        assert [c["promise"] for c in section["callbacks"]] == [
            r[3].split(" [")[0] for r in window_rows[section["key"]]]
        for c in section["callbacks"]:
            assert c["promise"] in text and c["due"] in text
    assert text.count("☐") == 2  # one tick box per open callback of the day

    click(qtbot, view, "callbacksPrint")
    assert "confirm refund" in ask.previews[-1]
    assert ask.previews[-1].count("<td class='box'>") == 2  # one row per callback


def test_printed_text_is_escaped(qtbot, window, services, ask):
    start_call(qtbot, window, name="<b>Bold</b> & Co")
    promise(window, ask, 30, "<script>x</script>")
    view = open_list(qtbot, window)
    html = view.sheet_html()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in html


def test_customer_update_does_not_break_promises(qtbot, window, services, ask):
    call = start_call(qtbot, window)
    services.calls.update_customer(call.id, Customer("Dana P", "0700"))
    promise(window, ask, 30, "x")
    assert services.callbacks.latest_open_for_call(call.id) is not None
