"""Window geometry, kept apart from preferences in its own small file."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow


def _default_size(window: QMainWindow) -> None:
    """Comfortable on a desktop, never larger than the screen (a 360 px side panel included)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(1100, 720)
        return
    room = screen.availableGeometry()
    # A narrow screen means a side panel: take its whole height.
    height = room.height() if room.width() < 760 else min(720, room.height())
    window.resize(min(1100, room.width()), height)


class WindowState:
    def __init__(self, path: Path) -> None:
        self._path = path

    def restore(self, window: QMainWindow) -> None:
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
            geometry = base64.b64decode(raw["geometry"])
        except (OSError, ValueError, KeyError, TypeError):
            _default_size(window)  # first start, or a state file we cannot read
            return
        if not window.restoreGeometry(QByteArray(geometry)):
            _default_size(window)

    def save(self, window: QMainWindow) -> None:
        data = {"geometry": base64.b64encode(bytes(window.saveGeometry().data())).decode()}
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._path.write_text(json.dumps(data), encoding="utf-8")
        except OSError:
            pass  # losing the window size is not worth bothering the agent about
