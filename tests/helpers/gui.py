"""GUI test helpers: the real main window on a real database file, a fake clock, a fake `Ask`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from calmcall.clock import FakeClock
from calmcall.domain import Call, Outcome, Step
from calmcall.paths import resolve
from calmcall.services.container import Services, open_services
from tests.helpers.callbacks_ask import FakeCallbackAsk
from tests.helpers.history import FakeHistoryAsk
from ui.history_view import history_window
from ui.insights_open import insights_opener
from ui.main_window import MainWindow
from ui.wrap_up import WrapUp


@dataclass
class FakeAsk(FakeCallbackAsk):
    """Answers the window's questions the way a test says, and remembers what was asked."""

    wrap_up_answer: WrapUp | None = field(
        default_factory=lambda: WrapUp(Outcome.RESOLVED, "Delivery", "courier lost parcel"))
    resume_answer: bool = True
    wrap_up_asked: list[list[Step]] = field(default_factory=list)
    resume_asked: list[tuple[Call, int]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    preferences_answer: dict[str, Any] | None = None
    close_answer: bool = False
    close_asked: list[int] = field(default_factory=list)

    def wrap_up(self, parent: QWidget, open_steps: list[Step]) -> WrapUp | None:
        self.wrap_up_asked.append(open_steps)
        return self.wrap_up_answer

    def resume(self, parent: QWidget, call: Call, note_count: int) -> bool:
        self.resume_asked.append((call, note_count))
        return self.resume_answer

    def preferences(self, parent: QWidget, settings: Any, playbooks: Any) -> dict[str, Any] | None:
        return self.preferences_answer

    def close_with_unsaved(self, parent: QWidget, waiting: int) -> bool:
        self.close_asked.append(waiting)
        return self.close_answer

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self.errors.append(f"{title}: {text}")


def make_services(folder: Path, clock: FakeClock | None = None) -> Services:
    return open_services(resolve(folder), clock or FakeClock())


def make_window(qtbot, services: Services, ask: FakeAsk | None = None,  # type: ignore[no-untyped-def]
                history_ask: FakeHistoryAsk | None = None) -> MainWindow:
    window = MainWindow(services.calls, services.playbooks, services.settings, services.clock,
                        None, ask or FakeAsk(), services.callbacks,
                        history=history_window(services, history_ask or FakeHistoryAsk()),
                        insights=insights_opener(services, preview=lambda *_args: None))
    # Deleted (not just closed) after the test, so later tests do not re-polish stale windows.
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    qtbot.addWidget(window)
    window.resize(1100, 720)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # window shortcuts only fire in the active window
    return window


def child(window: QWidget, name: str) -> QWidget:
    found = window.findChild(QWidget, name)
    assert found is not None, f"no widget named {name!r}"
    return found


def press(qtbot, widget: QWidget, key: Qt.Key,  # type: ignore[no-untyped-def]
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)
