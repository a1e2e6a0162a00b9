"""Shared look: pyqtgraph options, the height colour map, run pens."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg

HEIGHT_COLORMAP = "viridis"
MAP_BACKGROUND = "#16181d"
CURVES_BACKGROUND = "#16181d"


def configure_pyqtgraph() -> None:
    # Antialiased QPainter lines cost ~4x in software rendering (36 ms vs 8 ms a frame for six
    # 700-point trajectories here): off, so Play keeps its frame rate on machines without a GPU.
    pg.setConfigOptions(imageAxisOrder="row-major", antialias=False, background=MAP_BACKGROUND, foreground="#d0d4dc")


def height_colormap() -> pg.ColorMap:
    return pg.colormap.get(HEIGHT_COLORMAP)


def height_colours(heights: np.ndarray) -> np.ndarray:
    """RGBA floats in [0, 1] for display heights in [0, 1] (per vertex of the 3D surface)."""
    lut = height_colormap().getLookupTable(0.0, 1.0, 256, alpha=True).astype(np.float32) / 255.0
    index = np.clip((heights * 255).astype(np.int32), 0, 255)
    return lut[index]


def rgba(colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    c = pg.mkColor(colour)
    return (c.redF(), c.greenF(), c.blueF(), alpha)


def cache_axes(plot_item: pg.PlotItem) -> None:
    """Paint the axes from a pixmap cache. pyqtgraph repaints the whole viewport on any change and
    replays each axis's tick labels (text rendering: ~10 ms an axis in software) every frame of an
    animation otherwise; cached, an unchanged axis is a blit."""
    from PySide6.QtWidgets import QGraphicsItem

    for name in ("left", "bottom", "right", "top"):
        axis = plot_item.getAxis(name)
        if axis is not None:
            axis.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
