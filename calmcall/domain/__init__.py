"""Domain objects: frozen dataclasses the services hand to the UI and the CLI.

ORM rows never leave `calmcall.storage`; they are converted into these at the boundary
so the rest of the app cannot lazy-load or mutate the database by accident.

What the window shows before the data layer is in (playbooks, the vocabulary of kinds and
outcomes) is defined here. The records of calls and callbacks live in `records` and load
on first use: each frozen dataclass costs about a millisecond to define, and the window is
painted before any call is read.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from calmcall.domain.records import Call as Call
    from calmcall.domain.records import Callback as Callback
    from calmcall.domain.records import CallRecord as CallRecord
    from calmcall.domain.records import CardUse as CardUse
    from calmcall.domain.records import DueCallback as DueCallback
    from calmcall.domain.records import MoodSample as MoodSample
    from calmcall.domain.records import Note as Note
    from calmcall.domain.records import StepCheck as StepCheck

_RECORDS = frozenset({"Note", "StepCheck", "MoodSample", "CardUse", "Callback", "DueCallback",
                      "Call", "CallRecord"})


def __getattr__(name: str) -> Any:
    """`from calmcall.domain import Call` works as ever; the records load on first use."""
    if name in _RECORDS:
        from calmcall.domain import records

        return getattr(records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


def format_elapsed(seconds: float) -> str:
    """`[mm:ss]` call time; minutes keep counting past an hour (a 75-minute call shows 75:03)."""
    total = max(0, int(seconds))
    return f"{total // 60:02d}:{total % 60:02d}"
