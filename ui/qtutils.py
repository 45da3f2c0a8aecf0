"""Tiny layout helpers (after git-cola) so widget code reads like its layout."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLayout, QPushButton, QVBoxLayout, QWidget


def _fill(layout: QBoxLayout, items: tuple[QWidget | QLayout | int | None, ...],
          margin: int, spacing: int) -> QBoxLayout:
    layout.setContentsMargins(margin, margin, margin, margin)
    layout.setSpacing(spacing)
    for item in items:
        if item is None:
            layout.addStretch(1)
        elif isinstance(item, int):
            layout.addSpacing(item)
        elif isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    return layout


def hbox(*items: QWidget | QLayout | int | None, margin: int = 0, spacing: int = 6) -> QHBoxLayout:
    """Items left to right; None is a stretch, an int a fixed gap."""
    return _fill(QHBoxLayout(), items, margin, spacing)  # type: ignore[return-value]


def vbox(*items: QWidget | QLayout | int | None, margin: int = 0, spacing: int = 6) -> QVBoxLayout:
    return _fill(QVBoxLayout(), items, margin, spacing)  # type: ignore[return-value]


def button(text: str, name: str = "", tooltip: str = "") -> QPushButton:
    b = QPushButton(text)
    if name:
        b.setObjectName(name)
    if tooltip:
        b.setToolTip(tooltip)
    return b


def close_on_escape(window: QWidget) -> None:
    """Esc closes a secondary window (today's list, history, insights), as in most apps."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence, QShortcut

    def close() -> None:
        window.close()
        owner = window.parentWidget()
        if owner is not None:
            owner.activateWindow()  # back to the call window, keys and all

    shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), window)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(close)
