"""The window around the call: menus and keys, messages, theme, always-on-top, layout.

A mixin of MainWindow (ui/main_window.py), which holds the call itself; split off so each
module does one job. It uses the window's widgets and actions through `self`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QResizeEvent
from PySide6.QtWidgets import QApplication

from ui import theme
from ui.shortcuts import ShortcutSheet

if TYPE_CHECKING:
    pass

NARROW_BELOW = 760  # px: below this the panels stack top to bottom


class WindowChrome:
    # -- actions and keys ------------------------------------------------------------------

    def _action(self, text: str, keys: str, slot: object, menu: object = None) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(keys)
            # Also from today's list, history and insights; Qt still holds them back while a
            # modal dialog (wrap-up, the promise form) is open.
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.addAction(action)  # window-wide: works wherever the focus is in the window
        if menu is not None:
            menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _build_actions(self) -> None:
        call_menu = self.menuBar().addMenu("&Call")
        self._action("Start call", "Ctrl+N", self.start_call, call_menu)
        self._action("End call and wrap up…", "Ctrl+E", self.end_call, call_menu)
        self._action("Go to note pad", "Ctrl+L", self.notes.focus_input, call_menu)
        self._action("Search cards", "Ctrl+K", self.cards.start_search, call_menu)
        call_menu.addSeparator()
        self._action("Preferences…", "Ctrl+,", self.edit_preferences, call_menu)
        self._action("Quit", "Ctrl+Q", self.close, call_menu)
        for n in range(1, 10):
            self._action(f"Tick step {n}", f"Ctrl+{n}", lambda _=False, n=n: self.toggle_step(n))
        for n in range(1, 6):
            self._action(f"Mood {n}", f"Alt+{n}", lambda _=False, n=n: self.mood.choose(n))

        view_menu = self.menuBar().addMenu("&View")
        self._action("Insights", "Ctrl+I", self.show_insights, view_menu)
        view_menu.addSeparator()
        self.on_top_action = QAction("Always on top", self)
        self.on_top_action.setCheckable(True)
        view_menu.addAction(self.on_top_action)
        theme_menu = view_menu.addMenu("Theme")
        group = self._theme_actions = QActionGroup(self)
        for name in theme.THEMES:
            action = QAction(name.capitalize(), self, checkable=True)
            action.setData(name)
            action.setChecked(self._settings["theme"] == name)
            action.triggered.connect(lambda _=False, name=name: self.set_theme(name))
            group.addAction(action)
            theme_menu.addAction(action)

        callbacks_menu = self.menuBar().addMenu("Call&backs")
        self._action("Promise a callback…", "Ctrl+B", self.promise_callback, callbacks_menu)
        self._action("Today's callbacks", "Ctrl+T", self.show_today_callbacks, callbacks_menu)

        history_menu = self.menuBar().addMenu("&History")
        self._action("Call history", "Ctrl+H", self.show_history, history_menu)
        self._action("Print call summary…", "Ctrl+P", self.print_summary, history_menu)

        help_menu = self.menuBar().addMenu("&Help")
        self._action("Keys…", "F1", self.show_shortcuts, help_menu)

    # -- window chrome -------------------------------------------------------------------

    def show_message(self, text: str, level: str = "error") -> None:
        """A message bar inside the window: visible, but it never takes the focus."""
        self.message_bar.setProperty("level", level)
        self.message_bar.style().unpolish(self.message_bar)
        self.message_bar.style().polish(self.message_bar)
        self.message_bar.setText(text)
        self.message_bar.show()

    def _saved(self) -> None:
        stamp = self._clock.now().astimezone().strftime("%H:%M:%S")
        self.statusBar().showMessage(f"All saved · {stamp}")

    def bring_to_front(self) -> None:
        """Another start of CalmCall asked for this window (the agent wants it)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def show_shortcuts(self) -> None:
        if self._sheet is None:
            self._sheet = ShortcutSheet(self)
        self._sheet.show()
        self._sheet.raise_()

    def set_always_on_top(self, on: bool) -> None:
        if self._settings["always_on_top"] != on:
            self._settings.set("always_on_top", on)
        self.on_top_action.setChecked(on)
        if bool(self.windowFlags() & Qt.WindowType.WindowStaysOnTopHint) != on:
            self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on)
            self.show()  # changing a window flag hides the window until it is shown again

    def edit_preferences(self) -> None:
        values = self.ask.preferences(self, self._settings, self._playbooks.playbooks)
        self.activateWindow()
        if values is None:
            return
        for key, value in values.items():
            if key not in ("theme", "always_on_top"):
                self._settings.set(key, value)
        self.set_theme(values.get("theme", self._settings["theme"]))
        self.header.pin.setChecked(bool(values.get("always_on_top", False)))
        self.cards.refresh_text()  # {agent} and {company} may have changed

    def set_theme(self, name: str) -> None:
        self._settings.set("theme", name)
        for action in self._theme_actions.actions():
            action.setChecked(action.data() == name)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_theme(app, name)

    def _on_system_scheme_changed(self) -> None:
        if self._settings["theme"] == "system":
            self.set_theme("system")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._apply_orientation(event.size().width())

    def _apply_orientation(self, width: int) -> None:
        narrow = width < NARROW_BELOW
        wanted = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            # Stacked, the notes take the slack; side by side, the notes sit wide in the middle.
            for index, stretch in enumerate((0, 1, 0) if narrow else (2, 3, 2)):
                self.splitter.setStretchFactor(index, stretch)
        if narrow:
            # The steps and their hint must never scroll or clip: that is the "what next".
            layout = self.steps_panel.layout()
            needed = max(layout.totalHeightForWidth(width - 16), layout.sizeHint().height())
            self.steps_panel.setMinimumHeight(needed)
            self.say_panel.setMaximumHeight(210)  # two cards and the chosen one; notes get the rest
        else:
            self.steps_panel.setMinimumHeight(0)
            self.say_panel.setMaximumHeight(16777215)
