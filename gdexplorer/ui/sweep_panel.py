"""The learning-rate sweep (bifurcation view): the selected run's optimizer, start and other
hyperparameters at many learning rates, in a worker (explorer.jobs, kind "sweep") with a progress
bar and Cancel.

Three plots share the lr axis (log or linear, as the rates are spaced): every kept iterate's x (and
y in 2-D) as dots, the final f, and the step from which each run stayed converged. A run that
diverged (or reached an undefined f) is a red tick at the top of each plot, never a value. For gd
a vertical line marks 2/λ_max of the Hessian at the start (the stability limit on a quadratic
bowl). A click in a plot loads the nearest swept rate into the selected run.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QRectF, Qt
from PySide6.QtWidgets import (
    QCheckBox, QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QSpinBox,
    QVBoxLayout, QWidget,
)

from gdexplorer.app.i18n import tr_message, translate
from gdexplorer.core.sweep import SweepError, SweepResult, learning_rates, stability_limit, sweep
from gdexplorer.scene.curve_scale import LINEAR, LOG, CurveScale, choose_scale
from gdexplorer.scene.sweep_plot import (
    SweepPlotData, bifurcation_range, concat_results, density, nearest_rate, plot_data, rate_chunks,
)
from gdexplorer.ui import theme
from gdexplorer.ui.curves_view import ScaleAxis

KIND = "sweep"
TITLE = QT_TRANSLATE_NOOP("SweepPanel", "Learning-rate sweep")
X_COLOUR = "#4fc3f7"
Y_COLOUR = "#ffb74d"
F_COLOUR = "#c8ccd4"
CONV_COLOUR = "#81c784"
STOPPED_COLOUR = "#ff5c5c"
UNCONVERGED_COLOUR = "#9aa3b2"
LIMIT_COLOUR = "#ffffff"
SELECTED_LR_COLOUR = "#ffd54f"
#: up to this many iterates are drawn as dots; more are binned into a density image (a scatter
#: item builds its spots in Python, ~15 µs a dot on the UI thread: 400k would take 6 s)
DOT_LIMIT = 2000
SYMBOL_LIMIT = 400  # rates up to which final f and steps to converge get a dot per rate
DENSITY_ROWS = 300


@dataclass(frozen=True)
class SweepRequest:
    """What was swept: the function's key, the optimizer and the start (for the limit), spacing."""

    key: object
    optimizer: str
    start: tuple
    log: bool
    steps: int


@dataclass(frozen=True)
class SweepOutcome:
    request: SweepRequest
    result: SweepResult
    limit: float | None  # gd's 2/λ_max at the start (None: not gd, or no bowl there)


def title() -> str:
    """The panel's title (its dock's) in the interface's language."""
    return translate("SweepPanel", TITLE)


