"""When a callback may be promised for: the quick picks and the checks on a chosen time.

Pure functions of "now", the settings and the agent's zone, so they are tested without a
database and without waiting. Wall-clock picks ("tomorrow morning") are built on the local
calendar, so they stay right across a daylight-saving change.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, Protocol

from calmcall.localtime import Zone, at_wall_clock, describe, parse_hhmm, to_local

MAX_AHEAD = timedelta(days=90)
MAX_CADENCE_MINUTES = 90 * 24 * 60


class SettingsLike(Protocol):
    def __getitem__(self, key: str) -> Any: ...


class QuickPick(enum.StrEnum):
    IN_15_MINUTES = "15min"
    IN_1_HOUR = "1h"
    END_OF_DAY = "end_of_day"
    TOMORROW_MORNING = "tomorrow_morning"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return QUICK_PICK_LABELS[self]


QUICK_PICK_LABELS = {
    QuickPick.IN_15_MINUTES: "In 15 minutes",
    QuickPick.IN_1_HOUR: "In 1 hour",
    QuickPick.END_OF_DAY: "End of the business day",
    QuickPick.TOMORROW_MORNING: "Tomorrow morning",
    QuickPick.CUSTOM: "Another date and time…",
}


def business_hours(settings: SettingsLike) -> tuple[time, time]:
    return (parse_hhmm(settings["business_start"], time(9)),
            parse_hhmm(settings["end_of_day"], time(17)))


def quick_pick(kind: QuickPick, now_local: datetime, settings: SettingsLike,
               tz: Zone = None) -> datetime:
    """The due time a quick pick stands for, as an aware datetime.

    `tz` is the agent's zone (None: the system's). "End of the business day" is today's when it
    is still ahead, otherwise tomorrow's. CUSTOM has no time of its own: it returns one hour from
    now as the editor's starting value.
    """
    start, end = business_hours(settings)
    today = to_local(now_local, tz).date()
    now_local = now_local.replace(second=0, microsecond=0)  # promises are made to the minute
    if kind is QuickPick.IN_15_MINUTES:
        return now_local + timedelta(minutes=15)
    if kind is QuickPick.END_OF_DAY:
        due = at_wall_clock(today, end, tz)
        return due if due > now_local else at_wall_clock(today + timedelta(days=1), end, tz)
    if kind is QuickPick.TOMORROW_MORNING:
        return at_wall_clock(today + timedelta(days=1), start, tz)
    return now_local + timedelta(hours=1)


@dataclass(frozen=True)
class DueCheck:
    """Errors refuse the time; warnings only ask the agent to look again."""

    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def validate_due(due: datetime, now: datetime, settings: SettingsLike,
                 tz: Zone = None) -> DueCheck:
    if due.tzinfo is None:
        raise ValueError("due time must be timezone-aware")
    errors: list[str] = []
    warnings: list[str] = []
    if due <= now:
        errors.append(f"{describe(due, now, tz)} has already passed (it is now "
                      f"{describe(now, now, tz)}). Pick a time later than now.")
    elif due > now + MAX_AHEAD:
        latest = describe(now + MAX_AHEAD, now, tz)
        errors.append(f"That is more than 90 days ahead. Pick a time before {latest}, "
                      "or agree a nearer date with the customer.")
    else:
        start, end = business_hours(settings)
        local = to_local(due, tz).time()
        if local < start or local > end:
            warnings.append(f"{describe(due, now, tz)} is outside business hours "
                            f"({start:%H:%M}–{end:%H:%M}). Check the customer can take the "
                            "call then, or pick another time.")
    return DueCheck(tuple(errors), tuple(warnings))


def validate_cadence(minutes: int | None) -> str | None:
    """An error message for an unusable update cadence, or None."""
    if minutes is None:
        return None
    if minutes < 1:
        return "An update cadence must be at least 1 minute. Set a number, or untick updates."
    if minutes > MAX_CADENCE_MINUTES:
        return "An update cadence can be at most 90 days. Pick a shorter one."
    return None


def cadence_text(minutes: int) -> str:
    """"every 30 minutes", "every 2 hours", "every day"."""
    for unit, size in (("day", 1440), ("hour", 60)):
        if minutes % size == 0:
            n = minutes // size
            return f"every {unit}" if n == 1 else f"every {n} {unit}s"
    return "every minute" if minutes == 1 else f"every {minutes} minutes"
