"""A read-only look at one call: who, when, outcome, and its stamped timeline.

Opened from a row of the callback list ("the call this promise came from"). Non-modal, so
the agent can keep it beside the list while dialling.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from calmcall.domain import CallRecord


class CallViewDialog(QDialog):
    def __init__(self, record: CallRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        call = record.call
        self.setObjectName("callView")
        self.setWindowTitle(f"Call #{call.id} · {call.customer.name or 'unnamed customer'}")
        self.setMinimumSize(420, 360)
        started = call.started_at.astimezone().strftime("%a %d %b %Y, %H:%M")
        facts = [f"Started {started}"]
        if call.customer.phone:
            facts.append(call.customer.phone)
        if call.outcome is not None:
            facts.append(call.outcome.label)
        if call.category:
            facts.append(call.category)
        if call.running:
            facts.append("still running")
        self.summary = QLabel(" · ".join(facts)
                              + (f"\nRoot cause: {call.root_cause}" if call.root_cause else ""))
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.timeline = QListWidget()
        self.timeline.setObjectName("callViewTimeline")
        for note in record.notes:
            self.timeline.addItem(f"[{note.stamp}] {note.text}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(buttons)

    def lines(self) -> list[str]:
        return [self.timeline.item(i).text() for i in range(self.timeline.count())]
