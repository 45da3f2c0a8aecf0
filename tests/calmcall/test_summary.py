"""Printed summaries: typed text prints as text; the customer copy holds no internal note."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from calmcall.domain import CallbackStatus, Outcome
from calmcall.services.summary import TIMELINE_BUDGET, summary_html
from calmcall.storage.models import CallbackRow
from tests.helpers.core import START, Core, customer, make_core, step

SECRET = "INTERNAL-customer-was-rude-xyzzy"


@pytest.fixture
def core(tmp_path: Path) -> Iterator[Core]:
    core = make_core(tmp_path)
    yield core
    core.close()


def a_call(core: Core, notes: int = 3) -> int:
    call = core.calls.start_call("defuse", customer())
    core.clock.advance(5)
    core.calls.tick_step(call.id, step())
    core.calls.add_note(call.id, f"{SECRET} <b>not bold</b> <script>x()</script>")
    for i in range(notes - 1):
        core.clock.advance(7)
        core.calls.add_note(call.id, f"line {i}")
    with core.sessions() as s, s.begin():
        s.add(CallbackRow(call_id=call.id, created_at=core.clock.now(),
                          due_at=START + timedelta(days=1), promise="Refund status",
                          status=CallbackStatus.OPEN.value))
        s.add(CallbackRow(call_id=call.id, created_at=core.clock.now(),
                          due_at=START + timedelta(days=2), promise="Called off one",
                          status=CallbackStatus.CANCELLED.value))
    core.calls.end_call(call.id, Outcome.CALLBACK, "Billing", f"root {SECRET}")
    return call.id


def test_internal_summary_has_everything_escaped(core: Core) -> None:
    html = summary_html(core.calls.record(a_call(core)), now=core.clock.now())
    assert SECRET in html
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html
    assert "<script>" not in html
    assert "Refund status" in html and "Listen" in html
    assert "[00:05]" in html


def test_customer_copy_has_no_internal_note(core: Core) -> None:
    html = summary_html(core.calls.record(a_call(core)), customer=True, now=core.clock.now())
    assert SECRET not in html
    assert "line 0" not in html
    assert "Listen" not in html  # steps are internal
    assert "Billing" not in html  # so is the category
    assert "Refund status" in html  # what was agreed stays
    assert "Called off one" not in html
    assert "Callback promised" in html  # the outcome


def test_a_long_timeline_is_cut_to_fit_the_page(core: Core) -> None:
    html = summary_html(core.calls.record(a_call(core, notes=120)), now=core.clock.now())
    assert "more lines" in html
    assert html.count("line ") < TIMELINE_BUDGET + 5


def test_a_running_call_says_so(core: Core) -> None:
    call = core.calls.start_call("defuse", customer())
    core.clock.advance(75)
    html = summary_html(core.calls.record(call.id), now=core.clock.now())
    assert "still running" in html
    assert "1 min 15 s" in html
