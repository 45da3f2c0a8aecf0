"""The promise form (Ctrl+B): when to call back, what was promised, and an update cadence.

Keyboard first, so a promise takes three keys: Ctrl+B, a number (1-5) or arrow keys for the
quick pick, Enter to save. Errors keep the form open and say what to fix; a warning (outside
business hours) is shown once, and Enter again keeps the time. The same form, without the
promise details, picks a new time for a snooze or a reschedule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from calmcall.localtime import Zone, at_wall_clock, describe, to_local
from calmcall.services.callback_times import DueCheck, QuickPick, SettingsLike, quick_pick
from ui.qtutils import hbox

CADENCE_UNITS = (("minutes", 1), ("hours", 60), ("days", 1440))


@dataclass(frozen=True)
class PromiseRequest:
    due_at: datetime
    promise: str
    phone: str
    cadence_minutes: int | None


class QuickPickList(QListWidget):
    """The quick picks; a digit key chooses the pick with that number."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        text = event.text()
        if text.isdigit() and 1 <= int(text) <= self.count():
            self.setCurrentRow(int(text) - 1)
            return
        super().keyPressEvent(event)


class PromiseDialog(QDialog):
    def __init__(self, now: datetime, settings: SettingsLike, check: Callable[[datetime], DueCheck],
                 tz: Zone = None, phone: str = "", title: str = "Promise a callback",
                 details: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promiseForm")
        self.setWindowTitle(title)
        self.setMinimumWidth(380)
        self._now, self._tz, self._check = now, tz, check
        self._confirmed: datetime | None = None  # a warned-about time the agent kept

        self.picks = QuickPickList()
        self.picks.setObjectName("promiseQuickPicks")
        self.picks.setAccessibleName("When to call back")
        for n, kind in enumerate(QuickPick, start=1):
            label = kind.label
            if kind is not QuickPick.CUSTOM:
                label += f"  ·  {describe(quick_pick(kind, now, settings, tz), now, tz)}"
            item = QListWidgetItem(f"{n}   {label}")
            item.setData(Qt.ItemDataRole.UserRole, quick_pick(kind, now, settings, tz))
            self.picks.addItem(item)
        self.picks.setCurrentRow(0)
        self.picks.setFixedHeight(self.picks.sizeHintForRow(0) * 5 + 8)

        self.custom = QDateTimeEdit()
        self.custom.setObjectName("promiseCustomTime")
        self.custom.setCalendarPopup(True)
        self.custom.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        start = to_local(quick_pick(QuickPick.CUSTOM, now, settings, tz), tz)
        self.custom.setDateTime(QDateTime(start.replace(tzinfo=None)))
        self.custom.setEnabled(False)

        self.promise = QLineEdit()
        self.promise.setObjectName("promiseText")
        self.promise.setPlaceholderText("What you promised, e.g. confirm the refund")
        self.promise.setMaxLength(500)
        self.phone = QLineEdit(phone)
        self.phone.setObjectName("promisePhone")
        self.phone.setPlaceholderText("Number to call")
        self.phone.setMaxLength(64)
        self.cadence_on = QCheckBox("Update every")
        self.cadence_on.setObjectName("promiseCadence")
        self.cadence_count = QSpinBox()
        self.cadence_count.setObjectName("promiseCadenceCount")
        self.cadence_count.setRange(1, 999)
        self.cadence_count.setValue(2)
        self.cadence_unit = QComboBox()
        self.cadence_unit.setObjectName("promiseCadenceUnit")
        for name, minutes in CADENCE_UNITS:
            self.cadence_unit.addItem(name, minutes)
        self.cadence_unit.setCurrentIndex(1)
        for w in (self.cadence_count, self.cadence_unit):
            w.setEnabled(False)

        self.message = QLabel()
        self.message.setObjectName("messageBar")  # styled like the window's bar
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()

        form = QFormLayout()
        form.addRow("&When", self.picks)
        form.addRow("", self.custom)
        if details:
            form.addRow("&Promise", self.promise)
            form.addRow("P&hone", self.phone)
            form.addRow("", hbox(self.cadence_on, self.cadence_count, self.cadence_unit,
                                 QLabel("until resolved"), None))
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Save promise" if details else "Set time",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("promiseSaveButton")
        self.save_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._buttons = buttons
        hint = QLabel("1–5 or arrows pick the time · Tab to the promise · Enter saves")
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self._connect_signals()
        self.picks.setFocus()

    def _connect_signals(self) -> None:
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        self.picks.currentRowChanged.connect(self._on_pick_changed)
        self.cadence_on.toggled.connect(self.cadence_count.setEnabled)
        self.cadence_on.toggled.connect(self.cadence_unit.setEnabled)

    def _on_pick_changed(self, row: int) -> None:
        custom = row == len(QuickPick) - 1
        self.custom.setEnabled(custom)
        self.message.hide()
        if custom:
            self.custom.setFocus()

    def due_at(self) -> datetime:
        if self.picks.currentRow() == len(QuickPick) - 1:
            naive = self.custom.dateTime().toPython()
            return at_wall_clock(naive.date(), naive.time().replace(second=0, microsecond=0),
                                 self._tz)
        return self.picks.currentItem().data(Qt.ItemDataRole.UserRole)  # type: ignore[no-any-return]

    def cadence_minutes(self) -> int | None:
        if not self.cadence_on.isChecked():
            return None
        return int(self.cadence_count.value() * self.cadence_unit.currentData())

    def result_value(self) -> PromiseRequest:
        return PromiseRequest(self.due_at(), self.promise.text().strip(),
                              self.phone.text().strip(), self.cadence_minutes())

    def _say(self, text: str, level: str) -> None:
        self.message.setProperty("level", level)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.show()

    def accept(self) -> None:
        due = self.due_at()
        check = self._check(due)
        if check.errors:
            self._say(" ".join(check.errors), "error")
            return
        if check.warnings and self._confirmed != due:
            self._confirmed = due
            self._say(" ".join(check.warnings) + " Press Enter again to keep this time.",
                      "warning")
            return
        super().accept()
