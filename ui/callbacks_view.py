"""Today's callback list (Ctrl+T): overdue, due now, later today and done, with row actions.

A separate, non-modal window beside the main one. A timer re-reads the list every 30 seconds
from the injected clock, so a row moves to "overdue" on its own; refreshing never touches the
focus, so it cannot pull the agent out of a call.

Signals:
    callback_changed(object): an action was stored (a CallbackChange).
    call_open_requested(int): the agent asked to see the call a promise came from.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from calmcall.domain import DueCallback
from calmcall.localtime import to_local
from calmcall.services.callback_sheet import day_html
from calmcall.services.callback_times import SettingsLike
from calmcall.services.callbacks import (
    CallbackChange,
    CallbackNotFound,
    CallbackRefused,
    CallbackService,
)
from ui.callback_ask import CallbackQuestions
from ui.callbacks_model import CALL_COLUMN, COLUMNS, CallbacksModel
from ui.qtutils import button, close_on_escape, hbox, vbox

REFRESH_MS = 30_000
FAILURES = (CallbackRefused, CallbackNotFound, SQLAlchemyError, OSError)


class CallbacksWindow(QWidget):
    callback_changed = Signal(object)
    call_open_requested = Signal(int)

    def __init__(self, callbacks: CallbackService, settings: SettingsLike,
                 ask: CallbackQuestions, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("todayCallbacks")
        close_on_escape(self)
        self.setWindowTitle("Today's callbacks · CalmCall")
        self.resize(820, 460)
        self._callbacks, self._settings, self._ask = callbacks, settings, ask
        self._day: date | None = None  # None: follow "today" as the clock moves on

        self.title = QLabel()
        self.title.setObjectName("callbacksTitle")
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("callbacksDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.prev_button = button("◀", "callbacksPrevDay", "The day before")
        self.today_button = button("Today", "callbacksToday", "Back to today")
        self.next_button = button("▶", "callbacksNextDay", "The day after")

        self.model = CallbacksModel()
        self.table = QTableView()
        self.table.setObjectName("callbacksTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(COLUMNS.index("Promise"), QHeaderView.ResizeMode.Stretch)

        self.message = QLabel()
        self.message.setObjectName("messageBar")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()

        self.done_button = button("&Done…", "callbackDone", "Mark done, with what came of it")
        self.no_answer_button = button("No &answer", "callbackNoAnswer",
                                       "Log the attempt and pick a new time")
        self.update_button = button("Update &given…", "callbackUpdate",
                                    "Log an update; with a cadence the next one is scheduled")
        self.snooze10_button = button("Snooze &10 min", "callbackSnooze10")
        self.snooze60_button = button("Snooze 1 &hour", "callbackSnooze60")
        self.snooze_until_button = button("Snooze &until…", "callbackSnoozeUntil")
        self.reschedule_button = button("&Reschedule…", "callbackReschedule",
                                        "Agree a new time with the customer")
        self.cancel_button = button("Cance&l…", "callbackCancel", "Cancel, with a reason")
        self.open_button = button("&Open call", "callbackOpenCall",
                                  "The call this promise came from")
        self.print_button = button("&Print…", "callbacksPrint", "Print preview of this list")
        self.pdf_button = button("Save as PD&F…", "callbacksPdf", "This list as a PDF file")
        self._row_buttons = (self.done_button, self.no_answer_button, self.update_button,
                             self.snooze10_button, self.snooze60_button,
                             self.snooze_until_button, self.reschedule_button,
                             self.cancel_button, self.open_button)

        self.setLayout(vbox(
            hbox(self.title, None, self.prev_button, self.date_edit, self.today_button,
                 self.next_button),
            self.message,
            self.table,
            hbox(self.done_button, self.no_answer_button, self.update_button, None,
                 self.open_button),
            hbox(self.snooze10_button, self.snooze60_button, self.snooze_until_button,
                 self.reschedule_button, self.cancel_button, None, self.print_button,
                 self.pdf_button),
            margin=10, spacing=8))
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self._connect_signals()
        self.refresh()

    def _connect_signals(self) -> None:
        self.timer.timeout.connect(self.refresh)
        self.prev_button.clicked.connect(lambda: self.step_day(-1))
        self.next_button.clicked.connect(lambda: self.step_day(1))
        self.today_button.clicked.connect(lambda: self.show_day(None))
        self.date_edit.dateChanged.connect(self._on_date_edited)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.activated.connect(lambda _i: self.open_call())
        self.table.clicked.connect(self._on_clicked)
        self.done_button.clicked.connect(self.mark_done)
        self.no_answer_button.clicked.connect(self.no_answer)
        self.update_button.clicked.connect(self.log_update)
        self.snooze10_button.clicked.connect(lambda: self.snooze(10))
        self.snooze60_button.clicked.connect(lambda: self.snooze(60))
        self.snooze_until_button.clicked.connect(lambda: self.snooze(None))
        self.reschedule_button.clicked.connect(self.reschedule)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button.clicked.connect(self.open_call)
        self.print_button.clicked.connect(self.print_preview)
        self.pdf_button.clicked.connect(self.save_pdf)

    # -- the day shown ---------------------------------------------------------------------------

    def today(self) -> date:
        return to_local(self._callbacks.clock.now(), self._callbacks.tz).date()

    @property
    def day(self) -> date:
        return self._day or self.today()

    def show_day(self, day: date | None) -> None:
        self._day = None if day is None or day == self.today() else day
        self.refresh()

    def step_day(self, days: int) -> None:
        self.show_day(self.day + timedelta(days=days))

    def _on_date_edited(self, qdate: QDate) -> None:
        picked = qdate.toPython()
        if picked != self.day:
            self.show_day(picked)  # type: ignore[arg-type]

    def refresh(self) -> None:
        """Re-read the list, keeping the selected callback selected. Never moves the focus."""
        keep = self.selected()
        try:
            listing = self._callbacks.day_list(self.day)
        except (SQLAlchemyError, OSError) as exc:
            self.say(f"Could not read the callbacks ({exc}). The list shows the last state; "
                     "it will try again in 30 seconds.")
            return
        self.model.set_day(listing, self._callbacks.tz)
        self.table.clearSpans()
        for row in self.model.header_rows():
            self.table.setSpan(row, 0, 1, len(COLUMNS))
        row = self.model.row_of(keep.id) if keep is not None else -1
        if row < 0:  # keep the keys useful: something is always selected when there is a row
            row = next((r for r in range(self.model.rowCount())
                        if self.model.callback_at(r) is not None), -1)
        if row >= 0:
            self.table.selectRow(row)
        label = "Today" if listing.is_today else "Callbacks"
        self.title.setText(f"<b>{label}</b> · {listing.day:%A} {listing.day.day} {listing.day:%B}")
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(listing.day))
        self.date_edit.blockSignals(False)
        self._update_buttons()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 (Qt API)
        self.timer.stop()
        super().hideEvent(event)

    # -- selection -------------------------------------------------------------------------------

    def selected(self) -> DueCallback | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.callback_at(rows[0].row()) if rows else None

    def select_callback(self, callback_id: int) -> bool:
        row = self.model.row_of(callback_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _update_buttons(self) -> None:
        item = self.selected()
        open_ = item is not None and item.callback.is_open
        for b in self._row_buttons:
            b.setEnabled(open_)
        self.open_button.setEnabled(item is not None)

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.column() == CALL_COLUMN and self.model.callback_at(index.row()) is not None:
            self.open_call()

    def say(self, text: str, level: str = "error") -> None:
        self.message.setProperty("level", level)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.show()

    # -- row actions -----------------------------------------------------------------------------

    def _act(self, action: Callable[[DueCallback], CallbackChange | None]) -> None:
        item = self.selected()
        if item is None:
            self.say("Pick a callback in the list first (arrow keys or a click).", "info")
            return
        try:
            change = action(item)
        except FAILURES as exc:
            self.say(str(exc) if isinstance(exc, CallbackRefused)
                     else f"That was not saved ({exc}). Try again.")
            return
        if change is None:
            return
        self.message.hide()
        self.refresh()
        self.callback_changed.emit(change)

    def _ask_when(self, title: str):  # type: ignore[no-untyped-def]
        return self._ask.when(self, title, self._callbacks.clock.now(), self._settings,
                              self._callbacks.check_due, self._callbacks.tz)

    def mark_done(self) -> None:
        def act(item: DueCallback) -> CallbackChange | None:
            note = self._ask.text(self, "Callback done", "What came of it (optional):")
            return None if note is None else self._callbacks.mark_done(item.id, note)
        self._act(act)

    def no_answer(self) -> None:
        def act(item: DueCallback) -> CallbackChange | None:
            change = self._callbacks.no_answer(item.id)
            when = self._ask_when("No answer: when will you try again?")
            if when is not None:
                change = self._callbacks.reschedule(item.id, when, "no answer")
            return change
        self._act(act)

    def log_update(self) -> None:
        def act(item: DueCallback) -> CallbackChange | None:
            note = self._ask.text(self, "Update given", "What you told the customer:")
            return None if note is None else self._callbacks.log_update(item.id, note)
        self._act(act)

    def snooze(self, minutes: int | None) -> None:
        def act(item: DueCallback) -> CallbackChange | None:
            if minutes is not None:
                return self._callbacks.snooze(item.id, minutes=minutes)
            until = self._ask_when("Snooze until")
            return None if until is None else self._callbacks.snooze(item.id, until=until)
        self._act(act)

    def reschedule(self) -> None:
        def act(item: DueCallback) -> CallbackChange | None:
            when = self._ask_when("Reschedule the callback")
            return None if when is None else self._callbacks.reschedule(item.id, when)
        self._act(act)

    def cancel(self) -> None:
        def act(item: DueCallback) -> CallbackChange | None:
            reason = self._ask.text(self, "Cancel the callback",
                                    "Why is it cancelled? (needed, for the record)")
            return None if reason is None else self._callbacks.cancel(item.id, reason)
        self._act(act)

    def open_call(self) -> None:
        item = self.selected()
        if item is not None:
            self.call_open_requested.emit(item.callback.call_id)

    # -- paper -----------------------------------------------------------------------------------

    def sheet_html(self) -> str:
        return day_html(self._callbacks.day_list(self.day), self._callbacks.tz,
                        self._settings["agent_name"])

    def print_preview(self) -> None:
        self._ask.print_preview(self, self.sheet_html(), f"Callbacks {self.day.isoformat()}")

    def save_pdf(self) -> None:
        path = self._ask.save_pdf(self, f"callbacks-{self.day.isoformat()}.pdf")
        if path is None:
            return
        from ui.printing import html_to_pdf

        try:
            html_to_pdf(self.sheet_html(), path)
        except OSError as exc:
            self.say(f"Could not write {path}: {exc.strerror or exc}. Pick another folder.")
            return
        self.say(f"Saved {path}.", "info")
