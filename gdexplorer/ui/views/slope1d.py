"""The 1-D slope view: f′(x), the slope each gradient step follows, with every run's points on it
and stars where f′ = 0 at a preset's known minima."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QHBoxLayout, QWidget

from gdexplorer.app.i18n import translate
from gdexplorer.app.session import Session
from gdexplorer.scene.landscape import Landscape
from gdexplorer.ui import theme
from gdexplorer.ui.views.minima import minimum_stars


TITLES = (QT_TRANSLATE_NOOP("SlopeView", "the slope f′(x) each step follows:  x ← x − α·f′(x)"),
          QT_TRANSLATE_NOOP("SlopeView", "each step:  x ← x − α·f′(x)"), "x ← x − α·f′(x)")
TITLE_POINTS = 11  # pyqtgraph's title size


class SlopeView(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("slope_plot")
        self.plot.setToolTip(translate("SlopeView", "f′(x), the slope each gradient step follows: {rule}").format(
            rule=TITLES[-1]))
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "x")
        theme.cache_axes(item)
        item.setLabel("left", "f′(x)")
        for side in ("left", "bottom"):  # real values when zoomed in, never "(x0.001)"
            item.getAxis(side).enableAutoSIPrefix(False)
        self.title = ""
        self._fit_title()
        item.addItem(pg.InfiniteLine(angle=0, pos=0, pen=pg.mkPen((255, 255, 255, 90), style=Qt.DashLine)))
        self.curve = item.plot(pen=pg.mkPen(theme.FUNCTION_CURVE, width=2.5), connect="finite")
        self.minima = minimum_stars(18)  # f′ = 0 at each minimum
        item.addItem(self.minima)
        self.points: list[pg.PlotDataItem] = []  # each run's (x, f′(x)) per step
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.plot)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_title()

    def _fit_title(self) -> None:
        """The longest of the titles that fits the plot's width (a narrow dock at 1280×720 cut the
        long one off at both ends); the whole sentence is in the plot's tooltip."""
        item = self.plot.getPlotItem()
        font = QFont(item.titleLabel.item.font())
        font.setPointSizeF(TITLE_POINTS)
        metrics = QFontMetricsF(font)
        room = self.plot.width() - 4 * item.titleLabel.item.document().documentMargin() - 8
        titles = [translate("SlopeView", t) for t in TITLES]
        text = next((t for t in titles if metrics.horizontalAdvance(t) <= room), titles[-1])
        if text != self.title:
            self.title = text
            item.setTitle(text, size=f"{TITLE_POINTS}pt")

    def show_landscape(self, land: Landscape) -> None:
        self.curve.setData(land.xs, np.where(np.isfinite(land.gradient_x), land.gradient_x, np.nan))
        self.plot.getPlotItem().setXRange(*land.x_range, padding=0)
        self.minima.setData([x for x, _, _ in land.minima], [0.0] * len(land.minima))
        self.update_trajectories()

    def legend_text(self, land: Landscape) -> str:
        return translate("SlopeView", "stars: the preset's known minima, where f′ = 0") if land.minima else ""

    def clear(self) -> None:
        """Nothing to let go of: the curve is redrawn with the next 1-D landscape."""

    def reset_view(self) -> None:
        """The function's x range, f′'s whole range."""
        land = self.session.landscape
        if land is None:
            return
        self.plot.getPlotItem().setXRange(*land.x_range, padding=0)
        self.plot.getPlotItem().enableAutoRange(axis="y")

    def update_trajectories(self) -> None:
        land = self.session.landscape
        item = self.plot.getPlotItem()
        for i, run in enumerate(self.session.runs):
            while len(self.points) <= i:
                self.points.append(item.plot())
            traj = run.trajectory
            it = self.points[i]
            if traj is None or not run.settings.visible or land is None:
                it.setVisible(False)
                continue
            colour = run.settings.colour
            it.setData(traj.points[:, 0], traj.grad[:, 0], pen=pg.mkPen(colour, width=1, style=Qt.DotLine),
                       symbol="o", symbolSize=6, symbolBrush=colour, symbolPen=None)
            it.setVisible(True)
        for it in self.points[len(self.session.runs):]:
            it.setVisible(False)
