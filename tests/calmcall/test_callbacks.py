"""The callback service on a real database file with a FakeClock: no test sleeps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calmcall.domain import CallbackStatus, NoteKind, Outcome
from calmcall.services.callback_times import QuickPick, quick_pick, validate_due
from calmcall.services.callbacks import CallbackRefused, CallbackService, EventKind
from calmcall.settings import Settings
from tests.helpers.core import Core, customer, make_core

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def core(tmp_path: Path):
    c = make_core(tmp_path)  # Monday 2 March 2026, 14:00 UTC = 14:00 in London
    yield c
    c.close()


@pytest.fixture
def service(core: Core) -> CallbackService:
    return CallbackService(core.sessions, core.clock, Settings(None), tz=LONDON)


def at(hour: int, minute: int = 0, day: int = 2) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=LONDON)


def promise_notes(core: Core, call_id: int) -> list[str]:
    return [n.text for n in core.calls.record(call_id).notes if n.kind == NoteKind.PROMISE]


def test_promise_is_stored_with_the_call_and_written_in_its_notes(core, service):
    call = core.calls.start_call("defuse", customer())
    change = service.promise_callback(call.id, at(14, 30), "refund confirmed", "", 120)

    cb = change.callback
    assert (cb.due_at, cb.original_due_at) == (at(14, 30), at(14, 30))
    assert cb.phone == "+44 20 7946 0958"  # the call's phone when none is given
    assert cb.status is CallbackStatus.OPEN and cb.cadence_minutes == 120
    assert promise_notes(core, call.id) == [
        "Callback promised for Mon 14:30: refund confirmed (update every 2 hours until resolved)"]
    assert change.note is not None and change.note.kind is NoteKind.PROMISE
    assert core.calls.record(call.id).callbacks == (cb,)
    assert [e.kind for e in service.events(cb.id)] == [EventKind.PROMISED]
    # Stored in UTC, whatever zone it was given in.
    assert core.raw("SELECT due_at FROM callbacks")[0][0].startswith("2026-03-02 14:30:00")


def test_promise_after_the_call_ended_adds_no_note(core, service):
    call = core.calls.start_call("defuse", customer())
    core.calls.end_call(call.id, Outcome.CALLBACK)
    change = service.promise_callback(call.id, at(15), "ring back")
    assert change.note is None and promise_notes(core, call.id) == []


@pytest.mark.parametrize(("due", "fragment"), [
    (at(13, 59), "has already passed"),
    (at(14, 0), "has already passed"),
    (datetime(2026, 6, 1, 14, 1, tzinfo=LONDON), "more than 90 days ahead"),
])
def test_times_in_the_past_or_too_far_ahead_are_refused_with_what_to_do(
        core, service, due, fragment):
    call = core.calls.start_call("defuse")
    with pytest.raises(CallbackRefused, match=fragment) as info:
        service.promise_callback(call.id, due, "x")
    assert "Pick" in str(info.value)
    assert core.raw("SELECT count(*) FROM callbacks") == [(0,)]


def test_outside_business_hours_is_a_warning_only(core, service):
    check = service.check_due(at(18, 30))
    assert check.ok and check.errors == ()
    assert "outside business hours (09:00–17:00)" in check.warnings[0]
    assert "pick another time" in check.warnings[0]
    assert service.check_due(at(16, 0)).warnings == ()
    assert service.check_due(at(17, 0)).warnings == ()  # "by the end of the day" is fine


def test_ninety_days_is_the_limit(core, service):
    now = core.clock.now()
    assert validate_due(now + timedelta(days=90), now, Settings(None), LONDON).ok
    assert not validate_due(now + timedelta(days=90, minutes=1), now, Settings(None), LONDON).ok


def test_quick_picks(core):
    settings = Settings(None)
    now = at(14, 7)
    assert quick_pick(QuickPick.IN_15_MINUTES, now, settings, LONDON) == at(14, 22)
    assert quick_pick(QuickPick.IN_1_HOUR, now, settings, LONDON) == at(15, 7)
    assert quick_pick(QuickPick.END_OF_DAY, now, settings, LONDON) == at(17)
    assert quick_pick(QuickPick.END_OF_DAY, at(17, 30), settings, LONDON) == at(17, day=3)
    assert quick_pick(QuickPick.TOMORROW_MORNING, now, settings, LONDON) == at(9, day=3)


def test_tomorrow_morning_is_nine_oclock_across_the_october_clock_change():
    """Clocks go back on Sunday 25 October 2026 (BST -> GMT): 9:00 is 08:00Z, then 09:00Z."""
    settings = Settings(None)
    saturday = datetime(2026, 10, 24, 15, 0, tzinfo=LONDON)
    sunday_9 = quick_pick(QuickPick.TOMORROW_MORNING, saturday, settings, LONDON)
    assert sunday_9.astimezone(UTC) == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)
    assert sunday_9.astimezone(LONDON).hour == 9
    before = datetime(2026, 10, 24, 8, 0, tzinfo=UTC)  # 09:00 BST on the Saturday
    friday = datetime(2026, 10, 23, 15, 0, tzinfo=LONDON)
    assert quick_pick(QuickPick.TOMORROW_MORNING, friday, settings, LONDON) == before
    # A full day's worth of hours is 25 on the change: the pick is not "now + 24 hours".
    saturday_9 = quick_pick(QuickPick.TOMORROW_MORNING, friday, settings, LONDON)
    assert sunday_9.astimezone(UTC) - saturday_9.astimezone(UTC) == timedelta(hours=25)


def test_the_system_zone_is_dst_correct_too(monkeypatch: pytest.MonkeyPatch):
    """With no zone given, the system's is used, and it must not be "today's offset"."""
    import time as systime

    monkeypatch.setenv("TZ", "Europe/London")
    systime.tzset()
    try:
        saturday = datetime(2026, 10, 24, 14, 0, tzinfo=UTC)  # 15:00 BST
        sunday_9 = quick_pick(QuickPick.TOMORROW_MORNING, saturday, Settings(None))
        assert sunday_9.astimezone(UTC) == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)
    finally:
        monkeypatch.undo()
        systime.tzset()


