"""Light and dark themes: one stylesheet each, applied once to the whole application."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from calmcall.paths import resource_dir

THEMES = ("system", "light", "dark")


def effective_theme(choice: str) -> str:
    """'system' follows the desktop's colour scheme (Qt 6.5+), light when it says nothing."""
    if choice in ("light", "dark"):
        return choice
    scheme = QGuiApplication.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


# Fusion gives the same look on every platform, so the stylesheets fit it. Whether it is set is
# remembered on the app: asking Qt for its style would make PySide6 build Python enums for all
# of QStyle, a tenth of the whole start-up.
_FUSION_SET = "calmcallFusionSet"


def application() -> QApplication:
    """The running QApplication, or a new one created in the Fusion style."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([sys.argv[0] if sys.argv else "calmcall", "-style", "Fusion"])
    app.setProperty(_FUSION_SET, True)
    return app


def apply_theme(app: QApplication, choice: str) -> str:
    name = effective_theme(choice)
    if not app.property(_FUSION_SET):
        app.setStyle("Fusion")
        app.setProperty(_FUSION_SET, True)
    path = resource_dir() / "styles" / f"{name}.qss"
    try:
        app.setStyleSheet(path.read_text(encoding="utf-8"))
    except OSError:
        app.setStyleSheet("")  # plain Fusion is still usable; never fail start-up over looks
    return name
