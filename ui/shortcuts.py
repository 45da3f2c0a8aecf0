"""The keyboard contract, declared once: registers the keys and renders the F1 sheet.

On Linux, QLineEdit claims Ctrl+E, Ctrl+K and friends (emacs-style editing) through a
ShortcutOverride before window shortcuts see them. `ShortcutGuard` declines those overrides for
our keys, so every contract key works wherever the focus is, the note pad included.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QDialog, QWidget


@dataclass(frozen=True)
class KeyBinding:
    keys: str
    action: str


CONTRACT: tuple[KeyBinding, ...] = (
    KeyBinding("Ctrl+N", "Start a new call (the cursor goes to the note pad)"),
    KeyBinding("Ctrl+E", "End the call and open wrap-up"),
    KeyBinding("Ctrl+1 … Ctrl+9", "Tick or untick step 1 … 9"),
    KeyBinding("Ctrl+L", "Go to the note pad"),
    KeyBinding("Ctrl+K", "Search all script cards"),
    KeyBinding("Alt+1 … Alt+5", "Customer mood: 1 furious … 5 calm"),
    KeyBinding("Ctrl+B", "Promise a callback: 1–5 picks the time, Enter saves"),
    KeyBinding("Ctrl+T", "Today's callback list"),
    KeyBinding("Ctrl+H", "Call history (Ctrl+F in it searches)"),
    KeyBinding("Ctrl+P", "Print preview of the summary of the current or chosen call"),
    KeyBinding("Ctrl+I", "Insights: review charts and the printable weekly review"),
    KeyBinding("Enter (in the note pad)", "Save the line as a stamped note"),
    KeyBinding("Esc (in card search)", "Back to the note pad"),
    KeyBinding("Esc (today's list, history, insights)", "Close that window, back to the call"),
    KeyBinding("F1", "This sheet"),
)


def contract_sequences() -> set[int]:
    """The key combinations (as int key codes with modifiers) that must beat text editing."""
    ctrl = Qt.KeyboardModifier.ControlModifier
    alt = Qt.KeyboardModifier.AltModifier
    keys = [Qt.Key.Key_N, Qt.Key.Key_E, Qt.Key.Key_L, Qt.Key.Key_K, Qt.Key.Key_B,
            Qt.Key.Key_P, Qt.Key.Key_T, Qt.Key.Key_H, Qt.Key.Key_I]
    keys += [getattr(Qt.Key, f"Key_{d}") for d in range(1, 10)]
    combos = {(ctrl.value | k.value) for k in keys}
    combos |= {(alt.value | getattr(Qt.Key, f"Key_{d}").value) for d in range(1, 6)}
    return combos


class ShortcutGuard(QObject):
    """Lets window shortcuts win over line-edit key bindings, in every CalmCall window.

    It filters only the widgets that get the keyboard focus: a ShortcutOverride goes to the
    focus widget. An application-wide filter would do the same, but it would bring every
    event of every widget into Python; at start-up alone that made the first paint take
    three times as long.
    """

    def __init__(self, app: QGuiApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._combos = contract_sequences()
        app.focusChanged.connect(self._follow_focus)
        if (focused := app.focusObject()) is not None:
            focused.installEventFilter(self)

    def _follow_focus(self, _old: QObject | None, new: QObject | None) -> None:
        if new is not None:
            new.installEventFilter(self)  # once per widget: Qt keeps one entry per filter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            mods = event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                        | Qt.KeyboardModifier.AltModifier
                                        | Qt.KeyboardModifier.ShiftModifier
                                        | Qt.KeyboardModifier.MetaModifier)
            if (mods.value | event.key()) in self._combos:
                event.ignore()  # not claimed by the widget: the shortcut map gets it
                return True
        return False


class ShortcutSheet(QDialog):
    """F1: every key on one small sheet. Non-modal so it can stay open during a call."""

    def __init__(self, parent: QWidget | None = None) -> None:
        # Loaded at the first F1, not at start-up: PySide6 builds each Qt class's Python side
        # (all its enums) on first use, and QDialogButtonBox's are large.
        from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout

        super().__init__(parent)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle("CalmCall keys")
        rows = "".join(
            f"<tr><td style='padding:3px 14px 3px 0'><b>{b.keys}</b></td><td>{b.action}</td></tr>"
            for b in CONTRACT
        )
        label = QLabel(f"<table>{rows}</table>")
        label.setTextFormat(Qt.TextFormat.RichText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(buttons)

