"""Shared look: pyqtgraph options, the height colour map, run pens, the panels' number boxes."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDoubleSpinBox

HEIGHT_COLORMAP = "viridis"
MAP_BACKGROUND = "#16181d"
CURVES_BACKGROUND = "#16181d"
#: curves of the function itself (the 1-D f(x) and f′(x)): a neutral grey that no run colour uses,
#: so every run's points stand out on them
FUNCTION_CURVE = "#c8ccd4"
#: where f is undefined (NaN): grey hatching, outside the height colour map
UNDEFINED_FILL = (58, 60, 66)
UNDEFINED_STRIPE = (150, 154, 162)
#: the known minima of a preset (the finish line)
MINIMUM_MARKER = "#ffffff"
#: a refused value's message and the border of its field, on the light panels (contrast 5.2 on
#: Fusion's #efefef window, 5.6 on white; WCAG asks 4.5 for text)
ERROR_COLOUR = "#c62828"
#: error reds from dark to light: :func:`error_colour` takes the first that reads on the panel
_ERROR_REDS = (ERROR_COLOUR, "#8e0000", "#ff8a80", "#ffcdd2")
READABLE_CONTRAST = 4.5  # WCAG 2 AA for normal text


def contrast_ratio(a, b) -> float:
    """WCAG 2 contrast ratio of two colours (QColor or "#rrggbb"): 1 (same) to 21 (black on white)."""
    def luminance(colour) -> float:
        c = QColor(colour)
        rgb = np.array([c.redF(), c.greenF(), c.blueF()])
        linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
        return float(linear @ [0.2126, 0.7152, 0.0722])

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def error_colour(palette: QPalette) -> str:
    """A red that reads as text on ``palette``'s window colour (dark red on a light panel, light
    red on a dark one)."""
    window = palette.color(QPalette.Window)
    return next((red for red in _ERROR_REDS if contrast_ratio(red, window) >= READABLE_CONTRAST),
                max(_ERROR_REDS, key=lambda red: contrast_ratio(red, window)))


#: a refused value's field: its background tinted red, its text dark red (the palette, not a style
#: sheet: a style sheet replaces the native frame and a spin box loses its arrows)
ERROR_BASE = "#ffdede"


def mark_error(widget, bad: bool) -> None:
    """Mark ``widget`` (a spin box, a line edit) as holding a refused value, or unmark it; the
    ``error`` property says which (for tests and tools)."""
    if bool(widget.property("error")) == bad:
        return
    widget.setProperty("error", bad)
    if bad:
        palette = widget.palette()
        palette.setColor(QPalette.Base, QColor(ERROR_BASE))
        palette.setColor(QPalette.Text, QColor(ERROR_COLOUR))
        widget.setPalette(palette)
    else:
        widget.setPalette(QPalette())  # back to the application's palette
        widget.setAttribute(Qt.WA_SetPalette, False)


def number_box(decimals: int, step: float, name: str = "") -> QDoubleSpinBox:
    """A box for a coordinate or a range end (±1e6), applied on Return or focus loss, not at
    every keystroke (typing "-1.9" must not start runs from -1 first)."""
    box = QDoubleSpinBox()
    if name:
        box.setObjectName(name)
    box.setRange(-1e6, 1e6)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    box.setKeyboardTracking(False)
    return box


def configure_pyqtgraph() -> None:
    # Antialiased QPainter lines cost ~4x in software rendering (36 ms vs 8 ms a frame for six
    # 700-point trajectories here): off, so Play keeps its frame rate on machines without a GPU.
    pg.setConfigOptions(imageAxisOrder="row-major", antialias=False, background=MAP_BACKGROUND, foreground="#d0d4dc")


def height_colormap() -> pg.ColorMap:
    return pg.colormap.get(HEIGHT_COLORMAP)


def height_colours(heights: np.ndarray) -> np.ndarray:
    """RGBA floats in [0, 1] for display heights in [0, 1] (per vertex of the 3D surface);
    transparent where the height is NaN (f undefined)."""
    return height_rgba(heights).astype(np.float32) / 255.0


def height_rgba(heights: np.ndarray) -> np.ndarray:
    """RGBA bytes for display heights in [0, 1]; fully transparent where the height is NaN, so an
    undefined f never takes a colour of the scale."""
    lut = height_colormap().getLookupTable(0.0, 1.0, 256, alpha=True)
    undefined = np.isnan(heights)
    index = np.clip((np.where(undefined, 0.0, heights) * 255).astype(np.int32), 0, 255)
    rgba = lut[index]
    rgba[undefined] = 0
    return rgba


def undefined_hatch(undefined: np.ndarray, zoom: int = 4) -> np.ndarray:
    """An RGBA overlay that hatches the cells where f is undefined with grey diagonal stripes (no
    colour of the height scale is grey), transparent elsewhere; ``zoom`` pixels per cell so the
    stripes stay thin at the map's size."""
    cells = np.repeat(np.repeat(undefined, zoom, axis=0), zoom, axis=1)
    rows, cols = np.indices(cells.shape)
    stripe = (rows + cols) % 8 < 3
    out = np.zeros(cells.shape + (4,), dtype=np.uint8)
    out[..., :3] = np.where(stripe[..., None], UNDEFINED_STRIPE, UNDEFINED_FILL)
    out[..., 3] = np.where(cells, np.where(stripe, 230, 200), 0)
    return out


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
