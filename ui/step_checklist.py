"""The de-escalation steps: a checklist with the current step marked and its hint shown.

Signals:
    step_toggled(str, bool): the agent ticked (True) or unticked (False) a step by id.
    step_focused(str): the agent selected a step to see its hint and cards.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QWidget

from calmcall.domain import Playbook, Step
from ui.qtutils import vbox

_STEP_ID = Qt.ItemDataRole.UserRole


class StepChecklist(QWidget):
    step_toggled = Signal(str, bool)
    step_focused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._playbook: Playbook | None = None
        self._updating = False
        self.list = QListWidget()
        self.list.setObjectName("stepChecklist")
        self.list.setAccessibleName("Steps")
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.hint = QLabel()
        self.hint.setObjectName("stepHint")
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.setLayout(vbox(self.list, self.hint, spacing=6))
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentItemChanged.connect(self._on_current_changed)

    def set_playbook(self, playbook: Playbook, ticked: set[str]) -> None:
        self._playbook = playbook
        self._updating = True
        self.list.clear()
        for number, step in enumerate(playbook.steps, start=1):
            label = f"{number}  {step.title}" if number <= 9 else step.title
            item = QListWidgetItem(label)
            item.setData(_STEP_ID, step.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setToolTip(f"{step.hint}\n(Ctrl+{number} ticks it)" if number <= 9 else step.hint)
            item.setCheckState(Qt.CheckState.Checked if step.id in ticked
                               else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self._updating = False
        self._mark_current()
        # Fit the list to its steps so the hint sits right under them, no scrolling needed.
        self.list.ensurePolished()
        rows = sum(self.list.sizeHintForRow(i) for i in range(self.list.count()))
        slack = self.list.count() + 2 * self.list.frameWidth() + 4  # stylesheet padding
        self.list.setFixedHeight(max(rows, 24) + slack)

    def ticked(self) -> set[str]:
        return {self._item(i).data(_STEP_ID) for i in range(self.list.count())
                if self._item(i).checkState() == Qt.CheckState.Checked}

    def open_steps(self) -> list[Step]:
        if self._playbook is None:
            return []
        done = self.ticked()
        return [s for s in self._playbook.steps if s.id not in done]

    def current_step(self) -> Step | None:
        """The next step to do: the first one not ticked."""
        remaining = self.open_steps()
        return remaining[0] if remaining else None

    def step_at(self, number: int) -> Step | None:
        if self._playbook is None or not 1 <= number <= len(self._playbook.steps):
            return None
        return self._playbook.steps[number - 1]

    def set_checked(self, step_id: str, checked: bool) -> None:
        for i in range(self.list.count()):
            item = self._item(i)
            if item.data(_STEP_ID) == step_id:
                self._updating = True
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self._updating = False
        self._mark_current()

    def _item(self, row: int) -> QListWidgetItem:
        return self.list.item(row)

    def _mark_current(self) -> None:
        was_updating, self._updating = self._updating, True  # font changes emit itemChanged
        try:
            self._restyle()
        finally:
            self._updating = was_updating

    def _restyle(self) -> None:
        current = self.current_step()
        for i in range(self.list.count()):
            item = self._item(i)
            is_current = current is not None and item.data(_STEP_ID) == current.id
            font = QFont(item.font())
            font.setBold(is_current)
            item.setFont(font)
        if current is None:
            self.hint.setText("All steps done. Wrap up with Ctrl+E when the call ends.")
        else:
            number = self._playbook.steps.index(current) + 1 if self._playbook else 0
            self.hint.setText(f"Now {number} · {current.title}: {current.hint}")
            row = number - 1
            if self.list.currentRow() != row:
                self.list.setCurrentRow(row)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if self._updating:
            return
        # Read the item first: the window may rebuild the list (starting a call) in response.
        step_id, checked = item.data(_STEP_ID), item.checkState() == Qt.CheckState.Checked
        self.step_toggled.emit(step_id, checked)

    def _on_current_changed(self, item: QListWidgetItem | None, _prev: object) -> None:
        if item is not None and not self._updating:
            self.step_focused.emit(item.data(_STEP_ID))
