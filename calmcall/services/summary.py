"""Printed call summaries: one page of HTML for Qt to lay out (the core never imports Qt).

The HTML comes from Jinja2 templates in resources/print with autoescaping on, so whatever was
typed into a note prints as text, markup included. Two versions:

- internal: everything an agent or supervisor needs, steps with tick times, the notes timeline,
  mood, cards, promises, outcome, category and root cause;
- customer: only what was agreed with the customer (promises with due times and the outcome).
  It is built from an allow-list, never by removing lines, so no internal note can slip in.

One page: a long timeline is cut to its budget of printed lines with "… N more lines".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import cache
from typing import TYPE_CHECKING

from calmcall.domain import (
    MOOD_LABELS,
    CallbackStatus,
    CallRecord,
    NoteKind,
    Playbook,
    format_elapsed,
)
from calmcall.paths import resource_dir

if TYPE_CHECKING:
    import jinja2

TIMELINE_BUDGET = 30  # printed lines the timeline may fill on A4 with everything else shown
CHARS_PER_LINE = 95  # at the template's 9 pt on A4 minus margins
MAX_NOTE_CHARS = 400  # a pasted essay prints its start, not three pages
MAX_CALLBACKS = 6

KIND_LABELS = {NoteKind.NOTE: "", NoteKind.STEP: "step", NoteKind.CARD: "card",
               NoteKind.MOOD: "mood", NoteKind.PROMISE: "promise",
               NoteKind.CORRECTION: "correction", NoteKind.SYSTEM: ""}
STATUS_LABELS = {CallbackStatus.OPEN: "open", CallbackStatus.DONE: "done",
                 CallbackStatus.CANCELLED: "cancelled", CallbackStatus.MISSED: "missed"}


@dataclass(frozen=True)
class Line:
    stamp: str
    clock: str
    kind: str
    text: str


@cache
def _environment() -> jinja2.Environment:
    import jinja2  # loaded on the first summary, not when the window opens

    return jinja2.Environment(loader=jinja2.FileSystemLoader(resource_dir() / "print"),
                              autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


def _clip(text: str, limit: int = MAX_NOTE_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _printed_lines(text: str) -> int:
    return 1 + len(text) // CHARS_PER_LINE


def _timeline(record: CallRecord, zone: tzinfo | None) -> tuple[list[Line], int]:
    """The timeline within its page budget, and how many lines were left out."""
    lines = [Line(n.stamp, n.at.astimezone(zone).strftime("%H:%M:%S"), KIND_LABELS[n.kind],
                  _clip(n.text))
             for n in record.notes if n.kind is not NoteKind.STEP]  # steps have their own list
    kept: list[Line] = []
    used = 0
    for line in lines:
        cost = _printed_lines(line.text)
        if used + cost > TIMELINE_BUDGET - 1:  # keep a line for the "… more" notice
            break
        kept.append(line)
        used += cost
    if len(kept) == len(lines) - 1 and used + _printed_lines(lines[-1].text) <= TIMELINE_BUDGET:
        kept = lines  # the notice would take the same room as the last line
    return kept, len(lines) - len(kept)


def _duration(record: CallRecord, now: datetime) -> str:
    end = record.call.ended_at or now
    seconds = max(0, int((end - record.call.started_at).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    return (f"{hours} h {rest // 60:02d} min" if hours else f"{rest // 60} min {rest % 60:02d} s")


def summary_html(record: CallRecord, playbook: Playbook | None = None, *, customer: bool = False,
                 now: datetime, company: str = "", zone: tzinfo | None = None) -> str:
    """The call summary as HTML; `customer=True` gives the version without internal notes."""
    call = record.call
    fmt_when = "%a %d %b %Y, %H:%M"
    ticks = {s.step_id: s for s in record.steps}
    steps = []
    if playbook is not None:
        steps = [(st.title, format_elapsed(ticks[st.id].elapsed_s) if st.id in ticks else "")
                 for st in playbook.steps]
    steps += [(s.title, format_elapsed(s.elapsed_s)) for s in record.steps
              if playbook is None or playbook.step(s.step_id) is None]
    callbacks = [{"due": cb.due_at.astimezone(zone).strftime(fmt_when),
                  "promise": _clip(cb.promise, 200) or "Call back",
                  "status": STATUS_LABELS[cb.status]}
                 for cb in sorted(record.callbacks, key=lambda cb: cb.due_at)
                 # The customer's copy lists what still stands, not what was called off.
                 if not (customer and cb.status is CallbackStatus.CANCELLED)]
    timeline, hidden = ([], 0) if customer else _timeline(record, zone)
    mood = [MOOD_LABELS[m.value] for m in record.mood]
    values = {
        "customer_version": customer,
        "company": company,
        "call_id": call.id,
        "customer": call.customer.name or "Customer",
        "phone": call.customer.phone,
        "account": call.customer.account,
        "date": call.started_at.astimezone(zone).strftime(fmt_when),
        "duration": _duration(record, now) + ("" if call.ended_at else " (still running)"),
        "playbook": playbook.name if playbook else call.playbook_id,
        "steps": steps,
        "timeline": timeline,
        "hidden_lines": hidden,
        "mood": f"{mood[0]} → {mood[-1]}" if len(mood) > 1 else (mood[0] if mood else ""),
        "cards": len(record.cards_used),
        "callbacks": callbacks[:MAX_CALLBACKS],
        "hidden_callbacks": max(0, len(callbacks) - MAX_CALLBACKS),
        "outcome": call.outcome.label if call.outcome else "Not set",
        "category": call.category,
        "root_cause": _clip(call.root_cause, 300),
        "printed": now.astimezone(zone).strftime(fmt_when),
    }
    return _environment().get_template("summary.html").render(values)
