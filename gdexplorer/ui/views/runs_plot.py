"""A pyqtgraph plot of the landscape with the runs on it: what the 2-D map and the 1-D curve share.

Both draw the gradient arrows, the preset's known minima as labelled stars, each run's path (a
marker per step while they can be told apart) and its head, an arrow at the border where a run's
head left the plotted range, and a crosshair at the selected run's start that a left click or a
drag moves. A long path is drawn in two parts, a settled part painted from a pixmap cache and a
live part since, and past EXACT_POINTS rows only the rows that show something at a pixel
(scene/decimate.py): a frame costs the same after 300,000 steps as after 300. A subclass draws
its own landscape layers and says what the vertical axis is (y, or f(x) in 1-D) through the hooks
at the end of :class:`RunsPlot`.
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsItem, QHBoxLayout, QWidget

from gdexplorer.app.i18n import translate
from gdexplorer.app.session import Session
from gdexplorer.scene.decimate import EXACT_POINTS, REACH, PathDecimator, cell_size
from gdexplorer.scene.gradient_field import GradientField
from gdexplorer.scene.landscape import Landscape
from gdexplorer.ui import theme
from gdexplorer.ui.colour_bar import format_value
from gdexplorer.ui.throttle import Throttled
from gdexplorer.ui.views.critical import critical_scatter, critical_spots
from gdexplorer.ui.views.minima import height_name, minimum_label, minimum_stars

MAX_MARKERS = 150
#: a path longer than this is drawn in a settled part (cached) and a live part (the rows since)
SETTLE_POINTS = 500
LIVE_POINTS = 400  # rows of the live part that make it settle
REGRID_MS = 100  # after a zoom or pan, long paths are re-decimated at most this often
SNAP_CELLS = 512  # the decimation grid's origin moves in steps of this many cells (about half a view)
ARROW_PENS = ((255, 255, 255, 55), (255, 255, 255, 110), (255, 255, 255, 190))
EXIT_ARROW_INSET = 10  # pixels between a leaving run's arrow tip and the border


def arrow_legend(field: GradientField, one_d: bool = False) -> str:
    """What the arrows are, short enough for the bar under the map: ∇f in 2-D, f′(x) in 1-D."""
    low, high = field.magnitude_range
    grad = "f′(x)" if one_d else "∇f"
    sign = grad if field.sign > 0 else f"−{grad}"
    return translate("RunsPlot", "arrows: {sign}, unit length; brighter: larger |{gradient}| ({low} to {high})").format(
        sign=sign, gradient=grad, low=format_value(low), high=format_value(high))


class LongPath:
    """What the plot keeps of a long run's path between frames: its decimator on the grid (cells
    about a pixel wide at the zoom it was made for) and where its settled part ends."""

    def __init__(self, descent, grid):
        self.descent, self.grid = descent, grid
        cell, origin, reach = grid
        self.decimator = PathDecimator(cell, origin, reach=reach)
        self.settled_key = None  # (colour, width, decimated, coarsenings) the settled part was drawn with
        self.settled_to = 0  # its last row
        self.settled_rows = self.live_rows = np.empty(0, dtype=np.int64)

    def rows(self, since: int) -> tuple[np.ndarray, np.ndarray]:
        """(rows, connect) from row ``since`` on: every row while the path is short, else the
        decimator's."""
        n = self.decimator.count
        if n <= EXACT_POINTS:
            rows = np.arange(min(since, n - 1), n)
            connect = np.ones(rows.size, dtype=bool)
            connect[-1] = False
            return rows, connect
        return self.decimator.drawn(since=since)


