"""The Hessian panel (issue 10.4): second derivatives at the selected run's current point.

It shows :func:`gdexplorer.core.critical.hessian_report` at ``trajectory.points[-1]``: the Hessian H
(2x2, or 1x1 for a function of x alone) as a small table, its eigenvalues and eigenvectors, the
condition number max|λ|/min|λ|, the point's kind (minimum, maximum, saddle, degenerate), and the
exact gradient (reverse mode) beside seed 001's central-difference gradient, with their difference.
On the 2-D map it can draw the eigenvectors as two axes through the point (a check box here; the
map's :meth:`~gdexplorer.ui.views.map2d.ContourMapView.set_eigen_axes` draws them).

One report is a handful of tape evaluations (well under a millisecond), so it is computed on the UI
thread, at most ~8 times a second while runs play (:class:`~gdexplorer.ui.throttle.Throttled`).
"""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QFormLayout, QHeaderView, QLabel, QSizePolicy, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from gdexplorer.app.i18n import translate
from gdexplorer.core.critical import hessian_report
from gdexplorer.ui.throttle import TEXT_INTERVAL_MS, Throttled
from gdexplorer.ui.views.critical import kind_name

#: the longer eigenvector axis is this fraction of the smaller side of the plotted range
AXIS_FRACTION = 0.15
#: the shorter axis is never drawn shorter than this fraction of the longer (a near-zero λ)
AXIS_FLOOR = 0.04
CENTRAL_DIFFERENCE_STEP = 1e-4  # seed 001's h
AXES_NOTE_TEMPLATE = QT_TRANSLATE_NOOP(
    "HessianPanel", "Axes: half-length ∝ 1/√|λ| (the shape of a level curve of the quadratic model), the longer "
    "{fraction:.0%} of the plotted range's smaller side; colours as the λ labels.")
AXES_NOTE = AXES_NOTE_TEMPLATE.format(fraction=AXIS_FRACTION)  # in English
SUBSCRIPTS = "₁₂"
NAMES = ("x", "y")


def number(v: float) -> str:
    """A value as the panel shows it: 6 significant digits."""
    return f"{float(v):.6g}"


def vector(v) -> str:
    return "(" + ", ".join(number(x) for x in np.ravel(v)) + ")"


def axis_half_lengths(eigenvalues, length: float) -> list[float]:
    """Half-lengths ∝ 1/√|λ|, the longest ``length`` (the smallest |λ|), none below AXIS_FLOOR of it."""
    lam = np.abs(np.asarray(eigenvalues, dtype=float))
    if not np.all(np.isfinite(lam)) or lam.max() == 0.0:
        return [length] * lam.size
    smallest = lam.min()
    return [length * max(math.sqrt(smallest / v) if v > 0 else 1.0, AXIS_FLOOR) for v in lam]


def _table(name: str) -> QTableWidget:
    table = QTableWidget()
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.ContiguousSelection)  # copy numbers out
    table.setFocusPolicy(Qt.NoFocus)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    table.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
    return table


def _fit_height(table: QTableWidget) -> None:
    table.resizeColumnsToContents()
    table.resizeRowsToContents()
    height = table.horizontalHeader().height() + sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(height + 2 * table.frameWidth())


