"""The wrap-up dialog itself, by keyboard: it warns about open steps and never blocks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from calmcall.domain import Outcome, Step
from ui.wrap_up import WrapUpDialog


def test_open_steps_are_named_and_the_call_saves_by_keyboard(qtbot):
    dialog = WrapUpDialog([Step("escalate", "Escalate", "h"), Step("follow-up", "Follow up", "h")])
    qtbot.addWidget(dialog)
    dialog.show()
    warning = dialog.findChild(QLabel, "messageBar")
    assert warning.isVisible()
    assert "2 steps still open: Escalate, Follow up" in warning.text()

    outcome = dialog.findChild(QComboBox, "wrapOutcome")
    outcome.setFocus()
    qtbot.keyClick(outcome, Qt.Key.Key_Down)  # "Resolved on the call"
    category = dialog.findChild(QComboBox, "wrapCategory")
    qtbot.keyClicks(category.lineEdit(), "Billing")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "wrapRootCause"), "double charge")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.findChild(QLineEdit, "wrapRootCause"), Qt.Key.Key_Return)
    result = dialog.result_value()
    assert result.outcome is Outcome.RESOLVED
    assert (result.category, result.root_cause) == ("Billing", "double charge")


def test_saving_with_nothing_filled_in_is_allowed(qtbot):
    dialog = WrapUpDialog([])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.findChild(QLabel, "messageBar").isVisible()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.findChild(QComboBox, "wrapOutcome"), Qt.Key.Key_Return)
    assert dialog.result_value().outcome is None
