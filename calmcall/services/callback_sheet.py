"""The day's callback list as data: JSON rows, plain text and a printable HTML sheet.

The window, `calmcall callbacks` and the printout all take their cells from `row_fields`, so
what the agent sees, prints and scripts against cannot drift apart. Every user-typed text in
the HTML is escaped.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from calmcall.clock import iso_utc
from calmcall.domain import CallbackStatus, DueCallback
from calmcall.localtime import Zone, describe
from calmcall.services.callback_times import cadence_text
from calmcall.services.callbacks import CallbackDay


def _iso(when: datetime | None) -> str | None:
    return iso_utc(when) if when is not None else None


def status_text(item: DueCallback) -> str:
    cb = item.callback
    if cb.status is CallbackStatus.MISSED:
        return "missed"
    return cb.status.value


def row_fields(item: DueCallback, now: datetime, tz: Zone = None) -> dict[str, Any]:
    cb = item.callback
    return {
        "id": cb.id,
        "call_id": cb.call_id,
        "due_at": iso_utc(cb.due_at),
        "due": describe(cb.due_at, now, tz),
        "original_due_at": _iso(cb.original_due_at),
        "customer": item.customer.name,
        "phone": cb.phone or item.customer.phone,
        "promise": cb.promise,
        "attempts": cb.attempts,
        "cadence_minutes": cb.cadence_minutes,
        "status": status_text(item),
        "done_at": _iso(cb.done_at),
        "outcome_note": cb.outcome_note,
    }


def day_json(day: CallbackDay, tz: Zone = None) -> dict[str, Any]:
    return {
        "date": day.day.isoformat(),
        "generated_at": iso_utc(day.now),
        "sections": [
            {"key": s.key, "title": s.title,
             "callbacks": [row_fields(i, day.now, tz) for i in s.items]}
            for s in day.sections
        ],
    }


def promise_text(fields: dict[str, Any]) -> str:
    text = fields["promise"] or "(nothing noted)"
    if fields["cadence_minutes"]:
        text += f" [update {cadence_text(fields['cadence_minutes'])}]"
    return text


def day_text(day: CallbackDay, tz: Zone = None) -> str:
    """A plain listing for the terminal, one line per callback."""
    lines = [f"Callbacks for {day.day:%A} {day.day.isoformat()}"]
    for section in day.sections:
        lines.append("")
        lines.append(f"{section.title} ({len(section.items)})")
        if not section.items:
            lines.append("  none")
        for item in section.items:
            f = row_fields(item, day.now, tz)
            extra = []
            if f["attempts"]:
                extra.append(f"{f['attempts']} attempt{'s' if f['attempts'] != 1 else ''}")
            if f["status"] not in ("open",):
                extra.append(f["status"])
            tail = f"  ({', '.join(extra)})" if extra else ""
            lines.append(f"  {f['due']:<16} {f['customer'] or '(no name)'}  {f['phone']}  "
                         f"{promise_text(f)}  call #{f['call_id']}{tail}")
    return "\n".join(lines) + "\n"


_CSS = """
body { font-family: sans-serif; font-size: 10pt; }
h1 { font-size: 15pt; margin: 0 0 2pt 0; }
h2 { font-size: 12pt; margin: 10pt 0 3pt 0; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; border-bottom: 1px solid #444; padding: 3pt; }
td { border-bottom: 1px solid #bbb; padding: 4pt 3pt; vertical-align: top; }
.box { font-size: 14pt; width: 18pt; }
.muted { color: #555; }
"""


def day_html(day: CallbackDay, tz: Zone = None, agent: str = "") -> str:
    """The printable list: one row per callback with a tick box for working from paper."""
    when = describe(day.now, day.now, tz)
    who = f" · {escape(agent)}" if agent else ""
    parts = [f"<html><head><style>{_CSS}</style></head><body>",
             f"<h1>Callbacks · {day.day:%A} {day.day.day} {day.day:%B %Y}</h1>",
             f"<p class='muted'>Printed at {escape(when)}{who}. Tick each one as you make "
             "the call; note the outcome.</p>"]
    for section in day.sections:
        parts.append(f"<h2>{escape(section.title)} ({len(section.items)})</h2>")
        if not section.items:
            parts.append("<p class='muted'>None.</p>")
            continue
        parts.append("<table width='100%' cellspacing='0' cellpadding='4'><tr><th></th>"
                     "<th>Due</th><th>Customer</th><th>Phone</th><th>Promise</th>"
                     "<th>Attempts</th><th>Call</th></tr>")
        for item in section.items:
            f = row_fields(item, day.now, tz)
            box = "☑" if f["status"] == "done" else "☐"
            status = f" ({escape(f['status'])})" if f["status"] != "open" else ""
            parts.append(
                f"<tr><td class='box'>{box}</td><td>{escape(f['due'])}{status}</td>"
                f"<td>{escape(f['customer'] or '(no name)')}</td><td>{escape(f['phone'])}</td>"
                f"<td>{escape(promise_text(f))}</td><td>{f['attempts']}</td>"
                f"<td>#{f['call_id']}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)
