"""The `calmcall` command line.

`main.py` parses with `parse_args`; no command means "open the window", which it handles.
Every other command runs through `run`, which turns failures into one line on stderr and an exit
code (2 bad usage, 1 failure), never a traceback. A command is a `configure` function that adds
its sub-parser and a handler in `HANDLERS`.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime, time
from pathlib import Path
from typing import TextIO

from calmcall import __version__
from calmcall.paths import resolve
from calmcall.storage.engine import DatabaseDamaged, StorageError

PROG = "calmcall"

Handler = Callable[[argparse.Namespace], int]


class CliError(Exception):
    """A failure with a message for the user; `code` is the exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


# -- arguments -----------------------------------------------------------------------------


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-02") from None


def _add_export(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[common], help="export the call history",
                       description="Export every call (or those since a date) as JSON or CSV.")
    p.add_argument("--format", choices=("json", "csv"), default="json",
                   help="json: everything, lossless (default); csv: one row per note")
    p.add_argument("--out", metavar="FILE", type=Path,
                   help="write to FILE (replaced atomically) instead of standard output")
    p.add_argument("--since", metavar="YYYY-MM-DD", type=_date_arg,
                   help="only calls started on or after this day (local time)")


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
    for configure in _CONFIGURE:
        configure(sub, common)
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse; exits with status 2 and a usage message on bad usage (argparse's way)."""
    return build_parser().parse_args(argv)


# -- output --------------------------------------------------------------------------------


@contextmanager
def _atomic_text(path: Path, newline: str | None) -> Iterator[TextIO]:
    """A UTF-8 file that appears under `path` complete or not at all."""
    path = path.expanduser()
    folder = path.parent
    if not folder.is_dir():
        raise CliError(f"cannot write {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise CliError(f"cannot write {path}: it is a folder")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.replace(tmp, path)
        except OSError as exc:  # name the file the user asked for, not the temporary one
            raise CliError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _stdout_text() -> Iterator[TextIO]:
    out = sys.stdout
    if (out.encoding or "").lower().replace("-", "") == "utf8" or not hasattr(out, "buffer"):
        yield out
        out.flush()
        return
    # A non-UTF-8 terminal or pipe would fail on the first emoji in a note.
    wrapper = io.TextIOWrapper(out.buffer, encoding="utf-8", write_through=True)
    try:
        yield wrapper
        wrapper.flush()
    finally:
        wrapper.detach()  # hand the buffer back to sys.stdout, do not close it


# -- commands ------------------------------------------------------------------------------


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0)).astimezone()


def cmd_export(args: argparse.Namespace) -> int:
    # Imported here: main.py parses arguments before opening the window, and that path should
    # not pay for SQLAlchemy twice over.
    from calmcall.services.container import open_services
    from calmcall.services.export import write_csv, write_json

    services = open_services(resolve(args.data_dir))
    since = _local_midnight(args.since) if args.since else None

    def write(out: TextIO) -> None:
        if args.format == "csv":
            write_csv(services.sessions, out, since)
        else:
            write_json(services.sessions, out, since, clock=services.clock)

    # csv wants newline="" so its own \r\n and the newlines inside quoted notes stay as they are.
    newline = "" if args.format == "csv" else None
    if args.out is None:
        with _stdout_text() as out:
            write(out)
    else:
        with _atomic_text(args.out, newline) as out:
            write(out)
    return 0


_CONFIGURE = (_add_export,)

HANDLERS: dict[str, Handler] = {
    "export": cmd_export,
}


# -- running -------------------------------------------------------------------------------


def _fail(message: str) -> None:
    print(f"{PROG}: {' '.join(message.split())}", file=sys.stderr)


def _os_error_text(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


def run(args: argparse.Namespace) -> int:
    """Run the command in `args`; returns the exit status and never raises."""
    handler = HANDLERS.get(args.command or "")
    if handler is None:
        _fail(f"unknown command {args.command!r}")
        return 2
    try:
        return handler(args)
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
