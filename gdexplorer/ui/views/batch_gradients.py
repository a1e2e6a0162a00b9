"""Seed 002's noise, on the 2-D map: at the selected run's current (w, b), the gradient over all the
data beside the gradient of the batch its next update will use. Gradient descent follows the first;
SGD and mini-batch SGD follow the second, which points elsewhere each time (and does not vanish at
the minimum, where the full gradient does).

Both arrows share one scale (the longer is ARROW_FRACTION of the map's smaller side), so their lengths
compare; they point the way the map's arrow field does (−∇L, or ∇L when that toggle is on).
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics

from gdexplorer.app.data_mode import DataMode, DataRun
from gdexplorer.app.i18n import translate
from gdexplorer.ui.throttle import MAP_INTERVAL_MS, Throttled

ARROW_FRACTION = 0.2
FULL_COLOUR = "#ffffff"
BATCH_COLOUR = "#ffca28"
OUTLINE = (10, 10, 12, 230)


class GradientArrow:
    """A shaft and a head in one colour over a dark outline, with a label at the head."""

    def __init__(self, plot_item: pg.PlotItem, colour: str, z: float):
        self.outline = pg.PlotCurveItem(pen=pg.mkPen(OUTLINE, width=6))
        self.shaft = pg.PlotCurveItem(pen=pg.mkPen(colour, width=3))
        self.head = pg.ArrowItem(headLen=16, headWidth=12, tailLen=0, pen=pg.mkPen(OUTLINE, width=1.5),
                                 brush=pg.mkBrush(colour))
        self.label = pg.TextItem(color=colour, anchor=(0, 0.5), fill=pg.mkBrush(22, 24, 29, 190))
        for k, item in enumerate((self.outline, self.shaft, self.head, self.label)):
            item.setZValue(z + 0.1 * k)
            plot_item.addItem(item, ignoreBounds=True)
        self.set_visible(False)

    def set_visible(self, on: bool) -> None:
        for item in (self.outline, self.shaft, self.head, self.label):
            item.setVisible(on)

    def draw(self, tail, tip, screen_angle: float, text: str, label_at, label_anchor) -> None:
        xs, ys = [tail[0], tip[0]], [tail[1], tip[1]]
        self.outline.setData(xs, ys)
        self.shaft.setData(xs, ys)
        self.head.setStyle(angle=screen_angle)
        self.head.setPos(*tip)
        self.label.setText(text)
        self.label.setAnchor(label_anchor)
        self.label.setPos(*label_at)
        self.set_visible(True)


class BatchGradientOverlay:
    """The two arrows on a ContourMapView (``map_page``), for the selected run on data."""

    def __init__(self, data_mode: DataMode, map_page):
        self.data_mode = data_mode
        self.session = data_mode.session
        self.page = map_page
        item = map_page.plot.getPlotItem()
        self.full_arrow = GradientArrow(item, FULL_COLOUR, 22)
        self.batch_arrow = GradientArrow(item, BATCH_COLOUR, 23)
        #: what is drawn, for tests and tools: the point and the two gradients (∂L/∂w, ∂L/∂b), the
        #: batch's None when there is no next batch (the run finished) or it is all the data
        self.point: tuple[float, float] | None = None
        self.full_gradient: tuple[float, float] | None = None
        self.batch_gradient: tuple[float, float] | None = None
        self.batch_size = 0
        self.throttled = Throttled(self.refresh, MAP_INTERVAL_MS, map_page)
        self.session.trajectoriesChanged.connect(self.throttled)
        self.session.runsChanged.connect(self.refresh)
        self.session.selectionChanged.connect(lambda _: self.refresh())
        self.session.landscapeChanged.connect(self.refresh)
        data_mode.modeChanged.connect(lambda _: self.refresh())

    def _hide(self) -> None:
        self.point = self.full_gradient = self.batch_gradient = None
        self.full_arrow.set_visible(False)
        self.batch_arrow.set_visible(False)

    def refresh(self) -> None:
        run = self.session.selected_run
        land = self.session.landscape
        if not self.data_mode.active or land is None or not isinstance(run, DataRun) or run.trainer is None \
                or not run.settings.visible:
            self._hide()
            return
        full, batch = run.gradients()
        point = run.point
        g_full = np.array(full[1:])
        g_batch = None if batch is None else np.array(batch[1:])
        trainer = run.trainer
        whole = trainer.batch_size >= trainer.data.n  # gradient descent: its batch is all the data
        self.point = point
        self.full_gradient = (float(g_full[0]), float(g_full[1]))
        self.batch_gradient = None if g_batch is None else (float(g_batch[0]), float(g_batch[1]))
        self.batch_size = trainer.batch_size
        sizes = [float(np.hypot(*g)) for g in (g_full, g_batch) if g is not None]
        longest = max(sizes)
        if not (math.isfinite(longest) and longest > 0):
            self._hide()
            self.point = point
            return
        (w0, w1), (b0, b1) = land.x_range, land.y_range
        spans = np.array([w1 - w0, b1 - b0])
        scale = ARROW_FRACTION * min(spans) / longest
        sign = self.session.arrow_sign
        tail = np.array(point)
        shown_batch = g_batch is not None and not whole
        # each label beside its arrow's head, on the side away from the other arrow
        side = 1.0
        if shown_batch:
            a, b = self._screen(sign * g_full), self._screen(sign * g_batch)
            side = -1.0 if a[0] * b[1] - a[1] * b[0] > 0 else 1.0
        tip = tail + sign * scale * g_full
        text = (translate("BatchGradientOverlay", "all data (= the batch) |∇L| {size:.2g}") if whole
                else translate("BatchGradientOverlay", "all data |∇L| {size:.2g}")).format(size=sizes[0])
        self.full_arrow.draw(tail, tip, self._screen_angle(sign * g_full), text,
                             *self._label_place(tip, sign * g_full, side, text))
        if not shown_batch:
            self.batch_arrow.set_visible(False)
            return
        tip = tail + sign * scale * g_batch
        text = translate("BatchGradientOverlay", "next batch of {count} |∇L| {size:.2g}").format(
            count=trainer.batch_size, size=sizes[1])
        self.batch_arrow.draw(tail, tip, self._screen_angle(sign * g_batch), text,
                              *self._label_place(tip, sign * g_batch, -side, text))

    def _screen(self, direction: np.ndarray) -> np.ndarray:
        """``direction`` (data units) as a unit vector on screen (pixels, y down)."""
        px, py = self.page.plot.getPlotItem().getViewBox().viewPixelSize()
        v = np.array([direction[0] / (px or 1.0), -direction[1] / (py or 1.0)])
        norm = float(np.hypot(*v))
        return v / norm if norm > 0 and math.isfinite(norm) else np.array([1.0, 0.0])

    def _label_place(self, tip, direction: np.ndarray, side: float, text: str):
        """(position, anchor) of a label just past an arrow's ``tip`` on ``side`` (±1) of it."""
        u = self._screen(direction)
        normal = np.array([-u[1], u[0]]) * side
        offset = 8.0 * u + 12.0 * normal  # pixels, y down
        box = self.page.plot.getPlotItem().getViewBox()
        px, py = box.viewPixelSize()
        at = (tip[0] + offset[0] * px, tip[1] - offset[1] * py)
        anchor = [0.0 if offset[0] >= 0 else 1.0, 0.0 if offset[1] >= 0 else 1.0]
        # the text reads towards the middle of the view when it would run off its side
        (x0, x1), _ = box.viewRange()
        room = (QFontMetrics(self.full_arrow.label.textItem.font()).horizontalAdvance(text) + 12) * px
        if anchor[0] == 0.0 and at[0] + room > x1:
            anchor[0] = 1.0
        elif anchor[0] == 1.0 and at[0] - room < x0:
            anchor[0] = 0.0
        return at, tuple(anchor)

    def _screen_angle(self, direction: np.ndarray) -> float:
        """pg.ArrowItem's angle (0 points left, clockwise on screen) for a direction in data units;
        the axes' scales differ, so through pixels."""
        px, py = self.page.plot.getPlotItem().getViewBox().viewPixelSize()
        dx, dy = direction[0] / (px or 1.0), direction[1] / (py or 1.0)
        return float(np.degrees(np.arctan2(dy, -dx)))

    def legend(self) -> str:
        return translate("BatchGradientOverlay", "white: −∇L over all the data (what gradient descent "
                                                 "follows); amber: −∇L of the next update's batch (what SGD "
                                                 "follows); the longer one is a fifth of the map")
