"""Basins of attraction on the 2-D map (issue 10.3): the selected run's optimizer and settings from
every start of a grid over the map's range, each start coloured by the minimum it ends in and
darker the more steps it took; the starts that diverged, met an undefined f, ran out of steps or
stopped on a saddle hatched dark.

The work runs through ``explorer.jobs`` (kind "basin") in two jobs: the first compiles the batch
kernel (never on the UI thread) and maps a coarse 32×32 grid, drawn as soon as it is ready; the
second maps the chosen grid in bands of rows, with progress and Cancel between bands. A new
function, range or optimizer setting cancels the work, clears the map and says so; while the
overlay is on, the new map is computed once the changes settle.

The panel holds the switch (also the View menu's checkable action :attr:`BasinPanel.toggle_action`),
the opacity, the grid and steps, the progress bar and Cancel, and the legend: each minimum's colour,
x, y, f and share of starts, and the share that found none. The pixels and the legend's rows come
from :mod:`gdexplorer.scene.basin_overlay`; the map draws them through its
:class:`~gdexplorer.ui.views.basin_overlay.BasinLayer`.
"""
from __future__ import annotations

import html
import time
from functools import lru_cache
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressBar,
    QPushButton, QSlider, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from gdexplorer.app.i18n import tr_message, translate
from gdexplorer.core import batch
from gdexplorer.core.basin import PALETTE, BasinMap
from gdexplorer.scene.basin_overlay import (
    COARSE_GRID, DEFAULT_GRID, DEFAULT_STEPS, GRID_SIZES, GTOL, MAX_STEPS, UNLABELLED_STRIPE, UNLABELLED_TEXT,
    LegendRow, banded_basin_map, cell_rect, format_share, image_zoom, label_colour, legend_rows, overlay_rgba,
    reason_shares, reasons_text, unlabelled_reasons,
)
from gdexplorer.ui import theme

KIND = "basin"
# in English; shown through translate("BasinPanel", ...) (title() for the dock's title)
TITLE = QT_TRANSLATE_NOOP("BasinPanel", "Basins of attraction")
ACTION_TEXT = QT_TRANSLATE_NOOP("BasinPanel", "Basins of attraction on the map")
ACTION_TEXT_1D = QT_TRANSLATE_NOOP("BasinPanel", "Basins of attraction (for functions of x and y)")
SETTLE_MS = 600  # after a change of function, range or optimizer: recompute once nothing changed for this long
COARSE_SHARE = 0.15  # of the progress bar: compiling and the coarse preview
DEFAULT_OPACITY = 65  # percent
SWATCH = 14  # pixels
PROGRESS_STEPS = 1000
LEGEND_ROWS_SHOWN = 8  # minima listed before the legend scrolls
LEGEND_MAX_ROWS = 200  # minima listed at most (a row costs ~0.1 ms to build on the UI thread)


@dataclass(frozen=True)
class BasinRequest:
    """What a basin map is of: the function and range shown, the selected run's optimizer and
    hyperparameters (its overrides), and the panel's grid and steps."""

    key: object
    source: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    optimizer: str
    hyperparameters: tuple[tuple[str, float], ...]
    noisy: bool  # the run adds noise to the gradient (sgd): the map runs without
    grid: int
    steps: int

    @property
    def context(self) -> tuple:
        """What the window decides: a map of another context is stale."""
        return (self.key, self.x_range, self.y_range, self.optimizer, self.hyperparameters)

    def describe_run(self) -> str:
        settings = (", ".join(f"{'α' if k == 'lr' else k}={v:g}" for k, v in self.hyperparameters)
                    or translate("BasinPanel", "defaults"))
        return f"{self.optimizer} ({settings})" + (translate("BasinPanel", ", without its noise") if self.noisy else "")


@dataclass(frozen=True)
class BasinOutcome:
    request: BasinRequest
    final: bool  # the chosen grid (else the coarse preview)
    grid: int
    basins: BasinMap
    rgba: np.ndarray
    rect: tuple[float, float, float, float]
    rows: list[LegendRow]
    reasons: str
    seconds: float


