"""The data and each run's model now: the samples (x, y) as dots, and for every run the line
ŷ = w·x + b (or the sigmoid p = σ(w·x + b) of logistic regression) at its current (w, b), moving as
it trains, beside the best fit (the loss's minimum), dashed.

A million samples are not a million dots: a fixed random subset of MAX_DOTS is drawn (the legend
says so); the lines are exact.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gdexplorer.app.data_mode import DataMode, DataRun
from gdexplorer.app.i18n import translate
from gdexplorer.ui import theme
from gdexplorer.ui.throttle import MAP_INTERVAL_MS, Throttled

MAX_DOTS = 4000
SIGMOID_POINTS = 200
DOT_BRUSH = (200, 204, 212, 90)
BEST_FIT_PEN = dict(color="#ffffff", width=1.5, style=Qt.DashLine)
FUNCTION_MODE_TEXT = QT_TRANSLATE_NOOP("DataScatterView", "The data and each run's fitted line show in the Data mode "
                                                          "(the Data tab of the Function dock).")


def shown_samples(x: np.ndarray, y: np.ndarray, limit: int = MAX_DOTS, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """All the samples, or a fixed random ``limit`` of them (the same ones every time)."""
    if x.size <= limit:
        return x, y
    keep = np.sort(np.random.default_rng(seed).choice(x.size, size=limit, replace=False))
    return x[keep], y[keep]


def model_line(data, w: float, b: float, xs: np.ndarray) -> np.ndarray:
    """The model's output at ``xs``; a diverging run's overflow is a gap (NaN), not a warning."""
    with np.errstate(over="ignore", invalid="ignore"):
        ys = data.predict(w, b, xs)
    return np.where(np.isfinite(ys), ys, np.nan)


class DataScatterView(QWidget):
    def __init__(self, data_mode: DataMode, parent=None):
        super().__init__(parent)
        self.data_mode = data_mode
        self.session = data_mode.session
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("data_plot")
        self.plot.setMenuEnabled(False)
        item = self.plot.getPlotItem()
        for side in ("left", "bottom"):
            item.getAxis(side).enableAutoSIPrefix(False)
        item.showGrid(x=True, y=True, alpha=0.15)
        theme.cache_axes(item)
        self.dots = pg.ScatterPlotItem(size=4, pen=None, brush=pg.mkBrush(*DOT_BRUSH))
        self.dots.setZValue(-5)
        item.addItem(self.dots)
        self.best_fit = pg.PlotCurveItem(pen=pg.mkPen(**BEST_FIT_PEN))
        self.best_fit.setZValue(5)
        item.addItem(self.best_fit)
        self.lines: list[pg.PlotCurveItem] = []  # one per run, its model at its current (w, b)
        self.note = pg.TextItem(translate("DataScatterView", FUNCTION_MODE_TEXT), color="#d0d4dc", anchor=(0.5, 0.5))
        item.addItem(self.note, ignoreBounds=True)
        self.legend = QLabel()
        self.legend.setObjectName("data_legend")
        self.legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.legend)
        self._xs = np.zeros(2)  # where each line is evaluated: across the data's x range
        self._data = None
        self.throttled_lines = Throttled(self.update_lines, MAP_INTERVAL_MS, self)
        self.session.trajectoriesChanged.connect(self.throttled_lines)
        self.session.runsChanged.connect(self.update_lines)
        self.session.selectionChanged.connect(lambda _: self.update_lines())
        self.session.landscapeChanged.connect(self.update_data)  # a new data set's runs restart with it
        data_mode.modeChanged.connect(lambda _: self.update_data())
        self.update_data()

    def update_data(self) -> None:
        """The dots and the axes for the data in use (or the note, in the Function mode)."""
        dm = self.data_mode
        objective = dm.objective if dm.active else None
        data = None if objective is None else objective.data
        self.note.setVisible(data is None)
        if data is None:
            self.dots.setData([], [])
            self.best_fit.setData([], [])
            self._data = None
            self.plot.getPlotItem().setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
            self.note.setPos(0.5, 0.5)
            self.legend.setText("")
            self.update_lines()
            return
        if data is not self._data:
            self._data = data
            xs, ys = shown_samples(data.x, data.y)
            self.dots.setData(xs, ys)
            x0, x1 = float(data.x.min()), float(data.x.max())
            pad = 0.05 * (x1 - x0 or 1.0)
            logistic = data.model == "logistic"
            self._xs = np.linspace(x0 - pad, x1 + pad, SIGMOID_POINTS if logistic else 2)
            if logistic:
                y0, y1 = -0.1, 1.1
            else:
                y0, y1 = float(data.y.min()), float(data.y.max())
                pad_y = 0.08 * (y1 - y0 or 1.0)
                y0, y1 = y0 - pad_y, y1 + pad_y
            item = self.plot.getPlotItem()
            item.setLabel("bottom", data.columns[0])
            item.setLabel("left", data.columns[1] if not logistic else translate(
                "DataScatterView", "{column} (label) and p").format(column=data.columns[1]))
            item.setRange(xRange=(x0 - pad, x1 + pad), yRange=(y0, y1), padding=0)
            shown = len(xs)
            if shown == data.n:
                dots = translate("DataScatterView", "{n} samples").format(n=f"{data.n:,}")
            else:
                dots = translate("DataScatterView", "{shown} of {n} samples (a fixed random subset)").format(
                    shown=f"{shown:,}", n=f"{data.n:,}")
            model = "p = σ(w·x + b)" if logistic else "ŷ = w·x + b"
            self.legend.setText(translate("DataScatterView", "dots: {dots}; lines: each run's {model} at its current "
                                                             "(w, b); dashed: the minimum of the loss").format(
                dots=dots, model=model))
        minimum = objective.minimum
        if minimum is None:
            self.best_fit.setData([], [])
        else:
            self.best_fit.setData(self._xs, model_line(data, minimum[0], minimum[1], self._xs), connect="finite")
        self.update_lines()

    def _line(self, index: int) -> pg.PlotCurveItem:
        while len(self.lines) <= index:
            line = pg.PlotCurveItem()
            line.setZValue(10)
            self.plot.getPlotItem().addItem(line)
            self.lines.append(line)
        return self.lines[index]

    def update_lines(self) -> None:
        """Each visible run's model at its current (w, b)."""
        runs = self.session.runs if self._data is not None else []
        for i, run in enumerate(runs):
            line = self._line(i)
            point = run.point if isinstance(run, DataRun) else None
            if point is None or not run.settings.visible:
                line.setVisible(False)
                continue
            width = 3.5 if i == self.session.selected else 2
            line.setData(self._xs, model_line(self._data, point[0], point[1], self._xs),
                         pen=pg.mkPen(run.settings.colour, width=width), connect="finite")
            line.setVisible(True)
        for line in self.lines[len(runs):]:
            line.setVisible(False)

    def line_of(self, index: int) -> tuple[np.ndarray, np.ndarray] | None:
        """(x, y) of run ``index``'s drawn line, None when hidden: for tests and tools."""
        if index >= len(self.lines) or not self.lines[index].isVisible():
            return None
        x, y = self.lines[index].getData()
        return np.asarray(x), np.asarray(y)
