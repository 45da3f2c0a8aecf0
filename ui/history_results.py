"""The search results list: one line per hit, matched words in bold, everything else escaped.

The hits' HTML is made (and escaped) by calmcall.services.search; this delegate only lays it
out with a QTextDocument, so a note holding markup still shows as text.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from calmcall.services.search import SearchHit

Index = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
QUIET_GREY = "#808080"


def hit_html(hit: SearchHit) -> str:
    when = hit.at.astimezone().strftime("%Y-%m-%d %H:%M")
    where = f"[{hit.stamp}] " if hit.stamp else f"{hit.where}: "
    return (f"<span class='meta'>{when} · {html.escape(hit.customer or 'unnamed')}"
            f"</span><br>{html.escape(where)}{hit.snippet_html}")


class HitModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = hits
        self.endResetModel()

    def hit(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit_html(hit)
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return html.unescape(hit.snippet_html.replace("<b>", "").replace("</b>", ""))
        return None


class HtmlDelegate(QStyledItemDelegate):
    """Paints the item's (already escaped) HTML."""

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)  # type: ignore[attr-defined]
        # The date line is a quiet grey beside the hit, readable on light and dark themes
        # alike, but not on the selection's colour: there it takes the selected text's.
        quiet = (option.palette.color(QPalette.ColorRole.HighlightedText).name()  # type: ignore[attr-defined]
                 if _selected(option) else QUIET_GREY)
        doc.setDefaultStyleSheet(f".meta {{ color: {quiet}; }}")
        doc.setHtml(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        doc.setTextWidth(max(80, option.rect.width()))  # type: ignore[attr-defined]
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        doc = self._document(option, index)
        widget: QWidget | None = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget else None
        option.text = ""  # type: ignore[attr-defined]
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if _selected(option) else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text,
                                 option.palette.color(role))  # type: ignore[attr-defined]
        painter.save()
        painter.translate(option.rect.topLeft())  # type: ignore[attr-defined]
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        self.initStyleOption(option, index)
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 2)


def _selected(option: QStyleOptionViewItem) -> bool:
    return bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
