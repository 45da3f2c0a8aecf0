"""The top of the window: playbook picker, start/end, the live timer and who is calling.

Signals:
    start_requested: the agent asked for a new call.
    end_requested: the agent asked to end the call (wrap-up).
    playbook_chosen(str): a playbook id was picked.
    customer_edited(): a customer field changed (debounced by the window).
    pin_toggled(bool): always-on-top switched.
    promise_requested: the agent asked to promise a callback.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QToolButton, QWidget

from calmcall.clock import Clock
from calmcall.domain import Customer, Playbook, format_elapsed
from ui.qtutils import button, hbox, vbox


class CallHeader(QWidget):
    start_requested = Signal()
    end_requested = Signal()
    playbook_chosen = Signal(str)
    customer_edited = Signal()
    pin_toggled = Signal(bool)
    promise_requested = Signal()

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._started_at: datetime | None = None

        self.playbook_picker = QComboBox()
        self.playbook_picker.setObjectName("playbookPicker")
        self.playbook_picker.setToolTip("Playbook: the steps and cards for this kind of call")
        self.playbook_picker.setMinimumContentsLength(8)
        self.playbook_picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

        self.start_button = button("Start call", "startCallButton", "Start a new call (Ctrl+N)")
        self.end_button = button("End call", "endCallButton", "End the call and wrap up (Ctrl+E)")
        # Short label: the row must fit a 360 px side panel; the tooltip says the rest.
        self.promise_button = button("Callback…", "promiseCallbackButton",
                                     "Promise the customer a callback (Ctrl+B)")
        self.end_button.setEnabled(False)
        self.promise_button.setEnabled(False)

        self.timer_label = QLabel("00:00")
        self.timer_label.setObjectName("callTimer")
        self.timer_label.setToolTip("Call time")
        self.timer_label.setProperty("running", False)

        self.pin = QToolButton()
        self.pin.setObjectName("alwaysOnTop")
        self.pin.setText("On top")
        self.pin.setCheckable(True)
        self.pin.setToolTip("Keep CalmCall above other windows")

        self.name = self._field("customerName", "Customer name")
        self.phone = self._field("customerPhone", "Phone")
        self.account = self._field("customerAccount", "Account")

        self.setLayout(vbox(
            hbox(self.playbook_picker, self.pin, self.timer_label),
            hbox(self.start_button, self.end_button, self.promise_button, None),
            hbox(self.name, self.phone, self.account, spacing=4),
            spacing=6,
        ))
        self._tick = QTimer(self)
        self._tick.setInterval(500)
        self._connect_signals()

    def _field(self, name: str, placeholder: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setPlaceholderText(placeholder)
        field.setAccessibleName(placeholder)
        field.setMaxLength(200)
        field.setMinimumWidth(60)
        return field

    def _connect_signals(self) -> None:
        self.start_button.clicked.connect(self.start_requested)
        self.end_button.clicked.connect(self.end_requested)
        self.promise_button.clicked.connect(self.promise_requested)
        self.pin.toggled.connect(self.pin_toggled)
        self.playbook_picker.activated.connect(self._on_playbook_activated)
        for field in (self.name, self.phone, self.account):
            field.textEdited.connect(self.customer_edited)
        self._tick.timeout.connect(self._refresh_timer)

    def _on_playbook_activated(self, index: int) -> None:
        self.playbook_chosen.emit(self.playbook_picker.itemData(index))

    # -- state from the window --------------------------------------------------------------

    def set_playbooks(self, playbooks: list[Playbook], current_id: str) -> None:
        self.playbook_picker.clear()
        for pb in playbooks:
            self.playbook_picker.addItem(pb.name, pb.id)
            self.playbook_picker.setItemData(self.playbook_picker.count() - 1, pb.description,
                                             Qt.ItemDataRole.ToolTipRole)
        self.show_playbook(current_id)

    def show_playbook(self, playbook_id: str) -> None:
        index = self.playbook_picker.findData(playbook_id)
        if index >= 0:
            self.playbook_picker.setCurrentIndex(index)

    def customer(self) -> Customer:
        return Customer(self.name.text().strip(), self.phone.text().strip(),
                        self.account.text().strip())

    def show_customer(self, customer: Customer) -> None:
        self.name.setText(customer.name)
        self.phone.setText(customer.phone)
        self.account.setText(customer.account)

    def call_started(self, started_at: datetime) -> None:
        self._started_at = started_at
        self.start_button.setEnabled(False)
        self.end_button.setEnabled(True)
        self.promise_button.setEnabled(True)
        self._set_running(True)
        self._refresh_timer()
        self._tick.start()

    def call_ended(self) -> None:
        self._tick.stop()
        self._refresh_timer()
        self._started_at = None
        self.start_button.setEnabled(True)
        self.end_button.setEnabled(False)
        self.promise_button.setEnabled(False)
        self._set_running(False)
        for field in (self.name, self.phone, self.account):
            field.clear()

    def _set_running(self, running: bool) -> None:
        self.timer_label.setProperty("running", running)
        self.timer_label.style().unpolish(self.timer_label)
        self.timer_label.style().polish(self.timer_label)

    def _refresh_timer(self) -> None:
        if self._started_at is not None:
            elapsed = (self._clock.now() - self._started_at).total_seconds()
            self.timer_label.setText(format_elapsed(elapsed))
