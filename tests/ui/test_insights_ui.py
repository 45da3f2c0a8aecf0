"""The chart widget and the insights window, offscreen; pyqtgraph loads only when needed."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt

from calmcall.clock import FakeClock
from calmcall.domain import Outcome
from calmcall.services.insight_periods import Period, PeriodKind
from tests.helpers.gui import child, make_services, make_window

MON = date(2026, 3, 2)

PROBE = """
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from main import build_window
from calmcall.paths import resolve
window = build_window(resolve(Path(sys.argv[1])))
before = "pyqtgraph" in sys.modules
window.show_insights()
after = "pyqtgraph" in sys.modules
print(json.dumps({"before": before, "after": after,
                  "name": window.insights.objectName()}))
"""


def test_pyqtgraph_loads_only_when_insights_open(tmp_path):
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=120, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"before": False, "after": True, "name": "insightsView"}


def test_bars_hover_and_click(qtbot):
    from ui.charts import Chart

    chart = Chart("Calls")
    qtbot.addWidget(chart)
    chart.resize(600, 300)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_bars(["Mon", "Tue"], {"Resolved": [3, 1], "Escalated": [2, 0]})
    assert chart.text_at(0, 1) == "Mon: Resolved 3 · Escalated 2 · total 5"
    assert chart.text_at(1, 0.2) == "Tue: Resolved 1"
    assert chart.text_at(5, 1) == ""
    assert chart.bar_at(0, 4) == ("Mon", "Escalated")
    assert chart.bar_at(0, 1) == ("Mon", "Resolved")
    assert chart.bar_at(1, 3) is None  # above the bar
    # The real mouse: hover, then a click on Monday's escalated part.
    with qtbot.waitSignal(chart.hovered) as hovered:
        qtbot.mouseMove(chart, chart.scene_point(0, 4).toPoint())
    assert hovered.args == ["Mon: Resolved 3 · Escalated 2 · total 5"]
    assert chart.hover_line.text() == "Mon: Resolved 3 · Escalated 2 · total 5"
    with qtbot.waitSignal(chart.bar_clicked) as clicked:
        qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton,
                         pos=chart.plot.viewport().mapFrom(
                             chart, chart.scene_point(0, 4).toPoint()))
    assert clicked.args == ["Mon", "Escalated"]


def test_series_and_bubbles_hover(qtbot):
    from ui.charts import Chart

    chart = Chart()
    qtbot.addWidget(chart)
    chart.set_series(["1 Mar", "2 Mar", "3 Mar"], {"Ended calmer": [50.0, None, 75.5]},
                     unit="%")
    assert chart.text_at(0.2, 10) == "1 Mar · 50%"
    assert chart.text_at(1, 10) == ""  # no data that day
    assert chart.text_at(2, 0) == "3 Mar · 75.5%"
    chart.set_bubbles([0, 2], [3, 4], [10, 2], ["10 calls: a", "2 calls: b"],
                      x_labels=list("12345"), y_labels=list("12345"))
    assert chart.text_at(0.1, 2.9) == "10 calls: a"
    assert chart.text_at(0, 4) == ""
    assert chart.bar_at(0, 3) is None


def _calls(services, clock: FakeClock) -> None:
    for day, outcome, category in ((0, Outcome.RESOLVED, "Billing"),
                                   (0, Outcome.ESCALATED, "Delivery"),
                                   (1, Outcome.RESOLVED, "Billing")):
        clock.set(datetime(2026, 3, 2 + day, 10, tzinfo=UTC))
        call = services.calls.start_call("defuse")
        clock.advance(300)
        services.calls.end_call(call.id, outcome, category, "courier lost parcel")


def test_view_opens_changes_period_and_opens_calls_in_history(qtbot, tmp_path):
    clock = FakeClock(datetime(2026, 3, 4, 12, tzinfo=UTC))
    services = make_services(tmp_path / "data", clock)
    _calls(services, clock)
    clock.set(datetime(2026, 3, 4, 12, tzinfo=UTC))
    window = make_window(qtbot, services)
    window.show_insights()
    view = window.insights
    assert view is not None and view.objectName() == "insightsView"
    assert view.isVisible() and not view.isModal()
    assert view.data.period == Period.month(date(2026, 3, 4))
    assert view.data.outcomes.total == 3
    assert "Calls" in child(view, "figure_calls").text()
    assert ">3<" in child(view, "figure_calls").text()
    with qtbot.waitSignal(view.refreshed) as refreshed:
        view.set_period(Period.week(MON))
    assert refreshed.args[0].period.kind is PeriodKind.WEEK
    assert view.data.outcomes.per_bucket == (2, 1, 0, 0, 0, 0, 0)
    with qtbot.waitSignal(view.refreshed):
        view.step(-1)
    assert view.data.period == Period.week(MON - timedelta(days=7))
    assert view.data.outcomes.total == 0
    view.set_period(Period.week(MON))
    # A bar click becomes a history filter, and the history shows just those calls.
    with qtbot.waitSignal(view.calls_requested) as requested:
        view.charts["outcomes"].bar_clicked.emit("Mon 2", "Escalated")
    where = requested.args[0]
    assert where.outcome is Outcome.ESCALATED
    assert window.history.isVisible()
    assert window.history.model.rowCount() == 1
    with qtbot.waitSignal(view.calls_requested) as requested:
        view.charts["root_causes"].bar_clicked.emit("courier lost parcel", "Calls")
    assert len(requested.args[0].call_ids) == 3
    assert window.history.model.rowCount() == 3


def test_view_reflows_and_prints(qtbot, tmp_path):
    services = make_services(tmp_path / "data")
    window = make_window(qtbot, services)
    window.show_insights()
    view = window.insights
    view.resize(360, 700)
    qtbot.waitUntil(lambda: view.grid.columnCount() >= 1)
    frame = view.charts["outcomes"].parentWidget()
    assert view.grid.getItemPosition(view.grid.indexOf(frame))[:2] == (0, 0)
    second = view.charts["calmer"].parentWidget()
    assert view.grid.getItemPosition(view.grid.indexOf(second))[:2] == (1, 0)
    view.resize(1280, 800)
    qtbot.waitUntil(lambda: view.grid.getItemPosition(view.grid.indexOf(second))[:2] == (0, 1))
    html = view.review_html()
    assert "Key figures" in html and ".png" in html
