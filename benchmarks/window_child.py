"""Child process for the start-up, ready and memory benchmarks (offscreen Qt).

usage: python benchmarks/window_child.py bare|calmcall|ready|history DATA_DIR
Prints one line: "<seconds since the interpreter started> <rss MB>" once the window is shown
(bare, calmcall), ready for the first note (ready), or showing history (history).
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _since_start() -> float:
    # Process start time from /proc, so interpreter start-up counts for both contenders.
    with open("/proc/self/stat") as fh:
        start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as fh:
        uptime = float(fh.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


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
    else:
        from PySide6.QtWidgets import QApplication

        import main as calmcall_main
        from calmcall.paths import resolve

        # As main.open_window does: the window first, then the data layer.
        window = calmcall_main.create_window(resolve(data_dir))
        window.show()
        app = QApplication.instance()
        if mode in ("ready", "history"):
            app.processEvents()
            assert calmcall_main.attach_data(window, resolve(data_dir))
        if mode == "ready":
            window.offer_resume()
            window.notes.focus_input()
        elif mode == "history":
            window.show_history()

    from PySide6.QtCore import QTimer

    def report() -> None:
        in_process = time.perf_counter() - t0
        print(f"{_since_start():.4f} {_rss_mb():.1f} {in_process:.4f}", flush=True)
        app.exit(0)

    QTimer.singleShot(0, report)  # after the first round of events: the window is shown
    app.exec()


if __name__ == "__main__":
    main()
