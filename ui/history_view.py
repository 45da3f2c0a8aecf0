"""The call history window (Ctrl+H): table, filters, search as you type, and the call detail.

A separate, non-modal window: it never blocks typing in a running call. The table is lazy (see
ui.history_model); search runs on a short timer after each keystroke and narrows the table to
the calls hit, newest first, with the hits and their highlighted words listed beside it.

Signals:
    call_chosen(int): the call shown in the detail pane changed.
    searched(str): a search ran (the text typed); tests wait on it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QTableView,
    QWidget,
)

from calmcall.clock import Clock
from calmcall.domain import CATEGORIES, Outcome
from calmcall.services.callbacks import CallbackService
from calmcall.services.calls import CallService
from calmcall.services.container import Services
from calmcall.services.history import HistoryFilter, HistoryService
from calmcall.services.playbooks import PlaybookLibrary
from calmcall.services.search import SearchService
from calmcall.services.summary import summary_html
from calmcall.settings import Settings
from ui.call_detail import CallDetail
from ui.history_ask import HistoryAsk
from ui.history_model import HistoryModel
from ui.history_results import HIT_ROLE, HitModel, HtmlDelegate
from ui.qtutils import close_on_escape, hbox, vbox

SEARCH_DELAY_MS = 120  # long enough to skip the middle of a fast word, short enough to feel live
COLUMN_WIDTHS = (140, 70, 160, 150, 90, 100, 100, 100)


def _local_midnight(day: QDate) -> datetime:
    return datetime.combine(day.toPython(), time(0)).astimezone()  # type: ignore[arg-type]


class HistoryWindow(QWidget):
    call_chosen = Signal(int)
    searched = Signal(str)

    def __init__(self, history: HistoryService, search: SearchService, calls: CallService,
                 playbooks: PlaybookLibrary, settings: Settings, clock: Clock,
                 callbacks: CallbackService | None = None, ask: HistoryAsk | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("historyWindow")
        close_on_escape(self)
        self.setWindowTitle("CalmCall · call history")
        # Closing the main window quits CalmCall even while this window is open.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self._history, self._search, self._calls = history, search, calls
        self._playbooks, self._settings, self._clock = playbooks, settings, clock
        self._callbacks = callbacks
        self.ask = ask or HistoryAsk()

        self.search_field = QLineEdit()
        self.search_field.setObjectName("historySearch")
        self.search_field.setPlaceholderText(
            "Search notes, customers, phone numbers, root causes  (Ctrl+F)")
        self.search_field.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        self.use_dates = QCheckBox("From")
        self.date_from = QDateEdit(QDate.currentDate().addMonths(-1))
        self.date_to = QDateEdit(QDate.currentDate())
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.outcome = QComboBox()
        self.outcome.setObjectName("historyOutcome")
        self.outcome.addItem("Any outcome", None)
        for outcome in Outcome:
            self.outcome.addItem(outcome.label, outcome)
        self.category = QComboBox()
        self.category.setObjectName("historyCategory")
        self.open_only = QCheckBox("Open callback")
        self.open_only.setObjectName("historyOpenCallback")
        self.count_label = QLabel()
        self.count_label.setObjectName("historyCount")

        self.model = HistoryModel(history)
        self.table = QTableView()
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        # Fixed row heights and column widths: nothing asks all 100,000 rows for a size.
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)

        self.hits = HitModel()
        self.results = QListView()
        self.results.setObjectName("historyResults")
        self.results.setModel(self.hits)
        self.results.setItemDelegate(HtmlDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.hide()
        self.detail = CallDetail()

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.table)
        left.addWidget(self.results)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([760, 440])
        filters = hbox(self.use_dates, self.date_from, QLabel("to"), self.date_to, 12,
                       self.outcome, self.category, self.open_only, None, self.count_label)
        layout = vbox(self.search_field, filters, self.splitter, margin=8, spacing=6)
        layout.setStretchFactor(self.splitter, 1)
        self.setLayout(layout)
        self.resize(1200, 720)
        QShortcut(QKeySequence("Ctrl+F"), self, self.focus_search)
        self.search_field.installEventFilter(self)  # Down goes from the search to the calls
        self._connect_signals()
        # Nothing is read until the window is first opened: start-up stays fast.

    def _connect_signals(self) -> None:
        self.search_field.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_field.returnPressed.connect(self._run_search_now)
        self._search_timer.timeout.connect(self.run_search)
        self.use_dates.toggled.connect(self.date_from.setEnabled)
        self.use_dates.toggled.connect(self.date_to.setEnabled)
        self.use_dates.toggled.connect(self.apply_filters)
        self.date_from.dateChanged.connect(self.apply_filters)
        self.date_to.dateChanged.connect(self.apply_filters)
        self.outcome.currentIndexChanged.connect(self.apply_filters)
        self.category.currentIndexChanged.connect(self.apply_filters)
        self.open_only.toggled.connect(self.apply_filters)
        self.model.modelReset.connect(self._show_count)
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self.results.clicked.connect(self._on_hit_clicked)
        self.results.activated.connect(self._on_hit_clicked)
        self.detail.print_requested.connect(self.print_summary)
        self.detail.correct_button.clicked.connect(self.add_correction)

    # -- opening -----------------------------------------------------------------------------

    def open(self) -> None:
        """Show (or raise) the window with the history as it is now."""
        selected = self.selected_call_id()
        self._fill_categories()
        self.model.reload()
        if selected is not None:
            self.select_call(selected)
        self.show()
        self.raise_()
        self.activateWindow()
        self.focus_search()  # the agent opens history to find someone: typing goes to search

    def open_filtered(self, where: HistoryFilter) -> None:
        """Show the window listing only the calls `where` picks (a bar of an insights chart).

        The filter widgets follow as far as they can say it (dates, outcome, category); the
        search is cleared, and `where.call_ids` narrows the table as a search would.
        """
        self._fill_categories()
        widgets = (self.search_field, self.use_dates, self.date_from, self.date_to,
                   self.outcome, self.category, self.open_only)
        for widget in widgets:
            widget.blockSignals(True)
        self.search_field.clear()
        self.hits.set_hits([])
        self.results.hide()
        self.use_dates.setChecked(where.since is not None)
        for edit in (self.date_from, self.date_to):
            edit.setEnabled(where.since is not None)
        if where.since is not None:
            self.date_from.setDate(QDate(where.since.astimezone().date()))
        if where.until is not None:  # `until` is exclusive: the day shown is the one before it
            self.date_to.setDate(QDate((where.until.astimezone()
                                        - timedelta(microseconds=1)).date()))
        self.outcome.setCurrentIndex(
            0 if where.outcome is None else max(0, self.outcome.findData(where.outcome)))
        self.category.setCurrentIndex(max(0, self.category.findData(where.category or "")))
        self.open_only.setChecked(where.open_callback)
        for widget in widgets:
            widget.blockSignals(False)
        self.model.set_filter(where)
        self._show_count()
        self.show()
        self.raise_()
        self.activateWindow()
        self.table.setFocus()

    def focus_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()

    def _fill_categories(self) -> None:
        current = self.category.currentData()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem("Any category", "")
        for name in sorted(set(CATEGORIES) | set(self._history.categories())):
            self.category.addItem(name, name)
        self.category.setCurrentIndex(max(0, self.category.findData(current or "")))
        self.category.blockSignals(False)

    # -- filters and search ------------------------------------------------------------------

    def current_filter(self) -> HistoryFilter:
        since = until = None
        if self.use_dates.isChecked():
            since = _local_midnight(self.date_from.date())
            until = _local_midnight(self.date_to.date().addDays(1))
        return HistoryFilter(since=since, until=until, outcome=self.outcome.currentData(),
                             category=self.category.currentData() or "",
                             open_callback=self.open_only.isChecked(),
                             call_ids=self.model.current_filter.call_ids)

    def apply_filters(self) -> None:
        self.model.set_filter(self.current_filter())

    def _run_search_now(self) -> None:
        self._search_timer.stop()
        self.run_search()
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def run_search(self) -> None:
        typed = self.search_field.text()
        result = self._search.search(typed)
        where = self.current_filter()
        if not result.query:
            self.hits.set_hits([])
            self.results.hide()
            self.model.set_filter(replace(where, call_ids=None))
        else:
            self.hits.set_hits(list(result.hits))
            self.results.show()
            self.model.set_filter(replace(where, call_ids=result.call_ids))
        self._show_count(result.more)
        self.searched.emit(typed)

    def _show_count(self, more: bool = False) -> None:
        shown = self.model.rowCount()
        text = f"{shown:,} call{'s' if shown != 1 else ''}"
        if self.model.current_filter.call_ids is not None:
            text += " match" + ("es" if shown == 1 else "")
            if more:
                text += " (the newest; type more to narrow)"
        self.count_label.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.search_field and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down:
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            if not self.table.currentIndex().isValid() and self.model.rowCount() > 0:
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    # -- the chosen call ---------------------------------------------------------------------

    def selected_call_id(self) -> int | None:
        record = self.detail.record
        return record.call.id if record is not None else None

    def select_call(self, call_id: int) -> None:
        row = self.model.row_of(call_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:  # filtered out of the table: still show it
            self.show_call(call_id)

    def _on_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        call_id = self.model.call_id(current.row())
        if call_id is not None:
            self.show_call(call_id)

    def _on_hit_clicked(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if hit is None:
            return
        self.select_call(hit.call_id)
        if hit.note_id is not None:
            self.detail.choose_note(hit.note_id)

    def show_call(self, call_id: int) -> None:
        record = self._calls.record(call_id)
        events: dict[int, list[str]] = {}
        if self._callbacks is not None:
            for cb in record.callbacks:
                events[cb.id] = [
                    f"{e.at.astimezone():%d %b %H:%M}  {e.kind.value.replace('_', ' ')}"
                    + (f": {e.note}" if e.note else "")
                    for e in self._callbacks.events(cb.id)]
        self.detail.show_record(record, events)
        self.call_chosen.emit(call_id)

    def add_correction(self) -> None:
        record, note = self.detail.record, self.detail.chosen_note()
        if record is None or note is None:
            return
        text = self.ask.correction(self, note)
        if text is None:
            return
        added = self._history.add_correction(record.call.id, note.id, text)
        self.show_call(record.call.id)
        self.detail.choose_note(added.id)

    # -- printing ----------------------------------------------------------------------------

    def summary_html(self, call_id: int, customer: bool = False) -> str:
        record = self._calls.record(call_id)
        return summary_html(record, self._playbooks.get(record.call.playbook_id),
                            customer=customer, now=self._clock.now(),
                            company=self._settings["company"])

    def print_summary(self, call_id: int, customer: bool = False) -> None:
        record = self._calls.record(call_id)
        who = record.call.customer.name or "customer"
        title = f"Call summary · {who}" + (" (customer copy)" if customer else "")
        self.ask.preview(self, self.summary_html(call_id, customer), title)

    def print_for(self, current_call_id: int | None) -> bool:
        """Ctrl+P: the call chosen here when this window is in front, else the running call."""
        chosen = self.selected_call_id()
        if self.isActiveWindow() and chosen is not None:
            self.print_summary(chosen)
        elif current_call_id is not None:
            self.print_summary(current_call_id)
        elif chosen is not None and self.isVisible():
            self.print_summary(chosen)
        else:
            return False
        return True


def history_window(services: Services, ask: HistoryAsk | None = None) -> HistoryWindow:
    """The history window over the app's services (built once, opened many times)."""
    return HistoryWindow(services.history, services.search, services.calls, services.playbooks,
                         services.settings, services.clock, services.callbacks, ask)
