"""The JSON export (contract version 1) and the CSV export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from calmcall.domain import CallbackStatus, Outcome
from calmcall.services.export import (
    CSV_COLUMNS,
    export_json,
    iter_records,
    write_csv,
    write_json,
)
from calmcall.storage.models import CallbackRow, NoteRow
from tests.helpers.core import START, Core, card, customer, make_core, step


@pytest.fixture
def core(tmp_path: Path) -> Iterator[Core]:
    core = make_core(tmp_path)
    yield core
    core.close()


def add_callback(core: Core, call_id: int, **values: Any) -> None:
    """Callbacks have no service yet; the export only needs the rows."""
    with core.sessions() as s, s.begin():
        s.add(CallbackRow(call_id=call_id, created_at=core.clock.now(), **values))


def handled_call(core: Core) -> int:
    """A whole call at known times: 14:00:00 UTC to 14:05:00."""
    call = core.calls.start_call("defuse", customer())
    core.clock.advance(12.3456)
    core.calls.add_note(call.id, "Charged twice, card 4111 1111 1111 1111")
    core.clock.advance(7.6544)  # 20 s
    core.calls.tick_step(call.id, step())
    core.clock.advance(5)  # 25 s
    core.calls.record_mood(call.id, 2)
    core.clock.advance(5)  # 30 s
    core.calls.record_card_use(call.id, card())
    core.clock.advance(250)  # 280 s
    add_callback(core, call.id, due_at=START + timedelta(days=1), promise="Refund status",
                 cadence_minutes=60, status=CallbackStatus.OPEN.value)
    add_callback(core, call.id, due_at=START + timedelta(hours=2), promise="Check the bank",
                 cadence_minutes=None, status=CallbackStatus.DONE.value,
                 done_at=START + timedelta(hours=1, minutes=30))
    core.clock.advance(20)  # 300 s
    core.calls.end_call(call.id, Outcome.CALLBACK, "Billing", "Double charge")
    return call.id


EXPECTED_CALL = {
    "id": 1,
    "customer": {"name": "Dana Price", "phone": "+44 20 7946 0958", "account": "AC-1042"},
    "started_at": "2026-03-02T14:00:00Z",
    "ended_at": "2026-03-02T14:05:00Z",
    "playbook": "defuse",
    "outcome": "callback",
    "category": "Billing",
    "root_cause": "Double charge",
    "steps": [{"id": "listen", "title": "Listen", "done_at": "2026-03-02T14:00:20Z",
               "elapsed_s": 20.0}],
    "notes": [
        {"at": "2026-03-02T14:00:12.345600Z", "elapsed_s": 12.346, "kind": "note",
         "text": "Charged twice, card [card ••••1111]"},
        {"at": "2026-03-02T14:00:20Z", "elapsed_s": 20.0, "kind": "step", "text": "✓ Listen"},
        {"at": "2026-03-02T14:00:25Z", "elapsed_s": 25.0, "kind": "mood",
         "text": "Mood 2: Angry"},
        {"at": "2026-03-02T14:00:30Z", "elapsed_s": 30.0, "kind": "card",
         "text": "Card used: Acknowledge"},
        {"at": "2026-03-02T14:05:00Z", "elapsed_s": 300.0, "kind": "system",
         "text": "Call ended: Callback promised"},
    ],
    "mood": [{"at": "2026-03-02T14:00:25Z", "value": 2}],
    "cards_used": [{"card": "defuse.acknowledge", "at": "2026-03-02T14:00:30Z"}],
    "callbacks": [
        {"id": 2, "due_at": "2026-03-02T16:00:00Z", "promise": "Check the bank",
         "cadence_minutes": None, "status": "done", "done_at": "2026-03-02T15:30:00Z"},
        {"id": 1, "due_at": "2026-03-03T14:00:00Z", "promise": "Refund status",
         "cadence_minutes": 60, "status": "open", "done_at": None},
    ],
}


def test_a_call_exports_exactly_as_the_contract_says(core: Core) -> None:
    handled_call(core)
    core.clock.set(START + timedelta(days=2))
    assert export_json(core.sessions, clock=core.clock) == {
        "format": "calmcall-export",
        "version": 1,
        "exported_at": "2026-03-04T14:00:00Z",
        "calls": [EXPECTED_CALL],
    }


def test_a_running_call_has_null_end_and_outcome(core: Core) -> None:
    core.calls.start_call("stay-calm")
    (call,) = export_json(core.sessions, clock=core.clock)["calls"]
    assert (call["ended_at"], call["outcome"], call["notes"]) == (None, None, [])
    assert call["customer"] == {"name": "", "phone": "", "account": ""}


def test_calls_come_in_start_order_then_id(core: Core) -> None:
    core.clock.advance(60)
    late = core.calls.start_call("defuse")
    core.clock.set(START)
    early_a = core.calls.start_call("defuse")
    early_b = core.calls.start_call("defuse")
    ids = [c["id"] for c in export_json(core.sessions, clock=core.clock)["calls"]]
    assert ids == [early_a.id, early_b.id, late.id]


def test_since_keeps_calls_started_at_or_after_it(core: Core) -> None:
    core.calls.start_call("defuse")
    core.clock.advance(days=1)
    on_the_dot = core.calls.start_call("defuse")
    core.clock.advance(hours=3)
    later = core.calls.start_call("defuse")
    calls = export_json(core.sessions, START + timedelta(days=1), clock=core.clock)["calls"]
    assert [c["id"] for c in calls] == [on_the_dot.id, later.id]


def test_since_must_be_aware(core: Core) -> None:
    with pytest.raises(ValueError):
        export_json(core.sessions, START.replace(tzinfo=None), clock=core.clock)


def test_no_calls_gives_an_empty_list(core: Core) -> None:
    assert export_json(core.sessions, clock=core.clock)["calls"] == []
    out = io.StringIO()
    assert write_json(core.sessions, out, clock=core.clock) == 0
    assert json.loads(out.getvalue())["calls"] == []


def test_streamed_json_equals_the_dict(core: Core) -> None:
    handled_call(core)
    core.calls.start_call("defuse")
    out = io.StringIO()
    assert write_json(core.sessions, out, clock=core.clock) == 2
    assert json.loads(out.getvalue()) == export_json(core.sessions, clock=core.clock)


def test_batches_page_through_ties_without_loss(core: Core) -> None:
    made = []
    for i in range(7):
        made.append(core.calls.start_call("defuse").id)  # pairs share a start time
        if i % 2:
            core.clock.advance(1)
    got = [r.call.id for r in iter_records(core.sessions, batch_size=2)]
    assert got == made


def test_queries_do_not_grow_with_the_number_of_calls(core: Core) -> None:
    for _ in range(30):
        call = core.calls.start_call("defuse")
        core.calls.add_note(call.id, "hello")
    statements: list[str] = []
    engine = core.sessions.kw["bind"]
    event.listen(engine, "before_cursor_execute",
                 lambda *args: statements.append(args[2]))
    export_json(core.sessions, clock=core.clock)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 6  # one page of calls, then one query per child table


def test_csv_has_one_row_per_note_and_survives_awkward_text(core: Core) -> None:
    awkward = 'Said "no", then; 😡 — ok, fine'
    call = core.calls.start_call("defuse", customer(name='O\'Brien, "Jo"'))
    core.calls.add_note(call.id, awkward)
    core.calls.end_call(call.id, Outcome.RESOLVED, root_cause="Late, again")
    empty = core.calls.start_call("defuse")
    out = io.StringIO(newline="")
    assert write_csv(core.sessions, out) == 2
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows[0] == list(CSV_COLUMNS)
    assert [r[0] for r in rows[1:]] == [str(call.id), str(call.id), str(empty.id)]
    first = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert first["customer_name"] == 'O\'Brien, "Jo"'
    assert first["text"] == awkward
    assert (first["outcome"], first["root_cause"], first["kind"]) == (
        "resolved", "Late, again", "note")
    assert rows[3][7:] == ["", "", "", ""]  # a call without notes still has its row


def test_csv_keeps_newlines_inside_a_cell(core: Core) -> None:
    call = core.calls.start_call("defuse")
    core.calls.add_note(call.id, "placeholder")
    # Typed notes are one line, but an imported or corrected one may not be.
    with core.sessions() as s, s.begin():
        s.get_one(NoteRow, 1).text = "line one\nline two, \"quoted\" 🙂"
    out = io.StringIO(newline="")
    write_csv(core.sessions, out)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows[1][-1] == "line one\nline two, \"quoted\" 🙂"


def test_csv_neutralises_spreadsheet_formulas(core: Core) -> None:
    call = core.calls.start_call("defuse", customer(name="=HYPERLINK(\"http://x\")"))
    core.calls.add_note(call.id, "+1 on that")
    out = io.StringIO(newline="")
    write_csv(core.sessions, out)
    row = dict(zip(CSV_COLUMNS, list(csv.reader(io.StringIO(out.getvalue())))[1], strict=True))
    assert row["customer_name"] == "'=HYPERLINK(\"http://x\")"
    assert row["text"] == "'+1 on that"