def compute_outcome(request: BasinRequest, expr, grid: int, final: bool, progress) -> BasinOutcome:
    """One map of ``request`` at ``grid`` × ``grid`` and what draws it (in the worker)."""
    begun = time.perf_counter()
    bm = banded_basin_map(expr, request.x_range, request.y_range, grid, grid, request.optimizer,
                          steps=request.steps, hyperparameters=dict(request.hyperparameters), progress=progress)
    rgba = overlay_rgba(bm.label, bm.steps, image_zoom(grid, grid))
    return BasinOutcome(request, final, grid, bm, rgba, cell_rect(request.x_range, request.y_range, grid, grid),
                        legend_rows(bm), reasons_text(bm), time.perf_counter() - begun)


def title() -> str:
    """The panel's title (its dock's) in the interface's language."""
    return translate("BasinPanel", TITLE)


def reasons_shown(bm: BasinMap) -> str:
    """:func:`reasons_text` in the interface's language."""
    return translate("BasinPanel", ", ", "a list's separator").join(
        f"{tr_message(why)} {share}" for why, share in reason_shares(bm))


@lru_cache(maxsize=None)
def swatch(label: int) -> QIcon:
    """A minimum's colour (unshaded), or the hatched dark of the starts that found none (one icon
    per palette colour: labels ``len(PALETTE)`` apart share it)."""
    if label >= len(PALETTE):
        return swatch(label % len(PALETTE))
    pixmap = QPixmap(SWATCH, SWATCH)
    pixmap.fill(QColor(*label_colour(label)))
    painter = QPainter(pixmap)
    if label < 0:
        painter.fillRect(pixmap.rect(), QBrush(QColor(*UNLABELLED_STRIPE), Qt.FDiagPattern))
    painter.setPen(QColor(12, 12, 14))
    painter.drawRect(0, 0, SWATCH - 1, SWATCH - 1)
    painter.end()
    return QIcon(pixmap)