def test_dst_day_list_spans_twenty_five_hours(tmp_path: Path):
    core = make_core(tmp_path, datetime(2026, 10, 25, 0, 30, tzinfo=UTC))  # 01:30 BST
    service = CallbackService(core.sessions, core.clock, Settings(None), tz=LONDON)
    call = core.calls.start_call("defuse")
    late = datetime(2026, 10, 25, 23, 30, tzinfo=UTC)  # 23:30 GMT, still Sunday in London
    service.promise_callback(call.id, late, "late one")
    day = service.day_list(date(2026, 10, 25))
    assert [i.callback.promise for i in day.section("later").items] == ["late one"]
    assert service.describe(late) == "23:30"
    core.close()


def test_day_sections_follow_the_clock(core, service):
    call = core.calls.start_call("defuse", customer())
    soon = service.promise_callback(call.id, at(14, 10), "soon").callback
    later = service.promise_callback(call.id, at(16), "later").callback
    tomorrow = service.promise_callback(call.id, at(10, day=3), "tomorrow").callback

    def sections() -> dict[str, list[int]]:
        return {s.key: [i.id for i in s.items] for s in service.day_list().sections}

    assert sections() == {"overdue": [], "due_now": [soon.id], "later": [later.id], "done": []}
    core.clock.advance(minutes=16)  # 14:16: six minutes past due
    assert sections()["overdue"] == [soon.id]
    assert [s.title for s in service.day_list().sections] == [
        "Overdue", "Due now", "Later today", "Done today"]
    assert [i.id for i in service.day_list(date(2026, 3, 3)).section("later").items] == [
        tomorrow.id]
    service.mark_done(soon.id, "sorted")
    assert sections() == {"overdue": [], "due_now": [], "later": [later.id], "done": [soon.id]}
    # Tomorrow, the one left open yesterday is still overdue.
    core.clock.advance(days=1)
    assert sections()["overdue"] == [later.id, tomorrow.id]


def test_every_action_is_logged_and_noted(core, service):
    call = core.calls.start_call("defuse", customer())
    cb = service.promise_callback(call.id, at(14, 30), "refund").callback

    assert service.no_answer(cb.id).callback.attempts == 1
    snoozed = service.snooze(cb.id, minutes=10).callback
    assert snoozed.due_at == at(14, 40) and snoozed.original_due_at == at(14, 30)
    assert service.snooze(cb.id, until=at(15, 5)).callback.due_at == at(15, 5)
    moved = service.reschedule(cb.id, at(9, day=3), "customer at work").callback
    assert moved.due_at == at(9, day=3) and moved.reminded_at is None
    done = service.mark_done(cb.id, "refund arrived").callback
    assert (done.status, done.done_at, done.outcome_note) == (
        CallbackStatus.DONE, core.clock.now(), "refund arrived")

    assert [e.kind for e in service.events(cb.id)] == [
        EventKind.PROMISED, EventKind.NO_ANSWER, EventKind.SNOOZED, EventKind.SNOOZED,
        EventKind.RESCHEDULED, EventKind.DONE]
    assert promise_notes(core, call.id)[1:] == [
        "Callback: no answer (attempt 1)",
        "Callback snoozed to Mon 14:40",
        "Callback snoozed to Mon 15:05",
        "Callback moved to Tue 09:00: customer at work",
        "Callback done: refund arrived",
    ]
    with pytest.raises(CallbackRefused, match="already done"):
        service.snooze(cb.id, minutes=10)


def test_cancel_needs_a_reason(core, service):
    call = core.calls.start_call("defuse")
    cb = service.promise_callback(call.id, at(15), "x").callback
    with pytest.raises(CallbackRefused, match="Say why"):
        service.cancel(cb.id, "  ")
    cancelled = service.cancel(cb.id, "customer solved it").callback
    assert cancelled.status is CallbackStatus.CANCELLED
    assert [i.id for i in service.day_list().section("done").items] == [cb.id]


