"""The day's callback list as a table model: section header rows, then one row per callback.

The cells come from `calmcall.services.callback_sheet.row_fields`, the same ones the command
line and the printout use, so the three always agree.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from calmcall.domain import DueCallback
from calmcall.localtime import Zone
from calmcall.services.callback_sheet import promise_text, row_fields
from calmcall.services.callbacks import CallbackDay, CallbackSection

COLUMNS = ("Due", "Customer", "Phone", "Promise", "Attempts", "Call")
CALL_COLUMN = COLUMNS.index("Call")
_Index = QModelIndex | QPersistentModelIndex
OVERDUE_COLOUR = QColor(185, 50, 35)
LINK_COLOUR = QColor(40, 100, 200)


class CallbacksModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._entries: list[CallbackSection | tuple[str, DueCallback, dict[str, Any]]] = []

    def set_day(self, day: CallbackDay, tz: Zone = None) -> None:
        self.beginResetModel()
        self._entries = []
        for section in day.sections:
            self._entries.append(section)
            self._entries += [(section.key, item, row_fields(item, day.now, tz))
                              for item in section.items]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt API)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return None

    def is_header(self, row: int) -> bool:
        return 0 <= row < len(self._entries) and isinstance(self._entries[row], CallbackSection)

    def callback_at(self, row: int) -> DueCallback | None:
        if 0 <= row < len(self._entries):
            entry = self._entries[row]
            if not isinstance(entry, CallbackSection):
                return entry[1]
        return None

    def section_at(self, row: int) -> str | None:
        entry = self._entries[row] if 0 <= row < len(self._entries) else None
        if isinstance(entry, CallbackSection):
            return entry.key
        return entry[0] if entry is not None else None

    def row_of(self, callback_id: int) -> int:
        for row in range(len(self._entries)):
            item = self.callback_at(row)
            if item is not None and item.id == callback_id:
                return row
        return -1

    def header_rows(self) -> list[int]:
        return [r for r in range(len(self._entries)) if self.is_header(r)]

    def row_texts(self, row: int) -> list[str]:
        return [str(self.data(self.index(row, c)) or "") for c in range(len(COLUMNS))]

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.is_header(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        col = index.column()
        if isinstance(entry, CallbackSection):
            if role == Qt.ItemDataRole.DisplayRole and col == 0:
                return f"{entry.title} ({len(entry.items)})"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        key, item, f = entry
        if role == Qt.ItemDataRole.DisplayRole:
            status = f["status"]
            due = f["due"] + ("" if status == "open" else f" · {status}")
            return (due, f["customer"] or "(no name)", f["phone"], promise_text(f),
                    str(f["attempts"]), f"Call #{f['call_id']} ›")[col]
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == CALL_COLUMN:
                return LINK_COLOUR
            if key == "overdue":
                return OVERDUE_COLOUR
        if role == Qt.ItemDataRole.FontRole and col == CALL_COLUMN:
            font = QFont()
            font.setUnderline(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == CALL_COLUMN:
                return "Open the call this promise came from"
            if item.callback.outcome_note:
                return item.callback.outcome_note
        return None
