"""The records of calls and callbacks, as the services hand them out (see `calmcall.domain`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from calmcall.domain import CallbackStatus, Customer, NoteKind, Outcome, format_elapsed


@dataclass(frozen=True)
class Note:
    id: int
    call_id: int
    at: datetime
    elapsed_s: float
    kind: NoteKind
    text: str

    @property
    def stamp(self) -> str:
        return format_elapsed(self.elapsed_s)


@dataclass(frozen=True)
class StepCheck:
    call_id: int
    step_id: str
    title: str
    done_at: datetime
    elapsed_s: float


@dataclass(frozen=True)
class MoodSample:
    call_id: int
    at: datetime
    value: int


@dataclass(frozen=True)
class CardUse:
    call_id: int
    card_id: str
    at: datetime
    elapsed_s: float


@dataclass(frozen=True)
class Callback:
    id: int
    call_id: int
    due_at: datetime
    promise: str
    phone: str
    cadence_minutes: int | None
    status: CallbackStatus
    created_at: datetime
    done_at: datetime | None = None
    attempts: int = 0
    outcome_note: str = ""
    original_due_at: datetime | None = None  # what the customer was first told
    reminded_at: datetime | None = None  # reminder shown for the current due_at

    @property
    def is_open(self) -> bool:
        """Still to be dealt with: open, or missed (missed stays on the list until handled)."""
        return self.status in (CallbackStatus.OPEN, CallbackStatus.MISSED)


@dataclass(frozen=True)
class DueCallback:
    """A callback as the day's list shows it: with who to call and the call it came from."""

    callback: Callback
    customer: Customer
    call_started_at: datetime

    @property
    def id(self) -> int:
        return self.callback.id


@dataclass(frozen=True)
class Call:
    id: int
    customer: Customer
    started_at: datetime
    playbook_id: str
    ended_at: datetime | None = None
    outcome: Outcome | None = None
    category: str = ""
    root_cause: str = ""

    @property
    def running(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True)
class CallRecord:
    """A call with everything that happened on it, as export and summaries need it."""

    call: Call
    notes: tuple[Note, ...] = ()
    steps: tuple[StepCheck, ...] = ()
    mood: tuple[MoodSample, ...] = ()
    cards_used: tuple[CardUse, ...] = ()
    callbacks: tuple[Callback, ...] = field(default=())
