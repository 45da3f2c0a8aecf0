"""`calmcall demo --calls N`: fills the database with realistic synthetic history."""

from __future__ import annotations

import argparse
import sys
import time

from calmcall.commands.base import CliError, SubParsers
from calmcall.paths import resolve


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 2_000_000:
        raise argparse.ArgumentTypeError("give between 1 and 2,000,000 calls")
    return value


def configure(sub: SubParsers[argparse.ArgumentParser],
              common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help="add synthetic call history",
                       description="Add N realistic synthetic calls (about two years of them) "
                       "for trying CalmCall out and for benchmarks. Use a separate --data-dir: "
                       "the calls are added to whatever is there.")
    p.add_argument("--calls", metavar="N", type=_count, default=1000,
                   help="how many calls to add (default 1000)")
    p.add_argument("--seed", type=int, default=7, help="random seed (same seed, same history)")


def run(args: argparse.Namespace) -> int:
    from calmcall.services.container import open_services
    from calmcall.services.demo import DemoHistory

    services = open_services(resolve(args.data_dir))
    if not services.playbooks.playbooks:
        raise CliError("no playbook could be loaded, so there is nothing to base calls on")
    engine = services.sessions.kw["bind"]
    started = time.perf_counter()
    DemoHistory(services.playbooks.playbooks, services.clock.now(), args.seed).write(
        engine, args.calls)
    print(f"{args.calls} calls added in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
    return 0
