"""The history window's questions and its print preview, behind one seam tests replace."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from calmcall.domain import Note


class HistoryAsk:
    def correction(self, parent: QWidget, note: Note) -> str | None:
        """The corrected text for `note`, or None when the agent cancels."""
        text, ok = QInputDialog.getText(
            parent, "Add a correction",
            f"The line stays on record as it is:\n[{note.stamp}] {note.text}\n\n"
            "Correction:", QLineEdit.EchoMode.Normal, "")
        return text if ok and text.strip() else None

    def preview(self, parent: QWidget, html: str, title: str) -> None:
        from ui.printing import preview  # print support loads on first use only

        preview(parent, html, title)
