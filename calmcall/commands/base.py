"""What every command shares: user-facing errors, arguments, and safe output files."""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TextIO

SubParsers = argparse._SubParsersAction  # argparse has no public name for it


class CliError(Exception):
    """A failure with a message for the user; `code` is the exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-02") from None


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0)).astimezone()


def output_path(path: Path) -> Path:
    """`path` expanded, or a CliError saying why no file can be written there."""
    path = path.expanduser()
    if not path.parent.is_dir():
        raise CliError(f"cannot write {path}: the folder {path.parent} does not exist")
    if path.is_dir():
        raise CliError(f"cannot write {path}: it is a folder")
    return path


@contextmanager
def atomic_text(path: Path, newline: str | None) -> Iterator[TextIO]:
    """A UTF-8 file that appears under `path` complete or not at all."""
    path = output_path(path)
    folder = path.parent
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
def stdout_text() -> Iterator[TextIO]:
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


PdfRenderer = Callable[[str, Path], int]
"""Lays out an HTML document as a PDF file and returns its page count."""

ChartRenderer = Callable[[Any, Path], Mapping[str, str]]
"""Draws the charts of an `Insights` as image files in a folder; returns name -> image path."""


@dataclass(frozen=True)
class Context:
    """What the composition root hands to commands that need more than the core.

    `render_pdf` and `render_charts` are injected by main.py (Qt lays out the pages and draws
    the charts); the core never imports Qt.
    """

    render_pdf: PdfRenderer | None = None
    render_charts: ChartRenderer | None = None

    def charts(self, insights: Any, folder: Path) -> Mapping[str, str]:
        """The review's chart images, or none when charts cannot be drawn here."""
        return self.render_charts(insights, folder) if self.render_charts else {}

    def pdf(self, html: str, path: Path) -> int:
        if self.render_pdf is None:
            raise CliError("PDF output needs the full CalmCall program: run `calmcall ...` "
                           "or `python main.py ...` instead of `python -m calmcall.cli`")
        return self.render_pdf(html, path)
