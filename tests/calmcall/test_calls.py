"""The live call: every action is on disk when the method returns."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from calmcall.domain import Customer, NoteKind, Outcome
from calmcall.services.calls import CallEnded, CallService
from calmcall.storage.models import NoteRow, StepCheckRow
from tests.helpers.core import START, Core, card, customer, make_core, step

VISA = "4111 1111 1111 1111"


@pytest.fixture
def core(tmp_path: Path) -> Iterator[Core]:
    core = make_core(tmp_path)
    yield core
    core.close()


def test_start_call_stores_customer_and_start_time(core: Core) -> None:
    call = core.calls.start_call("defuse", customer())
    assert call.started_at == START
    assert call.running
    assert core.calls.get_call(call.id).customer == customer()


def test_note_is_stamped_with_seconds_since_start(core: Core) -> None:
    call = core.calls.start_call("defuse")
    core.clock.advance(seconds=83.25)
    note = core.calls.add_note(call.id, "Parcel lost twice")
    assert note.elapsed_s == pytest.approx(83.25)
    assert note.stamp == "01:23"
    assert note.at == START + timedelta(seconds=83.25)
    assert note.kind is NoteKind.NOTE


def test_note_is_on_disk_for_a_restarted_app(core: Core) -> None:
    call = core.calls.start_call("defuse")
    core.clock.advance(10)
    core.calls.add_note(call.id, "Wants a refund")
    reopened = CallService(core.reopen(), core.clock)
    record = reopened.record(call.id)
    assert [(n.text, n.elapsed_s) for n in record.notes] == [("Wants a refund", 10.0)]


def test_empty_note_is_refused(core: Core) -> None:
    call = core.calls.start_call("defuse")
    with pytest.raises(ValueError):
        core.calls.add_note(call.id, "  \n ")


def test_tick_and_untick_write_step_lines(core: Core) -> None:
    call = core.calls.start_call("defuse")
    core.clock.advance(5)
    check, line = core.calls.tick_step(call.id, step())
    assert (check.step_id, check.elapsed_s) == ("listen", 5.0)
    assert line.kind is NoteKind.STEP and "Listen" in line.text
    core.clock.advance(5)
    undo = core.calls.untick_step(call.id, step())
    assert undo.kind is NoteKind.STEP and "unticked" in undo.text
    with core.reopen()() as s:
        assert s.scalars(select(StepCheckRow)).all() == []
        kinds = s.scalars(select(NoteRow.kind).where(NoteRow.call_id == call.id)).all()
    assert kinds == ["step", "step"]


@pytest.mark.parametrize("value", [1, 2, 3, 4, 5])
def test_mood_in_range_is_recorded(core: Core, value: int) -> None:
    call = core.calls.start_call("defuse")
    sample, line = core.calls.record_mood(call.id, value)
    assert sample.value == value
    assert line.kind is NoteKind.MOOD
    assert [m.value for m in core.calls.record(call.id).mood] == [value]


@pytest.mark.parametrize("value", [0, 6, -1])
def test_mood_out_of_range_is_refused(core: Core, value: int) -> None:
    call = core.calls.start_call("defuse")
    with pytest.raises(ValueError):
        core.calls.record_mood(call.id, value)
    assert core.calls.record(call.id).mood == ()


def test_card_use_is_recorded(core: Core) -> None:
    call = core.calls.start_call("defuse")
    core.clock.advance(30)
    use, line = core.calls.record_card_use(call.id, card())
    assert (use.card_id, use.elapsed_s) == ("defuse.acknowledge", 30.0)
    assert line.kind is NoteKind.CARD
    assert core.calls.record(call.id).cards_used == (use,)


def test_end_call_wraps_up_and_refuses_live_actions(core: Core) -> None:
    call = core.calls.start_call("defuse")
    core.clock.advance(minutes=4)
    ended = core.calls.end_call(call.id, Outcome.RESOLVED, "Billing", "Double charge",
                                open_steps=2)
    assert ended.ended_at == START + timedelta(minutes=4)
    assert (ended.outcome, ended.category, ended.root_cause) == (
        Outcome.RESOLVED, "Billing", "Double charge")
    last = core.calls.record(call.id).notes[-1]
    assert last.kind is NoteKind.SYSTEM and "2 steps left open" in last.text
    with pytest.raises(CallEnded):
        core.calls.add_note(call.id, "too late")
    with pytest.raises(CallEnded):
        core.calls.tick_step(call.id, step())


def test_interrupted_call_is_the_newest_unfinished_one(core: Core) -> None:
    assert core.calls.interrupted_call() is None
    older = core.calls.start_call("defuse")
    core.clock.advance(60)
    newer = core.calls.start_call("defuse")
    found = CallService(core.reopen(), core.clock).interrupted_call()
    assert found is not None and found.id == newer.id
    core.calls.end_call(newer.id, Outcome.DROPPED)
    found = core.calls.interrupted_call()
    assert found is not None and found.id == older.id
    core.calls.end_call(older.id, None)
    assert core.calls.interrupted_call() is None


def test_resume_adds_a_system_line(core: Core) -> None:
    call = core.calls.start_call("defuse")
    core.calls.resume_call(call.id)
    assert core.calls.record(call.id).notes[-1].kind is NoteKind.SYSTEM


def test_control_characters_are_stripped(core: Core) -> None:
    call = core.calls.start_call("defuse", Customer(name="Dana\x00 Price\x1b[31m"))
    note = core.calls.add_note(call.id, "bell\x07 and\x7f delete\r\n")
    assert note.text == "bell  and  delete"
    assert "\x1b" not in core.calls.get_call(call.id).customer.name


def test_card_numbers_are_masked_in_notes_and_customer_fields(core: Core) -> None:
    call = core.calls.start_call("defuse", Customer(name=f"Dana {VISA}", phone=VISA,
                                                    account=VISA.replace(" ", "-")))
    note = core.calls.add_note(call.id, f"Card {VISA} charged twice")
    assert note.text == "Card [card ••••1111] charged twice"
    masked = "[card ••••1111]"
    assert core.calls.get_call(call.id).customer == Customer(f"Dana {masked}", masked, masked)
    raw = core.raw("SELECT customer_name, customer_phone, customer_account FROM calls")[0]
    raw_notes = core.raw("SELECT text FROM notes")
    assert not any("4111 1111" in value or "4111-1111" in value
                   for value in (*raw, *(t for (t,) in raw_notes)))
