"""Open callbacks as an iCalendar file, so the agent's calendar app can hold them too.

Each callback is a 15-minute event at its due time with a display alarm at the reminder lead
time. UIDs are stable (`callback-<id>@calmcall`), so importing a newer file updates the events.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from icalendar import Alarm, Calendar, Event

from calmcall.domain import DueCallback
from calmcall.services.callback_times import cadence_text

EVENT_LENGTH = timedelta(minutes=15)


def calendar_ics(items: Iterable[DueCallback], lead: timedelta, now: datetime) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//CalmCall//Promised callbacks//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "CalmCall callbacks")
    for item in items:
        cb = item.callback
        who = item.customer.name or "customer"
        phone = cb.phone or item.customer.phone
        event = Event()
        event.add("uid", f"callback-{cb.id}@calmcall")
        event.add("dtstamp", now)
        event.add("dtstart", cb.due_at)
        event.add("dtend", cb.due_at + EVENT_LENGTH)
        event.add("summary", f"Call back {who}" + (f" ({phone})" if phone else ""))
        lines = [f"Promise: {cb.promise or '(nothing noted)'}"]
        if phone:
            lines.append(f"Phone: {phone}")
        if cb.cadence_minutes:
            lines.append(f"Update {cadence_text(cb.cadence_minutes)} until resolved.")
        if cb.attempts:
            lines.append(f"Attempts so far: {cb.attempts}")
        lines.append(f"From CalmCall call #{cb.call_id}.")
        event.add("description", "\n".join(lines))
        event.add("categories", ["CalmCall"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Call back {who} at the promised time")
        alarm.add("trigger", -lead)
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