def test_an_update_schedules_the_next_one_by_the_cadence(core, service):
    call = core.calls.start_call("defuse")
    cb = service.promise_callback(call.id, at(14, 30), "outage updates", "", 60).callback
    core.clock.set(at(14, 35))
    updated = service.log_update(cb.id, "engineers on site").callback
    assert updated.due_at == at(15, 35) and updated.status is CallbackStatus.OPEN
    assert promise_notes(core, call.id)[-1] == (
        "Update given: engineers on site; next update Mon 15:35")
    plain = service.promise_callback(call.id, at(16), "one-off").callback
    assert service.log_update(plain.id, "told them").callback.status is CallbackStatus.DONE


def test_reminders_fire_at_the_lead_time_once(core, service):
    call = core.calls.start_call("defuse", customer())
    cb = service.promise_callback(call.id, at(14, 30), "x").callback
    core.clock.set(at(14, 24, ))
    assert service.due_reminders() == []
    core.clock.set(at(14, 25))  # 5 minutes before: the default lead
    assert [d.id for d in service.due_reminders()] == [cb.id]
    assert service.due_reminders()[0].customer.name == "Dana Price"
    service.mark_reminded(cb.id)
    assert service.due_reminders() == []
    service.snooze(cb.id, minutes=10)  # a new time earns a new reminder
    core.clock.set(at(14, 35))
    assert [d.id for d in service.due_reminders()] == [cb.id]


def test_lead_time_is_a_setting(core, tmp_path):
    settings = Settings(tmp_path / "s.json")
    settings.set("reminder_lead_minutes", 15)
    service = CallbackService(core.sessions, core.clock, settings, tz=LONDON)
    call = core.calls.start_call("defuse")
    service.promise_callback(call.id, at(14, 30), "x")
    core.clock.set(at(14, 15))
    assert len(service.due_reminders()) == 1


def test_unhandled_for_two_hours_is_marked_missed_until_dealt_with(core, service):
    call = core.calls.start_call("defuse")
    cb = service.promise_callback(call.id, at(14, 30), "x").callback
    core.clock.set(at(16, 30))
    assert service.mark_missed() == []  # exactly two hours: not yet
    core.clock.set(at(16, 31))
    assert [d.id for d in service.mark_missed()] == [cb.id]
    assert service.mark_missed() == []  # flagged once
    day = service.day_list()
    assert [(i.id, i.callback.status) for i in day.section("overdue").items] == [
        (cb.id, CallbackStatus.MISSED)]
    assert service.snooze(cb.id, minutes=10).callback.status is CallbackStatus.OPEN


def test_a_restart_finds_what_fell_due_while_closed(core, service):
    call = core.calls.start_call("defuse", customer())
    cb = service.promise_callback(call.id, at(14, 30), "x").callback
    core.clock.set(at(15, 0))
    again = CallbackService(core.reopen(), core.clock, Settings(None), tz=LONDON)
    assert [d.id for d in again.overdue()] == [cb.id]
    assert [d.id for d in again.due_reminders()] == [cb.id]


def test_card_phrase_uses_the_latest_open_callback(core, service):
    call = core.calls.start_call("defuse")
    assert service.latest_open_for_call(call.id) is None
    service.promise_callback(call.id, at(15), "a")
    second = service.promise_callback(call.id, at(10, day=3), "b").callback
    assert service.latest_open_for_call(call.id) == second


def test_the_lists_read_every_time_exactly_as_the_orm_does(core, service):
    """The day's list parses stored time text itself (its hot path); it must agree with the
    ORM's TZDateTime to the microsecond, for set and unset times alike."""
    from calmcall.storage import convert
    from calmcall.storage.models import CallbackRow

    call = core.calls.start_call("defuse", customer())
    odd = at(14, 30).replace(second=7, microsecond=123456)
    fresh = service.promise_callback(call.id, odd, "refund").callback
    handled = service.promise_callback(call.id, at(15), "parcel").callback
    service.mark_reminded(handled.id)
    service.reschedule(handled.id, at(16, 45), "asked for later")
    core.clock.advance(minutes=3, microseconds=5)
    service.mark_done(handled.id, "sorted")

    listed = {item.callback.id: item for s in service.day_list().sections for item in s.items}
    with core.sessions() as s:
        for cb in (fresh, handled):
            assert listed[cb.id].callback == convert.callback(s.get(CallbackRow, cb.id))
            assert service.get(cb.id).callback == listed[cb.id].callback
    done = listed[handled.id].callback
    assert done.done_at is not None and done.done_at.microsecond == 5
    assert done.due_at == at(16, 45) and done.original_due_at == at(15)
    assert listed[fresh.id].callback.due_at == odd and listed[fresh.id].callback.done_at is None
    assert listed[fresh.id].call_started_at == call.started_at
