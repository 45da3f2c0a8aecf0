"""`calmcall callbacks`: the day's callback list (text or JSON), as iCalendar, or as a PDF."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from calmcall.commands.base import (
    Context,
    SubParsers,
    atomic_text,
    output_path,
    stdout_text,
)
from calmcall.paths import resolve

NEEDS_CONTEXT = True


def day_arg(text: str) -> date | None:
    """`today` (None: the day is worked out from the service's clock) or YYYY-MM-DD."""
    if text.strip().lower() == "today":
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: give YYYY-MM-DD, like 2026-03-02, or 'today'") from None


def configure(sub: SubParsers[argparse.ArgumentParser],
              common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "callbacks", parents=[common], help="the day's callback list",
        description="List the promised callbacks of a day (overdue, due now, later, done), "
        "or write the open ones as an iCalendar file with reminder alarms.")
    p.add_argument("--date", metavar="YYYY-MM-DD|today", type=day_arg, default=None,
                   help="the day to list (default: today, local time)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the list as JSON")
    out.add_argument("--ics", metavar="FILE", type=Path,
                     help="write the open callbacks (only that day's with --date) as an "
                     "iCalendar file your calendar app can import")
    out.add_argument("--pdf", metavar="FILE", type=Path,
                     help="write the printable list, with tick boxes, as a PDF")


def run(args: argparse.Namespace, context: Context) -> int:
    from calmcall.localtime import day_bounds
    from calmcall.services.callback_sheet import day_html, day_json, day_text
    from calmcall.services.container import open_services

    services = open_services(resolve(args.data_dir))
    callbacks = services.callbacks
    callbacks.mark_missed()  # the same rule the window applies, so both show the same flags
    if args.ics is not None:
        from calmcall.services.callback_calendar import calendar_ics

        start, end = day_bounds(args.date, callbacks.tz) if args.date else (None, None)
        items = callbacks.open_callbacks(start, end)
        data = calendar_ics(items, callbacks.lead, services.clock.now())
        with atomic_text(args.ics, newline="") as out:
            out.write(data.decode("utf-8"))
        print(f"Wrote {len(items)} open callback{'s' if len(items) != 1 else ''} to {args.ics}")
        return 0
    day = callbacks.day_list(args.date)
    if args.pdf is not None:
        pages = context.pdf(day_html(day, callbacks.tz, services.settings["agent_name"]),
                            output_path(args.pdf))
        print(f"Wrote {args.pdf} ({pages} page{'s' if pages != 1 else ''})")
        return 0
    with stdout_text() as out:
        if args.json:
            json.dump(day_json(day, callbacks.tz), out, indent=2, ensure_ascii=False)
            out.write("\n")
        else:
            out.write(day_text(day, callbacks.tz))
    return 0
