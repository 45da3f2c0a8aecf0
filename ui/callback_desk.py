"""Everything about callbacks the main window offers, kept out of the window's own module:
the promise form (Ctrl+B), today's list (Ctrl+T), the call view and the reminders.

Signals:
    note_added(object): a PROMISE line (Note) was stored for a call.
    callbacks_changed(): a promise was made or a callback changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import SQLAlchemyError

from calmcall.domain import Call
from calmcall.localtime import spoken
from calmcall.services.callback_times import SettingsLike
from calmcall.services.callbacks import CallbackChange, CallbackRefused, CallbackService
from calmcall.services.calls import CallService
from ui.callback_ask import CallbackQuestions
from ui.callbacks_view import CallbacksWindow
from ui.reminders import ReminderController


class CallbackDesk(QObject):
    note_added = Signal(object)
    callbacks_changed = Signal()

    def __init__(self, callbacks: CallbackService, calls: CallService, settings: SettingsLike,
                 ask: CallbackQuestions, window: QWidget,
                 show_message: Callable[[str, str], None],
                 open_call: Callable[[int], None]) -> None:
        super().__init__(window)
        self.callbacks = callbacks
        self._calls = calls
        self._settings = settings
        self._ask = ask
        self._window = window
        self._show_message = show_message
        self.list_window: CallbacksWindow | None = None
        self.open_call = open_call  # a call's whole story: the history window's call detail
        self.reminders = ReminderController(callbacks, window, show_message)

    def promise(self, call: Call, phone: str) -> CallbackChange | None:
        """Ctrl+B: ask when and what, and store the promise with the call."""
        answer = self._ask.promise(self._window, self.callbacks.clock.now(), self._settings,
                                   self.callbacks.check_due, self.callbacks.tz, phone)
        # Back to the window the agent was typing in (without a window manager's help, Qt
        # would leave no window active and the window's keys would stop working).
        self._window.activateWindow()
        if answer is None:
            return None
        try:
            change = self.callbacks.promise_callback(call.id, answer.due_at, answer.promise,
                                                     answer.phone, answer.cadence_minutes)
        except CallbackRefused as exc:
            self._show_message(f"The callback was not saved: {exc}", "error")
            return None
        except (SQLAlchemyError, OSError) as exc:
            self._show_message(f"The callback was NOT saved ({exc}). Press Ctrl+B to try "
                               "again.", "error")
            return None
        self._changed(change)
        return change

    def _changed(self, change: CallbackChange) -> None:
        if change.note is not None:
            self.note_added.emit(change.note)
        if self.list_window is not None and self.list_window.isVisible():
            self.list_window.refresh()
        self.callbacks_changed.emit()

    def show_today(self) -> CallbacksWindow:
        if self.list_window is None:
            self.list_window = CallbacksWindow(self.callbacks, self._settings, self._ask,
                                               self._window)
            self.list_window.callback_changed.connect(self._changed)
            self.list_window.call_open_requested.connect(self.open_call)
        self.list_window.show_day(None)
        self.list_window.show()
        self.list_window.raise_()  # the agent asked for it (Ctrl+T)
        self.list_window.activateWindow()
        self.list_window.table.setFocus()
        return self.list_window

    def callback_phrase(self, call_id: int) -> str:
        """{callback_time} on the cards: "by 14:30", "tomorrow at 09:00", or "" if none."""
        try:
            callback = self.callbacks.latest_open_for_call(call_id)
        except (SQLAlchemyError, OSError):
            return ""
        if callback is None:
            return ""
        return spoken(callback.due_at, self.callbacks.clock.now(), self.callbacks.tz)
