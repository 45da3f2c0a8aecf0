"""The questions about callbacks, part of the `Ask` seam (tests replace them all at once).

Every one of them is opened by the agent: Ctrl+B, or an action on the day's callback list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

# The dialogs and Qt's dialog classes load when first asked for, not while the window starts.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from calmcall.localtime import Zone
    from calmcall.services.callback_times import DueCheck, SettingsLike
    from ui.promise_form import PromiseRequest


class CallbackQuestions:
    def promise(self, parent: QWidget, now: datetime, settings: SettingsLike,
                check: Callable[[datetime], DueCheck], tz: Zone,
                phone: str) -> PromiseRequest | None:
        from PySide6.QtWidgets import QDialog

        from ui.promise_form import PromiseDialog

        dialog = PromiseDialog(now, settings, check, tz, phone, parent=parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.result_value()
        return None

    def when(self, parent: QWidget, title: str, now: datetime, settings: SettingsLike,
             check: Callable[[datetime], DueCheck], tz: Zone) -> datetime | None:
        """A new time for a callback (reschedule, custom snooze, after no answer)."""
        from PySide6.QtWidgets import QDialog

        from ui.promise_form import PromiseDialog

        dialog = PromiseDialog(now, settings, check, tz, title=title, details=False,
                               parent=parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.due_at()
        return None

    def text(self, parent: QWidget, title: str, label: str) -> str | None:
        """One line of text; None when the agent cancels."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, "")
        return value.strip() if ok else None

    def save_pdf(self, parent: QWidget, suggested: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getSaveFileName(parent, "Save as PDF", suggested,
                                                    "PDF files (*.pdf)")
        if not path:
            return None
        return Path(path if path.lower().endswith(".pdf") else path + ".pdf")

    def print_preview(self, parent: QWidget, html: str, title: str) -> None:
        from ui.printing import preview  # print support loads only when first used

        preview(parent, html, title)
