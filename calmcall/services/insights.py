"""Review figures for the insights view and the weekly review: one SQL query per aggregate.

Everything is counted in SQLite, grouped over the period's time buckets (a VALUES list of
stored-UTC bounds joined on the indexed `calls.started_at`), so a chart over 100,000 calls
costs one query and never a Python loop over calls. Python only reshapes the few grouped rows.

The rules, in one place:
- a call belongs to the bucket in which it *started*;
- handle time is `ended_at - started_at` of ended calls;
- "calmer" compares a call's first and last mood sample; a call needs at least two samples to
  be measured (one sample says how they were, not how it went);
- a callback belongs to the bucket of the time first promised (`original_due_at`). It was kept
  on time when done by that time plus ON_TIME_GRACE, late when done after it, missed when
  flagged missed or still open past the callback service's missed rule; cancelled ones and
  open ones not yet overdue count for neither;
- a step was skipped on an ended call of its playbook when it was never ticked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from calmcall.clock import Clock, SystemClock
from calmcall.domain import Outcome, Playbook
from calmcall.localtime import Zone, to_local
from calmcall.services.callbacks import MISSED_AFTER
from calmcall.services.insight_periods import Bucket, Period, PeriodKind, stored

# A callback made a few minutes after the promised time still reads as "on time" to a customer.
ON_TIME_GRACE = timedelta(minutes=5)
TOP_CATEGORIES = 6
TOP_ROOT_CAUSES = 8
TOP_SKIPPED = 10
MOODS = (1, 2, 3, 4, 5)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class CallsByOutcome:
    """Calls started in each bucket, per outcome (None: no outcome, e.g. still running)."""

    buckets: tuple[Bucket, ...]
    counts: dict[Outcome | None, tuple[int, ...]]

    @property
    def per_bucket(self) -> tuple[int, ...]:
        return tuple(sum(col) for col in zip(*self.counts.values(), strict=True)) \
            if self.counts else (0,) * len(self.buckets)

    @property
    def total(self) -> int:
        return sum(self.per_bucket)


@dataclass(frozen=True)
class HandleTime:
    buckets: tuple[Bucket, ...]
    average_s: tuple[float | None, ...]  # None where no call ended
    calls: tuple[int, ...]

    @property
    def overall_s(self) -> float | None:
        done = sum(self.calls)
        if not done:
            return None
        return sum((a or 0.0) * n for a, n in zip(self.average_s, self.calls, strict=True)) / done


@dataclass(frozen=True)
class MoodShift:
    """How the customer's mood moved, per bucket and as a start × end table."""

    buckets: tuple[Bucket, ...]
    calmer: tuple[int, ...]
    same: tuple[int, ...]
    worse: tuple[int, ...]
    pairs: dict[tuple[int, int], int]  # (mood at start, mood at end) -> calls

    @property
    def measured(self) -> int:
        return sum(self.calmer) + sum(self.same) + sum(self.worse)

    @property
    def calmer_share(self) -> float | None:
        return _share(sum(self.calmer), self.measured)

    def calmer_shares(self) -> tuple[float | None, ...]:
        return tuple(_share(c, c + s + w)
                     for c, s, w in zip(self.calmer, self.same, self.worse, strict=True))


@dataclass(frozen=True)
class CallbackKeeping:
    """Callbacks by the bucket they were first promised for."""

    buckets: tuple[Bucket, ...]
    on_time: tuple[int, ...]
    late: tuple[int, ...]
    missed: tuple[int, ...]
    pending: int  # open and not yet past the missed rule
    cancelled: int

    @property
    def settled(self) -> int:
        return sum(self.on_time) + sum(self.late) + sum(self.missed)

    @property
    def on_time_share(self) -> float | None:
        return _share(sum(self.on_time), self.settled)


@dataclass(frozen=True)
class Recurring:
    """The categories and root causes that keep coming back, counted per week."""

    weeks: tuple[Bucket, ...]
    categories: dict[str, tuple[int, ...]]  # most frequent first
    root_causes: dict[str, tuple[int, ...]]  # lower-cased and trimmed, most frequent first


