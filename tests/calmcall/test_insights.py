"""The review aggregates on hand-made calls whose answers are known."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calmcall.domain import Outcome, Playbook
from calmcall.services.insight_periods import Period, PeriodKind
from calmcall.services.insights import InsightsService
from calmcall.storage.models import CallbackRow
from tests.helpers.core import Core, make_core, step

LONDON = ZoneInfo("Europe/London")  # UTC+0 until 29 March 2026, then UTC+1
MON = date(2026, 3, 2)
PLAYBOOK = Playbook("defuse", "Defuse", "", (step("listen", "Listen"), step("own", "Own it"),
                                             step("follow", "Follow up")))
OTHER = Playbook("calm", "Stay calm", "", (step("breathe", "Breathe"),))


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def add_call(core: Core, start: datetime, minutes: float, outcome: Outcome | None = None,
             category: str = "", root: str = "", moods: tuple[int, ...] = (),
             ticks: tuple[str, ...] = (), playbook: Playbook = PLAYBOOK,
             ended: bool = True) -> int:
    core.clock.set(start)
    call = core.calls.start_call(playbook.id)
    for value in moods:
        core.clock.advance(10)
        core.calls.record_mood(call.id, value)
    for step_id in ticks:
        core.clock.advance(5)
        found = playbook.step(step_id)
        assert found is not None
        core.calls.tick_step(call.id, found)
    if ended:
        core.clock.set(start + timedelta(minutes=minutes))
        core.calls.end_call(call.id, outcome, category, root)
    return call.id


def add_callback(core: Core, call_id: int, promised: datetime, status: str,
                 done_at: datetime | None = None, due: datetime | None = None) -> None:
    with core.sessions() as s, s.begin():
        s.add(CallbackRow(call_id=call_id, created_at=promised - timedelta(hours=1),
                          due_at=due or promised, original_due_at=promised, promise="",
                          phone="", cadence_minutes=None, status=status, done_at=done_at,
                          attempts=0, outcome_note=""))


@pytest.fixture
def core(tmp_path: Path) -> Core:
    made = make_core(tmp_path / "data")
    yield made
    made.close()


def service(core: Core, now: datetime) -> InsightsService:
    core.clock.set(now)
    return InsightsService(core.sessions, [PLAYBOOK, OTHER], core.clock, LONDON)


def test_periods_and_their_buckets() -> None:
    week = Period.week(date(2026, 3, 4))
    assert (week.start, week.end, week.kind) == (MON, date(2026, 3, 8), PeriodKind.WEEK)
    assert week.previous() == Period.week(date(2026, 2, 23))
    march = Period.month(date(2026, 3, 17))
    assert (march.start, march.end) == (date(2026, 3, 1), date(2026, 3, 31))
    assert march.previous() == Period.month(date(2026, 2, 1))
    assert len(Period.day(MON).buckets(LONDON)) == 24
    assert len(march.buckets(LONDON)) == 31
    year = Period.custom(date(2026, 1, 1), date(2026, 12, 31))
    weeks = year.buckets(LONDON)
    assert weeks[0].lo == datetime(2026, 1, 1, tzinfo=LONDON)  # clipped to the period
    assert weeks[1].lo == datetime(2026, 1, 5, tzinfo=LONDON)  # then whole Monday weeks
    assert all(a.hi == b.lo for a, b in zip(weeks, weeks[1:], strict=False))
    assert weeks[-1].hi == datetime(2027, 1, 1, tzinfo=LONDON)
    # The night the clocks go forward is an hour short.
    dst = Period.day(date(2026, 3, 29)).whole(LONDON)[0]
    assert dst.hi.astimezone(UTC) - dst.lo.astimezone(UTC) == timedelta(hours=23)
    with pytest.raises(ValueError):
        Period.custom(MON, MON - timedelta(days=1))


def test_calls_per_day_by_outcome(core: Core) -> None:
    add_call(core, utc(MON, 9), 5, Outcome.RESOLVED)
    add_call(core, utc(MON, 10), 5, Outcome.RESOLVED)
    add_call(core, utc(MON, 23, 30), 5, Outcome.ESCALATED)
    add_call(core, utc(MON + timedelta(days=2), 8), 5, Outcome.CALLBACK)
    add_call(core, utc(MON + timedelta(days=2), 9), 5, ended=False)  # still running
    add_call(core, utc(MON - timedelta(days=1), 12), 5, Outcome.RESOLVED)  # the week before
    result = service(core, utc(MON, 8) + timedelta(days=7)).outcomes(Period.week(MON))
    assert [b.label for b in result.buckets] == ["Mon 2", "Tue 3", "Wed 4", "Thu 5", "Fri 6",
                                                 "Sat 7", "Sun 8"]
    assert result.counts[Outcome.RESOLVED] == (2, 0, 0, 0, 0, 0, 0)
    assert result.counts[Outcome.ESCALATED] == (1, 0, 0, 0, 0, 0, 0)
    assert result.counts[Outcome.CALLBACK] == (0, 0, 1, 0, 0, 0, 0)
    assert result.counts[None] == (0, 0, 1, 0, 0, 0, 0)
    assert result.per_bucket == (3, 0, 2, 0, 0, 0, 0)
    assert result.total == 5


def test_local_days_follow_daylight_saving(core: Core) -> None:
    # 23:30 UTC on Sunday 29 March is 00:30 BST on Monday 30 March.
    add_call(core, datetime(2026, 3, 29, 23, 30, tzinfo=UTC), 5, Outcome.RESOLVED)
    add_call(core, datetime(2026, 3, 29, 22, 30, tzinfo=UTC), 5, Outcome.RESOLVED)
    result = service(core, utc(date(2026, 4, 6), 9)).outcomes(
        Period.custom(date(2026, 3, 29), date(2026, 3, 30)))
    assert result.counts[Outcome.RESOLVED] == (1, 1)


def test_average_handle_time(core: Core) -> None:
    add_call(core, utc(MON, 9), 4, Outcome.RESOLVED)
    add_call(core, utc(MON, 10), 8, Outcome.RESOLVED)
    add_call(core, utc(MON + timedelta(days=1), 9), 3, Outcome.DROPPED)
    add_call(core, utc(MON + timedelta(days=1), 10), 3, ended=False)  # not counted
    result = service(core, utc(MON, 8) + timedelta(days=7)).handle_time(Period.week(MON))
    assert result.average_s[:3] == (pytest.approx(360), pytest.approx(180), None)
    assert result.calls[:3] == (2, 1, 0)
    assert result.overall_s == pytest.approx(300)


def test_how_often_the_customer_ended_calmer(core: Core) -> None:
    add_call(core, utc(MON, 9), 5, Outcome.RESOLVED, moods=(1, 3, 4))  # calmer 1 -> 4
    add_call(core, utc(MON, 10), 5, Outcome.RESOLVED, moods=(2, 4))  # calmer 2 -> 4
    add_call(core, utc(MON, 11), 5, Outcome.RESOLVED, moods=(3, 1, 3))  # same 3 -> 3
    add_call(core, utc(MON + timedelta(days=1), 9), 5, Outcome.ESCALATED, moods=(3, 2))  # worse
    add_call(core, utc(MON + timedelta(days=1), 10), 5, Outcome.RESOLVED, moods=(2,))  # unmeasured
    add_call(core, utc(MON + timedelta(days=1), 11), 5, Outcome.RESOLVED)  # no mood at all
    result = service(core, utc(MON, 8) + timedelta(days=7)).mood(Period.week(MON))
    assert result.calmer[:2] == (2, 0)
    assert result.same[:2] == (1, 0)
    assert result.worse[:2] == (0, 1)
    assert result.measured == 4
    assert result.calmer_share == pytest.approx(0.5)
    assert result.calmer_shares()[:3] == (pytest.approx(2 / 3), 0.0, None)
    assert result.pairs == {(1, 4): 1, (2, 4): 1, (3, 3): 1, (3, 2): 1}


def test_callbacks_kept_on_time_late_or_missed(core: Core) -> None:
    call = add_call(core, utc(MON, 8), 5, Outcome.CALLBACK)
    due = utc(MON, 12)
    add_callback(core, call, due, "done", due - timedelta(minutes=30))  # on time
    add_callback(core, call, due, "done", due + timedelta(minutes=5))  # on time: within grace
    add_callback(core, call, due, "done", due + timedelta(minutes=6))  # late
    add_callback(core, call, due, "done", due + timedelta(hours=3),
                 due=due + timedelta(hours=3))  # rescheduled: late against the first promise
    add_callback(core, call, due, "missed")
    add_callback(core, call, due, "open")  # open, 2 h past due by "now": missed
    add_callback(core, call, due, "cancelled")
    later = utc(MON + timedelta(days=1), 15)
    add_callback(core, call, later, "open")  # open, not yet overdue at "now": pending
    add_callback(core, call, utc(MON - timedelta(days=1), 12), "done", utc(MON, 9))  # week before
    insights = service(core, later - timedelta(minutes=30))
    result = insights.callbacks(Period.week(MON))
    assert result.on_time[:2] == (2, 0)
    assert result.late[:2] == (2, 0)
    assert result.missed[:2] == (2, 0)
    assert (result.pending, result.cancelled) == (1, 1)
    assert result.on_time_share == pytest.approx(2 / 6)


def test_recurring_categories_and_root_causes_per_week(core: Core) -> None:
    for week in range(3):
        start = utc(MON - timedelta(weeks=week), 9)
        add_call(core, start, 5, Outcome.RESOLVED, "Delivery", "  Courier lost parcel ")
    add_call(core, utc(MON, 10), 5, Outcome.RESOLVED, "Delivery", "courier LOST parcel")
    add_call(core, utc(MON, 11), 5, Outcome.RESOLVED, "Billing", "double charge")
    add_call(core, utc(MON, 12), 5, Outcome.RESOLVED, "", "")
    result = service(core, utc(MON, 8) + timedelta(days=7)).recurring(Period.week(MON))
    assert len(result.weeks) == 8  # a week's review looks eight weeks back
    assert result.weeks[-1].lo == datetime(2026, 3, 2, tzinfo=LONDON)
    assert list(result.categories) == ["Delivery", "Billing"]
    assert result.categories["Delivery"][-3:] == (1, 1, 2)
    assert result.categories["Billing"][-1] == 1
    assert list(result.root_causes) == ["courier lost parcel", "double charge"]
    assert sum(result.root_causes["courier lost parcel"]) == 4


def test_skipped_steps_per_playbook(core: Core) -> None:
    add_call(core, utc(MON, 9), 5, Outcome.RESOLVED, ticks=("listen", "own", "follow"))
    add_call(core, utc(MON, 10), 5, Outcome.RESOLVED, ticks=("listen",))
    add_call(core, utc(MON, 11), 5, Outcome.RESOLVED, ticks=("listen", "own"))
    add_call(core, utc(MON, 12), 5, Outcome.RESOLVED, ticks=("breathe",), playbook=OTHER)
    add_call(core, utc(MON, 13), 5, Outcome.RESOLVED, playbook=OTHER)
    add_call(core, utc(MON, 14), 5, ticks=(), ended=False)  # running: not counted
    result = service(core, utc(MON, 8) + timedelta(days=7)).skipped_steps(Period.week(MON))
    assert [(s.playbook_id, s.step_id, s.skipped, s.calls) for s in result] == [
        # Most often skipped first; on a tie, the larger share of calls.
        ("defuse", "follow", 2, 3), ("calm", "breathe", 1, 2), ("defuse", "own", 1, 3)]
    assert result[0].step == "Follow up" and result[0].playbook == "Defuse"


def test_headline_compares_with_the_previous_period(core: Core) -> None:
    add_call(core, utc(MON, 9), 4, Outcome.RESOLVED, moods=(1, 4))
    add_call(core, utc(MON, 10), 8, Outcome.RESOLVED, moods=(2, 2))
    add_call(core, utc(MON - timedelta(days=3), 9), 10, Outcome.RESOLVED, moods=(3, 2))
    result = service(core, utc(MON, 8) + timedelta(days=7)).all(Period.week(MON))
    now, before = result.headline.current, result.headline.previous
    assert (now.calls, before.calls) == (2, 1)
    assert (now.handle_s, before.handle_s) == (pytest.approx(360), pytest.approx(600))
    assert (now.calmer_share, before.calmer_share) == (0.5, 0.0)
    assert now.on_time_share is None  # no callbacks: no figure rather than 0 %
    assert result.outcomes.total == 2


def test_a_running_month_is_compared_with_the_same_days_of_last_month(core: Core) -> None:
    for day in range(1, 11):  # February: ten calls in its first ten days, ten more later
        add_call(core, utc(date(2026, 2, day), 10), 5, Outcome.RESOLVED)
        add_call(core, utc(date(2026, 2, day + 15), 10), 5, Outcome.RESOLVED)
    for day in range(1, 11):  # March so far: ten calls by the 12th
        add_call(core, utc(date(2026, 3, day), 10), 5, Outcome.RESOLVED)
    headline = service(core, utc(date(2026, 3, 12), 12)).headline(Period.month(MON))
    assert (headline.current.calls, headline.previous.calls) == (10, 10)
    assert headline.noun == "the same days last month"
    finished = service(core, utc(date(2026, 4, 2), 12)).headline(Period.month(MON))
    assert finished.previous.calls == 20 and finished.noun == "last month"


def test_an_empty_database_gives_empty_figures(core: Core) -> None:
    result = service(core, utc(MON, 8)).all(Period.month(MON))
    assert result.outcomes.total == 0
    assert result.handle.overall_s is None
    assert result.mood.calmer_share is None
    assert result.skipped == ()
    assert result.recurring.categories == {}


def test_the_calls_behind_a_bar(core: Core) -> None:
    from calmcall.services.insight_calls import InsightCalls

    first = add_call(core, utc(MON, 9), 5, Outcome.CALLBACK, "Delivery", " Courier lost parcel",
                     ticks=("listen",))
    second = add_call(core, utc(MON, 10), 5, Outcome.RESOLVED, "Delivery", "wrong address",
                      ticks=("listen", "own", "follow"))
    add_callback(core, first, utc(MON, 12), "done", utc(MON, 12, 3))
    add_callback(core, second, utc(MON, 12), "done", utc(MON, 14))
    core.clock.set(utc(MON, 20))
    calls = InsightCalls(core.sessions, core.clock)
    lo, hi = Period.week(MON).bounds(LONDON)
    assert calls.with_root_cause(lo, hi, "courier lost parcel") == (first,)
    assert calls.skipping(lo, hi, "defuse", "own") == (first,)
    assert calls.with_callbacks(lo, hi, "on_time") == (first,)
    assert calls.with_callbacks(lo, hi, "late") == (second,)
    assert calls.with_callbacks(lo, hi, "missed") == ()
