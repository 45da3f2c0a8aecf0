"""The one chart widget: pyqtgraph stays behind this small, typed API.

Importing this module loads pyqtgraph and numpy, so only the insights view and the report
renderer import it, when they are first needed; the main window never does.

Three kinds of chart, each a single call: `set_bars` (stacked, upright or lying down for long
labels), `set_series` (lines over labelled points) and `set_bubbles` (counts on a small grid,
e.g. mood at start against mood at end). Hovering shows the values under the pointer below the
plot and as a tooltip; clicking a bar emits which bar and which part of the stack.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QToolTip, QWidget

from ui.qtutils import vbox

DEFAULT_COLORS = ("#0f766e", "#2563eb", "#d97706", "#dc2626", "#7c3aed", "#64748b", "#0891b2",
                  "#65a30d")
MAX_TICK_LABELS = 16  # beyond this, every n-th label only: they would overlap


@dataclass(frozen=True)
class _Bars:
    labels: tuple[str, ...]
    stacks: dict[str, tuple[float, ...]]
    horizontal: bool
    unit: str


def _fmt(value: float, unit: str) -> str:
    shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{shown}{unit}"


class Chart(QWidget):
    """A titled chart with a hover line and a legend below it.

    Signals:
        bar_clicked(str, str): a bar was clicked: its label and the stack part (series) hit.
        hovered(str): the text for the point under the pointer changed.
    """

    bar_clicked = Signal(str, str)
    hovered = Signal(str)

    def __init__(self, title: str = "", parent: QWidget | None = None, *,
                 paper: bool = False) -> None:
        super().__init__(parent)
        self._paper = paper  # printed: dark ink on white whatever the screen's theme
        self.setObjectName("chart")
        self.title = QLabel(title)
        self.title.setObjectName("chartTitle")
        self.plot = pg.PlotWidget()
        # On screen, the panel's own background (light or dark); on paper, white.
        self.plot.setBackground("w" if paper else None)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)  # a chart to read, not to pan and zoom
        self.plot.setMinimumHeight(180)
        self.plot.setMaximumHeight(240)  # three rows of charts fit a laptop screen
        self.legend = QLabel()
        self.legend.setObjectName("chartLegend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.hover_line = QLabel(" ")
        self.hover_line.setObjectName("chartHover")
        self.hover_line.setTextFormat(Qt.TextFormat.PlainText)
        self.setLayout(vbox(self.title, self.plot, self.legend, self.hover_line, spacing=2))
        self._bars: _Bars | None = None
        self._points: tuple[tuple[float, float, str], ...] = ()  # x, y, text (lines, bubbles)
        self._labels: tuple[str, ...] = ()
        self._grid = False  # bubbles: hover must hit x and y; lines: x is enough
        self._style_axes()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.plot.scene().sigMouseClicked.connect(self._on_mouse_clicked)

    def _style_axes(self) -> None:
        ink = QColor("#222222") if self._paper else \
            self.palette().color(QPalette.ColorRole.WindowText)
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(ink))
            axis.setTextPen(pg.mkPen(ink))
            axis.setTickFont(font)
        self.plot.showGrid(x=False, y=True, alpha=0.15)

    # -- data --------------------------------------------------------------------------------

    def clear(self) -> None:
        self.plot.clear()
        self._bars, self._points, self._labels, self._grid = None, (), (), False
        self.legend.setText("")
        self.hover_line.setText(" ")

    def set_bars(self, labels: Sequence[str], stacks: Mapping[str, Sequence[float]],
                 colors: Mapping[str, str] | None = None, *, horizontal: bool = False,
                 unit: str = "") -> None:
        """Bars at `labels`, each a stack of the series in `stacks` (drawn in that order)."""
        self.clear()
        bars = _Bars(tuple(labels), {k: tuple(float(v) for v in vs) for k, vs in stacks.items()},
                     horizontal, unit)
        self._bars, self._labels = bars, bars.labels
        colors = self._colors(list(bars.stacks), colors)
        positions = np.arange(len(bars.labels), dtype=float)
        base = np.zeros(len(bars.labels))
        for name, values in bars.stacks.items():
            heights = np.asarray(values, dtype=float)
            brush = pg.mkBrush(colors[name])
            pen = pg.mkPen(None)
            if horizontal:
                item = pg.BarGraphItem(x0=base, y=positions, width=heights, height=0.7,
                                       brush=brush, pen=pen)
            else:
                item = pg.BarGraphItem(x=positions, y0=base, height=heights, width=0.7,
                                       brush=brush, pen=pen)
            self.plot.addItem(item)
            base = base + heights
        self._label_axis(bars.labels, "left" if horizontal else "bottom")
        top = float(base.max()) if len(base) else 0.0
        if horizontal:
            self.plot.getAxis("left").setStyle(tickTextWidth=160, autoExpandTextSpace=True)
            self.plot.getPlotItem().invertY(True)  # the first (biggest) bar on top
            self.plot.setXRange(0, max(top, 1.0) * 1.05, padding=0)
            self.plot.setYRange(-0.6, len(bars.labels) - 0.4, padding=0)
        else:
            self.plot.getPlotItem().invertY(False)
            self.plot.setYRange(0, max(top, 1.0) * 1.08, padding=0)
            self.plot.setXRange(-0.6, len(bars.labels) - 0.4, padding=0)
        if len(bars.stacks) > 1:
            self._show_legend(colors)

    def set_series(self, labels: Sequence[str], series: Mapping[str, Sequence[float | None]],
                   colors: Mapping[str, str] | None = None, *, unit: str = "",
                   y_range: tuple[float, float] | None = None) -> None:
        """Lines over the points `labels`; None leaves a gap (no data there)."""
        self.clear()
        self._labels = tuple(labels)
        colors = self._colors(list(series), colors)
        xs = np.arange(len(labels), dtype=float)
        points = []
        top = 0.0
        for name, values in series.items():
            if all(v is None for v in values):
                continue  # nothing to draw (an empty period); pyqtgraph warns on all-NaN data
            ys = np.array([math.nan if v is None else float(v) for v in values])
            self.plot.plot(xs, ys, pen=pg.mkPen(colors[name], width=2), connect="finite",
                           symbol="o", symbolSize=5, symbolBrush=colors[name],
                           symbolPen=pg.mkPen(None))
            for x, label, y in zip(xs, labels, values, strict=True):
                if y is not None:
                    prefix = f"{name}: " if len(series) > 1 else ""
                    points.append((float(x), float(y), f"{label} · {prefix}{_fmt(y, unit)}"))
                    top = max(top, float(y))
        self._points = tuple(points)
        self._label_axis(self._labels, "bottom")
        self.plot.getPlotItem().invertY(False)
        self.plot.setXRange(-0.5, max(len(labels) - 0.5, 0.5), padding=0)
        low, high = y_range or (0.0, max(top, 1.0) * 1.1)
        self.plot.setYRange(low, high, padding=0)
        if len(series) > 1:
            self._show_legend(colors)

    def set_bubbles(self, xs: Sequence[float], ys: Sequence[float], counts: Sequence[int],
                    texts: Sequence[str], *, x_labels: Sequence[str], y_labels: Sequence[str],
                    color: str = DEFAULT_COLORS[0]) -> None:
        """Counts on a grid (x and y are indexes into the labels), area growing with count."""
        self.clear()
        biggest = max(counts, default=0) or 1
        sizes = [8 + 40 * math.sqrt(n / biggest) for n in counts]
        brush = QColor(color)
        brush.setAlpha(170)
        self.plot.addItem(pg.ScatterPlotItem(x=list(xs), y=list(ys), size=sizes,
                                             brush=pg.mkBrush(brush), pen=pg.mkPen(None)))
        self._points = tuple((float(x), float(y), t)
                             for x, y, t in zip(xs, ys, texts, strict=True))
        self._grid = True
        self._label_axis(tuple(x_labels), "bottom")
        self._label_axis(tuple(y_labels), "left")
        self.plot.getPlotItem().invertY(False)
        self.plot.setXRange(-0.6, len(x_labels) - 0.4, padding=0)
        self.plot.setYRange(-0.6, len(y_labels) - 0.4, padding=0)

    # -- reading it back (hover and click) ------------------------------------------------------

    def text_at(self, x: float, y: float) -> str:
        """What hovering at data point (x, y) shows; "" when nothing is there."""
        if self._bars is not None:
            index = round(y) if self._bars.horizontal else round(x)
            if not 0 <= index < len(self._bars.labels):
                return ""
            parts = [f"{name} {_fmt(values[index], self._bars.unit)}"
                     for name, values in self._bars.stacks.items() if values[index]]
            total = sum(values[index] for values in self._bars.stacks.values())
            body = " · ".join(parts) if len(self._bars.stacks) > 1 else _fmt(total,
                                                                             self._bars.unit)
            if len(parts) > 1:
                body += f" · total {_fmt(total, self._bars.unit)}"
            return f"{self._bars.labels[index]}: {body or '0'}"
        near = [(abs(px - x) + abs(py - y) * 0.001, text) for px, py, text in self._points
                if abs(px - x) <= 0.5 and (not self._grid or abs(py - y) <= 0.5)]
        return min(near)[1] if near else ""

    def bar_at(self, x: float, y: float) -> tuple[str, str] | None:
        """(label, series) of the stack part at data point (x, y), or None."""
        if self._bars is None:
            return None
        index, along = (round(y), x) if self._bars.horizontal else (round(x), y)
        if not 0 <= index < len(self._bars.labels) or along < 0:
            return None
        base = 0.0
        for name, values in self._bars.stacks.items():
            if base <= along < base + values[index]:
                return self._bars.labels[index], name
            base += values[index]
        return None

    def _view_point(self, scene_pos: QPointF) -> QPointF:
        return self.plot.getPlotItem().vb.mapSceneToView(scene_pos)

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        point = self._view_point(scene_pos)
        text = self.text_at(point.x(), point.y())
        if text != self.hover_line.text().strip():
            self.hover_line.setText(text or " ")
            self.hovered.emit(text)
        if text:
            QToolTip.showText(QCursor.pos(), text, self.plot)
        else:
            QToolTip.hideText()

    def _on_mouse_clicked(self, event: object) -> None:
        if event.button() != Qt.MouseButton.LeftButton:  # type: ignore[attr-defined]
            return
        point = self._view_point(event.scenePos())  # type: ignore[attr-defined]
        hit = self.bar_at(point.x(), point.y())
        if hit is not None:
            self.bar_clicked.emit(*hit)

    def scene_point(self, x: float, y: float) -> QPointF:
        """Where data point (x, y) sits in the widget's own pixels (tests aim the mouse here)."""
        scene = self.plot.getPlotItem().vb.mapViewToScene(QPointF(x, y))
        view = self.plot.mapFromScene(scene)
        return QPointF(self.plot.mapTo(self, view))

    # -- helpers -------------------------------------------------------------------------------

    def _colors(self, names: list[str], given: Mapping[str, str] | None) -> dict[str, str]:
        given = given or {}
        return {name: given.get(name, DEFAULT_COLORS[n % len(DEFAULT_COLORS)])
                for n, name in enumerate(names)}

    def _label_axis(self, labels: Sequence[str], side: str) -> None:
        step = max(1, math.ceil(len(labels) / MAX_TICK_LABELS)) if side == "bottom" else 1
        ticks = [(float(i), label) for i, label in enumerate(labels) if i % step == 0]
        self.plot.getAxis(side).setTicks([ticks, []])

    def _show_legend(self, colors: Mapping[str, str]) -> None:
        from html import escape

        self.legend.setText("&nbsp;&nbsp; ".join(
            f"<span style='color:{c}'>■</span>&nbsp;{escape(name).replace(' ', '&nbsp;')}"
            for name, c in colors.items()))