def run_sweep(progress, expr, start, optimizer, lrs, steps, keep, hyperparameters) -> SweepResult:
    """One :func:`sweep` call's result, computed in chunks of rates with ``progress`` between them
    (which raises Cancelled once the job is cancelled). Its texts are made here, in the worker
    (QCoreApplication.translate is thread-safe)."""
    parts = []
    n = len(lrs)
    progress(0.0, translate("SweepPanel", "{done} of {total} rates").format(done=0, total=n))
    for lo, hi in rate_chunks(n, steps):
        parts.append(sweep(expr, start, optimizer, lrs[lo:hi], steps, keep, hyperparameters))
        progress(hi / n, translate("SweepPanel", "{done} of {total} rates").format(done=hi, total=n))
    return concat_results(parts)


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(f"error_{name}")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class _SweepPlot:
    """One plot against lr: a ScaleAxis on each side, red ticks for stopped runs at the top.
    ``quantity``: the left axis's name, in the interface's language."""

    def __init__(self, layout: pg.GraphicsLayoutWidget, row: int, quantity: str):
        self.quantity = quantity
        self.left = ScaleAxis("left")
        self.left.enableAutoSIPrefix(False)
        self.bottom = ScaleAxis("bottom")
        self.plot = layout.addPlot(row=row, col=0, axisItems={"left": self.left, "bottom": self.bottom})
        self.plot.setLabel("left", quantity)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.disableAutoRange()
        self.plot.setMenuEnabled(False)
        theme.cache_axes(self.plot)
        self.scale = CurveScale()
        self.top = 1.0  # where the stopped runs' ticks sit, in drawn coordinates
        self.stopped = pg.ScatterPlotItem(symbol="t", size=11, pen=pg.mkPen(STOPPED_COLOUR),
                                          brush=pg.mkBrush(STOPPED_COLOUR))
        self.stopped.setZValue(10)
        self.plot.addItem(self.stopped, ignoreBounds=True)
        self.limit_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(LIMIT_COLOUR, width=1, style=Qt.DashLine))
        self.limit_line.setVisible(False)
        self.plot.addItem(self.limit_line, ignoreBounds=True)
        self.selected_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(SELECTED_LR_COLOUR, width=1, style=Qt.DotLine))
        self.selected_line.setVisible(False)
        self.plot.addItem(self.selected_line, ignoreBounds=True)

    def set_scales(self, lr_scale: CurveScale, scale: CurveScale) -> None:
        self.scale = scale
        self.bottom.set_curve_scale(lr_scale)
        self.left.set_curve_scale(scale)
        self.plot.setLabel("left", tr_message(scale.describe(self.quantity, "<br>"))
                           if scale.kind != LINEAR or scale.unit != 1 else self.quantity)

    def set_range(self, x_range, values: np.ndarray, stopped_x: np.ndarray) -> tuple[float, float]:
        """Show x_range and round bounds around ``values`` (drawn), with room on top for the ticks."""
        shown = self.scale.view_range(values) if values.size else None
        low, high = shown if shown is not None else (0.0, 1.0)
        pad = 0.08 * (high - low)  # room for the stopped runs' ticks
        self.plot.setRange(xRange=x_range, yRange=(low, high + pad), padding=0)
        self.top = high + 0.6 * pad
        self.stopped.setData(stopped_x, np.full(stopped_x.size, self.top))
        return low, high

    def clear(self) -> None:
        self.stopped.setData([], [])
        self.limit_line.setVisible(False)


