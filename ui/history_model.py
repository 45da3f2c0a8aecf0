"""The history table's model: holds only call ids and loads rows as they come into view.

After Anki's browser: the service hands over the ordered ids of every matching call (sorting
and filtering run in SQL over the whole history), and `data()` fetches rows a block at a time
around the row asked for. A bounded cache keeps memory flat however far the agent scrolls.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from calmcall.domain import MOOD_LABELS, format_elapsed
from calmcall.services.history import HistoryFilter, HistoryRow, HistoryService, SortKey

BLOCK = 120  # rows fetched per database round trip: a few screenfuls
CACHE_ROWS = 3000

COLUMNS: tuple[tuple[str, SortKey], ...] = (
    ("Started", SortKey.STARTED),
    ("Duration", SortKey.DURATION),
    ("Customer", SortKey.CUSTOMER),
    ("Outcome", SortKey.OUTCOME),
    ("Category", SortKey.CATEGORY),
    ("Mood at start", SortKey.MOOD_START),
    ("Mood at end", SortKey.MOOD_END),
    ("Open callbacks", SortKey.OPEN_CALLBACKS),
)

Index = QModelIndex | QPersistentModelIndex


def _mood(value: int | None) -> str:
    return f"{value} {MOOD_LABELS[value]}" if value else ""


def cell_text(row: HistoryRow, column: int) -> str:
    if column == 0:
        return row.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
    if column == 1:
        return format_elapsed(row.duration_s) if row.duration_s is not None else "running"
    if column == 2:
        return row.customer or "—"
    if column == 3:
        return row.outcome.label if row.outcome else ""
    if column == 4:
        return row.category
    if column == 5:
        return _mood(row.mood_start)
    if column == 6:
        return _mood(row.mood_end)
    return str(row.open_callbacks) if row.open_callbacks else ""


class HistoryModel(QAbstractTableModel):
    def __init__(self, history: HistoryService) -> None:
        super().__init__()
        self._history = history
        self._ids: list[int] = []
        self._cache: OrderedDict[int, HistoryRow] = OrderedDict()
        self._filter = HistoryFilter()
        self._sort = SortKey.STARTED
        self._descending = True

    # -- what to show ----------------------------------------------------------------------

    def set_filter(self, where: HistoryFilter) -> None:
        self._filter = where
        self.reload()

    @property
    def current_filter(self) -> HistoryFilter:
        return self._filter

    def reload(self) -> None:
        """Fetch the ids again (after a filter change, a sort, or new calls)."""
        self.beginResetModel()
        self._ids = self._history.call_ids(self._filter, self._sort, self._descending)
        self._cache.clear()
        self.endResetModel()

    def call_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, call_id: int) -> int:
        try:
            return self._ids.index(call_id)
        except ValueError:
            return -1

    def history_row(self, row: int) -> HistoryRow | None:
        call_id = self.call_id(row)
        if call_id is None:
            return None
        cached = self._cache.get(call_id)
        if cached is None:
            self._load_around(row)
            cached = self._cache.get(call_id)
        else:
            self._cache.move_to_end(call_id)
        return cached

    def _load_around(self, row: int) -> None:
        start = max(0, row - BLOCK // 4)  # scrolling up wants a few rows above too
        wanted = [i for i in self._ids[start:start + BLOCK] if i not in self._cache]
        for loaded in self._history.rows(wanted):
            self._cache[loaded.id] = loaded
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)

    # -- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            found = self.history_row(index.row())
            return cell_text(found, index.column()) if found else ""
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (1, 5, 6, 7):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt API)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section][0]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort = COLUMNS[column][1]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()  # a reset, not a layout change: no persistent index survives a re-sort
