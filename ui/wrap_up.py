"""Wrap-up at the end of a call: outcome, category and root cause.

It warns about steps left open but never blocks the save: the call is saved either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from calmcall.domain import CATEGORIES, Outcome, Step


@dataclass(frozen=True)
class WrapUp:
    outcome: Outcome | None
    category: str
    root_cause: str


class WrapUpDialog(QDialog):
    def __init__(self, open_steps: list[Step], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wrapUpDialog")
        self.setWindowTitle("Wrap up the call")
        self.setMinimumWidth(320)

        self.warning = QLabel()
        self.warning.setObjectName("messageBar")
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        if open_steps:
            names = ", ".join(s.title for s in open_steps)
            count = len(open_steps)
            self.warning.setText(f"{count} step{'s' if count > 1 else ''} still open: {names}. "
                                 "You can still save; they will show as skipped.")
        self.warning.setVisible(bool(open_steps))

        self.outcome = QComboBox()
        self.outcome.setObjectName("wrapOutcome")
        self.outcome.addItem("— choose —", None)
        for outcome in Outcome:
            self.outcome.addItem(outcome.label, outcome)
        self.category = QComboBox()
        self.category.setObjectName("wrapCategory")
        self.category.setEditable(True)
        self.category.addItem("")
        self.category.addItems(CATEGORIES)
        self.category.lineEdit().setPlaceholderText("Pick or type a category")
        self.root_cause = QLineEdit()
        self.root_cause.setObjectName("wrapRootCause")
        self.root_cause.setPlaceholderText("What caused it, in a few words")
        self.root_cause.setMaxLength(2000)

        form = QFormLayout()
        form.addRow("&Outcome", self.outcome)
        form.addRow("&Category", self.category)
        form.addRow("&Root cause", self.root_cause)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Save and end call",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        buttons.addButton("Back to the call", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.outcome.setFocus()

    def result_value(self) -> WrapUp:
        data = self.outcome.currentData()  # Qt hands enum members back as plain strings
        return WrapUp(
            outcome=Outcome(data) if data else None,
            category=self.category.currentText().strip(),
            root_cause=self.root_cause.text().strip(),
        )
