"""`calmcall import FILE`: restores a JSON export; importing the same file twice adds nothing.

The module is `importer` because `import` is a Python keyword; the command is `import`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from calmcall.commands.base import CliError, SubParsers
from calmcall.paths import resolve


def configure(sub: SubParsers[argparse.ArgumentParser],
              common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import", parents=[common], help="restore a JSON export",
                       description="Add the calls of a JSON export (calmcall export --format "
                       "json) that are not in the database yet. A bad file changes nothing.")
    p.add_argument("file", metavar="FILE", type=Path, help="the JSON export to read")


def run(args: argparse.Namespace) -> int:
    from calmcall.services.container import open_services
    from calmcall.services.importer import ImportProblem, import_export

    path: Path = args.file.expanduser()
    if not path.is_file():
        raise CliError(f"cannot read {path}: no such file")
    services = open_services(resolve(args.data_dir))
    try:
        report = import_export(services.sessions, path)
    except ImportProblem as exc:
        raise CliError(f"nothing imported: {exc}") from None
    print(f"{report.added} call{'s' if report.added != 1 else ''} added, "
          f"{report.skipped} already there", file=sys.stderr)
    return 0
