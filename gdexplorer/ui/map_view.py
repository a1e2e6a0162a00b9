"""The 2-D view: heatmap with contour lines, the gradient-arrow field and every run's trajectory.

Left click (or drag the crosshair) sets the selected run's start. For 1-D functions it shows the
curve f(x) with the runs walking on it (the pictures of seed 004) instead. A colour bar gives the
heatmap's f values; cells where f is undefined are hatched grey; a preset's known minima are
starred with their value; a run that leaves the plotted range gets an arrow at the border.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import (
    QCheckBox, QGraphicsItem, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSlider, QStackedWidget, QVBoxLayout,
    QWidget,
)

from gdexplorer.scene.landscape import Landscape, exit_point
from gdexplorer.app.session import Session
from gdexplorer.ui import theme
from gdexplorer.ui.colour_bar import ColourBar
from gdexplorer.ui.throttle import MAP_INTERVAL_MS, Throttled

MAX_MARKERS = 150
ARROW_PENS = ((255, 255, 255, 55), (255, 255, 255, 110), (255, 255, 255, 190))
EXIT_ARROW_INSET = 10  # pixels between a leaving run's arrow tip and the border
HATCH_ZOOM = 4  # hatch pixels per grid cell
PREPARING_TEXT = "Preparing the numerical kernels and the first landscape…"


def minimum_label(f: float, scale_span: float) -> str:
    """'f* = value' with the value as computed; a rounding residue (1e-11 at a minimum of 0 given to
    six decimals) reads as the 0 it is at the landscape's scale."""
    return f"f* = {0.0 if abs(f) < 1e-9 * max(scale_span, 1.0) else f:.4g}"


