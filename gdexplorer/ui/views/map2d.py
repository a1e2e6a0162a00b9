"""The 2-D map of f(x, y): a heatmap with contour lines and a colour bar in real f values, cells
where f is undefined hatched grey, under the runs of :class:`~gdexplorer.ui.views.runs_plot.RunsPlot`."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem

from gdexplorer.app.session import Session
from gdexplorer.scene.landscape import Landscape, exit_point
from gdexplorer.ui import theme
from gdexplorer.ui.colour_bar import ColourBar
from gdexplorer.ui.views.basin_overlay import BasinLayer
from gdexplorer.ui.views.runs_plot import RunsPlot

HATCH_ZOOM = 4  # hatch pixels per grid cell
#: the Hessian's eigenvector axes through the selected run's point (the Hessian panel's), one colour
#: per eigenvalue in ascending order, over a dark outline
EIGEN_AXIS_COLOURS = ("#ffb74d", "#4dd0e1")


class ContourMapView(RunsPlot):
    def __init__(self, session: Session, parent=None):
        super().__init__(session, "map_plot", "y", parent)
        item = self.plot.getPlotItem()
        self.image = pg.ImageItem()  # RGBA: the height colours, transparent where f is undefined
        self.undefined_image = pg.ImageItem()  # grey hatching over the undefined cells
        self.contours = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen((255, 255, 255, 60), width=1), antialias=False)
        for layer, z in ((self.image, -10), (self.undefined_image, -9), (self.contours, -1)):  # under the arrows
            layer.setZValue(z)
            item.addItem(layer)
            # painted from a pixmap cache: an animation frame does not replay 20k contour segments
            layer.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self.landscape_layers += [self.image, self.undefined_image, self.contours]
        self.basins = BasinLayer(item)  # basins of attraction (ui/basin_panel.py): hidden until computed
        self.colour_bar = ColourBar()
        self.layout().addWidget(self.colour_bar)
        self.eigen_outline = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen((10, 10, 12, 220), width=6))
        self.eigen_axes = [pg.PlotCurveItem(pen=pg.mkPen(c, width=2.5)) for c in EIGEN_AXIS_COLOURS]
        self.eigen_labels = [pg.TextItem(color=c, anchor=(-0.1, 0.5), fill=pg.mkBrush(22, 24, 29, 170))
                             for c in EIGEN_AXIS_COLOURS]
        for z, layer in enumerate([self.eigen_outline, *self.eigen_axes, *self.eigen_labels]):
            layer.setZValue(18 + min(z, 1))  # over the paths and markers, under the runs' heads (20)
            layer.setVisible(False)
            item.addItem(layer)

    def set_eigen_axes(self, axes) -> None:
        """Show the Hessian's eigenvector axes: ``axes`` is a list of (centre (x, y), unit direction
        (dx, dy), half-length, label), drawn from centre − half·direction to centre + half·direction
        with the label at the + end; None or [] hides them."""
        axes = list(axes or [])[: len(self.eigen_axes)]
        pairs = []
        for curve, label, (centre, direction, half, text) in zip(self.eigen_axes, self.eigen_labels, axes):
            c, d = np.asarray(centre, dtype=float), np.asarray(direction, dtype=float) * float(half)
            ends = np.array([c - d, c + d])
            curve.setData(ends[:, 0], ends[:, 1])
            label.setText(text)
            label.setPos(*(c + d))
            pairs.append(ends)
        if pairs:
            outline = np.concatenate(pairs)
            self.eigen_outline.setData(outline[:, 0], outline[:, 1])
        self.eigen_outline.setVisible(bool(pairs))
        for k, (curve, label) in enumerate(zip(self.eigen_axes, self.eigen_labels)):
            curve.setVisible(k < len(pairs))
            label.setVisible(k < len(pairs))

    def eigen_axes_shown(self) -> bool:
        return self.eigen_outline.isVisible()

    def draw_landscape(self, land: Landscape) -> tuple[float, float]:
        (x0, x1), (y0, y1) = land.x_range, land.y_range
        area = QRectF(x0, y0, x1 - x0, y1 - y0)
        self.image.setImage(theme.height_rgba(land.heights), autoLevels=False)
        self.image.setRect(area)
        self.undefined_image.setVisible(land.has_undefined)
        if land.has_undefined:
            self.undefined_image.setImage(theme.undefined_hatch(land.undefined, HATCH_ZOOM), autoLevels=False)
            self.undefined_image.setRect(area)
        if len(land.contours):
            self.contours.setData(land.contours[:, 0], land.contours[:, 1])
        else:
            self.contours.clear()
        self.colour_bar.set_scale(land.scale, land.has_undefined)
        return (y0, y1)

    def path_ys(self, traj) -> np.ndarray:
        return traj.points[:, 1]

    def minimum_point(self, x: float, y: float, f: float) -> tuple[float, float]:
        return x, y

    def exit_of(self, traj, land: Landscape):
        return exit_point(traj.points[-2:], land.x_range, land.y_range)

    def start_point(self, run) -> tuple[float, float]:
        return run.settings.start

    def set_start_at(self, x: float, y: float) -> None:
        self.session.set_start(x, y)
