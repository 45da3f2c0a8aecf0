"""The insights window (View ▸ Insights, Ctrl+I): are calls going better, what keeps coming back.

A separate, non-modal window, so it never blocks a running call. A period picker (day, week,
month, or two dates), a headline row comparing the key figures with the previous period, and
the review charts in a grid: two columns on a wide screen, one that scrolls when narrow.
Clicking a bar opens the calls behind it in the history window. Print previews the review.

Importing this module loads pyqtgraph (through ui.charts): main.py and the main window import
it only when the window is first opened.

Signals:
    refreshed(object): the charts show a new Insights (tests wait on it).
    calls_requested(object): a bar was clicked; the HistoryFilter for its calls.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QWidget,
)

from calmcall.clock import Clock
from calmcall.services.history import HistoryFilter
from calmcall.services.insight_calls import InsightCalls
from calmcall.services.insight_figures import figure_rows
from calmcall.services.insight_periods import Bucket, Period, PeriodKind
from calmcall.services.insights import Insights, InsightsService, SkippedStep
from calmcall.services.weekly_report import weekly_html
from ui import insight_charts as draw
from ui.charts import Chart
from ui.qtutils import button, close_on_escape, hbox, vbox

TWO_COLUMNS_FROM = 900  # px of window width
CHARTS = (
    ("outcomes", "Calls by outcome"),
    ("calmer", "Ended calmer than they started (%)"),
    ("handle", "Average handle time (minutes)"),
    ("callbacks", "Callbacks: on time, late, missed"),
    ("categories", "Categories per week"),
    ("root_causes", "Root causes that keep coming back"),
    ("skipped", "Steps most often skipped"),
    ("mood", "Mood at the start (across) against the end (up)"),
)
PERIOD_NAMES = {PeriodKind.DAY: "Day", PeriodKind.WEEK: "Week", PeriodKind.MONTH: "Month",
                PeriodKind.CUSTOM: "Custom"}

Preview = Callable[[QWidget, str, str], None]


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class InsightsWindow(QWidget):
    refreshed = Signal(object)
    calls_requested = Signal(object)

    def __init__(self, insights: InsightsService, calls: InsightCalls, clock: Clock,
                 company: str = "", open_calls: Callable[[HistoryFilter], None] | None = None,
                 preview: Preview | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("insightsView")
        close_on_escape(self)
        self.setWindowTitle("CalmCall · insights")
        self._insights, self._calls, self._clock = insights, calls, clock
        self._company = company
        self._open_calls = open_calls
        self._preview = preview
        self.data: Insights | None = None
        self._root_labels: dict[str, str] = {}
        self._skipped_labels: dict[str, SkippedStep] = {}
        self._images = tempfile.TemporaryDirectory(prefix="calmcall-review-")

        today = clock.now().astimezone(insights.tz).date()
        self.kind = QComboBox()
        self.kind.setObjectName("insightsPeriod")
        for kind, name in PERIOD_NAMES.items():
            self.kind.addItem(name, kind)
        self.kind.setCurrentIndex(self.kind.findData(PeriodKind.MONTH))
        self.date_from = QDateEdit(_qdate(today))
        self.date_from.setObjectName("insightsDate")
        self.date_to = QDateEdit(_qdate(today))
        self.date_to.setObjectName("insightsDateTo")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.earlier = button("◀", "insightsEarlier", "The period before")
        self.later = button("▶", "insightsLater", "The period after")
        self.title = QLabel()
        self.title.setObjectName("insightsTitle")
        self.print_button = button("&Print review…", "insightsPrint",
                                   "Print preview of the review for the team meeting")
        self.figures: dict[str, QLabel] = {}
        for key in ("calls", "handle", "calmer", "on_time"):
            label = QLabel()
            label.setObjectName(f"figure_{key}")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            self.figures[key] = label
        self.charts: dict[str, Chart] = {name: Chart(title) for name, title in CHARTS}
        self._frames = []
        for chart in self.charts.values():
            frame = QFrame()
            frame.setObjectName("panel")
            frame.setLayout(vbox(chart, margin=8))
            self._frames.append(frame)
        self.grid = QGridLayout()
        self.grid.setSpacing(10)
        self._columns = 0
        body = QWidget()
        body.setLayout(vbox(hbox(*self.figures.values(), spacing=16), self.grid, None,
                            spacing=10, margin=4))
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        picker = hbox(self.kind, self.earlier, self.date_from, self.date_to, self.later, 8,
                      self.title, None, self.print_button)
        self.setLayout(vbox(picker, self.scroll, margin=8, spacing=8))
        self.resize(1280, 860)
        self._reflow(self.width())
        self._show_picker()
        self._connect_signals()
        # Nothing is read until the window is first opened.

    def _connect_signals(self) -> None:
        self.kind.currentIndexChanged.connect(self._on_picker_changed)
        self.date_from.dateChanged.connect(self._on_picker_changed)
        self.date_to.dateChanged.connect(self._on_picker_changed)
        self.earlier.clicked.connect(lambda: self.step(-1))
        self.later.clicked.connect(lambda: self.step(1))
        self.print_button.clicked.connect(self.print_review)
        for name, chart in self.charts.items():
            chart.bar_clicked.connect(
                lambda label, series, name=name: self.open_calls_for(name, label, series))

    # -- the period --------------------------------------------------------------------------

    def period(self) -> Period:
        kind = PeriodKind(self.kind.currentData())
        first = self.date_from.date().toPython()
        if kind is PeriodKind.CUSTOM:
            last = self.date_to.date().toPython()
            return Period.custom(min(first, last), max(first, last))  # type: ignore[type-var]
        return Period.of(kind, first)  # type: ignore[arg-type]

    def set_period(self, period: Period) -> None:
        """Show `period` (the picker follows) and redraw."""
        for widget in (self.kind, self.date_from, self.date_to):
            widget.blockSignals(True)
        self.kind.setCurrentIndex(self.kind.findData(period.kind))
        self.date_from.setDate(_qdate(period.start))
        self.date_to.setDate(_qdate(period.end))
        for widget in (self.kind, self.date_from, self.date_to):
            widget.blockSignals(False)
        self._show_picker()
        self.refresh()

    def step(self, direction: int) -> None:
        """The period before (-1) or after (+1) the one shown."""
        period = self.period()
        if direction < 0:
            self.set_period(period.previous())
        elif period.kind is PeriodKind.MONTH:
            self.set_period(Period.month(period.end + timedelta(days=1)))
        else:
            shift = timedelta(days=period.days)
            self.set_period(Period(period.kind, period.start + shift, period.end + shift))

    def _on_picker_changed(self) -> None:
        self._show_picker()
        self.refresh()

    def _show_picker(self) -> None:
        self.date_to.setVisible(self.kind.currentData() == PeriodKind.CUSTOM)

    # -- showing -----------------------------------------------------------------------------

    def open(self) -> None:
        self.refresh()
        self.show()
        self.raise_()
        self.activateWindow()

    def refresh(self) -> None:
        period = self.period()
        data = self._insights.all(period)
        self.data = data
        self.title.setText(f"<b>{period.title}</b>")
        for row in figure_rows(data.headline):
            color = {"better": "#0f766e", "worse": "#b91c1c"}.get(row.trend, "")
            change = (f"<span style='color:{color}'>{row.change}</span>" if color
                      else row.change)
            self.figures[row.key].setText(
                f"{row.name}<br><span style='font-size:17pt; font-weight:600'>{row.value}"
                f"</span>&nbsp; {change}")
        draw.show_outcomes(self.charts["outcomes"], data.outcomes)
        draw.show_calmer(self.charts["calmer"], data.mood)
        draw.show_handle_time(self.charts["handle"], data.handle)
        draw.show_callbacks(self.charts["callbacks"], data.callbacks)
        draw.show_recurring_categories(self.charts["categories"], data.recurring)
        self._root_labels = draw.show_root_causes(self.charts["root_causes"], data.recurring)
        self._skipped_labels = draw.show_skipped(self.charts["skipped"], data.skipped)
        draw.show_mood_pairs(self.charts["mood"], data.mood)
        self.refreshed.emit(data)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._reflow(event.size().width())

    def _reflow(self, width: int) -> None:
        columns = 2 if width >= TWO_COLUMNS_FROM else 1
        if columns == self._columns:
            return
        self._columns = columns
        for frame in self._frames:
            self.grid.removeWidget(frame)
        for n, frame in enumerate(self._frames):
            self.grid.addWidget(frame, n // columns, n % columns)
        for column in range(2):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    # -- from a bar to its calls ------------------------------------------------------------

    def _bucket(self, buckets: tuple[Bucket, ...], label: str) -> Bucket | None:
        return next((b for b in buckets if b.label == label), None)

    def filter_for(self, chart: str, label: str, series: str) -> HistoryFilter | None:
        """The history filter for the calls behind a bar of `chart`."""
        data = self.data
        if data is None:
            return None
        lo, hi = data.period.bounds(self._insights.tz)
        if chart == "outcomes":
            bucket = self._bucket(data.outcomes.buckets, label)
            if bucket is None:
                return None
            outcome = draw.outcome_of(series)
            if outcome is None:  # no outcome: the filter cannot say "none", so list them
                return HistoryFilter(since=bucket.lo, until=bucket.hi)
            return HistoryFilter(since=bucket.lo, until=bucket.hi, outcome=outcome)
        if chart == "categories":
            bucket = self._bucket(data.recurring.weeks, label)
            return None if bucket is None else HistoryFilter(since=bucket.lo, until=bucket.hi,
                                                             category=series)
        if chart == "callbacks":
            bucket = self._bucket(data.callbacks.buckets, label)
            kept = {v: k for k, v in draw.KEPT_LABELS.items()}.get(series)
            if bucket is None or kept is None:
                return None
            return HistoryFilter(call_ids=self._calls.with_callbacks(bucket.lo, bucket.hi, kept))
        if chart == "root_causes" and label in self._root_labels:
            weeks = data.recurring.weeks
            return HistoryFilter(call_ids=self._calls.with_root_cause(
                weeks[0].lo, weeks[-1].hi, self._root_labels[label]))
        if chart == "skipped" and label in self._skipped_labels:
            step = self._skipped_labels[label]
            return HistoryFilter(call_ids=self._calls.skipping(lo, hi, step.playbook_id,
                                                                step.step_id))
        return None

    def open_calls_for(self, chart: str, label: str, series: str) -> None:
        where = self.filter_for(chart, label, series)
        if where is None:
            return
        self.calls_requested.emit(where)
        if self._open_calls is not None:
            self._open_calls(where)

    # -- printing ----------------------------------------------------------------------------

    def review_html(self) -> str:
        from pathlib import Path

        from ui.report_charts import render_charts

        if self.data is None:
            self.refresh()
        assert self.data is not None
        charts = render_charts(self.data, Path(self._images.name))
        return weekly_html(self.data, charts, now=self._clock.now(), company=self._company,
                           zone=self._insights.tz)

    def print_review(self) -> None:
        html = self.review_html()
        title = f"Review · {self.period().title}"
        if self._preview is not None:
            self._preview(self, html, title)
        else:
            from ui.printing import preview

            preview(self, html, title)