class MapView(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("map_plot")
        self.plot.setMenuEnabled(False)
        self.plot.showGrid(False, False)
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "x")
        item.setLabel("left", "y")
        item.getAxis("left").enableAutoSIPrefix(False)
        theme.cache_axes(item)
        self.image = pg.ImageItem()  # RGBA: the height colours, transparent where f is undefined
        self.undefined_image = pg.ImageItem()  # grey hatching over the undefined cells
        self.contours = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen((255, 255, 255, 60), width=1), antialias=False)
        self.arrows = [pg.PlotCurveItem(connect="pairs", pen=pg.mkPen(c, width=1.2)) for c in ARROW_PENS]
        self.curve = pg.PlotCurveItem(pen=pg.mkPen(theme.FUNCTION_CURVE, width=2.5), connect="finite")  # 1-D f(x)
        for it in (self.image, self.undefined_image, self.contours, *self.arrows, self.curve):
            item.addItem(it)
        self.image.setZValue(-10)
        self.undefined_image.setZValue(-9)
        # The landscape layers only change with the function: paint them from a pixmap cache so an
        # animation frame repaints the trajectories, not 20k contour segments (software rendering).
        for layer in (self.image, self.undefined_image, self.contours, *self.arrows):
            layer.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self.minima = pg.ScatterPlotItem(symbol="star", size=20, pen=pg.mkPen(theme.MINIMUM_MARKER, width=1.5),
                                         brush=pg.mkBrush(255, 255, 255, 70))
        self.minima.setZValue(15)
        item.addItem(self.minima)
        self.minimum_labels: list[pg.TextItem] = []
        self.exit_arrows: list[pg.ArrowItem] = []  # one per run, shown while its head is outside the range
        self._exit_arrow_styles: dict[int, tuple] = {}  # (angle, colour) each was last styled with
        self.trajectories: list[pg.PlotDataItem] = []
        self.heads = pg.ScatterPlotItem(size=12, pen=pg.mkPen("w", width=1.5))
        self.heads.setZValue(20)
        item.addItem(self.heads)
        self.start_marker = pg.TargetItem(size=16, symbol="crosshair", pen=pg.mkPen("#ffffff", width=2))
        self.start_marker.setZValue(30)
        item.addItem(self.start_marker)
        self.start_marker.sigPositionChanged.connect(self._on_drag)
        self.plot.scene().sigMouseClicked.connect(self._on_click)
        self._syncing = False
        self._y_range = (0.0, 1.0)  # the default y range: y, or f(x) in 1-D
        self.colour_bar = ColourBar()
        self.preparing = QLabel(PREPARING_TEXT)  # until the first landscape: no placeholder axes
        self.preparing.setObjectName("map_preparing")
        self.preparing.setAlignment(Qt.AlignCenter)
        self.preparing.setWordWrap(True)
        self.preparing.setStyleSheet(f"background: {theme.MAP_BACKGROUND}; color: #d0d4dc; font-size: 15px;")
        self.reset_button = QPushButton("Reset view")
        self.reset_button.setObjectName("map_reset_view")
        self.reset_button.setToolTip("Back to the function's x and y range")
        self.reset_button.clicked.connect(self.reset_view)
        self.reset_button.setEnabled(False)  # until there is a landscape to go back to

        self.arrow_toggle = QCheckBox("arrows of ∇f (uphill)")
        self.arrow_toggle.setToolTip("Arrows show −∇f, the direction gradient descent steps; tick to show ∇f")
        self.arrow_density = QSlider(Qt.Horizontal)
        self.arrow_density.setRange(6, 50)
        self.arrow_density.setValue(session.arrow_density)
        self.arrow_density.setToolTip("arrows per axis")
        self.arrow_density.setMaximumWidth(160)
        self.arrow_legend = QLabel()
        self.arrow_legend.setObjectName("arrow_legend")
        self.arrow_legend.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.arrow_toggle.toggled.connect(lambda on: session.set_arrow_field(sign=1 if on else -1))
        self.arrow_density.valueChanged.connect(lambda v: session.set_arrow_field(density=v))
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 0, 4, 0)
        bar.addWidget(self.arrow_legend, 1)
        bar.addSpacing(12)
        bar.addWidget(QLabel("density"))
        bar.addWidget(self.arrow_density)
        bar.addWidget(self.arrow_toggle)
        bar.addWidget(self.reset_button)
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.plot, 1)
        row.addWidget(self.colour_bar)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.preparing)
        self.stack.addWidget(page)
        self.plot_page = page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bar)

        session.landscapeChanged.connect(self.update_landscape)
        self.throttled_trajectories = Throttled(self.update_trajectories, MAP_INTERVAL_MS, self)
        session.trajectoriesChanged.connect(self.throttled_trajectories)
        session.runsChanged.connect(self.update_trajectories)
        session.selectionChanged.connect(lambda _: self.update_trajectories())

    # -- landscape ----------------------------------------------------------------------------
    def update_landscape(self) -> None:
        land = self.session.landscape
        if land is None:
            return
        self.stack.setCurrentWidget(self.plot_page)
        self.reset_button.setEnabled(True)
        item = self.plot.getPlotItem()
        (x0, x1), (y0, y1) = land.x_range, land.y_range
        one_d = land.dim == 1
        self.image.setVisible(not one_d)
        self.undefined_image.setVisible(not one_d and land.has_undefined)
        self.contours.setVisible(not one_d)
        self.curve.setVisible(one_d)
        self.colour_bar.setVisible(not one_d)
        if one_d:
            self.curve.setData(land.xs, np.where(np.isfinite(land.f), land.f, np.nan))  # gaps where undefined
            item.setLabel("left", "f(x)")
            finite = land.f[np.isfinite(land.f)]
            fmin, fmax = (finite.min(), finite.max()) if finite.size else (0.0, 1.0)
            pad = 0.08 * (fmax - fmin or 1.0)
            self._y_range = (float(fmin - pad), float(fmax + pad))
        else:
            self.image.setImage(theme.height_rgba(land.heights), autoLevels=False)
            self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
            if land.has_undefined:
                self.undefined_image.setImage(theme.undefined_hatch(land.undefined, HATCH_ZOOM), autoLevels=False)
                self.undefined_image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
            self.contours.setData(land.contours[:, 0], land.contours[:, 1]) if len(land.contours) else self.contours.clear()
            item.setLabel("left", "y")
            self._y_range = (y0, y1)
            self.colour_bar.set_scale(land.scale, land.has_undefined)
        self.reset_view()
        self._show_minima(land)
        field = land.gradient_field
        for curve, seg in zip(self.arrows, field.segments):
            if len(seg):
                curve.setData(seg[:, 0], seg[:, 1])
            else:
                curve.clear()
        low, high = field.magnitude_range
        sign = "∇f" if field.sign > 0 else "−∇f"
        self.arrow_legend.setText(f"→ {sign} (unit length), faint to bright: |∇f| {low:.2g} … {high:.2g}")
        self.arrow_legend.setToolTip(self.arrow_legend.text())  # the bar may be too narrow for all of it
        self.update_trajectories()

    def reset_view(self) -> None:
        """Show the landscape's whole x range (and y range, or f's range in 1-D) again."""
        land = self.session.landscape
        if land is None:
            return
        self.plot.getPlotItem().setRange(xRange=land.x_range, yRange=self._y_range, padding=0)

    def _show_minima(self, land: Landscape) -> None:
        """Star each known minimum of a preset, labelled with f there (computed with the landscape)."""
        item = self.plot.getPlotItem()
        while len(self.minimum_labels) < len(land.minima):
            label = pg.TextItem(color=theme.MINIMUM_MARKER, anchor=(-0.08, 1.1), fill=pg.mkBrush(22, 24, 29, 170))
            label.setZValue(16)
            item.addItem(label)
            self.minimum_labels.append(label)
        span = land.scale.high - land.scale.low
        xs = [x for x, _, _ in land.minima]
        ys = [f if land.dim == 1 else y for _, y, f in land.minima]
        self.minima.setData(xs, ys)
        for label, (x, y, f) in zip(self.minimum_labels, land.minima):
            label.setText(minimum_label(f, span))
            label.setPos(x, f if land.dim == 1 else y)
            label.setVisible(True)
        for label in self.minimum_labels[len(land.minima):]:
            label.setVisible(False)

    # -- runs ---------------------------------------------------------------------------------
    def _trajectory_item(self, index: int) -> pg.PlotDataItem:
        while len(self.trajectories) <= index:
            it = pg.PlotDataItem()
            it.setZValue(10)
            self.plot.getPlotItem().addItem(it)
            self.trajectories.append(it)
        return self.trajectories[index]

    def update_trajectories(self) -> None:
        session = self.session
        one_d = session.dim == 1
        spots = []
        for i, run in enumerate(session.runs):
            it = self._trajectory_item(i)
            traj = run.trajectory
            if traj is None or not run.settings.visible:
                it.setVisible(False)
                continue
            it.setVisible(True)
            colour = run.settings.colour
            width = 3 if i == session.selected else 2
            xs = traj.points[:, 0]
            ys = traj.f if one_d else traj.points[:, 1]
            # a marker per step while they can be told apart; long runs get a plain line (and stay fast)
            markers = dict(symbol="o", symbolSize=5, symbolBrush=colour, symbolPen=None) if len(xs) <= MAX_MARKERS else {}
            it.setData(xs, ys, pen=pg.mkPen(colour, width=width), **markers)
            if not markers:
                it.setSymbol(None)
            diverged = traj.status != "ok"
            spots.append({
                "pos": (xs[-1], ys[-1]), "brush": pg.mkBrush(colour),
                "symbol": "x" if diverged else "o", "size": 16 if diverged else 12,
            })
        for it in self.trajectories[len(session.runs):]:
            it.setVisible(False)
        self.heads.setData(spots)
        self._update_exit_arrows()
        self._sync_start_marker()

    def _exit_arrow(self, index: int) -> pg.ArrowItem:
        while len(self.exit_arrows) <= index:
            arrow = pg.ArrowItem(headLen=20, headWidth=16, tailLen=14, tailWidth=6, pen=pg.mkPen("#ffffff", width=1.5))
            arrow.setZValue(25)
            arrow.setVisible(False)
            self.plot.getPlotItem().addItem(arrow)
            self.exit_arrows.append(arrow)
        return self.exit_arrows[index]

    def _update_exit_arrows(self) -> None:
        """An arrow in the run's colour where its head left the plotted range, pointing the way it
        went: from each run's last two points only, so a frame costs O(runs)."""
        land = self.session.landscape
        one_d = land is not None and land.dim == 1
        for i, run in enumerate(self.session.runs):
            arrow = self._exit_arrow(i)
            traj = run.trajectory
            out = None
            if land is not None and traj is not None and run.settings.visible:
                if one_d:
                    last = np.column_stack([traj.points[-2:, 0], traj.f[-2:]])
                    out = exit_point(last, land.x_range, (-np.inf, np.inf))
                else:
                    out = exit_point(traj.points[-2:], land.x_range, land.y_range)
            arrow.setVisible(out is not None)
            if out is None:
                continue
            x, y, angle = out
            if one_d:  # the border is x's; the arrow stays on screen at the height it left
                angle = 0.0 if x >= land.x_range[1] else 180.0
                y = float(np.clip(y, *self._y_range)) if np.isfinite(y) else self._y_range[1 if y > 0 else 0]
            style = (round(self._screen_angle(angle), 1), run.settings.colour)
            if self._exit_arrow_styles.get(i) != style:  # restyling rebuilds the arrow's path
                arrow.setStyle(angle=style[0], brush=pg.mkBrush(style[1]))
                self._exit_arrow_styles[i] = style
            arrow.setPos(*self._inset(x, y))
        for arrow in self.exit_arrows[len(self.session.runs):]:
            arrow.setVisible(False)

    def _inset(self, x: float, y: float) -> tuple[float, float]:
        """The arrow's tip moved inside the view by half an arrow head, so no part of it is cut off
        at the border (or at a corner)."""
        (x0, x1), (y0, y1) = self.plot.getPlotItem().getViewBox().viewRange()
        px, py = self.plot.getPlotItem().getViewBox().viewPixelSize()
        mx, my = min(EXIT_ARROW_INSET * px, (x1 - x0) / 2), min(EXIT_ARROW_INSET * py, (y1 - y0) / 2)
        return float(np.clip(x, x0 + mx, x1 - mx)), float(np.clip(y, y0 + my, y1 - my))

    def _screen_angle(self, angle: float) -> float:
        """pg.ArrowItem's angle (0 points left, clockwise on screen) for a direction of travel given
        counter-clockwise from +x in data coordinates; the axes' scales differ, so go through pixels."""
        px, py = self.plot.getPlotItem().getViewBox().viewPixelSize()
        dx, dy = np.cos(np.radians(angle)) / (px or 1.0), np.sin(np.radians(angle)) / (py or 1.0)
        return float(np.degrees(np.arctan2(dy, -dx)))

    def _sync_start_marker(self) -> None:
        run = self.session.selected_run
        self.start_marker.setVisible(run is not None and self.session.landscape is not None)
        if run is None:
            return
        x, y = run.settings.start
        if self.session.dim == 1:
            traj = run.trajectory
            y = float(traj.f[0]) if traj is not None else 0.0
        self._syncing = True
        try:
            self.start_marker.setPos(x, y)
        finally:
            self._syncing = False

    # -- start point by mouse -----------------------------------------------------------------
    def _set_start_from_view(self, x: float, y: float) -> None:
        land = self.session.landscape
        if land is None:
            return
        if land.dim == 1:
            self.session.set_start(x, 0.0)
        else:
            self.session.set_start(x, y)

    def _on_click(self, event) -> None:
        if event.button() != Qt.LeftButton or event.double():
            return
        vb = self.plot.getPlotItem().getViewBox()
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        p = vb.mapSceneToView(event.scenePos())
        self._set_start_from_view(p.x(), p.y())

    def _on_drag(self, marker) -> None:
        if self._syncing:
            return
        p = marker.pos()
        self._set_start_from_view(p.x(), p.y())

    def view_to_widget(self, x: float, y: float):
        """Widget (viewport) coordinates of a data point: for tests and tools."""
        vb = self.plot.getPlotItem().getViewBox()
        scene = vb.mapViewToScene(pg.Point(x, y))
        return self.plot.mapFromScene(scene)
