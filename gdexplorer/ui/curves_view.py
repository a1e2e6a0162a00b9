"""f(θ_t) and |∇f(θ_t)| against step t for every run, with a log-axis toggle."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from gdexplorer.app.session import Session
from gdexplorer.ui import theme
from gdexplorer.ui.throttle import CURVES_INTERVAL_MS, Throttled


class CurvesView(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.layout_widget = pg.GraphicsLayoutWidget()
        self.value_plot = self.layout_widget.addPlot(row=0, col=0)
        self.value_plot.setLabel("left", "f(θₜ)")
        self.value_plot.setLabel("bottom", "step t")
        self.norm_plot = self.layout_widget.addPlot(row=0, col=1)
        self.norm_plot.setLabel("left", "|∇f(θₜ)|")
        self.norm_plot.setLabel("bottom", "step t")
        for p in (self.value_plot, self.norm_plot):
            p.showGrid(x=True, y=True, alpha=0.2)
            p.getAxis("left").enableAutoSIPrefix(False)
            theme.cache_axes(p)
        self.log_axis = QCheckBox("log y axis")
        self.log_axis.setToolTip("|∇f| always; f only when every value is > 0")
        self.log_axis.setChecked(True)
        self.log_axis.toggled.connect(lambda _: self.update_curves())
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 0, 4, 0)
        bar.addStretch(1)
        bar.addWidget(self.log_axis)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.layout_widget, 1)
        layout.addLayout(bar)
        self.value_curves: list[pg.PlotDataItem] = []
        self.norm_curves: list[pg.PlotDataItem] = []
        self._log_modes = (False, False)
        self._ranges: dict[int, tuple] = {}
        for p in (self.value_plot, self.norm_plot):
            p.disableAutoRange()
        self.throttled_curves = Throttled(self.update_curves, CURVES_INTERVAL_MS, self)
        session.trajectoriesChanged.connect(self.throttled_curves)
        session.runsChanged.connect(self.update_curves)

    def update_curves(self) -> None:
        runs = self.session.runs
        while len(self.value_curves) < len(runs):
            self.value_curves.append(self.value_plot.plot())
            self.norm_curves.append(self.norm_plot.plot())
        all_positive = True
        low, high = self._display_limits()
        extents = {"steps": 0, "f": [], "norm": []}
        for i, run in enumerate(runs):
            traj = run.trajectory
            vc, nc = self.value_curves[i], self.norm_curves[i]
            if traj is None or not run.settings.visible:
                vc.setVisible(False)
                nc.setVisible(False)
                continue
            pen = pg.mkPen(run.settings.colour, width=2)
            steps = np.arange(traj.f.size)
            norm = np.hypot(traj.grad[:, 0], traj.grad[:, 1]) if traj.dim == 2 else np.abs(traj.grad[:, 0])
            f = np.clip(traj.f, low, high)  # a diverged run must not squash everyone else's curve
            all_positive &= bool(np.all(f > 0))
            norm = np.clip(norm, 1e-16, 1e12)
            vc.setData(steps, f, pen=pen)
            nc.setData(steps, norm, pen=pen)
            extents["steps"] = max(extents["steps"], traj.steps)
            extents["f"].append(f)
            extents["norm"].append(norm)
            vc.setVisible(True)
            nc.setVisible(True)
        for c in self.value_curves[len(runs):] + self.norm_curves[len(runs):]:
            c.setVisible(False)
        log = self.log_axis.isChecked()
        modes = (log and all_positive, log)
        if modes != self._log_modes:  # re-laying out the axes every frame is not free
            self._log_modes = modes
            self.value_plot.setLogMode(y=modes[0])
            self.norm_plot.setLogMode(y=modes[1])
            self._ranges.clear()
        if extents["f"]:
            self._set_range(self.value_plot, extents["steps"], np.concatenate(extents["f"]), modes[0])
            self._set_range(self.norm_plot, extents["steps"], np.concatenate(extents["norm"]), modes[1])

    def _set_range(self, plot, steps: int, values: np.ndarray, log: bool) -> None:
        """Axes on round bounds (1-2-5 steps, whole decades) that change only now and then: a
        range that moved every update would re-lay out both axes each time (slow in software)."""
        finite = values[np.isfinite(values)]
        if log:
            finite = finite[finite > 0]
        if finite.size == 0:
            return
        x_range = (0.0, _nice_ceiling(max(steps, 10)))
        lo, hi = float(finite.min()), float(finite.max())
        if log:
            y_range = (np.floor(np.log10(lo)), max(np.ceil(np.log10(hi)), np.floor(np.log10(lo)) + 1))
        else:
            step = _nice_ceiling((hi - lo) / 5.0) if hi > lo else max(abs(hi), 1.0)
            y_range = (np.floor(lo / step) * step, max(np.ceil(hi / step) * step, np.floor(lo / step) * step + step))
        target = (x_range, y_range)
        if self._ranges.get(id(plot)) != target:
            self._ranges[id(plot)] = target
            plot.setRange(xRange=x_range, yRange=y_range, padding=0.02)

    def _display_limits(self) -> tuple[float, float]:
        land = self.session.landscape
        if land is None:
            return -np.inf, np.inf
        span = land.scale.high - land.scale.low
        return land.scale.low - span, land.scale.high + span


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 x 10^k that is >= value (value > 0)."""
    if not np.isfinite(value) or value <= 0:
        return 1.0
    exponent = np.floor(np.log10(value))
    for mantissa in (1.0, 2.0, 5.0, 10.0):
        candidate = mantissa * 10.0 ** exponent
        if candidate >= value * (1 - 1e-12):
            return float(candidate)
    return float(10.0 ** (exponent + 1))
