"""The history service: filtered, sorted ids, rows by id, and corrections that keep the original."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from calmcall.domain import CallbackStatus, NoteKind, Outcome
from calmcall.services.calls import CallEnded
from calmcall.services.history import HistoryFilter, HistoryService, SortKey
from calmcall.storage.models import CallbackRow
from tests.helpers.core import START, Core, customer, make_core


@pytest.fixture
def core(tmp_path: Path) -> Iterator[Core]:
    core = make_core(tmp_path)
    yield core
    core.close()


def filed(core: Core, name: str, minutes: int, outcome: Outcome, category: str,
          moods: tuple[int, ...] = (), callback: CallbackStatus | None = None) -> int:
    call = core.calls.start_call("defuse", customer(name=name))
    for mood in moods:
        core.clock.advance(10)
        core.calls.record_mood(call.id, mood)
    if callback is not None:
        with core.sessions() as s, s.begin():
            s.add(CallbackRow(call_id=call.id, created_at=core.clock.now(),
                              due_at=core.clock.now() + timedelta(hours=1),
                              status=callback.value))
    core.clock.advance(minutes * 60)
    core.calls.end_call(call.id, outcome, category)
    core.clock.advance(days=1)
    return call.id


@pytest.fixture
def three(core: Core) -> list[int]:
    return [filed(core, "Bea", 5, Outcome.RESOLVED, "Billing", (1, 4)),
            filed(core, "alan", 20, Outcome.CALLBACK, "Delivery", (3,), CallbackStatus.OPEN),
            filed(core, "Cy", 1, Outcome.CALLBACK, "Billing", (2, 2, 1), CallbackStatus.DONE)]


def test_newest_first_by_default(core: Core, three: list[int]) -> None:
    assert HistoryService(core.sessions).call_ids() == list(reversed(three))


@pytest.mark.parametrize(("key", "expected"), [
    (SortKey.CUSTOMER, [1, 0, 2]),
    (SortKey.DURATION, [2, 0, 1]),
    (SortKey.MOOD_START, [0, 2, 1]),
    (SortKey.MOOD_END, [2, 1, 0]),
    (SortKey.OPEN_CALLBACKS, [0, 2, 1]),
])
def test_sorting(core: Core, three: list[int], key: SortKey, expected: list[int]) -> None:
    ids = HistoryService(core.sessions).call_ids(sort=key, descending=False)
    assert ids == [three[i] for i in expected]


def test_filters(core: Core, three: list[int]) -> None:
    history = HistoryService(core.sessions)
    assert history.call_ids(HistoryFilter(outcome=Outcome.CALLBACK)) == [three[2], three[1]]
    assert history.call_ids(HistoryFilter(category="Billing")) == [three[2], three[0]]
    assert history.call_ids(HistoryFilter(open_callback=True)) == [three[1]]
    day2 = START + timedelta(days=1)
    assert history.call_ids(HistoryFilter(since=day2, until=day2 + timedelta(days=1))) == \
        [three[1]]
    assert history.call_ids(HistoryFilter(call_ids=(three[0],))) == [three[0]]
    assert history.call_ids(HistoryFilter(call_ids=())) == []


def test_rows_come_back_in_the_order_asked(core: Core, three: list[int]) -> None:
    rows = HistoryService(core.sessions).rows([three[2], 999, three[0]])
    assert [r.id for r in rows] == [three[2], three[0]]
    cy, bea = rows
    assert (cy.customer, cy.mood_start, cy.mood_end, cy.open_callbacks) == ("Cy", 2, 1, 0)
    assert (bea.mood_start, bea.mood_end, bea.outcome) == (1, 4, Outcome.RESOLVED)
    assert bea.duration_s == 5 * 60 + 20


def test_a_correction_is_added_and_the_original_stays(core: Core) -> None:
    call = core.calls.start_call("defuse", customer())
    core.clock.advance(42)
    original = core.calls.add_note(call.id, "Refund of £50 agreed")
    history = HistoryService(core.sessions, core.clock)
    with pytest.raises(CallEnded):
        history.add_correction(call.id, original.id, "while running")
    core.calls.end_call(call.id, Outcome.RESOLVED)
    core.clock.advance(hours=2)
    added = history.add_correction(call.id, original.id, "Refund of £5, not £50")
    notes = core.calls.record(call.id).notes
    assert notes[0] == original
    assert added.kind is NoteKind.CORRECTION
    assert added.text.startswith("Correction to [00:42]")
    assert added.text.endswith("Refund of £5, not £50")
    assert notes[-1] == added
    with pytest.raises(ValueError):
        history.add_correction(call.id, original.id, "   ")
