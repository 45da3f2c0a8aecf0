"""Contract keys beat the text fields' own bindings, in whichever window has the focus.

On X11, QLineEdit claims Ctrl+E, Ctrl+K and others for emacs-style editing through a
ShortcutOverride, before any window shortcut sees the key. The offscreen platform has no such
bindings, so `GreedyField` plays that part: it claims every Ctrl key, as an X11 line edit
claims its emacs keys.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.helpers.gui import child, make_services, make_window

CTRL = Qt.KeyboardModifier.ControlModifier


class GreedyField(QLineEdit):
    def event(self, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.modifiers() & CTRL:
            event.accept()
            return True
        return super().event(event)


def claims(widget: QLineEdit, key: Qt.Key) -> bool:
    """Send the ShortcutOverride a key press starts with; True if the field keeps the key."""
    event = QKeyEvent(QEvent.Type.ShortcutOverride, key, CTRL)
    event.ignore()
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


@pytest.fixture
def window(qtbot, tmp_path):
    return make_window(qtbot, make_services(tmp_path))


@pytest.fixture
def field(qtbot, window):
    field = GreedyField()
    window.statusBar().addPermanentWidget(field)  # a field of the window, like the note pad
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    return field


def test_a_focused_field_keeps_its_own_keys_but_not_the_contract_keys(qtbot, window, field):
    for key in (Qt.Key.Key_E, Qt.Key.Key_K, Qt.Key.Key_N, Qt.Key.Key_H, Qt.Key.Key_1):
        assert not claims(field, key), f"the field kept Ctrl+{key.name[4:]}"
    assert claims(field, Qt.Key.Key_A)  # select all: not ours, so it stays the field's


def test_ctrl_k_in_a_field_that_claims_it_still_opens_card_search(qtbot, window, field):
    qtbot.keyClick(field, Qt.Key.Key_K, CTRL)
    qtbot.waitUntil(lambda: child(window, "cardSearch").hasFocus())
