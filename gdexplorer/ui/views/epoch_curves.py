"""Seed 002's plot: the full-data loss after each epoch for every run on data (gradient descent
creeps, SGD drops in its first epoch then jitters, mini-batch between), beside the loss of each
update's own batch (the noise SGD follows), both on a log scale, with the loss's minimum L* dashed.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gdexplorer.app.data_mode import DataMode, DataRun
from gdexplorer.app.i18n import translate
from gdexplorer.ui import theme
from gdexplorer.ui.throttle import CURVES_INTERVAL_MS, Throttled

TINY = 1e-300  # the log axis's floor: a loss of exactly 0 is drawn there, not dropped with a warning
MINIMUM_PEN = dict(color="#ffffff", width=1, style=Qt.DashLine)
FUNCTION_MODE_TEXT = QT_TRANSLATE_NOOP("EpochCurvesView", "Loss per epoch: in the Data mode")


def log_ready(values: np.ndarray) -> np.ndarray:
    """Values a log axis can take: positive (0 goes to TINY), NaN for anything not finite (a gap)."""
    values = np.asarray(values, dtype=np.float64)
    return np.where(np.isfinite(values), np.maximum(values, TINY), np.nan)


class EpochCurvesView(QWidget):
    def __init__(self, data_mode: DataMode, parent=None):
        super().__init__(parent)
        self.data_mode = data_mode
        self.session = data_mode.session
        self.layout_widget = pg.GraphicsLayoutWidget()
        self.layout_widget.setObjectName("epoch_curves")
        self.epoch_plot = self.layout_widget.addPlot(row=0, col=0)
        self.update_plot = self.layout_widget.addPlot(row=0, col=1)
        for plot, x_label, y_label in (
                (self.epoch_plot, translate("EpochCurvesView", "epoch"), translate("EpochCurvesView", "L (all data)")),
                (self.update_plot, translate("EpochCurvesView", "epoch"),
                 translate("EpochCurvesView", "L (each update's batch)"))):
            plot.setLabel("bottom", x_label)
            plot.setLabel("left", y_label)
            plot.setLogMode(x=False, y=True)
            plot.showGrid(x=True, y=True, alpha=0.2)
            plot.setMenuEnabled(False)
            for side in ("left", "bottom"):
                plot.getAxis(side).enableAutoSIPrefix(False)
            theme.cache_axes(plot)
        self.minimum_lines = [pg.InfiniteLine(angle=0, pen=pg.mkPen(**MINIMUM_PEN)) for _ in range(2)]
        for plot, line in zip((self.epoch_plot, self.update_plot), self.minimum_lines):
            plot.addItem(line, ignoreBounds=True)
            line.setVisible(False)
        self._epochs = 0  # the x range shown: the longest run's epochs
        self.epoch_curves: list[pg.PlotDataItem] = []
        self.update_curves: list[pg.PlotDataItem] = []
        self.caption = QLabel()
        self.caption.setObjectName("epoch_caption")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.layout_widget, 1)
        layout.addWidget(self.caption)
        self.throttled_curves = Throttled(self.update_all, CURVES_INTERVAL_MS, self)
        self.session.trajectoriesChanged.connect(self.throttled_curves)
        self.session.runsChanged.connect(self.update_all)
        self.session.landscapeChanged.connect(self.update_all)
        data_mode.modeChanged.connect(lambda _: self.update_all())
        self.update_all()

    @staticmethod
    def _curve(plot, curves: list, index: int, markers: bool) -> pg.PlotDataItem:
        while len(curves) <= index:
            curve = plot.plot()
            if not markers:  # tens of thousands of SGD updates: drawn as each pixel column's min and max
                curve.setDownsampling(auto=True, method="peak")
                curve.setClipToView(True)
            curves.append(curve)
        return curves[index]

    def update_all(self) -> None:
        dm = self.data_mode
        runs = self.session.runs if dm.active else []
        shown = 0
        for i, run in enumerate(runs):
            epoch = self._curve(self.epoch_plot, self.epoch_curves, i, markers=True)
            update = self._curve(self.update_plot, self.update_curves, i, markers=False)
            rows = run.epoch_rows if isinstance(run, DataRun) else None
            if rows is None or not run.settings.visible:
                epoch.setVisible(False)
                update.setVisible(False)
                continue
            shown += 1
            colour = run.settings.colour
            width = 3 if i == self.session.selected else 2
            epoch.setData(rows.epoch.astype(float), log_ready(rows.loss), pen=pg.mkPen(colour, width=width),
                          symbol="o", symbolSize=5, symbolBrush=colour, symbolPen=None, connect="finite")
            epoch.setVisible(True)
            at, losses = run.update_losses()
            per_epoch = run.trainer.updates_per_epoch  # on the epoch axis: SGD's 1000 updates an epoch beside GD's one
            update.setData(at / per_epoch, log_ready(losses), pen=pg.mkPen(colour, width=1), connect="finite")
            update.setVisible(True)
        for curve in self.epoch_curves[len(runs):] + self.update_curves[len(runs):]:
            curve.setVisible(False)
        epochs = max([r.settings.epochs for r in runs if isinstance(r, DataRun) and r.settings.visible] or [1])
        if epochs != self._epochs:  # the race's whole length on both x axes: progress reads at a glance
            self._epochs = epochs
            for plot in (self.epoch_plot, self.update_plot):
                plot.setXRange(0, epochs, padding=0.02)
        objective = dm.objective if dm.active else None
        minimum = None if objective is None else objective.minimum
        for line in self.minimum_lines:
            line.setVisible(minimum is not None)
            if minimum is not None:
                line.setPos(float(np.log10(max(minimum[2], TINY))))
        runs_shown = translate("EpochCurvesView", "1 run shown") if shown == 1 else translate(
            "EpochCurvesView", "{count} runs shown").format(count=shown)
        if not dm.active:
            self.caption.setText(translate("EpochCurvesView", FUNCTION_MODE_TEXT))
        elif minimum is not None:
            self.caption.setText(translate("EpochCurvesView", "dashed: the least loss L* = {loss:.4g}").format(
                loss=minimum[2]))
            self.caption.setToolTip(translate("EpochCurvesView", "Left: the loss on all the data after each "
                                                                 "epoch; right: the loss of each update's batch. "
                                                                 "No (w, b) does better than L* on these samples. "
                                                                 "{shown}.").format(shown=runs_shown))
        else:
            self.caption.setText(runs_shown)

    def epoch_series(self, index: int) -> tuple[np.ndarray, np.ndarray] | None:
        """(epochs, losses) drawn for run ``index`` (the real losses, not their logs): for tests and tools."""
        if index >= len(self.epoch_curves) or not self.epoch_curves[index].isVisible():
            return None
        x, y = self.epoch_curves[index].getOriginalDataset()
        return np.asarray(x), np.asarray(y)
