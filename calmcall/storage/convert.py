"""Row -> domain object conversion: the one boundary ORM rows never cross."""

from __future__ import annotations

from calmcall.domain import (
    Call,
    Callback,
    CallbackStatus,
    CardUse,
    Customer,
    MoodSample,
    Note,
    NoteKind,
    Outcome,
    StepCheck,
)
from calmcall.storage.models import (
    CallbackRow,
    CallRow,
    CardUseRow,
    MoodSampleRow,
    NoteRow,
    StepCheckRow,
)


def call(row: CallRow) -> Call:
    return Call(
        id=row.id,
        customer=Customer(row.customer_name, row.customer_phone, row.customer_account),
        started_at=row.started_at,
        playbook_id=row.playbook_id,
        ended_at=row.ended_at,
        outcome=Outcome(row.outcome) if row.outcome else None,
        category=row.category,
        root_cause=row.root_cause,
    )


def note(row: NoteRow) -> Note:
    return Note(row.id, row.call_id, row.at, row.elapsed_s, NoteKind(row.kind), row.text)


def step_check(row: StepCheckRow) -> StepCheck:
    return StepCheck(row.call_id, row.step_id, row.title, row.done_at, row.elapsed_s)


def mood(row: MoodSampleRow) -> MoodSample:
    return MoodSample(row.call_id, row.at, row.value)


def card_use(row: CardUseRow) -> CardUse:
    return CardUse(row.call_id, row.card_id, row.at, row.elapsed_s)


def callback(row: CallbackRow) -> Callback:
    return Callback(
        id=row.id,
        call_id=row.call_id,
        due_at=row.due_at,
        promise=row.promise,
        phone=row.phone,
        cadence_minutes=row.cadence_minutes,
        status=CallbackStatus(row.status),
        created_at=row.created_at,
        done_at=row.done_at,
        attempts=row.attempts,
        outcome_note=row.outcome_note,
        original_due_at=row.original_due_at,
        reminded_at=row.reminded_at,
    )
