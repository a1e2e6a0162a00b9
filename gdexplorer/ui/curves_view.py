"""f(θ_t) and |∇f(θ_t)| against step t for every run, at their real values, with a log-axis toggle.

Nothing is clipped: a diverging run's f reaches 1e307. Each plot draws its values transformed by
a ``CurveScale`` (linear, log or symlog, chosen from the data) on a linear view, and its left axis
labels the ticks with the real values and says which scale is in use. (pyqtgraph's own log mode
takes log10 itself and overflows near 1e308 while ranging and ticking.) A value no double can hold
(|∇f| = hypot of two components near 1e308) is marked off scale at the top of its plot.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from gdexplorer.scene.curve_scale import SYMLOG, CurveScale, choose_scale, format_value, nice_ceiling
from gdexplorer.scene.decimate import SeriesDecimator
from gdexplorer.app.i18n import tr_message, translate
from gdexplorer.app.session import Session
from gdexplorer.ui import theme
from gdexplorer.ui.throttle import CURVES_INTERVAL_MS, Throttled

LOG_TEXT = QT_TRANSLATE_NOOP("CurvesView", "log y axis")
OFF_SCALE_COLOUR = "#ff5c5c"
Y_PADDING = 0.05  # room for the labels of ticks on the round bounds: pyqtgraph drops a label it would cut


class ScaleAxis(pg.AxisItem):
    """An axis whose ticks sit at transformed positions (a CurveScale's) and read as real values."""

    def __init__(self, orientation: str = "left"):
        super().__init__(orientation)
        self.curve_scale = CurveScale()
        self._labels: dict[float, str] = {}

    def set_curve_scale(self, scale: CurveScale) -> None:
        self.curve_scale = scale
        self.picture = None  # re-tick (as AxisItem.setTicks does)
        self.update()

    def tickValues(self, minVal, maxVal, size):  # noqa: N802 (pyqtgraph's name)
        room = 32 if self.orientation in ("left", "right") else 40  # pixels a label needs
        positions, labels = self.curve_scale.ticks(minVal, maxVal, max_ticks=max(3, int(size / room)))
        self._labels = dict(zip(positions.tolist(), labels))
        return [(1.0, list(self._labels))]

    def tickStrings(self, values, scale, spacing):  # noqa: N802
        return [self._labels.get(v) or format_value(self.curve_scale.inverse(v)) for v in values]


class CurvePanel:
    """One plot: a quantity against step t for every run, on one CurveScale."""

    def __init__(self, layout_widget: pg.GraphicsLayoutWidget, column: int, quantity: str, name: str):
        self.quantity, self.name = quantity, name  # "f(θₜ)" on the axis, "f" in sentences
        self.axis = ScaleAxis("left")
        self.axis.enableAutoSIPrefix(False)
        steps_axis = ScaleAxis("bottom")  # linear, with room between labels in a narrow dock
        self.plot = layout_widget.addPlot(row=0, col=column, axisItems={"left": self.axis, "bottom": steps_axis})
        self.plot.setLabel("bottom", translate("CurvesView", "step t"))
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.disableAutoRange()
        theme.cache_axes(self.plot)
        self.curves: list[pg.PlotDataItem] = []
        self.scale: CurveScale | None = None
        self.off_scale = pg.ScatterPlotItem(symbol="t1", size=13, pen=pg.mkPen(OFF_SCALE_COLOUR),
                                            brush=pg.mkBrush(OFF_SCALE_COLOUR))
        self.off_scale_text = pg.TextItem(color=OFF_SCALE_COLOUR, anchor=(1.0, 0.0))
        for item in (self.off_scale, self.off_scale_text):
            item.setZValue(10)
            item.setVisible(False)
            self.plot.addItem(item, ignoreBounds=True)
        self._label = ""
        self._range: tuple | None = None

    def show(self, series: list[tuple[str, np.ndarray, np.ndarray]], scale: CurveScale, steps: int) -> None:
        """Draw each (colour, steps, values) series on ``scale``; values may hold inf (marked off
        scale). A long run's series holds the steps its decimator keeps (each bin's min and max)."""
        while len(self.curves) < len(series):
            self.curves.append(self.plot.plot())
        if scale != self.scale:
            self.scale = scale
            self.axis.set_curve_scale(scale)
            self._range = None
        off = []  # (step, colour) of values the scale cannot draw
        for curve, (colour, at, values) in zip(self.curves, series):
            shown = scale.forward(values)
            bad = ~np.isfinite(shown)
            if bad.any():
                shown = np.where(bad, np.nan, shown)  # a gap in the line; marked below
                off += [(int(k), colour) for k in at[bad & ~np.isnan(values)]]
            curve.setData(at, shown, pen=pg.mkPen(colour, width=2), connect="finite")
            curve.setVisible(True)
        for curve in self.curves[len(series):]:
            curve.setVisible(False)
        if series:
            self._set_range(steps, np.concatenate([v for _, _, v in series]))
        self._show_off_scale(off)

    def _set_range(self, steps: int, values: np.ndarray) -> None:
        """Axes on round bounds (1-2-5 steps, whole decades) that change only now and then: a
        range that moved every update would re-lay out both axes each time (slow in software)."""
        y_range = self.scale.view_range(values) or (0.0, 1.0)  # nothing finite: an empty plot, marked
        target = ((0.0, nice_ceiling(max(steps, 10))), y_range)
        if self._range != target:
            self._range = target
            (x_low, x_high), (y_low, y_high) = target
            x_pad, y_pad = 0.02 * (x_high - x_low), Y_PADDING * (y_high - y_low)
            self.plot.setRange(xRange=(x_low - x_pad, x_high + x_pad), yRange=(y_low - y_pad, y_high + y_pad),
                               padding=0.0)

    def _show_off_scale(self, off: list[tuple[int, str]]) -> None:
        label = tr_message(self.scale.describe(self.quantity, line_break="<br>"))
        if off and self._range is not None:
            low, high = self._range[1]
            top = high - 0.04 * (high - low)
            steps = np.array([k for k, _ in off], dtype=float)
            self.off_scale.setData(steps, np.full(steps.size, top),
                                   brush=[pg.mkBrush(c) for _, c in off], pen=pg.mkPen(OFF_SCALE_COLOUR))
            first = int(steps.min())
            self.off_scale_text.setText(
                translate("CurvesView", "{name} = inf\n(> 1.8e308)\nat step {step}").format(name=self.name, step=first))
            x_low, x_high = self._range[0]
            left_half = first < (x_low + x_high) / 2  # the text reads away from the plot's edge
            self.off_scale_text.setAnchor((0.0, 0.0) if left_half else (1.0, 0.0))
            self.off_scale_text.setPos(first, top)
            label += "<br>" + translate("CurvesView", "▲ off scale: inf")
        self.off_scale.setVisible(bool(off))
        self.off_scale_text.setVisible(bool(off))
        if label != self._label:
            self._label = label
            self.plot.setLabel("left", label)


class CurvesView(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.layout_widget = pg.GraphicsLayoutWidget()
        self.value_panel = CurvePanel(self.layout_widget, 0, "f(θₜ)", "f")
        self.norm_panel = CurvePanel(self.layout_widget, 1, "|∇f(θₜ)|", "|∇f|")
        # the learning rate each step used: shown when a run has a schedule (then every run's, to compare)
        self.lr_panel = CurvePanel(self.layout_widget, 2, "αₜ", "α")
        self.lr_panel.plot.setVisible(False)
        self._lr_series: dict[int, tuple[object, SeriesDecimator]] = {}
        self.value_plot, self.norm_plot = self.value_panel.plot, self.norm_panel.plot
        self.value_curves, self.norm_curves = self.value_panel.curves, self.norm_panel.curves
        self.log_axis = QCheckBox(translate("CurvesView", LOG_TEXT))
        self.log_axis.setToolTip(translate(
            "CurvesView",
            "ticked: log10 scale; where a plot has values ≤ 0, symlog instead: sign(v)·log10(1 + |v|/c),\n"
            "log-like beyond ±c and linear within (the axis says c). Unticked: linear."))
        self.log_axis.setChecked(True)
        self.log_axis.toggled.connect(lambda _: self.update_curves())
        #: per run: (its descent, decimators of f and of |∇f|): each update reads the new rows only
        self._decimators: dict[int, tuple[object, SeriesDecimator, SeriesDecimator]] = {}
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 0, 4, 0)
        bar.addStretch(1)
        bar.addWidget(self.log_axis)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.layout_widget, 1)
        layout.addLayout(bar)
        self.throttled_curves = Throttled(self.update_curves, CURVES_INTERVAL_MS, self)
        session.trajectoriesChanged.connect(self.throttled_curves)
        session.runsChanged.connect(self.update_curves)
        session.landscapeChanged.connect(self.update_curves)  # a new dimension names its quantities anew

    @property
    def value_scale(self) -> CurveScale | None:
        return self.value_panel.scale

    @property
    def norm_scale(self) -> CurveScale | None:
        return self.norm_panel.scale

    def _name_quantities(self) -> None:
        """f(θₜ) and |∇f(θₜ)| for a function of (x, y); f(x) and |f′(x)| for one of x alone."""
        one_d = self.session.dim == 1
        self.value_panel.quantity, self.value_panel.name = ("f(x)", "f") if one_d else ("f(θₜ)", "f")
        self.norm_panel.quantity, self.norm_panel.name = ("|f′(x)|", "|f′|") if one_d else ("|∇f(θₜ)|", "|∇f|")

    def update_curves(self) -> None:
        self._name_quantities()
        f_series, norm_series, steps = [], [], 0
        for i, run in enumerate(self.session.runs):
            traj = run.trajectory
            if traj is None or not run.settings.visible:
                continue
            f_rows, norm_rows = self._decimated(i, run, traj)
            f_series.append((run.settings.colour, *f_rows))
            norm_series.append((run.settings.colour, *norm_rows))
            steps = max(steps, traj.steps)
        for i in [k for k in self._decimators if k >= len(self.session.runs)]:
            del self._decimators[i]
        want_log = self.log_axis.isChecked()
        f_scale = choose_scale([v for _, _, v in f_series], want_log)
        norm_scale = choose_scale([v for _, _, v in norm_series], want_log)
        self.value_panel.show(f_series, f_scale, steps)
        self.norm_panel.show(norm_series, norm_scale, steps)
        self._say_scale(want_log, f_scale, norm_scale)
        self._show_rates(steps, want_log)

    def _show_rates(self, steps: int, want_log: bool) -> None:
        """αₜ against t for every visible run, while some run follows a schedule."""
        runs = [(i, run) for i, run in enumerate(self.session.runs)
                if run.trajectory is not None and run.settings.visible and run.descent is not None]
        scheduled = any(run.settings.schedule for _, run in runs)
        if self.lr_panel.plot.isVisible() != scheduled:
            self.lr_panel.plot.setVisible(scheduled)
        for i in [k for k in self._lr_series if k >= len(self.session.runs)]:
            del self._lr_series[i]
        if not scheduled:
            return
        series = []
        for i, run in runs:
            entry = self._lr_series.get(i)
            rows = len(run.trajectory.f)
            if entry is None or entry[0] is not run.descent or entry[1].count > rows:
                entry = self._lr_series[i] = (run.descent, SeriesDecimator())
            decimator = entry[1]
            first = decimator.count
            if rows > first:  # row t was reached with step t's rate; row 0 shows the first step's
                values = run.descent.rates(max(first, 1), rows - first - (first == 0))
                decimator.extend(np.concatenate([run.descent.rates(1, 1), values]) if first == 0 else values)
            series.append((run.settings.colour, *decimator.drawn()))
        self.lr_panel.show(series, choose_scale([v for _, _, v in series], want_log), steps)

    def _decimated(self, index: int, run, traj) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
        """((steps, f), (steps, |∇f|)) to draw for a run: every step up to EXACT_POINTS rows, then
        the min and max of each bin of steps, at most 2 x MAX_BINS bins (scene/decimate.py), fed
        with the rows added since the last update only. The axes' range and scale come from these
        values: every bin's extremes are among them, so the range is the whole data's."""
        entry = self._decimators.get(index)
        if entry is None or entry[0] is not run.descent or entry[1].count > len(traj.f):
            entry = self._decimators[index] = (run.descent, SeriesDecimator(), SeriesDecimator())
        _, f_rows, norm_rows = entry
        start = f_rows.count
        f_rows.extend(traj.f[start:])
        norm_rows.extend(_gradient_norm(traj.grad[start:]))
        return f_rows.drawn(), norm_rows.drawn()

    def _say_scale(self, want_log: bool, f_scale: CurveScale, norm_scale: CurveScale) -> None:
        """The checkbox never reads a plain "log" over a plot that is not on a log scale."""
        norm_zero = translate("CurvesView", "some {name} = 0").format(name=self.norm_panel.name)
        reasons = [why for scale, why in ((f_scale, translate("CurvesView", "some f ≤ 0")), (norm_scale, norm_zero))
                   if want_log and scale.kind == SYMLOG]
        log_text = translate("CurvesView", LOG_TEXT)
        text = (translate("CurvesView", "{log_y_axis} (symlog: {reasons})").format(
            log_y_axis=log_text, reasons=translate("CurvesView", ", ").join(reasons)) if reasons else log_text)
        if self.log_axis.text() != text:
            self.log_axis.setText(text)


def _gradient_norm(grad: np.ndarray) -> np.ndarray:
    """|∇f| per row; inf where two components near 1e308 overflow their hypot (marked off scale)."""
    if grad.shape[1] == 1:
        return np.abs(grad[:, 0])
    with np.errstate(over="ignore"):
        return np.hypot(grad[:, 0], grad[:, 1])
