"""The note pad: a line to type in and the call's stamped timeline above it.

Signals:
    note_entered(str): Enter was pressed on a non-empty line. The window stores it and, once
        stored, calls `note_saved` so the line is cleared only after it is on disk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from calmcall.domain import NoteKind

if TYPE_CHECKING:  # the outbox brings SQLAlchemy, which loads after the window is shown
    from calmcall.domain import Note
    from calmcall.services.outbox import PendingNote
from ui.qtutils import vbox

SHOWN_CHARS = 2000  # a 1 MB paste would make every relayout of the timeline take a second


def _shown(text: str) -> str:
    """The line as the timeline shows it; the whole text is stored and in history."""
    if len(text) <= SHOWN_CHARS:
        return text
    return f"{text[:SHOWN_CHARS]}… (+{len(text) - SHOWN_CHARS:,} more characters, all saved)"


_MUTED_KINDS = {NoteKind.STEP, NoteKind.CARD, NoteKind.MOOD, NoteKind.SYSTEM, NoteKind.PROMISE}


class NoteInput(QLineEdit):
    """One line; Enter submits. Pastes with newlines become one line (QLineEdit's own rule)."""

    note_entered = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            text = self.text()
            if text.strip():
                self.note_entered.emit(text)
            return
        super().keyPressEvent(event)


class NotePad(QWidget):
    note_entered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.log = QListWidget()
        self.log.setObjectName("noteLog")
        self.log.setAccessibleName("Call timeline")
        self.log.setWordWrap(True)
        self.log.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.log.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.log.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.log.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.input = NoteInput()
        self.input.setObjectName("notePad")
        self.input.setAccessibleName("Note pad")
        self.input.setMaxLength(1_000_000)
        self.input.setPlaceholderText("Type a note, Enter saves it with the call time")
        self.setLayout(vbox(self.log, self.input, spacing=6))
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.input.note_entered.connect(self.note_entered)

    def add_line(self, note: Note) -> None:
        self.log.addItem(self._item(note))
        self.log.scrollToBottom()

    def _item(self, note: Note) -> QListWidgetItem:
        item = QListWidgetItem(f"[{note.stamp}] {_shown(note.text)}")
        item.setToolTip(note.at.astimezone().strftime("%H:%M:%S"))
        if note.kind in _MUTED_KINDS:
            item.setForeground(QColor(128, 137, 148))
        return item

    def add_pending(self, note: PendingNote) -> None:
        """A note the disk refused: shown at once, marked, until `confirm` says it is stored."""
        item = QListWidgetItem(f"[{note.stamp}] {_shown(note.text)}   ⚠ not saved yet, retrying")
        item.setData(Qt.ItemDataRole.UserRole, id(note))
        item.setForeground(QColor(190, 60, 40))
        self.log.addItem(item)
        self.log.scrollToBottom()

    def add_waiting(self, text: str) -> None:
        """A note entered before the call history has loaded: shown, stamped once stored."""
        item = QListWidgetItem(f"[--:--] {_shown(text)}   (saving…)")
        item.setData(Qt.ItemDataRole.UserRole, -1)
        item.setForeground(QColor(128, 137, 148))
        self.log.addItem(item)
        self.log.scrollToBottom()

    def drop_waiting(self) -> None:
        for row in reversed(range(self.log.count())):
            if self.log.item(row).data(Qt.ItemDataRole.UserRole) == -1:
                self.log.takeItem(row)

    def confirm(self, pending: PendingNote, note: Note) -> None:
        """The waiting line is on disk now: show it as an ordinary line."""
        for row in range(self.log.count()):
            if self.log.item(row).data(Qt.ItemDataRole.UserRole) == id(pending):
                # Replace the item rather than clearing its roles: setData(role, None) corrupts
                # None's reference count in PySide6 and crashes a long-running app.
                self.log.takeItem(row)
                self.log.insertItem(row, self._item(note))
                return

    def note_saved(self, text: str) -> None:
        """Take the stored `text` out of the pad, keeping anything typed after it was sent."""
        current = self.input.text()
        self.input.setText(current[len(text):].lstrip() if current.startswith(text) else current)

    def lines(self) -> list[str]:
        return [self.log.item(i).text() for i in range(self.log.count())]

    def show_notes(self, notes: list[Note]) -> None:
        self.log.clear()
        for note in notes:
            self.add_line(note)

    def clear(self) -> None:
        self.log.clear()
        self.input.clear()

    def focus_input(self) -> None:
        # OtherFocusReason: a shortcut or tab focus reason makes QLineEdit select everything,
        # and the next keystroke would wipe a half-typed note.
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)
        self.input.deselect()
