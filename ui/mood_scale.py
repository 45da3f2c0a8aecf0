"""How angry the customer is: 1 = furious … 5 = calm, by click, arrow keys or Alt+1…5.

Signals:
    mood_chosen(int): the agent set the mood.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QLabel, QPushButton, QWidget

from calmcall.domain import MOOD_LABELS
from ui.qtutils import hbox


class MoodScale(QWidget):
    mood_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moodScale")
        self.setAccessibleName("Customer mood, 1 furious to 5 calm")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        buttons = []
        for value, label in MOOD_LABELS.items():
            b = QPushButton(str(value))
            b.setCheckable(True)
            b.setProperty("mood", True)
            b.setToolTip(f"{value} · {label} (Alt+{value})")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scale takes focus as one widget
            self._group.addButton(b, value)
            buttons.append(b)
        self.setLayout(hbox(QLabel("Furious"), *buttons, QLabel("Calm"), spacing=3))
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._group.idClicked.connect(self.choose)

    def value(self) -> int | None:
        checked = self._group.checkedId()
        return checked if checked > 0 else None

    def choose(self, value: int) -> None:
        """Set the mood as the agent would; emits mood_chosen when it changed."""
        if value not in MOOD_LABELS:
            return
        changed = value != self.value()
        self.show_value(value)
        if changed:
            self.mood_chosen.emit(value)

    def show_value(self, value: int | None) -> None:
        """Show a value without emitting (restoring a resumed call, clearing after wrap-up)."""
        if value is None:
            self._group.setExclusive(False)
            for b in self._group.buttons():
                b.setChecked(False)
            self._group.setExclusive(True)
            self.setAccessibleDescription("Mood not set")
            return
        self._group.button(value).setChecked(True)
        self.setAccessibleDescription(f"Mood {value}, {MOOD_LABELS[value]}")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        current = self.value() or 3
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            self.choose(max(1, current - 1))
        elif event.key() in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            self.choose(min(5, current + 1))
        elif Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_5:
            self.choose(event.key() - Qt.Key.Key_0)
        else:
            super().keyPressEvent(event)
