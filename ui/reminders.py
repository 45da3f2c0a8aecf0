"""Reminders that fire on time, even with CalmCall behind other windows.

Every 15 seconds the injected clock is asked what is due (due time minus the lead time from
the settings). A reminder goes to the system tray where there is one, and otherwise to the
window's message bar plus the platform's attention signal (QApplication.alert: a flashing
taskbar entry). A small note in the screen corner that never takes the focus is shown too, so
the reminder is seen over other windows. Nothing here activates, raises or focuses a window:
a reminder must never pull the agent's typing away during a call.

At start-up, everything that fell due while CalmCall was closed is announced once.

Signals:
    reminded(object): a list of DueCallback was announced.
    missed(object): a list of DueCallback was newly marked missed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QStyle, QSystemTrayIcon, QWidget
from sqlalchemy.exc import SQLAlchemyError

from calmcall.domain import DueCallback
from calmcall.services.callbacks import MISSED_AFTER, CallbackService

CHECK_MS = 15_000
TOAST_MS = 60_000


def _who(item: DueCallback) -> str:
    phone = item.callback.phone or item.customer.phone
    who = item.customer.name or "a customer"
    return f"{who} ({phone})" if phone else who


class ReminderToast(QLabel):
    """A note in the top-right corner, above other windows, that never takes the focus."""

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint
                         | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setObjectName("reminderToast")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setMargin(12)
        self.setFixedWidth(360)
        self._hide = QTimer(self)
        self._hide.setSingleShot(True)
        self._hide.setInterval(TOAST_MS)
        self._hide.timeout.connect(self.hide)

    def pop(self, text: str) -> None:
        self.setText(text)
        self.adjustSize()
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            self.move(area.right() - self.width() - 16, area.top() + 16)
        self.show()
        self._hide.start()

    def mousePressEvent(self, _event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        self.hide()


class ReminderController(QObject):
    reminded = Signal(object)
    missed = Signal(object)

    def __init__(self, callbacks: CallbackService, window: QWidget,
                 show_message: Callable[[str, str], None]) -> None:
        super().__init__(window)
        self._callbacks = callbacks
        self._window = window
        self._show_message = show_message
        self._tray: QSystemTrayIcon | None = None
        self.toast: ReminderToast | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check_now)
        self.last_text = ""
        window.installEventFilter(self)  # to stop with the window (see eventFilter)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self._window and event.type() == QEvent.Type.Close:
            self.stop()  # the corner note is a window of its own: it must not outlive us
        return False

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(0, self.announce_at_start)

    def stop(self) -> None:
        self.timer.stop()
        if self.toast is not None:
            self.toast.close()
            self.toast.deleteLater()
            self.toast = None

    def announce_at_start(self) -> list[DueCallback]:
        """Callbacks whose time came while CalmCall was closed, told once."""
        try:
            self._callbacks.mark_missed()
            overdue = self._callbacks.overdue()
            for item in overdue:
                if item.callback.reminded_at is None:
                    self._callbacks.mark_reminded(item.id)
        except (SQLAlchemyError, OSError):
            return []
        if overdue:
            first = "; ".join(f"{self._callbacks.describe(i.callback.due_at)} {_who(i)}"
                              for i in overdue[:3])
            more = f" and {len(overdue) - 3} more" if len(overdue) > 3 else ""
            count = "1 callback" if len(overdue) == 1 else f"{len(overdue)} callbacks"
            self._notify("Callbacks overdue",
                         f"{count} fell due while CalmCall was closed: {first}{more}.",
                         "Press Ctrl+T for today's list and call them now or reschedule.")
            self.reminded.emit(overdue)
        return overdue

    def check_now(self) -> list[DueCallback]:
        """Fire every reminder that is due by the clock's now; returns what was announced."""
        try:
            newly_missed = self._callbacks.mark_missed()
            due = self._callbacks.due_reminders()
            for item in due:
                self._callbacks.mark_reminded(item.id)
        except (SQLAlchemyError, OSError):
            return []  # the database is busy or gone; the next tick tries again
        missed_text = ""
        if newly_missed:
            hours = int(MISSED_AFTER.total_seconds() // 3600)
            names = ", ".join(_who(i) for i in newly_missed)
            missed_text = (f"Marked missed (more than {hours} hours past due): {names}. "
                           "Call now or reschedule from today's list (Ctrl+T).")
        if due:
            lines = [f"{self._callbacks.describe(i.callback.due_at)} · {_who(i)}"
                     + (f": {i.callback.promise}" if i.callback.promise else "") for i in due]
            title = "Callback due" if len(due) == 1 else f"{len(due)} callbacks due"
            self._notify(title, "\n".join(lines),
                         f"Ctrl+T opens today's list. {missed_text}".strip())
            self.reminded.emit(due)
        elif missed_text:
            self._show_message(missed_text, "error")
        if newly_missed:
            self.missed.emit(newly_missed)
        return due

    def _notify(self, title: str, body: str, what_to_do: str) -> None:
        text = f"{body}\n{what_to_do}"
        self.last_text = f"{title}: {text}"
        summary = "; ".join(body.splitlines()).rstrip(".")  # the body may end a sentence itself
        self._show_message(f"{title}: {summary}. {what_to_do}", "info")
        if QSystemTrayIcon.isSystemTrayAvailable():
            if self._tray is None:
                icon = self._window.windowIcon()
                if icon.isNull():
                    icon = self._window.style().standardIcon(
                        QStyle.StandardPixmap.SP_MessageBoxInformation)
                self._tray = QSystemTrayIcon(icon, self)
                self._tray.setToolTip("CalmCall")
                self._tray.show()
            self._tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 15_000)
        else:
            QApplication.alert(self._window)
            if self.toast is None:
                self.toast = ReminderToast()
            self.toast.pop(f"{title}\n{text}")
