"""The export files: JSON (contract version 1, lossless) and CSV (one row per note).

Both are streamed: calls are read in batches in (started_at, id) order, and each batch's notes,
steps, mood samples, card uses and callbacks come from one `WHERE call_id IN (...)` query per
table, so 100,000 calls cost a few hundred queries rather than half a million, and memory holds
one batch at a time. The whole export runs in one read transaction, so a call added while it
runs cannot appear half-written.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, TextIO, TypeVar

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from calmcall.clock import Clock, iso_utc
from calmcall.domain import CallRecord
from calmcall.storage import convert
from calmcall.storage.models import (
    CallbackRow,
    CallRow,
    CardUseRow,
    MoodSampleRow,
    NoteRow,
    StepCheckRow,
)

FORMAT = "calmcall-export"
VERSION = 1

# SQLite since 3.32 allows 32766 bound parameters; 1000 ids per IN list stays far below it
# while keeping the number of round trips small.
BATCH_SIZE = 1000

CSV_COLUMNS = (
    "call_id", "started_at", "customer_name", "customer_phone", "outcome", "category",
    "root_cause", "note_at", "elapsed_s", "kind", "text",
)

_T = TypeVar("_T")


# -- reading -------------------------------------------------------------------------------


def iter_records(sessions: sessionmaker[Session], since: datetime | None = None,
                 batch_size: int = BATCH_SIZE) -> Iterator[CallRecord]:
    """Every call (started at or after `since`) with everything that happened on it."""
    if since is not None and since.tzinfo is None:
        raise ValueError("since must be timezone-aware")
    with sessions() as s, s.begin():
        last: tuple[datetime, int] | None = None
        while True:
            query = select(CallRow).order_by(CallRow.started_at, CallRow.id).limit(batch_size)
            if since is not None:
                query = query.where(CallRow.started_at >= since)
            if last is not None:
                # Keyset paging: OFFSET would rescan every earlier call for each batch.
                query = query.where(or_(CallRow.started_at > last[0],
                                        and_(CallRow.started_at == last[0], CallRow.id > last[1])))
            calls = list(s.scalars(query))
            if not calls:
                return
            yield from _records(s, calls)
            last = (calls[-1].started_at, calls[-1].id)
            s.expunge_all()  # the batch has been converted; let its rows go
            if len(calls) < batch_size:
                return


def _records(s: Session, calls: list[CallRow]) -> Iterator[CallRecord]:
    ids = [c.id for c in calls]

    def children(model: Any, order: tuple[Any, ...],
                 conv: Callable[[Any], _T]) -> dict[int, list[_T]]:
        grouped: dict[int, list[_T]] = defaultdict(list)
        for row in s.scalars(select(model).where(model.call_id.in_(ids)).order_by(*order)):
            grouped[row.call_id].append(conv(row))
        return grouped

    notes = children(NoteRow, (NoteRow.id,), convert.note)
    steps = children(StepCheckRow, (StepCheckRow.done_at, StepCheckRow.id), convert.step_check)
    mood = children(MoodSampleRow, (MoodSampleRow.at, MoodSampleRow.id), convert.mood)
    cards = children(CardUseRow, (CardUseRow.at, CardUseRow.id), convert.card_use)
    callbacks = children(CallbackRow, (CallbackRow.due_at, CallbackRow.id), convert.callback)
    for row in calls:
        yield CallRecord(
            call=convert.call(row),
            notes=tuple(notes.get(row.id, ())),
            steps=tuple(steps.get(row.id, ())),
            mood=tuple(mood.get(row.id, ())),
            cards_used=tuple(cards.get(row.id, ())),
            callbacks=tuple(callbacks.get(row.id, ())),
        )


# -- JSON ----------------------------------------------------------------------------------


def _iso(when: datetime | None) -> str | None:
    return iso_utc(when) if when is not None else None


def record_to_json(record: CallRecord) -> dict[str, Any]:
    """One call as the version 1 contract spells it."""
    call = record.call
    return {
        "id": call.id,
        "customer": {"name": call.customer.name, "phone": call.customer.phone,
                     "account": call.customer.account},
        "started_at": iso_utc(call.started_at),
        "ended_at": _iso(call.ended_at),
        "playbook": call.playbook_id,
        "outcome": call.outcome.value if call.outcome else None,
        "category": call.category,
        "root_cause": call.root_cause,
        "steps": [{"id": s.step_id, "title": s.title, "done_at": iso_utc(s.done_at),
                   "elapsed_s": round(s.elapsed_s, 3)} for s in record.steps],
        "notes": [{"at": iso_utc(n.at), "elapsed_s": round(n.elapsed_s, 3),
                   "kind": n.kind.value, "text": n.text} for n in record.notes],
        "mood": [{"at": iso_utc(m.at), "value": m.value} for m in record.mood],
        "cards_used": [{"card": u.card_id, "at": iso_utc(u.at)} for u in record.cards_used],
        "callbacks": [{"id": cb.id, "due_at": iso_utc(cb.due_at), "promise": cb.promise,
                       "cadence_minutes": cb.cadence_minutes, "status": cb.status.value,
                       "done_at": _iso(cb.done_at)} for cb in record.callbacks],
    }


def _header(clock: Clock) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "exported_at": iso_utc(clock.now())}


def export_json(sessions: sessionmaker[Session], since: datetime | None = None, *,
                clock: Clock) -> dict[str, Any]:
    """The whole export as one dict; for big histories prefer `write_json`."""
    return {**_header(clock),
            "calls": [record_to_json(r) for r in iter_records(sessions, since)]}


def write_json(sessions: sessionmaker[Session], out: TextIO, since: datetime | None = None, *,
               clock: Clock, ensure_ascii: bool = False) -> int:
    """Write the export to `out` one call at a time; returns the number of calls written."""
    head = json.dumps(_header(clock), ensure_ascii=ensure_ascii)
    out.write(head[:-1] + ', "calls": [')  # reopen the header object to append the list
    count = 0
    for record in iter_records(sessions, since):
        out.write(",\n" if count else "\n")
        out.write(json.dumps(record_to_json(record), ensure_ascii=ensure_ascii))
        count += 1
    out.write("\n]}\n" if count else "]}\n")
    return count


# -- CSV -----------------------------------------------------------------------------------


def _cell(text: str) -> str:
    """Neutralise text a spreadsheet would run as a formula (OWASP "CSV injection")."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(sessions: sessionmaker[Session], out: TextIO,
              since: datetime | None = None) -> int:
    """One row per note, with the call's columns repeated; a call without notes gets one row
    with empty note columns so it is not silently missing. Returns the number of calls."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for record in iter_records(sessions, since):
        call = record.call
        front = [call.id, iso_utc(call.started_at), _cell(call.customer.name),
                 _cell(call.customer.phone), call.outcome.value if call.outcome else "",
                 _cell(call.category), _cell(call.root_cause)]
        if not record.notes:
            writer.writerow([*front, "", "", "", ""])
        for note in record.notes:
            writer.writerow([*front, iso_utc(note.at), f"{note.elapsed_s:.3f}",
                             note.kind.value, _cell(note.text)])
        count += 1
    return count
