"""Promised callbacks: the promise ledger, the day's list, reminders and the missed rule.

Every action commits one session before it returns, writes a `callback_events` row, and, while
the call the promise came from is still running, a stamped PROMISE line in its notes.

The day's sections (one rule, shown in the window, the CLI and the printout alike):
    overdue:     still open and more than OVERDUE_AFTER (5 minutes) past due, any earlier day too
    due now:     due within the next DUE_SOON (15 minutes), or at most 5 minutes ago
    later:       due later that day
    done:        done or cancelled that day
A callback still open more than MISSED_AFTER (2 hours) past due is marked missed. It stays on
the list, flagged, until someone deals with it; any action takes the flag away.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, CompoundSelect, Select, bindparam, select, union_all
from sqlalchemy.orm import Session, sessionmaker

from calmcall.clock import Clock, SystemClock
from calmcall.domain import Callback, CallbackStatus, Customer, DueCallback, Note, NoteKind
from calmcall.localtime import Zone, day_bounds, describe, to_local
from calmcall.services.callback_times import (
    DueCheck,
    SettingsLike,
    cadence_text,
    validate_cadence,
    validate_due,
)
from calmcall.services.calls import CallNotFound, clean_text
from calmcall.storage import convert
from calmcall.storage.models import CallbackEventRow, CallbackRow, CallRow, NoteRow
from calmcall.storage.types import utc_from_text, utc_or_none, utc_text

OVERDUE_AFTER = timedelta(minutes=5)
DUE_SOON = timedelta(minutes=15)
MISSED_AFTER = timedelta(hours=2)
OPEN_STATUSES = (CallbackStatus.OPEN.value, CallbackStatus.MISSED.value)


class EventKind(enum.StrEnum):
    PROMISED = "promised"
    UPDATE = "update"
    NO_ANSWER = "no_answer"
    SNOOZED = "snoozed"
    RESCHEDULED = "rescheduled"
    DONE = "done"
    CANCELLED = "cancelled"
    MISSED = "missed"
    REMINDED = "reminded"


class CallbackNotFound(LookupError):
    pass


class CallbackRefused(ValueError):
    """An action that cannot be done; the message tells the agent what to do instead."""


@dataclass(frozen=True)
class CallbackEvent:
    callback_id: int
    at: datetime
    kind: EventKind
    note: str
    due_at: datetime | None


@dataclass(frozen=True)
class CallbackChange:
    """What an action did: the callback as stored, and the note line it added (if any)."""

    callback: Callback
    note: Note | None = None


@dataclass(frozen=True)
class CallbackSection:
    key: str  # overdue, due_now, later, done
    title: str
    items: tuple[DueCallback, ...]


@dataclass(frozen=True)
class CallbackDay:
    day: date
    now: datetime
    is_today: bool
    sections: tuple[CallbackSection, ...]

    def section(self, key: str) -> CallbackSection:
        return next(s for s in self.sections if s.key == key)

    @property
    def items(self) -> list[DueCallback]:
        return [item for s in self.sections for item in s.items]


def section_titles(day: date, today: date) -> dict[str, str]:
    if day == today:
        return {"overdue": "Overdue", "due_now": "Due now", "later": "Later today",
                "done": "Done today"}
    name = f"{day:%a} {day.day} {day:%b}"
    return {"overdue": "Overdue", "due_now": "Due now", "later": f"Due {name}",
            "done": f"Done {name}"}


class CallbackService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock | None = None,
                 settings: SettingsLike | None = None, tz: Zone = None) -> None:
        self._sessions = sessions
        self.clock = clock or SystemClock()
        self._settings = settings
        self.tz = tz

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    def _setting(self, key: str, default: object) -> object:
        return self._settings[key] if self._settings is not None else default

    @property
    def lead(self) -> timedelta:
        minutes = self._setting("reminder_lead_minutes", 5)
        return timedelta(minutes=max(0, int(minutes)))  # type: ignore[call-overload]

    def _settings_or_defaults(self) -> SettingsLike:
        if self._settings is not None:
            return self._settings
        from calmcall.settings import Settings

        return Settings(None)

    def check_due(self, due: datetime) -> DueCheck:
        """validate_due against now, this agent's settings and zone (a DueCheck)."""
        return validate_due(due, self.clock.now(), self._settings_or_defaults(), self.tz)

    def _require_valid(self, due: datetime) -> None:
        check = self.check_due(due)
        if check.errors:
            raise CallbackRefused(" ".join(check.errors))

    # -- writing -----------------------------------------------------------------------------

    def _row(self, s: Session, callback_id: int, must_be_open: bool = True) -> CallbackRow:
        row = s.get(CallbackRow, callback_id)
        if row is None:
            raise CallbackNotFound(callback_id)
        if must_be_open and row.status not in OPEN_STATUSES:
            raise CallbackRefused(f"This callback is already {row.status}. Refresh the list "
                                  "(it may have been handled elsewhere) or promise a new one.")
        return row

    def _log(self, s: Session, row: CallbackRow, kind: EventKind, now: datetime,
             note: str = "", line: str = "") -> CallbackChange:
        s.add(CallbackEventRow(callback_id=row.id, at=now, kind=kind.value, note=note,
                               due_at=row.due_at))
        note_row = None
        call = s.get(CallRow, row.call_id)
        if line and call is not None and call.ended_at is None:
            elapsed = max(0.0, (now - call.started_at).total_seconds())
            note_row = NoteRow(call_id=call.id, at=now, elapsed_s=elapsed,
                               kind=NoteKind.PROMISE.value, text=clean_text(line))
            s.add(note_row)
        s.flush()
        return CallbackChange(convert.callback(row), convert.note(note_row) if note_row else None)

    def _when(self, due: datetime, now: datetime) -> str:
        local = to_local(due, self.tz)
        if abs(local.date() - to_local(now, self.tz).date()) < timedelta(days=6):
            return f"{local:%a %H:%M}"
        return f"{local:%a} {local.day} {local:%b %H:%M}"

    def promise_callback(self, call_id: int, due_at: datetime, promise: str = "",
                         phone: str = "", cadence_minutes: int | None = None) -> CallbackChange:
        self._require_valid(due_at)
        problem = validate_cadence(cadence_minutes)
        if problem:
            raise CallbackRefused(problem)
        promise = clean_text(promise)
        with self._session() as s:
            call = s.get(CallRow, call_id)
            if call is None:
                raise CallNotFound(call_id)
            now = self.clock.now()
            row = CallbackRow(call_id=call_id, created_at=now, due_at=due_at,
                              original_due_at=due_at, promise=promise,
                              phone=clean_text(phone) or call.customer_phone,
                              cadence_minutes=cadence_minutes, status="open", attempts=0,
                              outcome_note="")
            s.add(row)
            s.flush()
            line = f"Callback promised for {self._when(due_at, now)}"
            if promise:
                line += f": {promise}"
            if cadence_minutes:
                line += f" (update {cadence_text(cadence_minutes)} until resolved)"
            return self._log(s, row, EventKind.PROMISED, now, promise, line)

    def _move(self, s: Session, row: CallbackRow, due: datetime) -> None:
        row.due_at = due
        row.reminded_at = None  # the reminder belongs to the new time
        row.status = CallbackStatus.OPEN.value

    def mark_done(self, callback_id: int, note: str = "") -> CallbackChange:
        note = clean_text(note)
        with self._session() as s:
            row = self._row(s, callback_id)
            now = self.clock.now()
            row.status, row.done_at, row.outcome_note = CallbackStatus.DONE.value, now, note
            line = "Callback done" + (f": {note}" if note else "")
            return self._log(s, row, EventKind.DONE, now, note, line)

    def no_answer(self, callback_id: int) -> CallbackChange:
        with self._session() as s:
            row = self._row(s, callback_id)
            now = self.clock.now()
            row.attempts += 1
            return self._log(s, row, EventKind.NO_ANSWER, now, "",
                             f"Callback: no answer (attempt {row.attempts})")

    def log_update(self, callback_id: int, note: str = "") -> CallbackChange:
        """An update given to the customer; with a cadence, the next one is scheduled."""
        note = clean_text(note)
        with self._session() as s:
            row = self._row(s, callback_id)
            now = self.clock.now()
            line = "Update given" + (f": {note}" if note else "")
            if row.cadence_minutes:
                self._move(s, row, now + timedelta(minutes=row.cadence_minutes))
                line += f"; next update {self._when(row.due_at, now)}"
            else:
                row.status, row.done_at, row.outcome_note = CallbackStatus.DONE.value, now, note
            return self._log(s, row, EventKind.UPDATE, now, note, line)

    def snooze(self, callback_id: int, minutes: int | None = None,
               until: datetime | None = None) -> CallbackChange:
        if (minutes is None) == (until is None):
            raise ValueError("give minutes or until")
        with self._session() as s:
            row = self._row(s, callback_id)
            now = self.clock.now()
            due = until if until is not None else max(now, row.due_at) + timedelta(
                minutes=minutes or 0)
            self._require_valid(due)
            self._move(s, row, due)
            return self._log(s, row, EventKind.SNOOZED, now, "",
                             f"Callback snoozed to {self._when(due, now)}")

    def reschedule(self, callback_id: int, when: datetime, reason: str = "") -> CallbackChange:
        self._require_valid(when)
        reason = clean_text(reason)
        with self._session() as s:
            row = self._row(s, callback_id)
            now = self.clock.now()
            self._move(s, row, when)
            line = f"Callback moved to {self._when(when, now)}" + (f": {reason}" if reason else "")
            return self._log(s, row, EventKind.RESCHEDULED, now, reason, line)

    def cancel(self, callback_id: int, reason: str) -> CallbackChange:
        reason = clean_text(reason)
        if not reason:
            raise CallbackRefused("Say why the callback is cancelled, e.g. "
                                  "\"customer solved it themselves\".")
        with self._session() as s:
            row = self._row(s, callback_id)
            now = self.clock.now()
            row.status, row.done_at, row.outcome_note = (CallbackStatus.CANCELLED.value, now,
                                                         reason)
            return self._log(s, row, EventKind.CANCELLED, now, reason,
                             f"Callback cancelled: {reason}")

    # -- reminders and the missed rule ---------------------------------------------------------

    def due_reminders(self, now: datetime | None = None) -> list[DueCallback]:
        """Open callbacks whose reminder (due time minus the lead) should fire by `now`."""
        now = now or self.clock.now()
        return self._due(_due_where(
            CallbackRow.status == CallbackStatus.OPEN.value,
            CallbackRow.reminded_at.is_(None), CallbackRow.due_at <= now + self.lead))

    def overdue(self, now: datetime | None = None) -> list[DueCallback]:
        """Everything still open whose time has come: what a fresh start announces."""
        now = now or self.clock.now()
        return self._due(_due_where(_IS_OPEN, CallbackRow.due_at <= now))

    def mark_reminded(self, callback_id: int) -> None:
        with self._session() as s:
            row = self._row(s, callback_id, must_be_open=False)
            now = self.clock.now()
            row.reminded_at = now
            self._log(s, row, EventKind.REMINDED, now)

    def mark_missed(self, now: datetime | None = None) -> list[DueCallback]:
        """Flag open callbacks more than MISSED_AFTER past due; returns those newly flagged."""
        now = now or self.clock.now()
        with self._session() as s:
            rows = list(s.execute(self._ordered(select(CallbackRow, CallRow).where(
                CallbackRow.status == CallbackStatus.OPEN.value,
                CallbackRow.due_at < now - MISSED_AFTER))))
            for cb, _call in rows:
                cb.status = CallbackStatus.MISSED.value
                self._log(s, cb, EventKind.MISSED, now, "not handled 2 hours after it was due")
            return [_due_callback(cb, call) for cb, call in rows]

    # -- reading -------------------------------------------------------------------------------

    @staticmethod
    def _ordered(query: Select) -> Select:  # type: ignore[type-arg]
        return query.join(CallRow, CallbackRow.call_id == CallRow.id).order_by(
            CallbackRow.due_at, CallbackRow.id)

    def _due(self, statement: Select | CompoundSelect,  # type: ignore[type-arg]
             **times: datetime) -> list[DueCallback]:
        with self._sessions() as s:  # column rows need only Core, not the ORM's execution
            return [_due_row(row) for row in s.connection().execute(statement, times)]

    def get(self, callback_id: int) -> DueCallback:
        found = self._due(_due_where(CallbackRow.id == callback_id))
        if not found:
            raise CallbackNotFound(callback_id)
        return found[0]

    def events(self, callback_id: int) -> list[CallbackEvent]:
        with self._sessions() as s:
            rows = s.scalars(select(CallbackEventRow).where(
                CallbackEventRow.callback_id == callback_id).order_by(CallbackEventRow.id))
            return [CallbackEvent(r.callback_id, r.at, EventKind(r.kind), r.note, r.due_at)
                    for r in rows]

    def latest_open_for_call(self, call_id: int) -> Callback | None:
        """The call's most recently promised callback still to be made (for {callback_time})."""
        with self._sessions() as s:
            row = s.scalars(select(CallbackRow).where(
                CallbackRow.call_id == call_id, CallbackRow.status.in_(OPEN_STATUSES))
                .order_by(CallbackRow.created_at.desc(), CallbackRow.id.desc()).limit(1)).first()
            return convert.callback(row) if row else None

    def open_callbacks(self, start: datetime | None = None,
                       end: datetime | None = None) -> list[DueCallback]:
        conditions: list[ColumnElement[bool]] = [_IS_OPEN]
        if start is not None:
            conditions.append(CallbackRow.due_at >= start)
        if end is not None:
            conditions.append(CallbackRow.due_at < end)
        return self._due(_due_where(*conditions))

    def day_list(self, day: date | None = None, tz: Zone = None) -> CallbackDay:
        """The sections of one local day's list (today's when `day` is None)."""
        tz = tz if tz is not None else self.tz
        now = self.clock.now()
        today = to_local(now, tz).date()
        day = day or today
        start, end = day_bounds(day, tz)
        # Today's list also carries every earlier callback nobody dealt with.
        items = self._due(_TODAYS_LIST if day == today else _DAYS_LIST, start=start, end=end)
        buckets: dict[str, list[DueCallback]] = {"overdue": [], "due_now": [], "later": []}
        closed = []
        for item in items:
            if item.callback.status.value in OPEN_STATUSES:
                buckets[_bucket(item.callback.due_at, now)].append(item)
            else:
                closed.append(item)
        titles = section_titles(day, today)
        keys = ("overdue", "due_now", "later")
        sections = [CallbackSection(k, titles[k], tuple(buckets[k])) for k in keys]
        done = sorted(closed, key=lambda i: (i.callback.done_at or now, i.id))
        sections.append(CallbackSection("done", titles["done"], tuple(done)))
        return CallbackDay(day, now, day == today, tuple(sections))

    def describe(self, when: datetime) -> str:
        return describe(when, self.clock.now(), self.tz)


