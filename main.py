"""CalmCall's composition root: paths -> database -> services -> QApplication -> MainWindow.

`python main.py` and the `calmcall` command both land here. With a subcommand
(`calmcall export …`) the command line runs without loading Qt at all.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable


def main(argv: list[str] | None = None) -> int:
    from calmcall import cli

    args = cli.parse_args(argv)
    if args.command:
        from calmcall.commands.base import Context

        return cli.run(args, Context(render_pdf=_render_pdf, render_charts=_render_charts))
    try:
        return open_window(args.data_dir)
    except KeyboardInterrupt:
        return 130


def _render_pdf(html: str, path):  # type: ignore[no-untyped-def]
    from ui.printing import html_to_pdf  # Qt is loaded only for commands that make a PDF

    return html_to_pdf(html, path)


def _render_charts(insights, folder):  # type: ignore[no-untyped-def]
    from ui.report_charts import render_charts  # Qt and pyqtgraph, only for `calmcall report`

    return render_charts(insights, folder)


def _import_core_first() -> None:
    """Import the Qt-free modules the window needs before PySide6 itself.

    Once PySide6 is loaded, its import hook does extra work for modules imported after it
    (it reads their source, looking for `from __feature__ import …`); loading the Qt-free
    ones first measured about 10 ms less per start.
    """
    import calmcall.clock
    import calmcall.instance_lock
    import calmcall.paths
    import calmcall.services.playbooks
    import calmcall.settings  # noqa: F401


def open_window(data_dir: str | None, shown: Callable[[object], None] | None = None,
                ready: Callable[[object], None] | None = None) -> int:
    """Run the app. For benchmarks, `shown(window)` is called once the window is painted and
    `ready(window)` once the data is attached and the note pad takes a note."""
    # Start-up allocates a few hundred thousand objects that live as long as the app (Qt's
    # bindings, then SQLAlchemy's). Collecting cycles among them while they are made only
    # costs time (about 10% of the start), so the collector waits until the data layer is
    # in, then freezes what is there so later collections skip it (see finish_start).
    gc.disable()
    _import_core_first()
    from PySide6.QtCore import QTimer

    from calmcall.instance_lock import AlreadyRunning, InstanceLock
    from calmcall.paths import resolve
    from ui import theme
    from ui.ask import Ask

    paths = resolve(data_dir)
    app = theme.application()
    lock = InstanceLock(paths.data_dir)
    try:
        lock.acquire()
    except AlreadyRunning as exc:
        from ui.single_instance import ask_running_to_show

        # Never two writers on one database: hand over to the running window instead.
        if ask_running_to_show(paths.data_dir):
            return 0
        Ask().error(None, "CalmCall is already running",
                    f"{exc}. Switch to its window, or close it before starting another.")
        return 1
    except OSError as exc:
        Ask().error(None, "CalmCall cannot start",
                    f"The data folder {paths.data_dir} cannot be used: {exc.strerror or exc}.")
        return 1

    # The window first, the data layer right after: importing SQLAlchemy alone takes longer
    # than showing the whole window, and an agent waiting on a ringing phone sees the steps
    # and cards at once. Actions taken in that half second wait for attach (needs_data).
    window = create_window(paths)
    window.show()
    app.processEvents()  # paint it now, before the data layer's imports hold the thread
    if shown is not None:
        shown(window)
    # Listen for later starts once painted; one that comes sooner retries for a moment.
    from ui.single_instance import ShowRequests

    requests = ShowRequests(paths.data_dir, app)
    requests.show_requested.connect(window.bring_to_front)

    def finish_start() -> None:
        try:
            attached = attach_data(window, paths, offer_resume=True)
        except Exception as exc:  # never leave a window on screen with no data behind it
            window.ask.error(window, "CalmCall cannot start",
                             f"The call history could not be opened: {exc}")
            attached = False
        finally:
            gc.freeze()  # what start-up made stays; later collections need not walk it
            gc.enable()
        if not attached:
            app.exit(1)
            return
        if window.callback_desk is not None:
            window.callback_desk.reminders.start()  # announces what fell due while closed
        if ready is not None:
            ready(window)

    QTimer.singleShot(0, finish_start)
    try:
        return app.exec()
    finally:
        lock.release()


def build_window(paths, ask=None):  # type: ignore[no-untyped-def]
    """The main window with its data attached, or None when the database cannot be used.

    Every problem is told to the agent in a dialog; nothing here raises to the caller.
    """
    window = create_window(paths, ask)
    if not attach_data(window, paths):
        window.deleteLater()
        return None
    return window


def create_window(paths, ask=None):  # type: ignore[no-untyped-def]
    """QApplication and the main window, without the data layer (no SQLAlchemy import)."""
    _import_core_first()
    from calmcall.clock import SystemClock
    from calmcall.services.playbooks import load_playbooks
    from calmcall.settings import Settings
    from ui import theme
    from ui.ask import Ask
    from ui.main_window import MainWindow
    from ui.window_state import WindowState

    app = theme.application()
    app.setApplicationName("CalmCall")
    app.setDesktopFileName("calmcall")
    settings = Settings(paths.settings_file)
    theme.apply_theme(app, settings["theme"])  # type: ignore[arg-type]
    window = MainWindow(None, load_playbooks(paths), settings, SystemClock(),
                        WindowState(paths.window_state_file), ask or Ask())
    for problem in settings.problems:
        window.show_message(problem, "info")
    return window


def attach_data(window, paths, offer_resume: bool = False) -> bool:  # type: ignore[no-untyped-def]
    """Open the database (recovering a damaged one) and attach the services to `window`.

    `offer_resume`: offer an interrupted call back before anything queued runs (the app does).
    """
    from calmcall.services.container import open_services
    from calmcall.storage.engine import DatabaseDamaged, StorageError
    from ui.history_view import history_window
    from ui.insights_open import insights_opener

    ask = window.ask
    try:
        services = open_services(paths, window.clock, window.settings, window.playbooks)
    except DatabaseDamaged as exc:
        services = _recover(paths, exc, ask, window)
        if services is None:
            return False
    except StorageError as exc:
        ask.error(window, "CalmCall cannot start", str(exc))
        return False
    except OSError as exc:
        ask.error(window, "CalmCall cannot start",
                  f"The data folder {paths.data_dir} cannot be used: {exc.strerror or exc}.")
        return False
    _start_daily_backup(paths, services.settings["backups_kept"])
    window.attach(services.calls, services.callbacks, history=history_window(services),
                  insights=insights_opener(services), offer_resume=offer_resume)
    return True


def _recover(paths, damaged, ask, window):  # type: ignore[no-untyped-def]
    """Keep the damaged file aside untouched, then start from the newest backup or afresh."""
    from calmcall.services.backup import BackupError, list_backups, restore
    from calmcall.services.container import open_services
    from calmcall.storage.engine import StorageError, set_aside

    kept = set_aside(damaged.path)
    started_from = "a new, empty database"
    for backup in list_backups(paths.data_dir):
        try:
            restore(backup, paths.database)
        except BackupError:
            continue  # a bad backup: try the next older one
        started_from = f"the backup {backup.name}"
        break
    ask.error(window, "CalmCall: damaged database",
              f"{damaged}\n\nThe damaged file was kept untouched as:\n{kept}\n\n"
              f"CalmCall starts from {started_from}.")
    try:
        return open_services(paths, window.clock, window.settings, window.playbooks)
    except StorageError as again:
        ask.error(window, "CalmCall cannot start", str(again))
        return None


def _start_daily_backup(paths, keep: int) -> None:  # type: ignore[no-untyped-def]
    """The first start of the day backs up, in the background so the window opens at once."""
    import threading

    from calmcall.services.backup import BackupError, daily_backup

    def work() -> None:
        try:
            daily_backup(paths.database, paths.data_dir, keep)
        except (BackupError, OSError) as exc:
            print(f"calmcall: daily backup skipped: {exc}", file=sys.stderr)

    threading.Thread(target=work, name="daily-backup", daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
