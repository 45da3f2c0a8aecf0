"""The seam through which the window asks the agent something (tests replace it).

Only questions the agent opened, or ones asked before a call starts, go through here: nothing
modal may pop up in the middle of a call on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ui.callback_ask import CallbackQuestions

# Each dialog, and Qt's dialog classes, load when first asked for, not at start-up: PySide6
# builds the Python side of a Qt class on first use, which for QMessageBox alone is ~2 ms.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from calmcall.domain import Call, Playbook, Step
    from calmcall.settings import Settings
    from ui.wrap_up import WrapUp


class Ask(CallbackQuestions):
    def wrap_up(self, parent: QWidget, open_steps: list[Step]) -> WrapUp | None:
        from PySide6.QtWidgets import QDialog

        from ui.wrap_up import WrapUpDialog

        dialog = WrapUpDialog(open_steps, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.result_value()
        return None

    def resume(self, parent: QWidget, call: Call, note_count: int) -> bool:
        from PySide6.QtWidgets import QMessageBox

        who = call.customer.name or "an unnamed customer"
        started = call.started_at.astimezone().strftime("%a %d %b, %H:%M")
        box = QMessageBox(parent)
        box.setWindowTitle("Resume the interrupted call?")
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(f"CalmCall closed during a call with {who}, started {started}.")
        box.setInformativeText(
            f"Everything typed so far is saved ({note_count} "
            f"line{'' if note_count == 1 else 's'}). Resume the call to keep "
            "going, or end it now to file it with no outcome.")
        resume = box.addButton("Resume call", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("End it now", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(resume)
        box.exec()
        return box.clickedButton() is resume

    def preferences(self, parent: QWidget, settings: Settings,
                    playbooks: list[Playbook]) -> dict[str, Any] | None:
        from PySide6.QtWidgets import QDialog

        from ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(settings, playbooks, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.values()
        return None

    def close_with_unsaved(self, parent: QWidget, waiting: int) -> bool:
        """True only if the agent really wants to close and lose notes the disk refused."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.warning(
            parent, "Notes not saved yet",
            f"{waiting} note{'s are' if waiting != 1 else ' is'} still waiting for the disk and "
            "would be lost. Free some disk space and wait a few seconds, or close anyway?",
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(parent, title, text)
