"""Printing: HTML documents made by the core, laid out by Qt as print previews or PDF files.

The core (`calmcall.services`) builds escaped HTML and never imports Qt; this module is the only
place that turns it into pages. The command line gets `html_to_pdf` injected by main.py.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QWidget

PAGE = QPageSize.PageSizeId.A4
MARGINS_MM = QMarginsF(15, 15, 15, 15)


def ensure_gui() -> None:
    """A QApplication, offscreen when there is no screen (the command line, CI).

    A widgets application, not a bare QGuiApplication: chart images for the weekly review are
    drawn with widgets, and Qt cannot upgrade an application once one exists.
    """
    if QGuiApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        ensure_gui.app = QApplication([])  # type: ignore[attr-defined]  # kept alive


def document(html: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    return doc


def html_to_pdf(html: str, path: Path, landscape: bool = False) -> int:
    """Write `html` as a PDF file; returns the page count."""
    ensure_gui()
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(PAGE))
    orientation = (QPageLayout.Orientation.Landscape if landscape
                   else QPageLayout.Orientation.Portrait)
    writer.setPageLayout(QPageLayout(QPageSize(PAGE), orientation, MARGINS_MM,
                                     QPageLayout.Unit.Millimeter))
    writer.setResolution(300)
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    # Lay out at the writer's resolution: otherwise point sizes are taken at screen DPI and
    # a 9 pt font prints about a third of that size on a 300 dpi page.
    doc.documentLayout().setPaintDevice(writer)
    doc.setHtml(html)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    doc.print_(writer)
    return doc.pageCount()


def preview(parent: QWidget | None, html: str, title: str) -> None:
    """Qt's print preview of `html`, from which the agent can print or save a PDF."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(PAGE))
    printer.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)
    printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(lambda p: document(html).print_(p))
    dialog.exec()
