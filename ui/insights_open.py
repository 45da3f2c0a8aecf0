"""Builds the insights window on first use, so pyqtgraph is not loaded at start-up.

main.py hands `insights_opener(services)` to the main window, which calls it the first time
the agent opens View ▸ Insights.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from calmcall.services.container import Services

if TYPE_CHECKING:
    from ui.history_view import HistoryWindow
    from ui.insights_view import InsightsWindow, Preview

InsightsOpener = Callable[[QWidget, "HistoryWindow | None"], "InsightsWindow"]


def insights_opener(services: Services, preview: Preview | None = None) -> InsightsOpener:
    def build(parent: QWidget, history: HistoryWindow | None) -> InsightsWindow:
        from calmcall.services.insight_calls import InsightCalls
        from calmcall.services.insights import InsightsService
        from ui.insights_view import InsightsWindow  # loads pyqtgraph, now and not before

        window = InsightsWindow(
            InsightsService(services.sessions, services.playbooks.playbooks, services.clock),
            InsightCalls(services.sessions, services.clock), services.clock,
            services.settings["company"],
            open_calls=history.open_filtered if history is not None else None,
            preview=preview)
        # Closes with the main window, but stays its own top-level, non-modal window.
        window.setParent(parent, window.windowFlags())
        return window

    return build