def _bucket(due: datetime, now: datetime) -> str:
    if due < now - OVERDUE_AFTER:
        return "overdue"
    if due <= now + DUE_SOON:
        return "due_now"
    return "later"


# The day's list is read every 30 s and after every action, with a few hundred rows on a busy
# desk. Its reads are plain column rows (identity-mapped entities cost ten times more), the
# times come as stored text parsed in one step (SQLAlchemy's per-value processing cost more
# than the query), and the statements are built once, with only the times bound per read.
_DUE_COLUMNS = (
    CallbackRow.id.label("id"), CallbackRow.call_id, utc_text(CallbackRow.due_at),
    CallbackRow.promise, CallbackRow.phone, CallbackRow.cadence_minutes, CallbackRow.status,
    utc_text(CallbackRow.created_at), utc_text(CallbackRow.done_at), CallbackRow.attempts,
    CallbackRow.outcome_note, utc_text(CallbackRow.original_due_at),
    utc_text(CallbackRow.reminded_at), CallRow.customer_name, CallRow.customer_phone,
    CallRow.customer_account, utc_text(CallRow.started_at),
)  # "id" is labelled for _day_list's ORDER BY, which SQLite matches by output name
_DUE = select(*_DUE_COLUMNS).join_from(CallbackRow, CallRow, CallbackRow.call_id == CallRow.id)
_IS_OPEN = CallbackRow.status.in_(OPEN_STATUSES)


