"""Runs the real CalmCall window (offscreen) in its own process and types into it.

The crash test SIGKILLs this process mid-call. Each stored note is acknowledged on stdout
("ACK <text>") only after the window's `note_saved` signal, i.e. after the commit returned, so
the test knows exactly which notes the agent saw stamped before the kill.

usage: python -m tests.helpers.crash_driver DATA_DIR
"""

from __future__ import annotations

import os
import sys

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit  # noqa: E402

from calmcall.paths import resolve  # noqa: E402
from main import build_window  # noqa: E402


def run(data_dir: str) -> int:
    window = build_window(resolve(data_dir))
    assert window is not None
    window.show()
    pad = window.findChild(QLineEdit, "notePad")
    window.note_saved.connect(lambda note: print(f"ACK {note.text}", flush=True))
    count = 0

    def type_next() -> None:
        nonlocal count
        if count == 2:
            QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
            QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
            print("ACK tick+mood", flush=True)
        QTest.keyClicks(pad, f"note {count} ")
        pad.insert("ünïcødé ✓")  # QTest types ASCII only; an input method inserts the rest
        QTest.keyClick(pad, Qt.Key.Key_Return)
        count += 1
        QTimer.singleShot(1, type_next)  # typing never stops: the kill lands mid-call

    QTimer.singleShot(0, type_next)
    return QApplication.exec()


if __name__ == "__main__":
    sys.exit(run(sys.argv[1]))
