"""The live call: start, notes, step ticks, mood, card uses, wrap-up, resume.

Every method commits before it returns: when the UI shows a stamped line, it is on disk.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from calmcall.clock import Clock, SystemClock
from calmcall.domain import (
    MOOD_LABELS,
    Call,
    CallRecord,
    Card,
    CardUse,
    Customer,
    MoodSample,
    Note,
    NoteKind,
    Outcome,
    Step,
    StepCheck,
)
from calmcall.privacy import mask_card_numbers
from calmcall.storage import convert
from calmcall.storage.models import (
    CallbackRow,
    CallRow,
    CardUseRow,
    MoodSampleRow,
    NoteRow,
    StepCheckRow,
)


class CallNotFound(LookupError):
    pass


class CallEnded(RuntimeError):
    """Live-call actions refused on a call that has been wrapped up."""


# Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F; tab is kept.
_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """What may be stored from a one-line field: no control characters but tab, no card numbers."""
    # C0 and C1 controls become spaces: visible, never silently dropped. Format characters
    # (Cf) stay, because right-to-left text needs its direction marks.
    return mask_card_numbers(_CONTROLS.sub(" ", text).strip())


class CallService:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock | None = None) -> None:
        self._sessions = sessions
        self.clock = clock or SystemClock()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    def _live(self, session: Session, call_id: int) -> CallRow:
        row = session.get(CallRow, call_id)
        if row is None:
            raise CallNotFound(call_id)
        if row.ended_at is not None:
            raise CallEnded(call_id)
        return row

    def _elapsed(self, row: CallRow, now: datetime) -> float:
        return max(0.0, (now - row.started_at).total_seconds())

    def _add_line(self, session: Session, row: CallRow, kind: NoteKind, text: str,
                  now: datetime) -> NoteRow:
        line = NoteRow(call_id=row.id, at=now, elapsed_s=self._elapsed(row, now),
                       kind=kind.value, text=text)
        session.add(line)
        return line

    # -- the call itself ----------------------------------------------------------------

    def start_call(self, playbook_id: str, customer: Customer | None = None) -> Call:
        customer = customer or Customer()
        with self._session() as s:
            row = CallRow(
                playbook_id=playbook_id,
                started_at=self.clock.now(),
                customer_name=clean_text(customer.name),
                customer_phone=clean_text(customer.phone),
                customer_account=clean_text(customer.account),
                category="",
                root_cause="",
            )
            s.add(row)
            s.flush()
            return convert.call(row)

    def update_customer(self, call_id: int, customer: Customer) -> Call:
        with self._session() as s:
            row = s.get(CallRow, call_id)
            if row is None:
                raise CallNotFound(call_id)
            row.customer_name = clean_text(customer.name)
            row.customer_phone = clean_text(customer.phone)
            row.customer_account = clean_text(customer.account)
            return convert.call(row)

    def set_playbook(self, call_id: int, playbook_id: str) -> Call:
        with self._session() as s:
            row = self._live(s, call_id)
            row.playbook_id = playbook_id
            return convert.call(row)

    def get_call(self, call_id: int) -> Call:
        with self._sessions() as s:
            row = s.get(CallRow, call_id)
            if row is None:
                raise CallNotFound(call_id)
            return convert.call(row)

    def interrupted_call(self) -> Call | None:
        """The newest call that never reached wrap-up: the app died or was closed mid-call."""
        with self._sessions() as s:
            row = s.scalars(
                select(CallRow).where(CallRow.ended_at.is_(None))
                .order_by(CallRow.started_at.desc()).limit(1)
            ).first()
            return convert.call(row) if row else None

    def resume_call(self, call_id: int) -> Call:
        with self._session() as s:
            row = self._live(s, call_id)
            self._add_line(s, row, NoteKind.SYSTEM, "Call resumed after CalmCall restarted",
                           self.clock.now())
            return convert.call(row)

    def end_call(self, call_id: int, outcome: Outcome | None, category: str = "",
                 root_cause: str = "", open_steps: int = 0) -> Call:
        with self._session() as s:
            row = self._live(s, call_id)
            now = self.clock.now()
            row.ended_at = now
            row.outcome = outcome.value if outcome else None
            row.category = clean_text(category)
            row.root_cause = clean_text(root_cause)
            summary = f"Call ended: {outcome.label if outcome else 'no outcome set'}"
            if open_steps:
                summary += f" ({open_steps} step{'s' if open_steps != 1 else ''} left open)"
            self._add_line(s, row, NoteKind.SYSTEM, summary, now)
            return convert.call(row)

    # -- what happens during the call ---------------------------------------------------

    def add_note(self, call_id: int, text: str, kind: NoteKind = NoteKind.NOTE,
                 at: datetime | None = None) -> Note:
        """Store one line. `at` is for a note typed earlier that the disk refused then."""
        text = clean_text(text)
        if not text:
            raise ValueError("empty note")
        with self._session() as s:
            row = self._live(s, call_id)
            line = self._add_line(s, row, kind, text, at or self.clock.now())
            s.flush()
            return convert.note(line)

    def tick_step(self, call_id: int, step: Step) -> tuple[StepCheck, Note]:
        with self._session() as s:
            row = self._live(s, call_id)
            now = self.clock.now()
            check = StepCheckRow(call_id=call_id, step_id=step.id, title=step.title,
                                 done_at=now, elapsed_s=self._elapsed(row, now))
            s.add(check)
            line = self._add_line(s, row, NoteKind.STEP, f"✓ {step.title}", now)
            s.flush()
            return convert.step_check(check), convert.note(line)

    def untick_step(self, call_id: int, step: Step) -> Note:
        with self._session() as s:
            row = self._live(s, call_id)
            s.execute(delete(StepCheckRow).where(StepCheckRow.call_id == call_id,
                                                 StepCheckRow.step_id == step.id))
            line = self._add_line(s, row, NoteKind.STEP, f"✗ {step.title} (unticked)",
                                  self.clock.now())
            s.flush()
            return convert.note(line)

    def record_mood(self, call_id: int, value: int) -> tuple[MoodSample, Note]:
        if value not in MOOD_LABELS:
            raise ValueError(f"mood must be 1 to 5, not {value}")
        with self._session() as s:
            row = self._live(s, call_id)
            now = self.clock.now()
            sample = MoodSampleRow(call_id=call_id, at=now, value=value)
            s.add(sample)
            line = self._add_line(s, row, NoteKind.MOOD, f"Mood {value}: {MOOD_LABELS[value]}",
                                  now)
            s.flush()
            return convert.mood(sample), convert.note(line)

    def record_card_use(self, call_id: int, card: Card) -> tuple[CardUse, Note]:
        with self._session() as s:
            row = self._live(s, call_id)
            now = self.clock.now()
            use = CardUseRow(call_id=call_id, card_id=card.id, at=now,
                             elapsed_s=self._elapsed(row, now))
            s.add(use)
            line = self._add_line(s, row, NoteKind.CARD, f"Card used: {card.title}", now)
            s.flush()
            return convert.card_use(use), convert.note(line)

    # -- reading a call back ------------------------------------------------------------

    def record(self, call_id: int) -> CallRecord:
        with self._sessions() as s:
            row = s.get(CallRow, call_id)
            if row is None:
                raise CallNotFound(call_id)
            return load_record(s, row)


def load_record(s: Session, row: CallRow) -> CallRecord:
    def rows(model: type, order: Any) -> list:  # type: ignore[type-arg]
        return list(s.scalars(select(model).where(model.call_id == row.id)  # type: ignore[attr-defined]
                              .order_by(order)))

    return CallRecord(
        call=convert.call(row),
        notes=tuple(convert.note(r) for r in rows(NoteRow, NoteRow.id)),
        steps=tuple(convert.step_check(r) for r in rows(StepCheckRow, StepCheckRow.done_at)),
        mood=tuple(convert.mood(r) for r in rows(MoodSampleRow, MoodSampleRow.id)),
        cards_used=tuple(convert.card_use(r) for r in rows(CardUseRow, CardUseRow.id)),
        callbacks=tuple(convert.callback(r) for r in rows(CallbackRow, CallbackRow.due_at)),
    )