@dataclass(frozen=True)
class SkippedStep:
    playbook_id: str
    playbook: str
    step_id: str
    step: str
    skipped: int
    calls: int  # ended calls of that playbook in the period

    @property
    def share(self) -> float:
        return self.skipped / self.calls if self.calls else 0.0


@dataclass(frozen=True)
class Figures:
    calls: int
    handle_s: float | None
    calmer_share: float | None
    on_time_share: float | None


@dataclass(frozen=True)
class Headline:
    """This period's key figures next to the previous period's."""

    period: Period
    current: Figures
    previous: Figures
    compared_with: str = ""  # "last month", or "the same days last month" while running

    @property
    def noun(self) -> str:
        return self.compared_with or self.period.noun


@dataclass(frozen=True)
class Insights:
    period: Period
    headline: Headline
    outcomes: CallsByOutcome
    handle: HandleTime
    mood: MoodShift
    callbacks: CallbackKeeping
    recurring: Recurring
    skipped: tuple[SkippedStep, ...]


def _bucket_of(column: str, buckets: Sequence[Bucket], params: dict[str, Any]) -> str:
    """A SQL expression giving the index of the bucket `column` falls in.

    A balanced tree of CASEs on the bucket edges: a handful of comparisons per row, and the
    rows are read straight off the `started_at` index range, with no join to a bucket table.
    Rows outside all buckets must be filtered out by the caller (see `_range`).
    """
    for i, bucket in enumerate(buckets):
        params[f"edge{i}"] = bucket.hi_text

    def tree(first: int, stop: int) -> str:
        if stop - first == 1:
            return str(first)
        middle = (first + stop) // 2
        return (f"CASE WHEN {column} < :edge{middle - 1} THEN {tree(first, middle)} "
                f"ELSE {tree(middle, stop)} END")

    return tree(0, len(buckets))


def _range(column: str, buckets: Sequence[Bucket], params: dict[str, Any]) -> str:
    params["all_lo"], params["all_hi"] = buckets[0].lo_text, buckets[-1].hi_text
    return f"{column} >= :all_lo AND {column} < :all_hi"


def _calls_in(buckets: Sequence[Bucket], params: dict[str, Any]) -> str:
    """The CTE `c`: the calls started in the buckets, with their bucket index `i`."""
    return ("WITH c AS (SELECT id, outcome, started_at, ended_at, category, root_cause, "
            f"{_bucket_of('started_at', buckets, params)} AS i FROM calls "
            f"WHERE {_range('started_at', buckets, params)})")


