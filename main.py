"""CalmCall's composition root: paths -> database -> services -> QApplication -> MainWindow.

`python main.py` and the `calmcall` command both land here. With a subcommand
(`calmcall export …`) the command line runs without loading Qt at all.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from calmcall import cli

    args = cli.parse_args(argv)
    if args.command:
        from calmcall.commands.base import Context

        return cli.run(args, Context(render_pdf=_render_pdf))
    try:
        return open_window(args.data_dir)
    except KeyboardInterrupt:
        return 130


def _render_pdf(html: str, path):  # type: ignore[no-untyped-def]
    from ui.printing import html_to_pdf  # Qt is loaded only for commands that make a PDF

    return html_to_pdf(html, path)


def open_window(data_dir: str | None) -> int:
    from PySide6.QtCore import QTimer

    from calmcall.paths import resolve

    window = build_window(resolve(data_dir))
    if window is None:
        return 1
    window.show()
    QTimer.singleShot(0, window.offer_resume)
    from PySide6.QtWidgets import QApplication

    return QApplication.exec()


def build_window(paths, ask=None):  # type: ignore[no-untyped-def]
    """QApplication, services and the main window, or None when the database cannot be used.

    Every problem is told to the agent in a dialog; nothing here raises to the caller.
    """
    from PySide6.QtWidgets import QApplication

    from calmcall.services.container import open_services
    from calmcall.storage.engine import DatabaseDamaged, StorageError, set_aside
    from ui import theme
    from ui.ask import Ask
    from ui.main_window import MainWindow
    from ui.window_state import WindowState

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CalmCall")
    app.setDesktopFileName("calmcall")
    ask = ask or Ask()
    try:
        services = open_services(paths)
    except DatabaseDamaged as exc:
        kept = set_aside(exc.path)
        ask.error(None, "CalmCall: damaged database",
                  f"{exc}\n\nThe damaged file was kept as:\n{kept}")
        try:
            services = open_services(paths)
        except StorageError as again:
            ask.error(None, "CalmCall cannot start", str(again))
            return None
    except StorageError as exc:
        ask.error(None, "CalmCall cannot start", str(exc))
        return None
    except OSError as exc:
        ask.error(None, "CalmCall cannot start",
                  f"The data folder {paths.data_dir} cannot be used: {exc.strerror or exc}.")
        return None

    theme.apply_theme(app, services.settings["theme"])  # type: ignore[arg-type]
    window = MainWindow(services.calls, services.playbooks, services.settings, services.clock,
                        WindowState(paths.window_state_file), ask)
    for problem in services.settings.problems:
        window.show_message(problem, "info")
    return window


if __name__ == "__main__":
    sys.exit(main())