class SweepPanel(QWidget):
    def __init__(self, explorer, parent=None):
        super().__init__(parent)
        self.explorer = explorer
        self.session = explorer.session
        self.jobs = explorer.jobs
        self.outcome: SweepOutcome | None = None
        self.data: SweepPlotData | None = None
        self.lr_scale = CurveScale(LOG)
        self._pending: SweepRequest | None = None
        self.beyond = 0  # iterates outside the bifurcation plot's range

        # -- controls -----------------------------------------------------------------------------
        self.lr_from = QLineEdit("0.001")
        self.lr_from.setObjectName("sweep_lr_from")
        self.lr_to = QLineEdit("1")
        self.lr_to.setObjectName("sweep_lr_to")
        for field in (self.lr_from, self.lr_to):
            field.setMaximumWidth(90)
            field.setToolTip(translate("SweepPanel", "a learning rate the selected run's optimizer accepts"))
        self.count = QSpinBox()
        self.count.setObjectName("sweep_count")
        self.count.setRange(1, 2000)
        self.count.setValue(200)
        self.count.setToolTip(translate("SweepPanel", "how many learning rates K, from the first to the last"))
        self.log = QCheckBox(translate("SweepPanel", "log spacing"))
        self.log.setObjectName("sweep_log")
        self.log.setChecked(True)
        self.log.setToolTip(translate("SweepPanel", "rates a·(b/a)^(i/(K−1)) (ticked) or a + i·(b−a)/(K−1)"))
        self.steps = QSpinBox()
        self.steps.setObjectName("sweep_steps")
        self.steps.setRange(0, 100_000)
        self.steps.setValue(200)
        self.steps.setToolTip(translate("SweepPanel", "steps N of each run"))
        self.keep = QSpinBox()
        self.keep.setObjectName("sweep_keep")
        self.keep.setRange(1, 100)
        self.keep.setValue(16)
        self.keep.setToolTip(translate("SweepPanel", "the last M iterates of each run drawn as dots (at most N + 1)"))
        self.field_errors = {name: _error_label(name) for name in ("lr_from", "lr_to", "keep")}
        self.run_button = QPushButton(translate("SweepPanel", "Run sweep"))
        self.run_button.setObjectName("sweep_run")
        self.cancel_button = QPushButton(translate("SweepPanel", "Cancel"))
        self.cancel_button.setObjectName("sweep_cancel")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("sweep_progress")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)
        self.status = QLabel()
        self.status.setObjectName("sweep_status")
        self.status.setWordWrap(True)

        grid = QGridLayout()
        grid.setContentsMargins(4, 4, 4, 0)
        grid.addWidget(QLabel(translate("SweepPanel", "lr from")), 0, 0)
        grid.addWidget(self.lr_from, 0, 1)
        grid.addWidget(QLabel(translate("SweepPanel", "to")), 0, 2)
        grid.addWidget(self.lr_to, 0, 3)
        grid.addWidget(QLabel(translate("SweepPanel", "rates K")), 0, 4)
        grid.addWidget(self.count, 0, 5)
        grid.addWidget(self.log, 0, 6)
        grid.addWidget(self.field_errors["lr_from"], 1, 0, 1, 2)
        grid.addWidget(self.field_errors["lr_to"], 1, 2, 1, 4)
        grid.addWidget(QLabel(translate("SweepPanel", "steps N")), 2, 0)
        grid.addWidget(self.steps, 2, 1)
        grid.addWidget(QLabel(translate("SweepPanel", "keep M")), 2, 2)
        grid.addWidget(self.keep, 2, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        grid.addLayout(buttons, 2, 4, 1, 3)
        grid.addWidget(self.field_errors["keep"], 3, 2, 1, 2)
        grid.setColumnStretch(7, 1)
        form = QFormLayout()
        form.setContentsMargins(4, 0, 4, 0)
        form.addRow(self.progress)
        form.addRow(self.status)

        # -- plots ----------------------------------------------------------------------------------
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setObjectName("sweep_plots")
        self.bifurcation = _SweepPlot(self.plots, 0, translate("SweepPanel", "last iterates"))
        self.final = _SweepPlot(self.plots, 1, translate("SweepPanel", "final f"))
        self.converge = _SweepPlot(self.plots, 2, translate("SweepPanel", "steps to converge"))
        self.all_plots = (self.bifurcation, self.final, self.converge)
        for p in self.all_plots[1:]:
            p.plot.setXLink(self.bifurcation.plot)
        self.converge.plot.setLabel("bottom", translate("SweepPanel", "learning rate α"))
        self.x_dots = pg.ScatterPlotItem(size=3, pen=None, brush=pg.mkBrush(X_COLOUR), name="x")
        self.y_dots = pg.ScatterPlotItem(size=3, pen=None, brush=pg.mkBrush(Y_COLOUR), name="y")
        self.bifurcation.plot.addItem(self.x_dots)
        self.bifurcation.plot.addItem(self.y_dots)
        self.density_image = pg.ImageItem(axisOrder="row-major")
        self.density_image.setVisible(False)
        self.bifurcation.plot.addItem(self.density_image)
        self.legend = pg.LegendItem(offset=(-10, 10), labelTextColor="#d0d4dc")
        self.legend.setParentItem(self.bifurcation.plot.vb)
        self.legend.addItem(self.x_dots, "x")
        self.legend.addItem(self.y_dots, "y")
        self.legend.setVisible(False)
        self.f_curve = pg.PlotDataItem(pen=pg.mkPen(F_COLOUR), symbol="o", symbolSize=3, symbolPen=None,
                                       symbolBrush=pg.mkBrush(F_COLOUR), connect="finite")
        self.final.plot.addItem(self.f_curve)
        self.conv_dots = pg.PlotDataItem(pen=pg.mkPen(CONV_COLOUR), symbol="o", symbolSize=4, symbolPen=None,
                                         symbolBrush=pg.mkBrush(CONV_COLOUR))
        self.converge.plot.addItem(self.conv_dots)
        self.unconverged = pg.ScatterPlotItem(symbol="t", size=9, pen=pg.mkPen(UNCONVERGED_COLOUR),
                                              brush=pg.mkBrush(UNCONVERGED_COLOUR))
        self.unconverged.setZValue(9)
        self.converge.plot.addItem(self.unconverged, ignoreBounds=True)
        self.limit_label = pg.TextItem("2/λmax", color=LIMIT_COLOUR, anchor=(0.0, 0.0))
        self.limit_label.setVisible(False)
        self.bifurcation.plot.addItem(self.limit_label, ignoreBounds=True)
        self.stopped_label = QLabel(
            f"<span style='color:{STOPPED_COLOUR}'>▼</span> " + translate("SweepPanel", "diverged or undefined") + "  "
            f"<span style='color:{UNCONVERGED_COLOUR}'>▼</span> " + translate("SweepPanel", "not converged in N steps")
            + f"  <span style='color:{SELECTED_LR_COLOUR}'>┆</span> " + translate("SweepPanel", "the selected run's α")
            + "  " + translate("SweepPanel", "(click a plot to load the nearest rate into the selected run)"))
        self.stopped_label.setWordWrap(True)
        self.stopped_label.setStyleSheet("color: #9aa3b2; font-size: small;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(grid)
        layout.addLayout(form)
        layout.addWidget(self.plots, 1)
        layout.addWidget(self.stopped_label)

        self.run_button.clicked.connect(self.start_sweep)
        self.cancel_button.clicked.connect(self.cancel)
        for field in (self.lr_from, self.lr_to):
            field.returnPressed.connect(self.start_sweep)
        self.jobs.progress.connect(self._on_progress)
        self.jobs.finished.connect(self._on_finished)
        self.jobs.failed.connect(self._on_failed)
        self.jobs.cancelled.connect(self._on_cancelled)
        self.session.landscapeChanged.connect(self._on_landscape)
        self.session.runsChanged.connect(self._show_selected_lr)
        self.session.selectionChanged.connect(lambda _: self._show_selected_lr())
        self.plots.scene().sigMouseClicked.connect(self._on_click)
        self.clear()

    # -- running ------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.jobs.running(KIND)

    def _set_field_error(self, name: str, field: QWidget | None, message: str) -> None:
        label = self.field_errors[name]
        label.setStyleSheet(f"color: {theme.error_colour(self.palette())}; font-size: small;")
        label.setText(message)
        label.setVisible(bool(message))
        if field is not None:
            theme.mark_error(field, bool(message))

    def _check_inputs(self, spec):
        """The rates (or None, with each refused field's reason beside it)."""
        hp = spec.hyperparameter("lr")
        values = {}
        for name, field in (("lr_from", self.lr_from), ("lr_to", self.lr_to)):
            try:
                values[name] = hp.check(field.text().strip())
                self._set_field_error(name, field, "")
            except ValueError as exc:
                self._set_field_error(name, field, f"{spec.name}: {tr_message(exc)}")
        keep, steps = self.keep.value(), self.steps.value()
        self._set_field_error("keep", self.keep, "" if keep <= steps + 1 else translate(
            "SweepPanel", "keep M must be at most N + 1 = {limit}").format(limit=steps + 1))
        if len(values) < 2 or keep > steps + 1:
            return None
        try:
            return learning_rates(values["lr_from"], values["lr_to"], self.count.value(), self.log.isChecked())
        except SweepError as exc:
            self._set_field_error("lr_to", self.lr_to, tr_message(exc))
            return None

    def start_sweep(self) -> bool:
        """Sweep the selected run's settings at the typed rates; False (nothing submitted) on bad input."""
        objective, run = self.session.objective, self.session.selected_run
        if objective is None or run is None:
            self.status.setText(translate("SweepPanel", "No function to sweep yet."))
            return False
        if not hasattr(objective, "expr"):  # the Data mode's loss over (w, b)
            self.status.setText(translate("SweepPanel", "The sweep runs on a typed function: switch to the Function tab."))
            return False
        settings = run.settings
        spec = settings.spec
        lrs = self._check_inputs(spec)
        if lrs is None:
            self.status.setText("")
            return False
        expr = objective.expr
        start = tuple(float(v) for v in settings.start[: objective.dim])
        hyper = {k: v for k, v in settings.hyperparameters.items() if k != "lr"}
        steps, keep = self.steps.value(), self.keep.value()
        request = SweepRequest(objective.key, spec.name, start, self.log.isChecked(), steps)

        def job(progress):
            result = run_sweep(progress, expr, start, spec.name, lrs, steps, keep, hyper)
            limit = stability_limit(expr, start) if spec.name == "gd" else None
            return SweepOutcome(request, result, limit)

        self.jobs.submit(KIND, job)  # a pending sweep is cancelled first (and its slot says so)
        self._pending = request
        self.progress.setValue(0)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        where = ", ".join(f"{v:g}" for v in start)
        self.status.setText(translate("SweepPanel", "Sweeping {optimizer} from ({start}): {rates} rates × {steps} steps …")
                            .format(optimizer=spec.name, start=where, rates=len(lrs), steps=steps))
        return True

    def cancel(self) -> None:
        self.jobs.cancel(KIND)

    def _idle(self) -> None:
        self._pending = None
        self.progress.setValue(0)
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _on_progress(self, kind: str, fraction: float, text: str) -> None:
        if kind == KIND:
            self.progress.setValue(int(round(fraction * self.progress.maximum())))
            self.progress.setToolTip(text)

    def _on_cancelled(self, kind: str) -> None:
        if kind == KIND and self._pending is not None and not self.running:
            self._idle()
            self.status.setText(translate("SweepPanel", "Sweep cancelled."))

    def _on_failed(self, kind: str, message: str) -> None:
        if kind == KIND:
            self._idle()
            failed = translate("SweepPanel", "The sweep failed: {error}").format(error=message.splitlines()[0])
            self.status.setText(f"<span style='color:{theme.error_colour(self.palette())}'>{failed}</span>")

    def _on_finished(self, kind: str, outcome: object) -> None:
        if kind != KIND or not isinstance(outcome, SweepOutcome):
            return
        self._idle()
        objective = self.session.objective
        if objective is None or objective.key != outcome.request.key:
            return  # a function that is gone (the runner cancels those; belt and braces)
        self.show_outcome(outcome)

    def _on_landscape(self) -> None:
        objective = self.session.objective
        if self.outcome is not None and (objective is None or objective.key != self.outcome.request.key):
            self.clear()
            self.status.setText(translate("SweepPanel", "A new function: the sweep's plots were cleared."))

    # -- drawing ---------------------------------------------------------------------------------------
    def clear(self) -> None:
        self.outcome, self.data = None, None
        self.x_dots.setData([], [])
        self.y_dots.setData([], [])
        self.density_image.clear()
        self.density_image.setVisible(False)
        self.f_curve.setData([], [])
        self.conv_dots.setData([], [])
        self.unconverged.setData([], [])
        self.legend.setVisible(False)
        self.limit_label.setVisible(False)
        for p in self.all_plots:
            p.clear()
            p.selected_line.setVisible(False)

    def lr_to_shown(self, lr) -> np.ndarray:
        return self.lr_scale.forward(lr)

    def show_outcome(self, outcome: SweepOutcome) -> None:
        self.outcome = outcome
        result = outcome.result
        data = self.data = plot_data(result)
        self.lr_scale = CurveScale(LOG) if outcome.request.log else choose_scale([result.lrs], False)
        sx = self.lr_to_shown
        shown_lrs = sx(result.lrs)
        lo, hi = float(shown_lrs.min()), float(shown_lrs.max())
        span = hi - lo if hi > lo else (1.0 if outcome.request.log else max(abs(hi), 1.0) * 0.1)
        x_range = (lo - 0.02 * span, hi + 0.02 * span) if hi > lo else (lo - span, hi + span)
        stopped_x = sx(data.stopped_lr)

        coords = [data.dot_x] + ([data.dot_y] if data.dot_y is not None else [])
        values = np.concatenate(coords)
        b = self.bifurcation
        v_range = bifurcation_range(values, self._window())
        b.set_scales(self.lr_scale, choose_scale([np.array(v_range)], False))
        b.plot.setLabel("left", translate("SweepPanel", "last iterates x, y") if data.dot_y is not None
                        else translate("SweepPanel", "last iterates x"))
        y_range = b.set_range(x_range, np.array(v_range), stopped_x)
        self.legend.setVisible(data.dot_y is not None)
        self.beyond = int(np.sum(np.isfinite(values) & ((values < v_range[0]) | (values > v_range[1]))))
        if values.size <= DOT_LIMIT:
            self.density_image.setVisible(False)
            self.density_image.clear()
            self.x_dots.setData(sx(data.dot_lr), b.scale.forward(data.dot_x))
            if data.dot_y is not None:
                self.y_dots.setData(sx(data.dot_lr), b.scale.forward(data.dot_y))
            else:
                self.y_dots.setData([], [])
        else:
            self.x_dots.setData([], [])
            self.y_dots.setData([], [])
            self._show_density(data, len(result.lrs), shown_lrs, y_range, result.keep)

        symbol = "o" if len(result.lrs) <= SYMBOL_LIMIT else None
        self.f_curve.setSymbol(symbol)
        self.conv_dots.setSymbol(symbol)
        f = self.final
        f.set_scales(self.lr_scale, choose_scale([data.f_last], True))
        self.f_curve.setData(sx(data.f_lr), f.scale.forward(data.f_last))
        f.set_range(x_range, data.f_last, stopped_x)

        c = self.converge
        c.set_scales(self.lr_scale, choose_scale([data.conv_steps, [0.0, float(outcome.request.steps)]], False))
        self.conv_dots.setData(sx(data.conv_lr), c.scale.forward(data.conv_steps))
        c.set_range(x_range, np.array([0.0, float(outcome.request.steps)]), stopped_x)
        self.unconverged.setData(sx(data.unconverged_lr), np.full(data.unconverged_lr.size, c.top))

        limit = outcome.limit
        shown_limit = float(sx(limit)) if limit is not None else math.nan
        for p in self.all_plots:
            p.limit_line.setVisible(limit is not None)
            if limit is not None:
                p.limit_line.setValue(shown_limit)
        self.limit_label.setVisible(limit is not None)
        if limit is not None:
            self.limit_label.setPos(shown_limit, b.plot.vb.viewRange()[1][1])
        self._show_selected_lr()
        self.status.setText(self._summary(outcome))

    def _window(self) -> tuple[float, float]:
        """The plotted range of the coordinates (x, and y in 2-D): the bifurcation plot's frame."""
        land = self.session.landscape
        if land is None:
            return (-1.0, 1.0)
        if land.dim == 2:
            return (min(land.x_range[0], land.y_range[0]), max(land.x_range[1], land.y_range[1]))
        return tuple(land.x_range)

    def _show_density(self, data: SweepPlotData, ncols: int, shown_lrs: np.ndarray, y_range, keep: int) -> None:
        """The dots binned per rate (a column each: rates are evenly spaced on the drawn axis) and
        per value; x in its colour, y in its own, a cell as opaque as it holds dots."""
        b = self.bifurcation
        real = b.scale.inverse(np.array(y_range))
        layers = [(data.dot_x, X_COLOUR)] + ([(data.dot_y, Y_COLOUR)] if data.dot_y is not None else [])
        rgba = np.zeros((DENSITY_ROWS, ncols, 4), dtype=np.uint8)
        if len(layers) == 1:  # one colour: its alpha says how many dots a cell holds
            values, colour = layers[0]
            a = self._alpha(data.dot_col, values, ncols, real, keep)
            rgba[..., :3] = pg.mkColor(colour).getRgb()[:3]
            rgba[..., 3] = a * 255
        else:  # x and y: a cell holding both takes the mean of the colours, weighted by alpha
            alphas = [self._alpha(data.dot_col, values, ncols, real, keep) for values, _ in layers]
            total = alphas[0] + alphas[1]
            filled = total > 0
            for channel in range(3):
                c = [np.float32(pg.mkColor(colour).getRgb()[channel]) for _, colour in layers]
                rgba[..., channel][filled] = ((alphas[0][filled] * c[0] + alphas[1][filled] * c[1])
                                              / total[filled])
            rgba[..., 3] = np.maximum(alphas[0], alphas[1]) * 255
        step = (shown_lrs[-1] - shown_lrs[0]) / (ncols - 1) if ncols > 1 else 1.0
        self.density_image.setImage(rgba, autoLevels=False)
        self.density_image.setRect(QRectF(shown_lrs[0] - step / 2, y_range[0], step * ncols, y_range[1] - y_range[0]))
        self.density_image.setVisible(True)

    @staticmethod
    def _alpha(columns, values, ncols, real, keep) -> np.ndarray:
        counts = density(columns, values, ncols, (float(real[0]), float(real[1])), DENSITY_ROWS)
        a = np.zeros(counts.shape, dtype=np.float32)
        some = counts > 0
        a[some] = np.minimum(np.float32(0.45) + np.float32(0.55 / max(keep, 1)) * counts[some], 1)
        return a

    def _summary(self, outcome: SweepOutcome) -> str:
        result = outcome.result
        n = len(result.lrs)
        stopped = int(result.stopped.sum())
        text = translate("SweepPanel", "{optimizer}: {rates} rates {first:g} … {last:g}, {steps} steps; {stopped} "
                         "diverged or undefined").format(optimizer=outcome.request.optimizer, rates=n,
                                                         first=result.lrs[0], last=result.lrs[-1],
                                                         steps=outcome.request.steps, stopped=stopped)
        if outcome.limit is not None:
            inside = result.lrs[0] <= outcome.limit <= result.lrs[-1]
            text += (translate("SweepPanel", "; 2/λmax = {limit:.6g}") if inside else
                     translate("SweepPanel", "; 2/λmax = {limit:.6g} (outside the swept range)")).format(
                limit=outcome.limit)
        if self.beyond:
            text += translate("SweepPanel", "; {count} iterates beyond the plot's range").format(count=self.beyond)
        return text

    def _show_selected_lr(self) -> None:
        run = self.session.selected_run
        show = self.outcome is not None and run is not None
        for p in self.all_plots:
            p.selected_line.setVisible(show)
            if show:
                p.selected_line.setValue(float(self.lr_to_shown(run.settings.learning_rate)))

    # -- clicks ----------------------------------------------------------------------------------------
    def _on_click(self, event) -> None:
        if self.outcome is None or event.button() != Qt.LeftButton:
            return
        pos = event.scenePos()
        for p in self.all_plots:
            if p.plot.vb.sceneBoundingRect().contains(pos):
                shown_x = p.plot.vb.mapSceneToView(pos).x()
                lrs = self.outcome.result.lrs
                lr = float(lrs[nearest_rate(self.lr_to_shown(lrs), shown_x)])
                self.load_rate(lr)
                event.accept()
                return

    def load_rate(self, lr: float) -> None:
        try:
            self.session.set_hyperparameter("lr", lr)
        except (KeyError, ValueError) as exc:
            refused = translate("SweepPanel", "lr {lr:g} not loaded: {error}").format(
                lr=lr, error=tr_message(exc) if isinstance(exc, ValueError) else exc)
            self.status.setText(f"<span style='color:{theme.error_colour(self.palette())}'>{refused}</span>")
            return
        self.status.setText(translate("SweepPanel", "lr = {lr:.6g} loaded into the selected run ({run}).").format(
            lr=lr, run=self.session.selected_run.settings.label))
