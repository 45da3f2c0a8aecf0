"""The agent's local time: stored times are UTC, everything the agent reads or picks is local.

`tz` is injectable everywhere (a `ZoneInfo` in tests, such as Europe/London for the
daylight-saving test). `None` means the system's own zone, and then wall-clock times are made
aware through `datetime.astimezone()` on a naive value, which asks the C library and so gets
the offset right for that date, not today's.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

Zone = tzinfo | None


def to_local(when: datetime, tz: Zone = None) -> datetime:
    return when.astimezone(tz) if tz is not None else when.astimezone()


def at_wall_clock(day: date, clock_time: time, tz: Zone = None) -> datetime:
    """`day` at `clock_time` on the local wall clock, as an aware datetime (DST-correct)."""
    naive = datetime.combine(day, clock_time)
    if tz is None:
        return naive.astimezone()
    return naive.replace(tzinfo=tz)


def day_bounds(day: date, tz: Zone = None) -> tuple[datetime, datetime]:
    """Local midnight to the next local midnight (23 or 25 hours long on a DST change)."""
    return at_wall_clock(day, time(0), tz), at_wall_clock(day + timedelta(days=1), time(0), tz)


def parse_hhmm(text: str, fallback: time) -> time:
    try:
        hours, minutes = (int(part) for part in str(text).split(":"))
        return time(hours, minutes)
    except (TypeError, ValueError):
        return fallback


def hhmm(when: datetime, tz: Zone = None) -> str:
    return to_local(when, tz).strftime("%H:%M")


def describe(when: datetime, now: datetime, tz: Zone = None) -> str:
    """A time as the agent reads it: "14:30", "tomorrow 09:00", "Tue 3 Mar 14:30"."""
    local, today = to_local(when, tz), to_local(now, tz).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return clock
    if local.date() == today + timedelta(days=1):
        return f"tomorrow {clock}"
    if local.date() == today - timedelta(days=1):
        return f"yesterday {clock}"
    return f"{local:%a} {local.day} {local:%b} {clock}"


def spoken(when: datetime, now: datetime, tz: Zone = None) -> str:
    """The time as a card says it to the customer: "by 14:30", "tomorrow at 09:00"."""
    local, today = to_local(when, tz), to_local(now, tz).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return f"by {clock}"
    if local.date() == today + timedelta(days=1):
        return f"tomorrow at {clock}"
    if local.date() - today < timedelta(days=7):
        return f"on {local:%A} at {clock}"
    return f"on {local:%A} {local.day} {local:%B} at {clock}"
