"""Child process for the start-up, ready and memory benchmarks (offscreen Qt).

usage: python benchmarks/window_child.py bare|calmcall|ready|history DATA_DIR
Prints one line, "<rss MB> <seconds in process>", once the window is shown and painted (bare,
calmcall), ready for the first note (ready), or showing history (history). run.py times the
whole process from outside, up to that line.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def report(t0: float) -> None:
    in_process = time.perf_counter() - t0
    print(f"{_rss_mb():.1f} {in_process:.4f}", flush=True)


def main() -> None:
    mode, data_dir = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    if mode == "bare":
        from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow

        app = QApplication([])
        window = QMainWindow()
        window.setCentralWidget(QLineEdit())
        window.resize(1100, 720)
        window.show()
        app.processEvents()  # as CalmCall does: shown and painted
        report(t0)
        return

    import main as calmcall_main

    if mode in ("calmcall", "ready"):
        # The real start: instance lock, window, socket, then the data layer. Timed once the
        # window is painted, or once the note pad takes notes; then the process just leaves.
        def done(_window: object) -> None:
            report(t0)
            os._exit(0)

        if mode == "calmcall":
            calmcall_main.open_window(data_dir, shown=done)
        else:
            calmcall_main.open_window(data_dir, ready=done)
        return

    from PySide6.QtWidgets import QApplication

    from calmcall.paths import resolve

    window = calmcall_main.create_window(resolve(data_dir))
    window.show()
    app = QApplication.instance()
    app.processEvents()
    assert calmcall_main.attach_data(window, resolve(data_dir))
    window.show_history()

    from PySide6.QtCore import QTimer

    def done() -> None:
        report(t0)
        app.exit(0)

    QTimer.singleShot(0, done)  # after the first round of events: history shown
    app.exec()


if __name__ == "__main__":
    main()
