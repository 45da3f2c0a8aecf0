"""Domain objects: frozen dataclasses the services hand to the UI and the CLI.

ORM rows never leave `calmcall.storage`; they are converted into these at the boundary
so the rest of the app cannot lazy-load or mutate the database by accident.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class NoteKind(enum.StrEnum):
    """What produced a line in the call's timeline."""

    NOTE = "note"  # typed by the agent
    STEP = "step"  # a step was ticked or unticked
    CARD = "card"  # a script card was used
    MOOD = "mood"  # the mood scale changed
    PROMISE = "promise"  # a callback was promised
    CORRECTION = "correction"  # a correction added after the call ended
    SYSTEM = "system"  # start, resume, wrap-up


class Outcome(enum.StrEnum):
    RESOLVED = "resolved"
    CALLBACK = "callback"
    ESCALATED = "escalated"
    UNRESOLVED = "unresolved"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    Outcome.RESOLVED: "Resolved on the call",
    Outcome.CALLBACK: "Callback promised",
    Outcome.ESCALATED: "Escalated",
    Outcome.UNRESOLVED: "Not resolved",
    Outcome.DROPPED: "Call dropped",
}

CATEGORIES = ("Billing", "Delivery", "Technical", "Service", "Account", "Other")

MOOD_LABELS = {1: "Furious", 2: "Angry", 3: "Upset", 4: "Settling", 5: "Calm"}


class CallbackStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"
    MISSED = "missed"


@dataclass(frozen=True)
class Customer:
    name: str = ""
    phone: str = ""
    account: str = ""


@dataclass(frozen=True)
class Card:
    """An empathy script card. `text` may hold placeholders such as {customer}."""

    id: str
    title: str
    text: str
    step_id: str
    playbook_id: str


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    hint: str
    cards: tuple[Card, ...] = ()


@dataclass(frozen=True)
class Playbook:
    id: str
    name: str
    description: str
    steps: tuple[Step, ...]
    source: str = "built-in"  # "built-in" or the path of the user's file

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    @property
    def cards(self) -> tuple[Card, ...]:
        return tuple(c for s in self.steps for c in s.cards)


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


def format_elapsed(seconds: float) -> str:
    """`[mm:ss]` call time; minutes keep counting past an hour (a 75-minute call shows 75:03)."""
    total = max(0, int(seconds))
    return f"{total // 60:02d}:{total % 60:02d}"