class HessianPanel(QWidget):
    """H, its eigen-decomposition, the condition number and the gradients at the selected run's
    current point. ``report`` is the last :func:`hessian_report` shown (None when there is no point)."""

    FIELDS = ("point", "kind", "eigenvalues", "eigenvectors", "condition")

    def __init__(self, explorer, parent=None, map_view=None):
        super().__init__(parent)
        self.explorer = explorer
        self.session = explorer.session
        self.map_view = None  # the ContourMapView the axes are drawn on
        self.report: dict | None = None
        self.title = QLabel()
        self.title.setObjectName("hessian_title")
        self.title.setWordWrap(True)
        self.matrix = _table("hessian_matrix")
        self.matrix.setToolTip(translate("HessianPanel", "H = ∇²f at the point (exact, from the expression's tape)"))
        self.form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        titles = {"point": "θ", "kind": translate("HessianPanel", "kind (by λ)"),
                  "eigenvalues": translate("HessianPanel", "eigenvalues λ"),
                  "eigenvectors": translate("HessianPanel", "eigenvectors"),
                  "condition": translate("HessianPanel", "condition max|λ|/min|λ|")}
        for name in self.FIELDS:
            label = QLabel()
            label.setObjectName(f"hessian_{name}")
            label.setTextInteractionFlags(Qt.TextSelectableByMouse)
            label.setWordWrap(True)
            self.form.addRow(titles[name], label)
            self.values[name] = label
        self.gradients = _table("hessian_gradients")
        self.gradients.setColumnCount(3)
        self.gradients.setHorizontalHeaderLabels([translate("HessianPanel", "exact"),
                                                  translate("HessianPanel", "central"),
                                                  translate("HessianPanel", "exact − central")])
        self.gradients.setToolTip(translate("HessianPanel", "seed 001's check: the exact gradient (reverse mode) "
                                            "beside the central difference (f(θ+h·e) − f(θ−h·e)) / 2h, and their "
                                            "difference"))
        self.axes_toggle = QCheckBox(translate("HessianPanel", "eigenvector axes on the 2D map"))
        self.axes_toggle.setObjectName("hessian_axes_toggle")
        self.axes_note = QLabel(translate("HessianPanel", AXES_NOTE_TEMPLATE).format(fraction=AXIS_FRACTION))
        self.axes_note.setObjectName("hessian_axes_note")
        self.axes_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(QLabel("<b>" + translate("HessianPanel", "Hessian H") + "</b>"))
        layout.addWidget(self.matrix)
        layout.addLayout(self.form)
        gradient_title = QLabel(translate("HessianPanel", "<b>gradient</b>: exact (reverse mode) beside seed 001's "
                                          "central difference (h = {h:g})").format(h=CENTRAL_DIFFERENCE_STEP))
        gradient_title.setWordWrap(True)
        layout.addWidget(gradient_title)
        layout.addWidget(self.gradients)
        layout.addWidget(self.axes_toggle)
        layout.addWidget(self.axes_note)
        layout.addStretch(1)

        self.throttled_refresh = Throttled(self.refresh, TEXT_INTERVAL_MS, self)
        self.session.trajectoriesChanged.connect(self.throttled_refresh)
        self.session.selectionChanged.connect(lambda _: self.refresh())
        self.session.runsChanged.connect(self.refresh)
        self.session.landscapeChanged.connect(self.refresh)
        self.axes_toggle.toggled.connect(lambda _: self._draw_axes())
        if map_view is not None:
            self.set_map(map_view)
        self.refresh()

    def set_map(self, map_view) -> None:
        """Draw the eigenvector axes on ``map_view`` (a ContourMapView) when the box is ticked."""
        if self.map_view is not None:
            self.map_view.set_eigen_axes(None)
        self.map_view = map_view
        self._draw_axes()

    # -- the report ---------------------------------------------------------------------------
    def current_point(self) -> np.ndarray | None:
        """The selected run's current point (its last row), or None (no run, or not finite)."""
        run = self.session.selected_run
        objective = self.session.objective
        if run is None or run.trajectory is None or objective is None:
            return None
        point = np.asarray(run.trajectory.points[-1], dtype=float)[: objective.dim]
        return point if np.all(np.isfinite(point)) else None

    def refresh(self) -> None:
        point = self.current_point()
        run = self.session.selected_run
        objective = self.session.objective
        typed = objective is None or hasattr(objective, "expr")  # the Data mode's loss is not a typed function
        if point is None or not typed:
            self.report = None
            why = (translate("HessianPanel", "the Data mode trains on data; the Hessian panel reports on a typed "
                             "function (Function tab)") if not typed else
                   translate("HessianPanel", "no run selected") if run is None else
                   translate("HessianPanel", "the run's point is not finite (diverged)"))
            self.title.setText(translate("HessianPanel", "No Hessian: {reason}.").format(reason=why))
            self.matrix.setRowCount(0)
            self.matrix.setColumnCount(0)
            self.gradients.setRowCount(0)
            for label in self.values.values():
                label.setText("—")
            self._draw_axes()
            return
        report = hessian_report(self.session.objective.expr, point, h=CENTRAL_DIFFERENCE_STEP)
        self.report = report
        dim = point.size
        steps = len(run.trajectory.points) - 1
        title = (translate("HessianPanel", "Run {run} after {steps} step, f = {f}") if steps == 1 else
                 translate("HessianPanel", "Run {run} after {steps} steps, f = {f}"))
        self.title.setText(title.format(run=self.session.selected + 1, steps=steps, f=number(report['f'])))
        names = NAMES[:dim]
        self.matrix.setRowCount(dim)
        self.matrix.setColumnCount(dim)
        self.matrix.setHorizontalHeaderLabels([f"∂{n}" for n in names])
        self.matrix.setVerticalHeaderLabels([f"∂{n}" for n in names])
        for i in range(dim):
            for j in range(dim):
                self.matrix.setItem(i, j, self._cell(report["hessian"][i, j]))
        _fit_height(self.matrix)
        self.gradients.setRowCount(dim)
        self.gradients.setVerticalHeaderLabels([f"∂f/∂{n}" for n in names])
        for i in range(dim):
            for j, key in enumerate(("gradient", "numerical_gradient", "gradient_difference")):
                self.gradients.setItem(i, j, self._cell(report[key][i]))
        _fit_height(self.gradients)
        lam = report["eigenvalues"]
        self.values["point"].setText(vector(point))
        self.values["kind"].setText(kind_name(report["kind"]))
        self.values["eigenvalues"].setText(", ".join(f"λ{SUBSCRIPTS[k]} = {number(v)}" for k, v in enumerate(lam)))
        self.values["eigenvectors"].setText(", ".join(f"v{SUBSCRIPTS[k]} = {vector(v)}"
                                                      for k, v in enumerate(report["eigenvectors"])))
        cond = report["condition_number"]
        self.values["condition"].setText(translate("HessianPanel", "∞ (some λ = 0)") if math.isinf(cond)
                                         else number(cond))
        self._draw_axes()

    @staticmethod
    def _cell(value: float) -> QTableWidgetItem:
        item = QTableWidgetItem(number(value))
        item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
        item.setToolTip(repr(float(value)))  # every digit
        return item

    # -- the axes on the map ------------------------------------------------------------------
    def axes(self) -> list[tuple]:
        """The eigenvector axes for the map: (centre, unit direction, half-length, label) each."""
        report, land = self.report, self.session.landscape
        if report is None or land is None or land.dim != 2 or not np.all(np.isfinite(report["eigenvalues"])):
            return []
        span = min(land.x_range[1] - land.x_range[0], land.y_range[1] - land.y_range[0])
        halves = axis_half_lengths(report["eigenvalues"], AXIS_FRACTION * span)
        centre = report["point"]
        return [(centre, vec, half, f"λ{SUBSCRIPTS[k]} = {number(lam)}")
                for k, (lam, vec, half) in enumerate(zip(report["eigenvalues"], report["eigenvectors"], halves))]

    def _draw_axes(self) -> None:
        land = self.session.landscape
        self.axes_toggle.setEnabled(land is None or land.dim == 2)
        self.axes_toggle.setToolTip("" if self.axes_toggle.isEnabled()
                                    else translate("HessianPanel", "a function of x alone: no axes to draw"))
        if self.map_view is None:
            return
        self.map_view.set_eigen_axes(self.axes() if self.axes_toggle.isChecked() else None)