class RunsPlot(QWidget):
    def __init__(self, session: Session, plot_name: str, y_label: str, parent=None):
        super().__init__(parent)
        self.session = session
        self.plot = pg.PlotWidget()
        self.plot.setObjectName(plot_name)
        self.plot.setMenuEnabled(False)
        self.plot.showGrid(False, False)
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "x")
        item.setLabel("left", y_label)
        for side in ("left", "bottom"):  # real values when zoomed in, never "x (x0.001)" over -400…400
            item.getAxis(side).enableAutoSIPrefix(False)
        theme.cache_axes(item)
        self.arrows = [pg.PlotCurveItem(connect="pairs", pen=pg.mkPen(c, width=1.2)) for c in ARROW_PENS]
        for arrow in self.arrows:
            item.addItem(arrow)
            # the landscape layers only change with the function: painted from a pixmap cache, an
            # animation frame repaints the trajectories, not every arrow (software rendering)
            arrow.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self.landscape_layers: list[QGraphicsItem] = [*self.arrows]  # what clear() hides
        self.minima = minimum_stars(20)
        item.addItem(self.minima)
        self.minimum_labels: list[pg.TextItem] = []
        self.critical = critical_scatter()  # critical points (views/critical.py's overlay): none until asked
        item.addItem(self.critical)
        self.critical_legend = ""  # what the overlay adds to the legend
        self.exit_arrows: list[pg.ArrowItem] = []  # one per run, shown while its head is outside the range
        self._exit_arrow_styles: dict[int, tuple] = {}  # (angle, colour) each was last styled with
        self.trajectories: list[pg.PlotDataItem] = []  # each run's path (a long one's live part)
        self.settled: list[pg.PlotCurveItem] = []  # each long run's settled part (cached)
        self._long_paths: dict[int, LongPath] = {}  # what is kept of a long run's path between frames
        self._brushes: dict[str, object] = {}
        self.heads = pg.ScatterPlotItem(size=12, pen=pg.mkPen("w", width=1.5))
        self.heads.setZValue(20)
        item.addItem(self.heads)
        self.start_marker = pg.TargetItem(size=16, symbol="crosshair", pen=pg.mkPen("#ffffff", width=2))
        self.start_marker.setZValue(30)
        item.addItem(self.start_marker)
        self.start_marker.sigPositionChanged.connect(self._on_drag)
        self.plot.scene().sigMouseClicked.connect(self._on_click)
        # a zoom or pan while paused: long paths are decimated again for the new pixel size
        self._regrid = Throttled(self._regrid_long_paths, REGRID_MS, self)
        item.getViewBox().sigRangeChanged.connect(lambda *_: self._regrid() if self._long_paths else None)
        self._syncing = False
        self._y_range = (0.0, 1.0)  # the default range of the vertical axis
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.plot, 1)

    # -- landscape ----------------------------------------------------------------------------
    def show_landscape(self, land: Landscape) -> None:
        for layer in self.landscape_layers:
            layer.setVisible(True)
        self._y_range = self.draw_landscape(land)
        self.reset_view()
        self._show_minima(land)
        for curve, seg in zip(self.arrows, land.gradient_field.segments):
            if len(seg):
                curve.setData(seg[:, 0], seg[:, 1])
            else:
                curve.clear()
        self.update_trajectories()

    def clear(self) -> None:
        """The page is hidden: its landscape layers go until the next landscape it is shown with."""
        for layer in self.landscape_layers:
            layer.setVisible(False)

    def legend_text(self, land: Landscape) -> str:
        text = arrow_legend(land.gradient_field, one_d=land.dim == 1)
        return f"{self.critical_legend}; {text}" if self.critical_legend else text  # first: just asked for

    def set_critical_points(self, points) -> None:
        """Mark ``points`` (core.critical.CriticalPoint) with their kinds' symbols; [] clears them."""
        self.critical.setData(critical_spots(points, self.minimum_point))

    def reset_view(self) -> None:
        """Show the landscape's whole x range and the default range of the vertical axis again."""
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
        points = [self.minimum_point(x, y, f) for x, y, f in land.minima]
        self.minima.setData([x for x, _ in points], [y for _, y in points])
        x0, x1 = land.x_range
        for label, (_, _, f), lowest, point in zip(self.minimum_labels, land.minima, land.global_minima, points):
            label.setText(minimum_label(f, span, lowest, height_name(land)))
            # the text reads away from the nearer side, so the right edge does not cut it off
            label.setAnchor((-0.08, 1.1) if point[0] < (x0 + x1) / 2 + 0.25 * (x1 - x0) else (1.08, 1.1))
            label.setPos(*point)
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

    def _settled_item(self, index: int) -> pg.PlotCurveItem:
        while len(self.settled) <= index:
            it = pg.PlotCurveItem()
            it.setZValue(10)
            # a long path's settled part changes now and then, not every frame: painted from a
            # pixmap cache, a frame repaints only the live tails (software rendering)
            it.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
            it.setVisible(False)
            self.plot.getPlotItem().addItem(it)
            self.settled.append(it)
        return self.settled[index]

    def update_trajectories(self) -> None:
        session = self.session
        spots = []
        grid = self._grid()
        rebuilt = False  # at most one long path re-decimated per frame (after a zoom): no stall
        for i, run in enumerate(session.runs):
            it = self._trajectory_item(i)
            settled = self._settled_item(i)
            traj = run.trajectory
            if traj is None or not run.settings.visible:
                it.setVisible(False)
                settled.setVisible(False)
                self._long_paths.pop(i, None)
                continue
            it.setVisible(True)
            colour = run.settings.colour
            width = 3 if i == session.selected else 2
            xs, ys = traj.points[:, 0], self.path_ys(traj)
            pen = pg.mkPen(colour, width=width)
            if len(xs) <= SETTLE_POINTS or grid is None:
                self._long_paths.pop(i, None)
                settled.setVisible(False)
                # a marker per step while they can be told apart; longer runs get a plain line
                markers = dict(symbol="o", symbolSize=5, symbolBrush=colour, symbolPen=None) if len(xs) <= MAX_MARKERS else {}
                it.setData(xs, ys, pen=pen, connect="all", **markers)
                if not markers:
                    it.setSymbol(None)
            else:
                rebuilt |= self._draw_long_path(i, run, xs, ys, grid, pen, may_rebuild=not rebuilt)
            diverged = traj.status != "ok"
            spots.append({
                "pos": (xs[-1], ys[-1]), "brush": self._brush(colour),
                "symbol": "x" if diverged else "o", "size": 16 if diverged else 12,
            })
        for it in self.trajectories[len(session.runs):] + self.settled[len(session.runs):]:
            it.setVisible(False)
        for i in [k for k in self._long_paths if k >= len(session.runs)]:
            del self._long_paths[i]
        self.heads.setData(spots)
        self._update_exit_arrows()
        self._sync_start_marker()

    def _regrid_long_paths(self) -> None:
        """Redraw when a long path's cells no longer fit the view's pixels (one path a call, so
        again until all fit: a zoom never stalls the window)."""
        grid = self._grid()
        if any(path.grid != grid for path in self._long_paths.values()):
            self.update_trajectories()
            if any(path.grid != grid for path in self._long_paths.values()):
                self._regrid()

    def _brush(self, colour: str):
        """One brush per colour: the heads' symbols are then drawn from pyqtgraph's atlas, not
        rendered anew every frame."""
        if colour not in self._brushes:
            self._brushes[colour] = pg.mkBrush(colour)
        return self._brushes[colour]

    def _grid(self) -> tuple | None:
        """(cell, origin, reach) of the cells a long path is decimated on: cells between half a
        pixel and a pixel wide at the current zoom, counted from the view's centre rounded to
        SNAP_CELLS cells (panning less than that keeps the grid), as far as the view and a margin
        of half a view reach from there: the path's parts beyond, off screen, share the border
        cells, so a zoomed-in view draws what it shows at a pixel, not the whole path."""
        if self.session.landscape is None:
            return None
        vb = self.plot.getPlotItem().getViewBox()
        cell = tuple(cell_size(p) for p in vb.viewPixelSize())
        origin, half_view = [], 0.0
        for (low, high), size in zip(vb.viewRange(), cell):
            snap = SNAP_CELLS * size
            centre = 0.5 * (low + high) / snap
            origin.append(float(round(centre) * snap) if math.isfinite(centre) else 0.0)
            half_view = max(half_view, 0.5 * (high - low) / size)
        needed = SNAP_CELLS / 2 + 1.5 * half_view + 64
        reach = REACH if not math.isfinite(needed) else min(REACH, 2 ** math.ceil(math.log2(needed)))
        return cell, tuple(origin), reach

    def _draw_long_path(self, index: int, run, xs, ys, grid, pen, may_rebuild: bool) -> bool:
        """Draw a long path in two parts: the settled part (a cached item, redrawn only when the
        live part has grown past LIVE_POINTS rows, or the pen or the cells changed) and the live
        part since then (the trajectory item, redrawn every frame). Up to EXACT_POINTS rows every
        row is drawn; past that the decimator's rows (scene/decimate.py: every step that draws
        something new at this zoom, the start, the current point and the extremes, exact).
        Returns whether a decimator was made for a long path (at most one a frame: after a zoom,
        the runs are re-decimated one after the other, not all in one frame)."""
        made = False
        path = self._long_paths.get(index)
        if path is None or path.descent is not run.descent or (path.grid != grid and may_rebuild):
            path = self._long_paths[index] = LongPath(run.descent, grid)
            made = len(xs) > 4 * EXACT_POINTS  # a short path costs nothing to read whole
        path.decimator.update(xs, ys)
        key = (pen.color().name(), pen.widthF(), len(xs) > EXACT_POINTS, path.decimator.coarsened)
        live, connect = path.rows(since=path.settled_to)
        if key != path.settled_key or live.size > LIVE_POINTS:
            rows, all_connect = path.rows(since=0)
            settled = self._settled_item(index)
            settled.setData(xs[rows], ys[rows], pen=pen, connect=all_connect)
            settled.setVisible(True)
            path.settled_key, path.settled_to, path.settled_rows = key, int(rows[-1]), rows
            live, connect = rows[-1:], all_connect[-1:]
        self._settled_item(index).setVisible(True)
        path.live_rows = live
        item = self.trajectories[index]
        item.setData(xs[live], ys[live], pen=pen, connect=connect)
        item.setSymbol(None)
        return made

    def drawn_rows(self, index: int) -> np.ndarray | None:
        """The rows of run ``index``'s trajectory its path draws, when it is long enough to be
        drawn in parts (None: every row, in ``trajectories[index]``). For tests and tools."""
        path = self._long_paths.get(index)
        return None if path is None else np.union1d(path.settled_rows, path.live_rows)

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
        for i, run in enumerate(self.session.runs):
            arrow = self._exit_arrow(i)
            traj = run.trajectory
            out = None
            if land is not None and traj is not None and run.settings.visible:
                out = self.exit_of(traj, land)
            arrow.setVisible(out is not None)
            if out is None:
                continue
            x, y, angle = out
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
        self._syncing = True
        try:
            self.start_marker.setPos(*self.start_point(run))
        finally:
            self._syncing = False

    # -- start point by mouse -----------------------------------------------------------------
    def _set_start_from_view(self, x: float, y: float) -> None:
        if self.session.landscape is not None:
            self.set_start_at(x, y)

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

    # -- what the vertical axis is: a subclass says --------------------------------------------
    def draw_landscape(self, land: Landscape) -> tuple[float, float]:
        """Draw the subclass's landscape layers; return the vertical axis's default range."""
        raise NotImplementedError

    def path_ys(self, traj) -> np.ndarray:
        """The vertical coordinate of each point of a trajectory."""
        raise NotImplementedError

    def minimum_point(self, x: float, y: float, f: float) -> tuple[float, float]:
        """Where the star of a known minimum (x, y, f) goes."""
        raise NotImplementedError

    def exit_of(self, traj, land: Landscape) -> tuple[float, float, float] | None:
        """(x, y, direction in degrees) of the border arrow of a run whose head left the range, or None."""
        raise NotImplementedError

    def start_point(self, run) -> tuple[float, float]:
        """Where the crosshair of the selected run's start goes."""
        raise NotImplementedError

    def set_start_at(self, x: float, y: float) -> None:
        """The user clicked or dropped the crosshair at (x, y) of the plot."""
        raise NotImplementedError