def _due_where(*conditions: ColumnElement[bool]) -> Select:  # type: ignore[type-arg]
    return _DUE.where(*conditions).order_by(CallbackRow.due_at, CallbackRow.id)


def _day_list(*open_due: ColumnElement[bool]) -> CompoundSelect:
    """One read for a day's list: the open callbacks `open_due` picks, and those closed that
    day. Each half uses its own index; together they save a round trip through SQLAlchemy."""
    both = union_all(
        _DUE.where(_IS_OPEN, *open_due),
        _DUE.where(CallbackRow.status.not_in(OPEN_STATUSES),
                   CallbackRow.done_at >= bindparam("start"),
                   CallbackRow.done_at < bindparam("end")))
    return both.order_by(both.selected_columns.due_at, both.selected_columns.id)


_TODAYS_LIST = _day_list(CallbackRow.due_at < bindparam("end"))
_DAYS_LIST = _day_list(CallbackRow.due_at >= bindparam("start"),
                       CallbackRow.due_at < bindparam("end"))


def _due_row(row: Any) -> DueCallback:
    """A DueCallback from one row of _DUE_COLUMNS, by position."""
    (id_, call_id, due_at, promise, phone, cadence, status, created_at, done_at, attempts,
     outcome_note, original_due_at, reminded_at, name, customer_phone, account, started) = row
    callback = Callback(id_, call_id, utc_from_text(due_at), promise, phone, cadence,
                        CallbackStatus(status), utc_from_text(created_at),
                        utc_or_none(done_at), attempts, outcome_note,
                        utc_or_none(original_due_at), utc_or_none(reminded_at))
    return DueCallback(callback, Customer(name, customer_phone, account),
                       utc_from_text(started))


def _due_callback(cb: CallbackRow, call: CallRow) -> DueCallback:
    return DueCallback(convert.callback(cb),
                       Customer(call.customer_name, call.customer_phone, call.customer_account),
                       call.started_at)


def count_text(items: Sequence[object], one: str, many: str) -> str:
    return f"1 {one}" if len(items) == 1 else f"{len(items)} {many}"
