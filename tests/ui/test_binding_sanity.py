"""Guards against a broken Qt binding: CalmCall runs for a whole shift, so a binding that leaks
references to None (PySide6 6.12.0 on Python 3.11 does, on every void call) crashes it mid-call.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QListWidgetItem


def test_qt_calls_do_not_leak_references_to_none(qapp):
    label, item, combo = QLabel(), QListWidgetItem("x"), QComboBox()
    combo.addItem("choose", None)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("00:01")  # what the call timer does twice a second
        item.data(Qt.ItemDataRole.UserRole)  # a role that was never set
        combo.currentData()
    # Immortal None (Python 3.12+) reports a constant count; a leak shows up as thousands.
    assert sys.getrefcount(None) - before > -100
