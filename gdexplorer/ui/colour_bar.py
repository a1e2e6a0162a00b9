"""A value scale for the height colours: the colour map as a vertical bar, ticked in real f values.

The heatmap and the surface colour f through a :class:`HeightScale`, which may be log-compressed;
pyqtgraph's ColorBarItem only knows linear image levels. Here the bar runs over display heights
[0, 1] and each tick sits at the height of a round f value (``HeightScale.ticks``), so the labels
are the f values drawn at that colour whatever the mapping. A grey hatched swatch says where f is
undefined, shown only when the landscape has such cells.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from gdexplorer.app.i18n import translate
from gdexplorer.scene.landscape import HeightScale
from gdexplorer.ui import theme

BAR_WIDTH = 76


def format_value(value: float) -> str:
    text = f"{value:.3g}"
    return "0" if text == "-0" else text.replace("e+0", "e").replace("e-0", "e-").replace("e+", "e")


def hatch_pixmap(size: int = 14) -> QPixmap:
    """The map's undefined-region hatching as a small legend swatch."""
    rgba = np.ascontiguousarray(theme.undefined_hatch(np.ones((size, size), dtype=bool), zoom=1))
    image = QImage(rgba.data, size, size, 4 * size, QImage.Format_RGBA8888)
    return QPixmap.fromImage(image.copy())


class ColourBar(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("colour_bar")
        self.setFixedWidth(BAR_WIDTH)
        self.title = QLabel("f")
        self.title.setObjectName("colour_bar_title")
        self.title.setAlignment(Qt.AlignCenter)
        self.title.setWordWrap(True)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Expanding)
        self.graphics.ci.setContentsMargins(2, 6, 0, 6)
        self.box = pg.ViewBox(enableMouse=False, enableMenu=False)
        self.box.setFixedWidth(16)
        self.box.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
        gradient = pg.ImageItem(np.linspace(0.0, 1.0, 256).reshape(256, 1), levels=(0.0, 1.0))
        gradient.setLookupTable(theme.height_colormap().getLookupTable(0.0, 1.0, 256))
        gradient.setRect(0, 0, 1, 1)
        self.box.addItem(gradient)
        self.axis = pg.AxisItem("right", linkView=self.box)
        self.axis.setStyle(tickTextOffset=3)
        self.graphics.addItem(self.box, row=0, col=0)
        self.graphics.addItem(self.axis, row=0, col=1)
        self.undefined_legend = QWidget()
        self.undefined_legend.setObjectName("undefined_legend")
        swatch = QLabel()
        swatch.setPixmap(hatch_pixmap())
        self.undefined_text = QLabel(translate("ColourBar", "undefined\n(f is NaN)"))
        self.undefined_text.setStyleSheet("font-size: 10px;")  # fits beside the swatch in the narrow bar
        self.undefined_text.setToolTip(translate("ColourBar", "f has no value there (e.g. sqrt or log of a negative "
                                                 "number): hatched on the map, left out of the surface"))
        row = QHBoxLayout(self.undefined_legend)
        row.setContentsMargins(2, 0, 0, 0)
        row.setSpacing(3)
        row.addWidget(swatch, 0, Qt.AlignTop)
        row.addWidget(self.undefined_text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.undefined_legend)
        self.undefined_legend.setVisible(False)
        self.scale: HeightScale | None = None
        self.ticks: list[tuple[float, float]] = []

    def set_scale(self, scale: HeightScale, undefined: bool = False) -> None:
        """Tick the bar for ``scale``; show the undefined swatch when some f is NaN."""
        self.scale = scale
        self.ticks = scale.ticks()
        self.axis.setTicks([[(h, format_value(v)) for h, v in self.ticks], []])
        self.title.setText(translate("ColourBar", "f\n(log scale)") if scale.is_log else "f")
        self.title.setToolTip(
            translate("ColourBar", "colours and heights follow log(1 + (f − min)/k): the scale is stretched near "
                                   "the minimum")
            if scale.is_log else translate("ColourBar", "colours and heights are linear in f"))
        self.undefined_legend.setVisible(undefined)

    def tick_labels(self) -> list[str]:
        return [format_value(v) for _, v in self.ticks]
