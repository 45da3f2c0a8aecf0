"""Review periods (a day, a week, a month, or any span) and the time buckets charts group by.

The agent thinks in local days; the database stores naive UTC text. Each bucket therefore
carries its local start and end as aware datetimes (DST-correct: a day may be 23 or 25 hours)
and the stored-text form of both, which the SQL joins against a VALUES list. That keeps every
aggregate one query, grouped in SQLite, whatever the time zone.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from calmcall.localtime import Zone, at_wall_clock

LONG_SPAN_DAYS = 62  # beyond about two months, one bar per day is too thin to read: weeks
RECURRING_MIN_WEEKS = 8  # "keeps coming back" needs a few weeks to see, even for one day


class PeriodKind(enum.StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    CUSTOM = "custom"


def stored(when: datetime) -> str:
    """The text SQLAlchemy's SQLite DateTime keeps for a UTC time (see storage.types)."""
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


@dataclass(frozen=True)
class Bucket:
    """One bar's worth of time: `lo` up to, not including, `hi` (both aware)."""

    label: str
    lo: datetime
    hi: datetime

    @property
    def lo_text(self) -> str:
        return stored(self.lo)

    @property
    def hi_text(self) -> str:
        return stored(self.hi)


def _local(day: date, tz: Zone, hour: int = 0) -> datetime:
    return at_wall_clock(day, time(hour), tz)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Period:
    """Local dates `start` to `end`, both included."""

    kind: PeriodKind
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def day(cls, day: date) -> Period:
        return cls(PeriodKind.DAY, day, day)

    @classmethod
    def week(cls, day: date) -> Period:
        """The Monday-to-Sunday week holding `day`."""
        first = monday(day)
        return cls(PeriodKind.WEEK, first, first + timedelta(days=6))

    @classmethod
    def month(cls, day: date) -> Period:
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return cls(PeriodKind.MONTH, first, following - timedelta(days=1))

    @classmethod
    def custom(cls, start: date, end: date) -> Period:
        return cls(PeriodKind.CUSTOM, start, end)

    @classmethod
    def of(cls, kind: PeriodKind, day: date) -> Period:
        """The period of `kind` holding `day` (a custom one is just that day)."""
        if kind is PeriodKind.WEEK:
            return cls.week(day)
        if kind is PeriodKind.MONTH:
            return cls.month(day)
        return cls(kind, day, day)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period just before, for "compared with last week/month"."""
        if self.kind is PeriodKind.MONTH:
            return Period.month(self.start - timedelta(days=1))
        shift = timedelta(days=self.days)
        return replace(self, start=self.start - shift, end=self.end - shift)

    @property
    def noun(self) -> str:
        """How "the previous period" reads: "vs last month", "vs the previous 10 days"."""
        return {PeriodKind.DAY: "day before", PeriodKind.WEEK: "last week",
                PeriodKind.MONTH: "last month"}.get(self.kind, f"previous {self.days} days")

    @property
    def title(self) -> str:
        if self.kind is PeriodKind.DAY:
            return f"{self.start:%a} {self.start.day} {self.start:%b %Y}"
        if self.kind is PeriodKind.MONTH:
            return f"{self.start:%B %Y}"
        prefix = "Week of " if self.kind is PeriodKind.WEEK else ""
        return (f"{prefix}{self.start.day} {self.start:%b} – "
                f"{self.end.day} {self.end:%b %Y}")

    def bounds(self, tz: Zone = None) -> tuple[datetime, datetime]:
        return _local(self.start, tz), _local(self.end + timedelta(days=1), tz)

    def whole(self, tz: Zone = None) -> tuple[Bucket, ...]:
        lo, hi = self.bounds(tz)
        return (Bucket(self.title, lo, hi),)

    def buckets(self, tz: Zone = None) -> tuple[Bucket, ...]:
        """Hours for a day, days up to about two months, weeks beyond."""
        if self.kind is PeriodKind.DAY:
            edges = [_local(self.start, tz, h) for h in range(24)]
            edges.append(_local(self.start + timedelta(days=1), tz))
            return tuple(Bucket(f"{h:02d}", edges[h], edges[h + 1]) for h in range(24))
        if self.days <= LONG_SPAN_DAYS:
            out = []
            for n in range(self.days):
                day = self.start + timedelta(days=n)
                # A week reads by weekday; a month by day number (the title names the month).
                if self.days <= 7:
                    label = f"{day:%a} {day.day}"
                elif self.start.month == self.end.month:
                    label = str(day.day)
                else:
                    label = f"{day.day} {day:%b}"
                out.append(Bucket(label, _local(day, tz), _local(day + timedelta(days=1), tz)))
            return tuple(out)
        return week_buckets(self.start, self.end, tz)

    def recurring_weeks(self, tz: Zone = None) -> tuple[Bucket, ...]:
        """Whole weeks covering the period, and at least RECURRING_MIN_WEEKS back from its end."""
        last = monday(self.end)
        first = min(monday(self.start), last - timedelta(weeks=RECURRING_MIN_WEEKS - 1))
        return week_buckets(first, last + timedelta(days=6), tz)


def week_buckets(start: date, end: date, tz: Zone = None) -> tuple[Bucket, ...]:
    """Monday-started weeks from `start` to `end`, the first and last clipped to them."""
    out = []
    day = start
    while day <= end:
        stop = min(monday(day) + timedelta(days=7), end + timedelta(days=1))
        out.append(Bucket(f"{day.day} {day:%b}", _local(day, tz), _local(stop, tz)))
        day = stop
    return tuple(out)
