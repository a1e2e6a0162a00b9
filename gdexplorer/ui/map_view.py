"""The 2-D view: heatmap with contour lines, the gradient-arrow field and every run's trajectory.

Left click (or drag the crosshair) sets the selected run's start. For 1-D functions it shows the
curve f(x) with the runs walking on it (the pictures of seed 004) instead.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QCheckBox, QGraphicsItem, QHBoxLayout, QLabel, QSizePolicy, QSlider, QVBoxLayout, QWidget

from gdexplorer.app.session import Session
from gdexplorer.ui import theme
from gdexplorer.ui.throttle import MAP_INTERVAL_MS, Throttled

MAX_MARKERS = 150
ARROW_PENS = ((255, 255, 255, 55), (255, 255, 255, 110), (255, 255, 255, 190))


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
        self.image = pg.ImageItem()
        self.image.setLookupTable(theme.height_colormap().getLookupTable(0.0, 1.0, 256))
        self.contours = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen((255, 255, 255, 60), width=1), antialias=False)
        self.arrows = [pg.PlotCurveItem(connect="pairs", pen=pg.mkPen(c, width=1.2)) for c in ARROW_PENS]
        self.curve = pg.PlotCurveItem(pen=pg.mkPen("#9ecbff", width=2.5))  # 1-D f(x)
        for it in (self.image, self.contours, *self.arrows, self.curve):
            item.addItem(it)
        self.image.setZValue(-10)
        # The landscape layers only change with the function: paint them from a pixmap cache so an
        # animation frame repaints the trajectories, not 20k contour segments (software rendering).
        for layer in (self.image, self.contours, *self.arrows):
            layer.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.plot, 1)
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
        item = self.plot.getPlotItem()
        (x0, x1), (y0, y1) = land.x_range, land.y_range
        one_d = land.dim == 1
        self.image.setVisible(not one_d)
        self.contours.setVisible(not one_d)
        self.curve.setVisible(one_d)
        if one_d:
            finite = np.isfinite(land.f)
            self.curve.setData(land.xs[finite], land.f[finite])
            item.setLabel("left", "f(x)")
            fmin, fmax = np.nanmin(land.f[finite]), np.nanmax(land.f[finite])
            pad = 0.08 * (fmax - fmin or 1.0)
            item.setRange(xRange=(x0, x1), yRange=(fmin - pad, fmax + pad), padding=0)
        else:
            self.image.setImage(land.heights, levels=(0.0, 1.0), autoLevels=False)
            self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
            self.contours.setData(land.contours[:, 0], land.contours[:, 1]) if len(land.contours) else self.contours.clear()
            item.setLabel("left", "y")
            item.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        field = land.gradient_field
        for curve, seg in zip(self.arrows, field.segments):
            if len(seg):
                curve.setData(seg[:, 0], seg[:, 1])
            else:
                curve.clear()
        low, high = field.magnitude_range
        sign = "∇f" if field.sign > 0 else "−∇f"
        self.arrow_legend.setText(
            f"→ {sign} (unit length), faint to bright: |∇f| {low:.2g} … {high:.2g}"
            + (";  colours: log scale of f" if land.scale.is_log and not one_d else "")
        )
        self.update_trajectories()

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
        self._sync_start_marker()

    def _sync_start_marker(self) -> None:
        run = self.session.selected_run
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
