"""The `calmcall` command line.

`main.py` parses with `parse_args`; no command means "open the window", which it handles.
Every other command runs through `run`, which turns failures into one line on stderr and an exit
code (2 bad usage, 1 failure), never a traceback.

Each command is a module in `calmcall.commands` with `configure(sub, common)`, which adds its
sub-parser, and `run(args) -> int`. Add a command by listing its module in COMMANDS.
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import sys
from contextlib import suppress
from types import ModuleType

from calmcall import __version__
from calmcall.commands.base import CliError, Context
from calmcall.storage.engine import DatabaseDamaged, StorageError

PROG = "calmcall"

COMMANDS = ("export", "callbacks", "import", "summary", "demo", "backup", "restore", "doctor",
            "report")
# Commands whose module has another name: `import` is a Python keyword.
MODULES = {"import": "importer"}


def _command(name: str) -> ModuleType:
    return importlib.import_module(f"calmcall.commands.{MODULES.get(name, name)}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="A desk companion for phone agents handling upset customers. "
        "Without a command, opens the window.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", default=None,
                        help="keep data and settings in DIR (also CALMCALL_DATA_DIR)")
    # Accepted after the command too; SUPPRESS keeps the sub-parser from overwriting a value
    # given before the command with its own default.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="keep data and settings in DIR")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        _command(name).configure(sub, common)
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse; exits with status 2 and a usage message on bad usage (argparse's way)."""
    return build_parser().parse_args(argv)


def _fail(message: str) -> None:
    print(f"{PROG}: {' '.join(message.split())}", file=sys.stderr)


def _os_error_text(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


def run(args: argparse.Namespace, context: Context | None = None) -> int:
    """Run the command in `args`; returns the exit status and never raises.

    A command module's `run` takes `(args)` or `(args, context)`.
    """
    if args.command not in COMMANDS:
        _fail(f"unknown command {args.command!r}")
        return 2
    try:
        command = _command(args.command)
        if getattr(command, "NEEDS_CONTEXT", False):
            return int(command.run(args, context or Context()))
        return int(command.run(args))
    except CliError as exc:
        _fail(str(exc))
        return exc.code
    except DatabaseDamaged as exc:
        _fail(f"the database {exc.path} is damaged and cannot be read ({exc.detail}); "
              "it was not changed")
        return 1
    except StorageError as exc:
        _fail(str(exc))
        return 1
    except BrokenPipeError:
        # The reader went away (`calmcall export | head`); not worth a message.
        with suppress(OSError, ValueError, io.UnsupportedOperation):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        _fail(_os_error_text(exc))
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        _fail(f"unexpected error: {type(exc).__name__}: {exc}")
        return 1


def main(argv: list[str] | None = None) -> int:
    """Parse and run a command. No command is a usage error here; `main.py` opens the window."""
    try:
        args = parse_args(argv)
    except SystemExit as exc:  # --help, --version, bad usage: argparse has already printed
        if exc.code is None:
            return 0
        return exc.code if isinstance(exc.code, int) else 2
    if args.command is None:
        build_parser().print_usage(sys.stderr)
        _fail("no command given (run `python main.py` to open the window)")
        return 2
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