class InsightsService:
    """The review aggregates over a period; `tz` is the agent's zone (None: the system's)."""

    def __init__(self, sessions: sessionmaker[Session], playbooks: Sequence[Playbook],
                 clock: Clock | None = None, tz: Zone = None) -> None:
        self._sessions = sessions
        self._playbooks = list(playbooks)
        self.clock = clock or SystemClock()
        self.tz = tz

    def _rows(self, sql: str, params: dict[str, Any]) -> list[Any]:
        with self._sessions() as s:
            return list(s.execute(text(sql), params))

    # -- one query each --------------------------------------------------------------------

    def outcomes(self, period: Period, buckets: Sequence[Bucket] | None = None) -> CallsByOutcome:
        buckets = tuple(buckets or period.buckets(self.tz))
        params: dict[str, Any] = {}
        rows = self._rows(f"{_calls_in(buckets, params)} "
                          "SELECT i, outcome, count(*) FROM c GROUP BY i, outcome", params)
        counts: dict[Outcome | None, list[int]] = {o: [0] * len(buckets) for o in Outcome}
        for i, outcome, n in rows:
            key = Outcome(outcome) if outcome in Outcome._value2member_map_ else None
            counts.setdefault(key, [0] * len(buckets))[i] += n
        return CallsByOutcome(buckets, {k: tuple(v) for k, v in counts.items()})

    def handle_time(self, period: Period, buckets: Sequence[Bucket] | None = None) -> HandleTime:
        buckets = tuple(buckets or period.buckets(self.tz))
        params: dict[str, Any] = {}
        rows = self._rows(
            f"{_calls_in(buckets, params)} "
            "SELECT i, avg(max(0, (julianday(ended_at) - julianday(started_at)) * 86400.0)), "
            "count(*) FROM c WHERE ended_at IS NOT NULL GROUP BY i", params)
        average: list[float | None] = [None] * len(buckets)
        calls = [0] * len(buckets)
        for i, avg, n in rows:
            average[i], calls[i] = float(avg), n
        return HandleTime(buckets, tuple(average), tuple(calls))

    def mood(self, period: Period, buckets: Sequence[Bucket] | None = None) -> MoodShift:
        buckets = tuple(buckets or period.buckets(self.tz))
        params: dict[str, Any] = {}
        # Correlated look-ups through ix_mood_samples_call_id beat window functions here:
        # no sort of every sample in the period.
        rows = self._rows(
            f"{_calls_in(buckets, params)}, "
            "ends AS (SELECT i, "
            "  (SELECT value FROM mood_samples m WHERE m.call_id = c.id "
            "   ORDER BY m.at, m.id LIMIT 1) AS first, "
            "  (SELECT value FROM mood_samples m WHERE m.call_id = c.id "
            "   ORDER BY m.at DESC, m.id DESC LIMIT 1) AS last, "
            "  (SELECT count(*) FROM mood_samples m WHERE m.call_id = c.id) AS samples "
            "  FROM c) "
            "SELECT i, first, last, count(*) FROM ends WHERE samples >= 2 "
            "GROUP BY i, first, last", params)
        calmer, same, worse = ([0] * len(buckets) for _ in range(3))
        pairs: dict[tuple[int, int], int] = {}
        for i, first, last, n in rows:
            (calmer if last > first else worse if last < first else same)[i] += n
            pairs[(first, last)] = pairs.get((first, last), 0) + n
        return MoodShift(buckets, tuple(calmer), tuple(same), tuple(worse), pairs)

    def callbacks(self, period: Period,
                  buckets: Sequence[Bucket] | None = None) -> CallbackKeeping:
        buckets = tuple(buckets or period.buckets(self.tz))
        params: dict[str, Any] = {
            "grace_s": ON_TIME_GRACE.total_seconds(),
            "missed_before": stored(self.clock.now() - MISSED_AFTER),
        }
        # julianday differences carry float noise of a few microseconds: allow a millisecond.
        rows = self._rows(
            "WITH cb AS (SELECT status, done_at, due_at, "
            "  coalesce(original_due_at, due_at) AS promised FROM callbacks) "
            f"SELECT {_bucket_of('promised', buckets, params)} AS i, CASE "
            "  WHEN status = 'done' AND done_at IS NOT NULL AND "
            "       (julianday(done_at) - julianday(promised)) * 86400.0 "
            "       <= :grace_s + 0.001 THEN 'on_time' "
            "  WHEN status = 'done' THEN 'late' "
            "  WHEN status = 'missed' THEN 'missed' "
            "  WHEN status = 'open' AND due_at < :missed_before THEN 'missed' "
            "  WHEN status = 'open' THEN 'pending' "
            "  ELSE 'cancelled' END AS kept, count(*) "
            f"FROM cb WHERE {_range('promised', buckets, params)} GROUP BY i, kept", params)
        per: dict[str, list[int]] = {k: [0] * len(buckets)
                                     for k in ("on_time", "late", "missed", "pending",
                                               "cancelled")}
        for i, kept, n in rows:
            per[kept][i] += n
        return CallbackKeeping(buckets, tuple(per["on_time"]), tuple(per["late"]),
                               tuple(per["missed"]), sum(per["pending"]),
                               sum(per["cancelled"]))

    def recurring(self, period: Period) -> Recurring:
        weeks = period.recurring_weeks(self.tz)
        params: dict[str, Any] = {}
        rows = self._rows(
            f"{_calls_in(weeks, params)} "
            "SELECT 'category', i, category, count(*) FROM c WHERE category != '' "
            "GROUP BY i, category "
            "UNION ALL "
            "SELECT 'root', i, lower(trim(root_cause)) AS cause, count(*) FROM c "
            "WHERE trim(root_cause) != '' GROUP BY i, cause", params)
        tables: dict[str, dict[str, list[int]]] = {"category": {}, "root": {}}
        for kind, i, key, n in rows:
            tables[kind].setdefault(key, [0] * len(weeks))[i] += n

        def top(table: dict[str, list[int]], limit: int) -> dict[str, tuple[int, ...]]:
            ranked = sorted(table.items(), key=lambda kv: (-sum(kv[1]), kv[0]))[:limit]
            return {key: tuple(counts) for key, counts in ranked}

        return Recurring(weeks, top(tables["category"], TOP_CATEGORIES),
                         top(tables["root"], TOP_ROOT_CAUSES))

    def skipped_steps(self, period: Period, limit: int = TOP_SKIPPED) -> tuple[SkippedStep, ...]:
        """Steps most often left unticked on ended calls of their playbook."""
        params: dict[str, Any] = {}
        rows_sql, names = [], {}
        for p, playbook in enumerate(self._playbooks):
            for n, step in enumerate(playbook.steps):
                params[f"pb{p}_{n}"], params[f"st{p}_{n}"] = playbook.id, step.id
                rows_sql.append(f"(:pb{p}_{n}, :st{p}_{n})")
                names[(playbook.id, step.id)] = (playbook.name, step.title)
        if not rows_sql:
            return ()
        lo, hi = period.bounds(self.tz)
        params["lo"], params["hi"] = stored(lo), stored(hi)
        # Skipped = ended calls × steps − ticks: counting ticks reads each tick once, where
        # probing "no tick?" per call and step costs an index look-up per pair.
        rows = self._rows(
            f"WITH steps(playbook_id, step_id) AS (VALUES {', '.join(rows_sql)}), "
            "c AS (SELECT id, playbook_id FROM calls WHERE started_at >= :lo "
            "      AND started_at < :hi AND ended_at IS NOT NULL), "
            "n AS (SELECT playbook_id, count(*) AS calls FROM c GROUP BY playbook_id), "
            "t AS (SELECT c.playbook_id, k.step_id, count(*) AS ticked "
            "      FROM c JOIN step_checks k ON k.call_id = c.id "
            "      GROUP BY c.playbook_id, k.step_id) "
            "SELECT s.playbook_id, s.step_id, n.calls, n.calls - coalesce(t.ticked, 0) "
            "FROM steps s JOIN n ON n.playbook_id = s.playbook_id "
            "LEFT JOIN t ON t.playbook_id = s.playbook_id AND t.step_id = s.step_id", params)
        found = [SkippedStep(pb, names[(pb, st)][0], st, names[(pb, st)][1], skipped, calls)
                 for pb, st, calls, skipped in rows if skipped]
        found.sort(key=lambda s: (-s.skipped, -s.share, s.playbook, s.step))
        return tuple(found[:limit])

    # -- together --------------------------------------------------------------------------

    def figures(self, period: Period) -> Figures:
        whole = period.whole(self.tz)
        handle = self.handle_time(period, whole)
        return Figures(calls=self.outcomes(period, whole).total, handle_s=handle.overall_s,
                       calmer_share=self.mood(period, whole).calmer_share,
                       on_time_share=self.callbacks(period, whole).on_time_share)

    def headline(self, period: Period) -> Headline:
        previous = period.previous()
        today = to_local(self.clock.now(), self.tz).date()
        if period.start <= today <= period.end and period.kind is not PeriodKind.DAY:
            # A period still running is set against the same stretch of the one before: on
            # the 22nd, this month so far against the whole of last month would always read
            # as a drop.
            so_far = today - period.start
            previous = replace(previous, end=min(previous.end, previous.start + so_far))
            return Headline(period, self.figures(period), self.figures(previous),
                            f"the same days {period.noun}")
        return Headline(period, self.figures(period), self.figures(previous))

    def all(self, period: Period) -> Insights:
        """Every aggregate for `period`: what the view and the weekly review show (and what a
        benchmark times)."""
        return Insights(period=period, headline=self.headline(period),
                        outcomes=self.outcomes(period), handle=self.handle_time(period),
                        mood=self.mood(period), callbacks=self.callbacks(period),
                        recurring=self.recurring(period), skipped=self.skipped_steps(period))
