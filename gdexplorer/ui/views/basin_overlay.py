"""The basins of attraction drawn on the 2-D map: an image of the starts, each in the colour of the
minimum it reaches (:mod:`gdexplorer.scene.basin_overlay` makes its pixels), over the heights and
the undefined-f hatching and under the contour lines, and a dot in that colour on each minimum.

The layer only draws; :class:`gdexplorer.ui.basin_panel.BasinPanel` decides what and when.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem

IMAGE_Z = -8  # over the heights (-10) and the undefined hatching (-9), under the contours (-1)
MINIMA_Z = 16  # over the known minima's stars (15), under the runs' heads (20)
MINIMUM_OUTLINE = (12, 12, 14)


class BasinLayer:
    """The overlay's items on a pyqtgraph plot item; hidden until :meth:`set_map`."""

    def __init__(self, plot_item: pg.PlotItem):
        self.image = pg.ImageItem()
        self.image.setZValue(IMAGE_Z)
        # painted from a pixmap cache: an animation frame does not redraw the image
        self.image.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self.minima = pg.ScatterPlotItem(symbol="o", size=11, pen=pg.mkPen(MINIMUM_OUTLINE, width=1.5))
        self.minima.setZValue(MINIMA_Z)
        for item in (self.image, self.minima):
            item.setVisible(False)
            plot_item.addItem(item)
        self.has_map = False

    def set_map(self, rgba: np.ndarray, rect: tuple[float, float, float, float], minima: np.ndarray,
                colours: list[tuple[int, int, int]]) -> None:
        """Draw ``rgba`` (grid order, row 0 at the bottom) over ``rect`` (left, bottom, width,
        height) and a dot of ``colours[k]`` on each minimum ``minima[k]`` (x, y, f)."""
        self.image.setImage(rgba, autoLevels=False)
        self.image.setRect(QRectF(*rect))
        brushes = {c: pg.mkBrush(*c) for c in set(colours)}  # a palette's worth, shared by the spots
        self.minima.setData(x=np.asarray(minima[:, 0], dtype=float), y=np.asarray(minima[:, 1], dtype=float),
                            brush=[brushes[c] for c in colours])
        self.has_map = True

    def clear(self) -> None:
        self.image.clear()
        self.minima.setData([])
        self.has_map = False
        self.set_shown(False)

    def set_shown(self, shown: bool) -> None:
        for item in (self.image, self.minima):
            item.setVisible(shown and self.has_map)

    @property
    def shown(self) -> bool:
        return self.image.isVisible()

    def set_opacity(self, opacity: float) -> None:
        """The image's opacity in [0, 1]; the minima's dots stay opaque."""
        self.image.setOpacity(opacity)
