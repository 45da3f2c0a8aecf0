"""`calmcall report --week [--date D] --pdf FILE`: the weekly review for the team meeting."""

from __future__ import annotations

import argparse
import tempfile
from datetime import date
from pathlib import Path

from calmcall.commands.base import Context, SubParsers, date_arg, output_path
from calmcall.paths import resolve

NEEDS_CONTEXT = True


def configure(sub: SubParsers[argparse.ArgumentParser],
              common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common], help="the weekly review as PDF",
                       description="Write the weekly review (key figures against the week "
                       "before, charts, recurring issues, skipped steps) as a PDF file.")
    p.add_argument("--week", action="store_true", required=True,
                   help="the Monday-to-Sunday week (the only report so far)")
    p.add_argument("--date", metavar="YYYY-MM-DD", type=date_arg, default=None,
                   help="a day in the week to review (default: today)")
    p.add_argument("--pdf", metavar="FILE", type=Path, required=True, help="the PDF to write")


def run(args: argparse.Namespace, context: Context) -> int:
    from calmcall.services.container import open_services
    from calmcall.services.insight_periods import Period
    from calmcall.services.insights import InsightsService
    from calmcall.services.weekly_report import weekly_html

    path = output_path(args.pdf)
    services = open_services(resolve(args.data_dir))
    day: date = args.date or services.clock.now().astimezone().date()
    insights = InsightsService(services.sessions, services.playbooks.playbooks,
                               services.clock).all(Period.week(day))
    with tempfile.TemporaryDirectory(prefix="calmcall-report-") as folder:
        charts = context.charts(insights, Path(folder))
        html = weekly_html(insights, charts, now=services.clock.now(),
                           company=services.settings["company"])
        context.pdf(html, path)
    return 0
