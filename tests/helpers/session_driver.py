"""Runs the real CalmCall window (offscreen) through a short working session, then exits.

Used to watch what the whole program does from outside (e.g. under strace): start a call, type,
tick, use a card, set the mood, wrap up, open history and search, export.

usage: python -m tests.helpers.session_driver DATA_DIR
"""

from __future__ import annotations

import os
import sys

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit  # noqa: E402

from calmcall import cli  # noqa: E402
from calmcall.paths import resolve  # noqa: E402
from main import build_window  # noqa: E402
from tests.helpers.gui import FakeAsk  # noqa: E402

CTRL = Qt.KeyboardModifier.ControlModifier


def run(data_dir: str) -> int:
    window = build_window(resolve(data_dir), FakeAsk())
    assert window is not None
    window.show()
    window.activateWindow()
    QApplication.processEvents()
    pad = window.findChild(QLineEdit, "notePad")
    QTest.keyClick(window, Qt.Key.Key_N, CTRL)
    QTest.keyClicks(pad, "Parcel never arrived")
    QTest.keyClick(pad, Qt.Key.Key_Return)
    QTest.keyClick(window, Qt.Key.Key_1, CTRL)
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(window, Qt.Key.Key_K, CTRL)
    search = window.findChild(QLineEdit, "cardSearch")
    QTest.keyClicks(search, "help")
    QTest.keyClick(search, Qt.Key.Key_Return)
    QTest.keyClick(window, Qt.Key.Key_E, CTRL)
    window.show_history()
    field = window.history.findChild(QLineEdit, "historySearch")
    QTest.keyClicks(field, "parcel")
    for _ in range(20):
        QApplication.processEvents()
    window.close()
    return cli.main(["--data-dir", data_dir, "export", "--format", "json",
                     "--out", os.path.join(data_dir, "export.json")])


if __name__ == "__main__":
    sys.exit(run(sys.argv[1]))
