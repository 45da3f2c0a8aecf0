"""Preferences: the settings that shape the live-call window, edited in one small form.

Widgets are chosen from each setting's declared default (text, number, yes/no, choice), so a
setting is described once, in `calmcall.settings.REGISTRY`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from calmcall.domain import Playbook
from calmcall.settings import REGISTRY, Settings

# Only what the window uses today; later features add their keys here with their screens.
SHOWN = ("agent_name", "company", "default_playbook", "theme", "always_on_top",
         "business_start", "end_of_day", "reminder_lead_minutes")


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, playbooks: list[Playbook],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("CalmCall preferences")
        self._settings = settings
        self.fields: dict[str, QWidget] = {}
        form = QFormLayout()
        for setting in (s for s in REGISTRY if s.key in SHOWN):
            field = self._editor(setting.key, setting.default, setting.choices, playbooks)
            field.setObjectName(f"pref_{setting.key}")
            self.fields[setting.key] = field
            form.addRow(setting.label, field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _editor(self, key: str, default: Any, choices: tuple[Any, ...],
                playbooks: list[Playbook]) -> QWidget:
        value = self._settings[key]
        if key == "default_playbook":
            combo = QComboBox()
            for pb in playbooks:
                combo.addItem(pb.name, pb.id)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            return combo
        if choices:
            combo = QComboBox()
            for choice in choices:
                combo.addItem(str(choice).capitalize(), choice)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            return combo
        if isinstance(default, bool):
            box = QCheckBox()
            box.setChecked(bool(value))
            return box
        if isinstance(default, int):
            spin = QSpinBox()
            spin.setRange(0, 1440)
            spin.setValue(int(value))
            return spin
        line = QLineEdit(str(value))
        line.setMaxLength(120)
        return line

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, field in self.fields.items():
            if isinstance(field, QComboBox):
                out[key] = field.currentData()
            elif isinstance(field, QCheckBox):
                out[key] = field.isChecked()
            elif isinstance(field, QSpinBox):
                out[key] = field.value()
            elif isinstance(field, QLineEdit):
                out[key] = field.text().strip()
        return out
