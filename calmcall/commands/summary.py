"""`calmcall summary CALL_ID --pdf FILE [--customer]`: one call's printed summary as a PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from calmcall.commands.base import CliError, Context, SubParsers, output_path
from calmcall.paths import resolve

NEEDS_CONTEXT = True


def configure(sub: SubParsers[argparse.ArgumentParser],
              common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("summary", parents=[common], help="a call summary as PDF",
                       description="Write the one-page summary of a call as a PDF file.")
    p.add_argument("call_id", metavar="CALL_ID", type=int, help="the call's number")
    p.add_argument("--pdf", metavar="FILE", type=Path, required=True, help="the PDF to write")
    p.add_argument("--customer", action="store_true",
                   help="the customer's version: what was agreed, no internal notes")


def run(args: argparse.Namespace, context: Context) -> int:
    from calmcall.services.calls import CallNotFound
    from calmcall.services.container import open_services
    from calmcall.services.summary import summary_html

    path = output_path(args.pdf)
    services = open_services(resolve(args.data_dir))
    try:
        record = services.calls.record(args.call_id)
    except CallNotFound:
        raise CliError(f"there is no call {args.call_id}") from None
    html = summary_html(record, services.playbooks.get(record.call.playbook_id),
                        customer=args.customer, now=services.clock.now(),
                        company=services.settings["company"])
    context.pdf(html, path)
    return 0