class BasinPanel(QWidget):
    def __init__(self, explorer, map_page, parent=None):
        super().__init__(parent)
        self.explorer = explorer
        self.session = explorer.session
        self.jobs = explorer.jobs
        self.layer = map_page.basins  # the 2-D map's BasinLayer
        self.pending: BasinRequest | None = None  # being computed
        self.outcome: BasinOutcome | None = None  # drawn
        self._submitting = False
        self._share = (0.0, 1.0)  # the part of the progress bar the running job fills
        self._user_cancelled: tuple | None = None  # a context whose work the user stopped: not restarted on its own

        # -- controls -----------------------------------------------------------------------------
        self.toggle_action = QAction(translate("BasinPanel", ACTION_TEXT), self)
        self.toggle_action.setCheckable(True)
        self.toggle_action.setToolTip(translate("BasinPanel", "Colour each start of the map by the minimum the "
                                                "selected run's optimizer reaches from it"))
        self.toggle = QCheckBox(translate("BasinPanel", "Show basins on the map"))
        self.toggle.setObjectName("basin_toggle")
        self.toggle.setToolTip(self.toggle_action.toolTip())
        self.opacity = QSlider(Qt.Horizontal)
        self.opacity.setObjectName("basin_opacity")
        self.opacity.setRange(0, 100)
        self.opacity.setValue(DEFAULT_OPACITY)
        self.opacity.setToolTip(translate("BasinPanel", "how much the basins hide the heights below them"))
        self.opacity_label = QLabel()
        self.opacity_label.setMinimumWidth(self.opacity_label.fontMetrics().horizontalAdvance("100 %") + 4)
        self.grid = QComboBox()
        self.grid.setObjectName("basin_grid")
        for n in GRID_SIZES:
            self.grid.addItem(f"{n} × {n}", n)
        self.grid.setCurrentIndex(GRID_SIZES.index(DEFAULT_GRID))
        self.grid.setToolTip(translate("BasinPanel", "starts per side of the map's range (a coarse {preview} × "
                                       "{preview} map shows first)").format(preview=COARSE_GRID))
        self.steps = QLineEdit(str(DEFAULT_STEPS))
        self.steps.setObjectName("basin_steps")
        self.steps.setMaximumWidth(80)
        self.steps.setToolTip(translate("BasinPanel", "at most this many steps from each start (1 to {limit}); "
                                        "Return computes").format(limit=MAX_STEPS))
        self.steps_error = QLabel()
        self.steps_error.setObjectName("error_basin_steps")
        self.steps_error.setWordWrap(True)
        self.steps_error.setTextFormat(Qt.PlainText)  # it quotes what was typed
        self.steps_error.setVisible(False)
        self.compute_button = QPushButton(translate("BasinPanel", "Compute"))
        self.compute_button.setObjectName("basin_compute")
        self.compute_button.setToolTip(translate("BasinPanel", "Map the basins for the function, range and selected "
                                                 "run shown now"))
        self.cancel_button = QPushButton(translate("BasinPanel", "Cancel"))
        self.cancel_button.setObjectName("basin_cancel")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("basin_progress")
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(14)
        self.run_label = QLabel()
        self.run_label.setObjectName("basin_run")
        self.run_label.setWordWrap(True)
        self.run_label.setStyleSheet("color: #9aa3b2;")
        self.status = QLabel()
        self.status.setObjectName("basin_status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.RichText)
        self.legend = QTableWidget(0, 5)
        self.legend.setObjectName("basin_legend")
        self.legend.setHorizontalHeaderLabels(["", "x", "y", "f", translate("BasinPanel", "starts")])
        self.legend.horizontalHeaderItem(4).setToolTip(translate("BasinPanel",
                                                                 "the share of the starts that end in this minimum"))
        self.legend.verticalHeader().setVisible(False)
        self.legend.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.legend.setSelectionMode(QAbstractItemView.NoSelection)
        self.legend.setFocusPolicy(Qt.NoFocus)
        header = self.legend.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)  # sized once per legend: per cell costs 1 ms a cell
        header.setStretchLastSection(True)
        self.legend.verticalHeader().setDefaultSectionSize(self.legend.fontMetrics().height() + 6)
        self.legend.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.legend.setVerticalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.more = QLabel()  # minima past the legend's rows
        self.more.setObjectName("basin_more")
        self.more.setWordWrap(True)
        self.more.setVisible(False)
        self.unlabelled = QLabel()
        self.unlabelled.setObjectName("basin_unlabelled")
        self.unlabelled.setWordWrap(True)
        self.unlabelled_swatch = QLabel()
        self.unlabelled_swatch.setPixmap(swatch(-1).pixmap(SWATCH, SWATCH))
        self.note = QLabel(translate("BasinPanel", "Colour: the minimum a start ends in (a dot marks it); darker: "
                                     "more steps to get there. Hatched: {unlabelled} (diverged, f undefined, out of "
                                     "steps, or stopped on a saddle). Colours repeat after {colours} minima.").format(
            unlabelled=tr_message(UNLABELLED_TEXT), colours=len(PALETTE)))
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #9aa3b2; font-size: small;")

        grid = QGridLayout()
        grid.setContentsMargins(4, 4, 4, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.toggle, 0, 0, 1, 4)
        grid.addWidget(QLabel(translate("BasinPanel", "opacity")), 1, 0)
        opacity_row = QHBoxLayout()
        opacity_row.addWidget(self.opacity, 1)
        opacity_row.addWidget(self.opacity_label)
        grid.addLayout(opacity_row, 1, 1, 1, 3)
        grid.addWidget(QLabel(translate("BasinPanel", "grid")), 2, 0)
        grid.addWidget(self.grid, 2, 1)
        grid.addWidget(QLabel(translate("BasinPanel", "steps")), 2, 2, Qt.AlignRight)
        grid.addWidget(self.steps, 2, 3)
        grid.addWidget(self.steps_error, 3, 0, 1, 4)
        buttons = QHBoxLayout()
        buttons.addWidget(self.compute_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 4, 0, 1, 4)
        grid.addWidget(self.progress, 5, 0, 1, 4)
        grid.setColumnStretch(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(4)
        layout.addLayout(grid)
        for widget in (self.run_label, self.status):
            widget.setContentsMargins(4, 0, 4, 0)
            layout.addWidget(widget)
        layout.addWidget(self.legend)
        self.more.setContentsMargins(8, 0, 4, 0)
        layout.addWidget(self.more)
        unlabelled_row = QHBoxLayout()
        unlabelled_row.setContentsMargins(8, 0, 4, 0)
        unlabelled_row.addWidget(self.unlabelled_swatch, 0, Qt.AlignTop)
        unlabelled_row.addWidget(self.unlabelled, 1)
        layout.addLayout(unlabelled_row)
        self.note.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.note)
        layout.addStretch(1)

        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._auto_compute)
        self.toggle.toggled.connect(self.toggle_action.setChecked)
        self.toggle_action.toggled.connect(self._on_toggled)
        self.opacity.valueChanged.connect(self._on_opacity)
        self.grid.currentIndexChanged.connect(lambda _: self._recompute_if_shown())
        self.steps.returnPressed.connect(self.compute)
        self.steps.textEdited.connect(lambda _: self._check_steps())
        self.compute_button.clicked.connect(self.compute)
        self.cancel_button.clicked.connect(self.cancel)
        self.jobs.progress.connect(self._on_progress)
        self.jobs.finished.connect(self._on_finished)
        self.jobs.failed.connect(self._on_failed)
        self.jobs.cancelled.connect(self._on_cancelled)
        self.session.landscapeChanged.connect(self._on_context)
        self.session.runsChanged.connect(self._on_context)
        self.session.selectionChanged.connect(lambda _: self._on_context())
        self._on_opacity(self.opacity.value())
        self._show_legend(None)
        self._describe_run()
        self.status.setText(translate("BasinPanel", "Tick “{toggle}” to see which minimum each start reaches.").format(
            toggle=self.toggle.text()))

    # -- state ----------------------------------------------------------------------------------
    @property
    def enabled(self) -> bool:
        return self.toggle_action.isChecked()

    @property
    def running(self) -> bool:
        return self.jobs.running(KIND)

    def _check_steps(self) -> int | None:
        """The steps typed, or None with the reason beside the field."""
        text = self.steps.text().strip()
        try:
            steps = int(text)
            message = "" if 1 <= steps <= MAX_STEPS else translate(
                "BasinPanel", "steps must be from 1 to {limit}, got {steps}").format(limit=MAX_STEPS, steps=steps)
        except ValueError:
            steps, message = None, translate("BasinPanel", "steps must be a whole number from 1 to {limit}, got "
                                             "“{text}”").format(limit=MAX_STEPS, text=text)
        self.steps_error.setStyleSheet(f"color: {theme.error_colour(self.palette())}; font-size: small;")
        self.steps_error.setText(message)
        self.steps_error.setVisible(bool(message))
        theme.mark_error(self.steps, bool(message))
        return None if message else steps

    def _request(self, steps: int = DEFAULT_STEPS) -> BasinRequest | None:
        """The map the window asks for now (None: no 2-D function or no run)."""
        land, run = self.session.landscape, self.session.selected_run
        if land is None or land.dim != 2 or run is None:
            return None
        s = run.settings
        noise = s.noise if s.noise is not None else s.spec.default_noise
        return BasinRequest(land.objective.key, land.objective.source, tuple(land.x_range), tuple(land.y_range),
                            s.optimizer, tuple(sorted((k, float(v)) for k, v in s.hyperparameters.items())),
                            bool(noise), int(self.grid.currentData()), steps)

    def _context(self) -> tuple | None:
        request = self._request()
        return None if request is None else request.context

    # -- switching ------------------------------------------------------------------------------
    def _on_toggled(self, on: bool) -> None:
        with QSignalBlocker(self.toggle):
            self.toggle.setChecked(on)
        if not on:
            self._settle.stop()
            if self.running:
                self.cancel()
            self.layer.set_shown(False)
            return
        self._user_cancelled = None
        current = self.outcome is not None and self.outcome.request.context == self._context()
        self.layer.set_shown(current)
        if not (current and self.outcome.final) and not self.running:
            self.compute()

    def _on_opacity(self, value: int) -> None:
        self.opacity_label.setText(f"{value} %")
        self.layer.set_opacity(value / 100.0)

    def _recompute_if_shown(self) -> None:
        if self.enabled:
            self.compute()

    # -- computing ------------------------------------------------------------------------------
    def compute(self) -> bool:
        """Map the basins of what is shown now (turning the overlay on); False, with the reason
        beside the field or in the status, when nothing was submitted."""
        self._settle.stop()
        steps = self._check_steps()
        if steps is None:
            return False
        request = self._request(steps)
        if request is None:
            land = self.session.landscape
            self.status.setText(translate("BasinPanel", "No function yet.") if land is None
                                else translate("BasinPanel", "Basins need a function of x and y."))
            return False
        if not hasattr(self.session.objective, "expr"):  # the Data mode's loss over (w, b)
            self.status.setText(translate("BasinPanel", "Basins are mapped for a typed function: switch to the "
                                          "Function tab."))
            return False
        if not self.enabled:
            with QSignalBlocker(self.toggle_action):
                self.toggle_action.setChecked(True)
            with QSignalBlocker(self.toggle):
                self.toggle.setChecked(True)
        self._user_cancelled = None
        expr = self.session.objective.expr

        def coarse(progress):  # (its texts are translated here, in the worker: translate is thread-safe)
            progress(0.0, translate("BasinPanel", "compiling the batch kernel…"))
            batch.compile_batch(expr, request.optimizer)  # a second or two the first time, then loaded
            grid = min(COARSE_GRID, request.grid)
            return compute_outcome(request, expr, grid, grid == request.grid, lambda f, text: progress(
                0.2 + 0.8 * f, translate("BasinPanel", "coarse map: {progress}").format(progress=tr_message(text))))

        compiling = batch.ready(expr, request.optimizer) is None
        self._submit(request, coarse, 0.0, COARSE_SHARE)
        if compiling:  # no fraction to report while numba compiles: a busy bar
            self.progress.setRange(0, 0)
        preview = min(COARSE_GRID, request.grid)
        self.status.setText((translate("BasinPanel", "Compiling the batch kernel for this function and optimizer "
                                       "(seconds, the first time); ") if compiling else "")
                            + translate("BasinPanel", "mapping {grid} × {grid} starts, {steps} steps each (a {preview} "
                                        "× {preview} preview first)…").format(grid=request.grid, steps=request.steps,
                                                                             preview=preview))
        return True

    def _submit(self, request: BasinRequest, job, low: float, high: float) -> None:
        self._share = (low, high)
        self._submitting = True
        try:
            self.jobs.submit(KIND, job)  # a pending map is cancelled first
        finally:
            self._submitting = False
        self.pending = request
        self.compute_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(int(round(low * PROGRESS_STEPS)))

    def cancel(self) -> None:
        if self.pending is not None:
            self._user_cancelled = self.pending.context
        self.jobs.cancel(KIND)

    def _idle(self) -> None:
        self.pending = None
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setValue(0)
        self.progress.setToolTip("")
        self.compute_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _on_progress(self, kind: str, fraction: float, text: str) -> None:
        if kind == KIND and self.pending is not None:
            if fraction > 0:
                self.progress.setRange(0, PROGRESS_STEPS)
            low, high = self._share
            self.progress.setValue(int(round((low + (high - low) * fraction) * PROGRESS_STEPS)))
            self.progress.setToolTip(text)

    def _on_finished(self, kind: str, outcome: object) -> None:
        if kind != KIND or not isinstance(outcome, BasinOutcome):
            return
        request = outcome.request
        if request != self.pending or request.context != self._context():
            return  # stale (the runner drops cancelled work; belt and braces)
        self._draw(outcome)
        if outcome.final:
            self._idle()
            self.status.setText(self._summary(outcome))
            return
        expr = self.session.objective.expr

        def full(progress):
            return compute_outcome(request, expr, request.grid, True, lambda f, text: progress(f, tr_message(text)))

        self._submit(request, full, COARSE_SHARE, 1.0)
        self.status.setText(translate("BasinPanel", "Showing the {preview} × {preview} preview; mapping {grid} × "
                                      "{grid} starts…").format(preview=outcome.grid, grid=request.grid))

    def _on_failed(self, kind: str, message: str) -> None:
        if kind == KIND:
            self._idle()
            failed = translate("BasinPanel", "The basin map failed: {error}").format(
                error=html.escape(message.splitlines()[0]))
            self.status.setText(f"<span style='color:{theme.error_colour(self.palette())}'>{failed}</span>")

    def _on_cancelled(self, kind: str) -> None:
        if kind != KIND or self._submitting or self.pending is None or self.running:
            return
        if self.pending.context != self._context():
            return  # a new landscape cancelled it: _on_context says why
        by_user = self._user_cancelled == self.pending.context
        self._idle()
        if not by_user:  # the same map, interrupted by a landscape that changed nothing it depends on
            self.status.setText(translate("BasinPanel", "Interrupted by a new landscape; mapping again…"))
            return
        preview = self.outcome is not None and not self.outcome.final
        self.status.setText(translate("BasinPanel", "Cancelled: the map shows the {preview} × {preview} preview. "
                                      "Compute maps it again.").format(preview=self.outcome.grid) if preview
                            else translate("BasinPanel", "Cancelled. Compute maps it again."))

    # -- a new function, range or run ---------------------------------------------------------
    def _on_context(self) -> None:
        self._describe_run()
        land = self.session.landscape
        one_d = land is not None and land.dim != 2
        # 1-D: no map to colour; the View menu names what the docks show (never "map" in 1-D)
        self.toggle_action.setText(translate("BasinPanel", ACTION_TEXT_1D) if one_d
                                   else translate("BasinPanel", ACTION_TEXT))
        self.toggle_action.setEnabled(not one_d)
        context = self._context()
        reason = None
        if self.pending is not None and self.pending.context != context:
            reason = self._why_stale(self.pending, context)
            self.jobs.cancel(KIND)  # a landscape change has cancelled it already; a run change not
            self._idle()
        if self.outcome is not None and self.outcome.request.context != context:
            reason = self._why_stale(self.outcome.request, context)
            self.outcome = None
            self.layer.clear()
            self._show_legend(None)
        if reason is not None:
            again = (translate("BasinPanel", "Stale: {reason}; the basin map was cleared. It is mapped again once "
                               "the changes settle.") if self.enabled and context is not None
                     else translate("BasinPanel", "Stale: {reason}; the basin map was cleared. Compute maps it again."))
            self.status.setText(again.format(reason=reason))
        if context is None and self.enabled and self.session.landscape is not None:
            self.status.setText(translate("BasinPanel", "Basins need a function of x and y."))
        if (self.enabled and context is not None and not self.running and context != self._user_cancelled
                and not (self.outcome is not None and self.outcome.final)):
            self._settle.start()

    def _auto_compute(self) -> None:
        if self.enabled and not self.running:
            self.compute()

    def _why_stale(self, old: BasinRequest, context: tuple | None) -> str:
        land = self.session.landscape
        if context is None:
            return (translate("BasinPanel", "the function has no y") if land is not None and land.dim != 2
                    else translate("BasinPanel", "no function"))
        key, x_range, y_range, optimizer, _ = context
        if key != old.key:
            return translate("BasinPanel", "a new function")
        if (x_range, y_range) != (old.x_range, old.y_range):
            return translate("BasinPanel", "a new range")
        if optimizer != old.optimizer:
            return translate("BasinPanel", "another optimizer")
        return translate("BasinPanel", "the optimizer's settings changed")

    # -- drawing ----------------------------------------------------------------------------------
    def _draw(self, outcome: BasinOutcome) -> None:
        self.outcome = outcome
        bm = outcome.basins
        self.layer.set_map(outcome.rgba, outcome.rect, bm.minima, [label_colour(k) for k in range(len(bm.minima))])
        self.layer.set_shown(self.enabled)
        self._show_legend(outcome)

    def _show_legend(self, outcome: BasinOutcome | None) -> None:
        """A row per minimum (swatch, x, y, f, share of starts) in the table; below it, the share
        that found none, with its hatched swatch."""
        minima = outcome.rows[:-1] if outcome is not None else []
        rows = minima[:LEGEND_MAX_ROWS]
        self.legend.setUpdatesEnabled(False)
        self.legend.setRowCount(len(rows))
        for r, row in enumerate(rows):
            tip = translate("BasinPanel", "{minimum} ({count} starts)").format(minimum=row.text, count=row.count)
            cells = [f"{row.x:.5g}", f"{row.y:.5g}", f"{row.f:.3g}", format_share(row.share)]  # all digits in the tip
            first = QTableWidgetItem(swatch(row.label), "")
            first.setToolTip(tip)
            self.legend.setItem(r, 0, first)
            for c, text in enumerate(cells, start=1):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                item.setToolTip(tip)
                self.legend.setItem(r, c, item)
        self.legend.resizeColumnsToContents()
        self.legend.setUpdatesEnabled(True)
        header = self.legend.horizontalHeader()  # all columns in sight: the panel scrolls sideways if it must
        needed = sum(max(self.legend.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(header.count()))
        scroll_bar = self.legend.verticalScrollBar().sizeHint().width() if len(rows) > LEGEND_ROWS_SHOWN else 0
        self.legend.setMinimumWidth(needed + 2 * self.legend.frameWidth() + scroll_bar)
        shown = min(max(len(rows), 1), LEGEND_ROWS_SHOWN)  # more rows scroll inside the table
        frame = 2 * self.legend.frameWidth() + header.sizeHint().height()
        self.legend.setFixedHeight(frame + shown * self.legend.verticalHeader().defaultSectionSize())
        self.legend.setVisible(bool(rows))
        self.more.setVisible(len(minima) > len(rows))
        if len(minima) > len(rows):
            share = sum(row.share for row in minima[len(rows):])
            self.more.setText(translate("BasinPanel", "… and {more} more minima ({share} of the starts): the first "
                                        "{listed} by f, then x, then y are listed").format(
                more=len(minima) - len(rows), share=format_share(share), listed=len(rows)))
        self.unlabelled.setVisible(outcome is not None)
        self.unlabelled_swatch.setVisible(outcome is not None)
        if outcome is not None:
            missing = outcome.rows[-1]
            text = (translate("BasinPanel", "{unlabelled}: {share} ({reasons})") if missing.count
                    else translate("BasinPanel", "{unlabelled}: {share}"))
            self.unlabelled.setText(text.format(unlabelled=tr_message(UNLABELLED_TEXT), share=format_share(missing.share),
                                                reasons=reasons_shown(outcome.basins) if missing.count else ""))
            self.unlabelled.setToolTip(translate("BasinPanel", "{count} of {total} starts found no minimum").format(
                count=missing.count, total=outcome.basins.label.size))

    def _summary(self, outcome: BasinOutcome) -> str:
        request, bm = outcome.request, outcome.basins
        found = len(bm.minima)
        text = (translate("BasinPanel", "{grid} × {grid} starts, at most {steps} steps: {found} minimum found in "
                          "{seconds:.2f} s.") if found == 1 else
                translate("BasinPanel", "{grid} × {grid} starts, at most {steps} steps: {found} minima found in "
                          "{seconds:.2f} s.")).format(grid=outcome.grid, steps=request.steps, found=found,
                                                      seconds=outcome.seconds)
        if unlabelled_reasons(bm)["out of steps"] > bm.label.size / 2:
            gtol = f"{GTOL:.0e}".replace("e-0", "e-")
            text += translate("BasinPanel", " Most starts ran out of steps before |∇f| fell below {gtol}: more steps "
                              "or a larger learning rate may reach a minimum.").format(gtol=gtol)
        return text

    def _describe_run(self) -> None:
        request = self._request()
        self.run_label.setText(translate("BasinPanel", "From each start: the selected run's {run}").format(
            run=request.describe_run()) if request is not None else translate(
            "BasinPanel", "From each start: the selected run's optimizer (for a function of x and y)."))

    # -- for tests and tools ----------------------------------------------------------------------
    def legend_texts(self) -> list[list[str]]:
        """The legend's cells as shown, row by row (the swatch column left out)."""
        return [[self.legend.item(r, c).text() if self.legend.item(r, c) else "" for c in range(1, 5)]
                for r in range(self.legend.rowCount())]
