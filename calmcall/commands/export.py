"""`calmcall export`: the whole history (or since a day) as JSON or CSV."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from calmcall.commands.base import SubParsers, atomic_text, date_arg, local_midnight, stdout_text
from calmcall.paths import resolve


def configure(sub: SubParsers[argparse.ArgumentParser],
              common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[common], help="export the call history",
                       description="Export every call (or those since a date) as JSON or CSV.")
    p.add_argument("--format", choices=("json", "csv"), default="json",
                   help="json: everything, lossless (default); csv: one row per note")
    p.add_argument("--out", metavar="FILE", type=Path,
                   help="write to FILE (replaced atomically) instead of standard output")
    p.add_argument("--since", metavar="YYYY-MM-DD", type=date_arg,
                   help="only calls started on or after this day (local time)")


def run(args: argparse.Namespace) -> int:
    # Imported here: main.py parses arguments before opening the window, and that path should
    # not pay for SQLAlchemy twice over.
    from calmcall.services.container import open_services
    from calmcall.services.export import write_csv, write_json

    services = open_services(resolve(args.data_dir))
    since = local_midnight(args.since) if args.since else None

    def write(out: TextIO) -> None:
        if args.format == "csv":
            write_csv(services.sessions, out, since)
        else:
            write_json(services.sessions, out, since, clock=services.clock)

    # csv wants newline="" so its own \r\n and the newlines inside quoted notes stay as they are.
    newline = "" if args.format == "csv" else None
    if args.out is None:
        with stdout_text() as out:
            write(out)
    else:
        with atomic_text(args.out, newline) as out:
            write(out)
    return 0
