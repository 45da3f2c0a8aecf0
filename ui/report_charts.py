"""Chart images for the printed review: the same charts as the view, drawn offscreen to PNG.

The core's weekly review takes image sources and never imports Qt; this is the Qt side that
makes them. main.py hands `render_charts` to the command line, and the insights view uses it
for its Print button.
"""

from __future__ import annotations

from pathlib import Path

from calmcall.services.insights import Insights
from ui.charts import Chart
from ui.insight_charts import show_callbacks, show_calmer, show_outcomes, show_recurring_categories
from ui.printing import ensure_gui

SIZE = (540, 320)  # px: near the printed size, so the axis labels stay readable on paper


def render_charts(insights: Insights, folder: Path) -> dict[str, str]:
    """Draw the review's charts into PNG files in `folder`; returns name -> file path."""
    ensure_gui()  # charts are widgets: a QApplication, offscreen without a screen
    drawers = {
        "outcomes": lambda c: show_outcomes(c, insights.outcomes),
        "calmer": lambda c: show_calmer(c, insights.mood),
        "callbacks": lambda c: show_callbacks(c, insights.callbacks),
        "recurring": lambda c: show_recurring_categories(c, insights.recurring),
    }
    out = {}
    for name, draw in drawers.items():
        chart = Chart(paper=True)
        chart.title.hide()
        chart.hover_line.hide()
        chart.resize(*SIZE)
        draw(chart)
        chart.ensurePolished()
        path = folder / f"{name}.png"
        if chart.grab().save(str(path), "PNG"):
            out[name] = str(path)
        chart.deleteLater()
    return out
