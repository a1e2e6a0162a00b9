"""Glyphs at each run's current point on the 2-D map, the 1-D curve and the 3-D surface (issue 12),
and the explained step's stage glyphs on the map.

What a run's glyphs are and their sizes come from :mod:`gdexplorer.scene.glyphs` (roles of the
optimizer's state vectors, log-compressed lengths); this module only draws them:

- −∇f: a white arrow; Δθ, the last step taken: an arrow in the run's colour; the momentum −m: an
  amber arrow; the second moment: a dashed box in the run's colour whose half-side on each axis
  shows 1/(√v+ε), the factor the step on that axis gets compared with plain gradient descent. Each
  over a dark outline, so it reads on every height colour.
- In 1-D (the curve f(x)) the arrows lie along x at the run's point on the curve and the box is a
  bar along x; the slope view has none.
- A legend in the map's corner names the glyphs shown and states both scales; the 3-D view's bar
  says its glyphs use them too.

:class:`GlyphOverlay` is the controller: one checkable action per kind (the window puts them in
the View menu; all off at first), redrawn with the runs (at the map's frame rate), the selection,
the landscape, and the map's zoom (lengths are in pixels). It adds its own items to the views, as
:class:`~gdexplorer.ui.views.critical.CriticalPointsOverlay` does. :class:`StageLayer` draws the
explained step's current stage (and the earlier ones, dimmed) for :mod:`gdexplorer.ui.explain_panel`.
"""
from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
import pyqtgraph.opengl as gl
from PySide6.QtCore import QT_TRANSLATE_NOOP, QLineF, QObject, QRectF, Qt
from PySide6.QtGui import QAction, QPen

from gdexplorer.app.i18n import tr_message, translate
from gdexplorer.scene.glyphs import (
    GLYPH_KINDS, KIND_TITLES, ArrowScale, BoxScale, Glyph, StageGlyph, arrow_segments, box_segments, magnitude,
    run_glyphs,
)
from gdexplorer.ui import theme
from gdexplorer.ui.throttle import MAP_INTERVAL_MS, Throttled
from gdexplorer.ui.views import surface3d

GRADIENT_COLOUR = "#ffffff"
MOMENTUM_COLOUR = "#ffc400"
DIRECTION_COLOUR = "#b0bec5"  # an explained stage's vector made from g or m (gi, Lion's c, RAdam's corrected)
OUTLINE = (10, 10, 12, 230)
WIDTH = 2.2
HEAD_PX = 9.0  # the head's strokes on the map, in pixels
BAR_PX = 5.0  # 1-D: the second-moment "box" is a bar this many pixels high either side of the curve
HEAD_SCENE = 0.22  # the head's strokes in the 3-D box (scene units; the box is 10 wide)
LIFT_SCENE = 0.08  # glyphs float this far above the run's head in 3-D
GLYPH_Z = 19  # over the paths (10) and the markers, under the runs' heads (20)
STAGE_Z = 26  # the explained stage: over everything but the start crosshair (30)
DIMMED = 0.35  # the explained step's earlier stages
STEP_VISIBLE_PX = 30.0  # an explained step shorter than this on screen also gets its log-scaled arrow

KIND_SWATCH = {"gradient": ("━▶", GRADIENT_COLOUR), "step": ("━▶", "#d0d4dc"), "momentum": ("━▶", MOMENTUM_COLOUR),
               "second_moment": ("┅▭", "#d0d4dc")}
# shown translated (context "GlyphOverlay"): translate("GlyphOverlay", KIND_SHORT[kind]) and so on
KIND_SHORT = {"gradient": "−∇f", "step": QT_TRANSLATE_NOOP("GlyphOverlay", "Δθ last step"),
              "momentum": QT_TRANSLATE_NOOP("GlyphOverlay", "−m momentum"), "second_moment": "1/(√v+ε)"}
KIND_LEGEND = {
    "gradient": QT_TRANSLATE_NOOP("GlyphOverlay", "−∇f, the way plain gradient descent steps (white)"),
    "step": QT_TRANSLATE_NOOP("GlyphOverlay", "Δθ, the last step the run took (the run's colour)"),
    "momentum": QT_TRANSLATE_NOOP("GlyphOverlay", "−m, the momentum: velocity or first moment (amber)"),
    "second_moment": QT_TRANSLATE_NOOP(
        "GlyphOverlay", "a box whose half-side on each axis shows 1/(√v+ε), how much the step on that axis is "
        "scaled next to plain gradient descent (raw v, no bias correction; the run's colour, dashed)"),
}
SURFACE_NOTE = QT_TRANSLATE_NOOP("GlyphOverlay", "glyphs: scales as in the 2D map's legend")
LEGEND_WIDTH_PX = 250  # the legend wraps at this width (or the view's, when narrower)


def _pen(colour, width=WIDTH, dashed=False, alpha=1.0):
    c = pg.mkColor(colour)
    c.setAlphaF(c.alphaF() * alpha)
    return pg.mkPen(c, width=width, style=Qt.DashLine if dashed else Qt.SolidLine)


class OutlinedSegments:
    """Line segments (pairs of points) in one colour over a dark outline, on a pyqtgraph plot."""

    def __init__(self, plot_item: pg.PlotItem, z: float):
        self.outline = pg.PlotCurveItem(connect="pairs", pen=pg.mkPen(OUTLINE, width=WIDTH + 2.6))
        self.line = pg.PlotCurveItem(connect="pairs")
        for k, item in enumerate((self.outline, self.line)):
            item.setZValue(z + 0.1 * k)
            item.setVisible(False)
            plot_item.addItem(item, ignoreBounds=True)  # never widens the view's auto range
        self.segments = np.zeros((0, 2))
        self._style = None

    def set(self, segments: np.ndarray, colour, dashed: bool = False, alpha: float = 1.0, width: float = WIDTH) -> None:
        self.segments = np.asarray(segments, dtype=float).reshape(-1, 2)
        shown = len(self.segments) > 0
        if shown:
            style = (colour, dashed, alpha, width)
            if style != self._style:  # a new pen only when the style changes, not every frame
                self._style = style
                self.line.setPen(_pen(colour, width, dashed, alpha))
                self.outline.setPen(pg.mkPen((*OUTLINE[:3], int(OUTLINE[3] * alpha)), width=width + 2.6))
            for item in (self.outline, self.line):
                item.setData(self.segments[:, 0], self.segments[:, 1])
        self.outline.setVisible(shown)
        self.line.setVisible(shown)

    def clear(self) -> None:
        self.set(np.zeros((0, 2)), GRADIENT_COLOUR)

    @property
    def shown(self) -> bool:
        return self.line.isVisible()


class SegmentsItem(pg.GraphicsObject):
    """Groups of line segments, each group in its own pen over a dark outline, painted by one item:
    every run's glyphs cost one paint call a frame, not two curve items per run and kind."""

    PADDING_PX = 6.0  # the strokes reach this far past the segments' ends

    def __init__(self):
        super().__init__()
        self.groups: list[tuple[list[QLineF], QPen, QPen]] = []
        self._bounds = QRectF()

    def set_groups(self, groups: list[tuple[np.ndarray, QPen, QPen]]) -> None:
        """``groups``: (segments (2k, 2) in data coordinates, pen, outline pen) each, drawn in order."""
        self.prepareGeometryChange()
        self.groups = []
        points = [seg for seg, _, _ in groups if len(seg)]
        for seg, pen, outline in groups:
            lines = [QLineF(a[0], a[1], b[0], b[1]) for a, b in zip(seg[0::2], seg[1::2])]
            if lines:
                self.groups.append((lines, pen, outline))
        if points:
            allp = np.vstack(points)
            (x0, y0), (x1, y1) = allp.min(axis=0), allp.max(axis=0)
            self._bounds = QRectF(float(x0), float(y0), float(x1 - x0), float(y1 - y0))
        else:
            self._bounds = QRectF()
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's name)
        if self._bounds.isNull() and not self.groups:
            return QRectF()
        px, py = (self.pixelWidth() or 0.0) * self.PADDING_PX, (self.pixelHeight() or 0.0) * self.PADDING_PX
        return self._bounds.adjusted(-px, -py, px, py)

    def paint(self, painter, *args) -> None:
        for lines, _, outline in self.groups:
            painter.setPen(outline)
            painter.drawLines(lines)
        for lines, pen, _ in self.groups:
            painter.setPen(pen)
            painter.drawLines(lines)


def pixel_unit(plot_item: pg.PlotItem) -> tuple[np.ndarray, float]:
    """(data size of one pixel per axis, the view's smaller side in pixels) of a plot."""
    vb = plot_item.getViewBox()
    px, py = vb.viewPixelSize()
    return np.array([px, py], dtype=float), float(max(min(vb.width(), vb.height()), 1.0))


class MapGlyphLayer:
    """The glyphs on one RunsPlot page (the 2-D map or the 1-D curve) and their legend."""

    def __init__(self, page):
        self.page = page
        self.plot_item = page.plot.getPlotItem()
        self.item = SegmentsItem()
        self.item.setZValue(GLYPH_Z)
        self.item.setVisible(False)
        self.plot_item.addItem(self.item, ignoreBounds=True)  # never widens the view's auto range
        self.legend = pg.TextItem(anchor=(1, 0), fill=pg.mkBrush(22, 24, 29, 190), border=pg.mkPen(90, 96, 108))
        self.legend.setParentItem(self.plot_item.getViewBox())  # pinned to the top-right corner, not to data
        self.plot_item.getViewBox().sigResized.connect(self._place_legend)
        self.legend.setZValue(40)
        self.legend.setVisible(False)
        self.drawn: dict[tuple[str, int], np.ndarray] = {}  # (kind, run) -> segments, for tests and tools
        self._legend_key = None
        self._pens: dict[tuple, tuple[QPen, QPen]] = {}

    def _pen_pair(self, colour: str, dashed: bool, width: float) -> tuple[QPen, QPen]:
        key = (colour, dashed, width)
        if key not in self._pens:
            self._pens[key] = (_pen(colour, width, dashed), pg.mkPen(OUTLINE, width=width + 2.6))
        return self._pens[key]

    def clear(self) -> None:
        self.item.set_groups([])
        self.item.setVisible(False)
        self.legend.setVisible(False)
        self.drawn = {}

    def draw(self, glyphs: list[tuple[Glyph, np.ndarray, str]], arrows: ArrowScale, boxes: BoxScale, one_d: bool,
             legend_html: str, full_legend: str = "") -> None:
        """``glyphs``: (glyph, its origin on this page, run colour) each; the legend's text, and its
        long wording for the tooltip."""
        unit, view = pixel_unit(self.plot_item)
        self.drawn = {}
        colours = {}
        for glyph, origin, colour in glyphs:
            if glyph.vector is not None:
                vector = np.array([glyph.vector[0], 0.0]) if one_d else glyph.vector
                seg = arrow_segments(origin, vector, arrows.length(glyph.magnitude) * view, unit, HEAD_PX)
            else:
                half = boxes.half_sides(glyph.factors[:2]) * view
                if one_d:
                    half = np.array([half[0], BAR_PX])
                seg = box_segments(origin, half, unit)
            if not len(seg):
                continue
            key = (glyph.kind, glyph.run)
            self.drawn[key] = np.vstack([self.drawn[key], seg]) if key in self.drawn else seg
            colours[key] = {"gradient": GRADIENT_COLOUR, "momentum": MOMENTUM_COLOUR}.get(glyph.kind, colour)
        groups = []
        for kind in ("second_moment", "gradient", "momentum", "step"):  # boxes under the arrows, the step on top
            for key, seg in self.drawn.items():
                if key[0] == kind:
                    width = WIDTH + (0.6 if kind == "step" else 0.0)
                    groups.append((seg, *self._pen_pair(colours[key], kind == "second_moment", width)))
        self.item.set_groups(groups)
        self.item.setVisible(bool(groups))
        width = min(LEGEND_WIDTH_PX, max(self.plot_item.getViewBox().width() - 12, 120))
        if (legend_html, width) != self._legend_key:  # laying out rich text is costly: only when it changes
            self._legend_key = (legend_html, width)
            self.legend.setHtml(legend_html)
            self.legend.setTextWidth(width)
            self.legend.setToolTip(full_legend)
            self._place_legend()
        self.legend.setVisible(bool(legend_html))

    def _place_legend(self) -> None:
        self.legend.setPos(self.plot_item.getViewBox().width() - 6, 6)


class SurfaceGlyphLayer:
    """The glyphs on the 3-D surface: lines in the floor's plane at each run's head, over the
    surface (drawn without a depth test, as the trajectories are)."""

    def __init__(self, surface_3d):
        self.surface_3d = surface_3d
        self.lines = gl.GLLinePlotItem(mode="lines", width=3.0, antialias=True, glOptions=surface3d.OVERLAY_GL_OPTIONS)
        self.lines.setDepthValue(9)
        self.lines.setVisible(False)
        surface_3d.gl.addItem(self.lines)
        self.drawn: dict[tuple[str, int], np.ndarray] = {}  # (kind, run) -> scene segments (k, 3)

    def clear(self) -> None:
        self.lines.setVisible(False)
        self.drawn = {}

    def draw(self, glyphs: list[tuple[Glyph, float, str]], arrows: ArrowScale, boxes: BoxScale, land) -> None:
        """``glyphs``: (glyph, f at its point, run colour) each."""
        (x0, x1), (y0, y1) = land.x_range, land.y_range
        half = surface3d.HALF
        unit = np.array([(x1 - x0) / (2 * half), (y1 - y0) / (2 * half)])
        view = 2 * half
        pos, colours = [], []
        self.drawn = {}
        if not glyphs or self.surface_3d._mapping is None:  # (none, or the surface has no landscape yet)
            self.lines.setVisible(False)
            return
        origins = np.array([g.origin[:2] for g, _, _ in glyphs], dtype=float)
        heights = self.surface_3d.to_scene(origins[:, 0], origins[:, 1], np.array([f for _, f, _ in glyphs]))[:, 2]
        for (glyph, _, colour), f in zip(glyphs, heights):
            x, y = glyph.origin[:2]
            if not (x0 <= x <= x1 and y0 <= y <= y1):
                continue  # off the box: the surface marks where the run left
            if glyph.vector is not None:
                seg = arrow_segments(glyph.origin, glyph.vector, arrows.length(glyph.magnitude) * view, unit, HEAD_SCENE)
            else:
                seg = box_segments(glyph.origin, boxes.half_sides(glyph.factors[:2]) * view, unit)
            if not len(seg):
                continue
            with np.errstate(over="ignore", invalid="ignore"):
                scene = np.column_stack([(seg[:, 0] - x0) / (x1 - x0) * 2 * half - half,
                                         (seg[:, 1] - y0) / (y1 - y0) * 2 * half - half,
                                         np.full(len(seg), f + surface3d.LIFT + LIFT_SCENE)])
            self.drawn[(glyph.kind, glyph.run)] = scene
            pos.append(scene)
            rgba = theme.rgba({"gradient": GRADIENT_COLOUR, "momentum": MOMENTUM_COLOUR}.get(glyph.kind, colour))
            colours.append(np.tile(rgba, (len(scene), 1)))
        if pos:
            self.lines.setData(pos=np.vstack(pos), color=np.vstack(colours))
        self.lines.setVisible(bool(pos))


def legend_html(kinds, arrows: ArrowScale | None, boxes: BoxScale | None, short: bool = True,
                drawn=None) -> str:
    """The legend for the glyph ``kinds`` switched on, with the scales in use: a line of swatches
    (Δθ and the boxes take each run's colour; a kind that no run shown has, such as a momentum
    among gd runs, is greyed with "none"), then the scales (``short``: the map's compact wording)."""
    swatches = []
    for kind in GLYPH_KINDS:
        if kind in kinds:
            symbol, colour = KIND_SWATCH[kind]
            text = html.escape(translate("GlyphOverlay", KIND_SHORT[kind]))
            if drawn is not None and kind not in drawn:
                none = translate("GlyphOverlay", "{glyph}: none").format(glyph=text)
                symbol, colour, text = symbol, "#6b7280", f"<span style='color:#8a92a0'>{none}</span>"
            swatches.append(f"<span style='color:{colour}'>{symbol}</span>&nbsp;{text}")
    if not swatches:
        return ""
    notes = [tr_message(s.short_legend() if short else s.legend()) for s in (arrows, boxes) if s is not None]
    body = "&nbsp; ".join(swatches)
    body += "".join(f"<br><span style='color:#a9b1bf'>{html.escape(n)}</span>" for n in notes)
    return f"<div style='font-size:7pt; color:#e3e6ec'>{body}</div>"


class GlyphOverlay(QObject):
    """Glyphs at every visible run's current point, one toggle (``actions[kind]``) per kind."""

    def __init__(self, session, map_view, surface_view=None, parent: QObject | None = None):
        super().__init__(parent if parent is not None else map_view)
        self.session = session
        self.map_view = map_view
        self.surface_view = surface_view
        self.pages = {2: MapGlyphLayer(map_view.map_2d), 1: MapGlyphLayer(map_view.curve_1d)}
        self.surface = SurfaceGlyphLayer(surface_view.surface_3d) if surface_view is not None else None
        self.actions: dict[str, QAction] = {}
        for kind in GLYPH_KINDS:
            action = QAction(translate("GlyphOverlay", "Glyphs: {kind}").format(kind=tr_message(KIND_TITLES[kind])),
                             self)
            action.setObjectName(f"glyph_{kind}")
            action.setCheckable(True)
            action.setToolTip(translate("GlyphOverlay", "At each run's current point: {glyph}").format(
                glyph=translate("GlyphOverlay", KIND_LEGEND[kind])))
            action.setStatusTip(action.toolTip())  # the status bar says it while the menu entry is hovered
            action.toggled.connect(lambda _=False: self.update())
            self.actions[kind] = action
        self.surface_note = ""  # what the 3-D view's legend adds while glyphs are shown there
        self.arrow_scale: ArrowScale | None = None
        self.box_scale = BoxScale()
        self.glyphs: list[Glyph] = []  # the glyphs drawn (enabled kinds, visible runs)
        self.throttled_update = Throttled(self.update, MAP_INTERVAL_MS, self)
        session.trajectoriesChanged.connect(self.throttled_update)
        session.runsChanged.connect(self.update)
        session.selectionChanged.connect(lambda _: self.update())
        session.landscapeChanged.connect(self._on_landscape)
        for layer in self.pages.values():  # lengths are in pixels: redraw on zoom and resize
            layer.plot_item.getViewBox().sigRangeChanged.connect(self.throttled_update)
            layer.plot_item.getViewBox().sigResized.connect(self.throttled_update)
        map_view.glyph_overlay = self

    def _on_landscape(self) -> None:
        self.surface_note = ""  # the dock has just set its page's own legend
        self.update()

    @property
    def kinds(self) -> set[str]:
        return {kind for kind, action in self.actions.items() if action.isChecked()}

    def run_glyphs(self) -> list[tuple[Glyph, float, str]]:
        """(glyph, f at its point, run colour) of every visible run, for the kinds switched on."""
        kinds = self.kinds
        out = []
        for i, run in enumerate(self.session.runs):
            traj, descent = run.trajectory, run.descent
            if traj is None or descent is None or not run.settings.visible:
                continue
            for glyph in run_glyphs(i, descent.spec, descent.hyperparameters, traj.points, traj.grad, descent.state):
                if glyph.kind in kinds:
                    out.append((glyph, float(traj.f[-1]), run.settings.colour))
        return out

    def update(self) -> None:
        land = self.session.landscape
        kinds = self.kinds
        placed = self.run_glyphs() if kinds and land is not None else []
        self.glyphs = [g for g, _, _ in placed]
        arrows = [g.magnitude for g in self.glyphs if g.vector is not None]
        self.arrow_scale = ArrowScale.for_magnitudes(arrows) if arrows else None
        has_boxes = any(g.factors is not None for g in self.glyphs)
        boxes = self.box_scale if has_boxes else None
        html_text = legend_html(kinds, self.arrow_scale, boxes, drawn={g.kind for g in self.glyphs}) if placed else ""
        full_text = "\n".join([translate("GlyphOverlay", KIND_LEGEND[k]) for k in GLYPH_KINDS if k in kinds]
                               + [tr_message(s.legend()) for s in (self.arrow_scale, boxes) if s is not None]
                               ) if placed else ""
        dim = land.dim if land is not None else 2
        for d, layer in self.pages.items():
            if d != dim or not placed:
                layer.clear()
                continue
            with_origin = [(g, np.array([g.origin[0], f]) if dim == 1 else g.origin, c) for g, f, c in placed]
            layer.draw(with_origin, self.arrow_scale or ArrowScale(), self.box_scale, dim == 1, html_text, full_text)
        if self.surface is not None:
            if dim == 2 and placed:
                self.surface.draw(placed, self.arrow_scale or ArrowScale(), self.box_scale, land)
            else:
                self.surface.clear()
            self._note_on_surface(translate("GlyphOverlay", SURFACE_NOTE) if dim == 2 and placed else "", land)

    def _note_on_surface(self, note: str, land) -> None:
        """The 3-D view's legend (its page's own text) says that its glyphs follow the map's scales:
        set only when that changes, not every frame; the bar wraps or elides it at a word."""
        if note == self.surface_note or land is None:
            return
        self.surface_note = note
        bar = self.surface_view.bar
        own = self.surface_view.pages[land.dim].legend_text(land)
        bar.set_legend(f"{own}   ·   {note}" if note else own)


# ---------------------------------------------------------------------------------------------
# the explained step's stages on the map
# ---------------------------------------------------------------------------------------------
STAGE_COLOURS = {"gradient": GRADIENT_COLOUR, "momentum": MOMENTUM_COLOUR, "direction": DIRECTION_COLOUR}


class StageLayer:
    """The stages of an explained step on a RunsPlot page: the current one bright with its label,
    the earlier ones dimmed. Arrows and boxes on the stated log scales; the θ stage at its true
    length, from the old point to the new, with a marker on the new point."""

    def __init__(self, page):
        self.page = page
        self.plot_item = page.plot.getPlotItem()
        self.current = OutlinedSegments(self.plot_item, STAGE_Z)
        self.earlier = OutlinedSegments(self.plot_item, STAGE_Z - 1)
        self.earlier_boxes = OutlinedSegments(self.plot_item, STAGE_Z - 1)
        self.new_point = pg.ScatterPlotItem(size=11, symbol="o", pen=pg.mkPen(OUTLINE, width=2))
        self.new_point.setZValue(STAGE_Z + 1)
        self.new_point.setVisible(False)
        self.plot_item.addItem(self.new_point, ignoreBounds=True)
        self.label = pg.TextItem(anchor=(-0.08, 1.1), fill=pg.mkBrush(22, 24, 29, 200))
        self.label.setZValue(STAGE_Z + 2)
        self.label.setVisible(False)
        self.plot_item.addItem(self.label, ignoreBounds=True)
        self.segments: dict[int, np.ndarray] = {}  # stage index -> its segments, for tests and tools

    def clear(self) -> None:
        for item in (self.current, self.earlier, self.earlier_boxes):
            item.clear()
        self.new_point.setVisible(False)
        self.label.setVisible(False)
        self.segments = {}

    def geometry(self, glyph: StageGlyph, arrows: ArrowScale, boxes: BoxScale, one_d: bool, f_at) -> np.ndarray:
        """The data segments of one stage on this page (f_at(x): the curve's height, 1-D)."""
        unit, view = pixel_unit(self.plot_item)
        origin = np.array([glyph.origin[0], f_at(glyph.origin[0])]) if one_d else glyph.origin
        if glyph.shape == "arrow":
            vector = np.array([glyph.vector[0], 0.0]) if one_d else glyph.vector
            return arrow_segments(origin, vector, arrows.length(magnitude(glyph.vector)) * view, unit, HEAD_PX)
        if glyph.shape == "box":
            half = boxes.half_sides(glyph.factors[:2]) * view
            return box_segments(origin, np.array([half[0], BAR_PX]) if one_d else half, unit)
        if glyph.shape == "step":
            start, end = glyph.start, glyph.end
            if one_d:
                start, end = np.array([start[0], f_at(start[0])]), np.array([end[0], f_at(end[0])])
            shaft = np.array([start, end], dtype=float)
            if not np.all(np.isfinite(shaft)):
                return np.zeros((0, 2))
            length_px = float(np.hypot(*((end - start) / unit)))
            head = arrow_segments(start, end - start, length_px, unit, HEAD_PX)[2:] if length_px > 0 else np.zeros((0, 2))
            parts = [shaft, head]
            if length_px < STEP_VISIBLE_PX:  # too short to see: the log-scaled arrow shows its way too
                step = glyph.end - glyph.start
                parts.append(arrow_segments(start, np.array([step[0], 0.0]) if one_d else step,
                                            arrows.length(magnitude(step)) * view, unit, HEAD_PX))
            return np.vstack(parts)
        return np.zeros((0, 2))

    def show(self, glyphs: list[StageGlyph], index: int, colour: str, arrows: ArrowScale, boxes: BoxScale,
             one_d: bool = False, f_at=None) -> None:
        """Draw stage ``index`` of ``glyphs`` (the run's colour for its step and boxes)."""
        f_at = f_at or (lambda x: 0.0)
        self.segments = {}
        earlier, earlier_boxes = [], []
        for g in glyphs[: index + 1]:
            seg = self.geometry(g, arrows, boxes, one_d, f_at)
            if len(seg):
                self.segments[g.index] = seg
                if g.index < index:
                    (earlier_boxes if g.shape == "box" else earlier).append(seg)
        self.earlier.set(np.vstack(earlier) if earlier else np.zeros((0, 2)), "#cfd3da", alpha=DIMMED)
        self.earlier_boxes.set(np.vstack(earlier_boxes) if earlier_boxes else np.zeros((0, 2)), colour, dashed=True,
                               alpha=DIMMED)
        glyph = glyphs[index] if 0 <= index < len(glyphs) else None
        seg = self.segments.get(index, np.zeros((0, 2))) if glyph is not None else np.zeros((0, 2))
        if glyph is None or not len(seg):
            self.current.clear()
            self.label.setVisible(False)
            self.new_point.setVisible(False)
            return
        stage_colour = STAGE_COLOURS.get(glyph.role, colour)
        self.current.set(seg, stage_colour, dashed=glyph.shape == "box", width=WIDTH + 0.8)
        # an arrow's tip (a short step's: its log-scaled arrow's), a box's corner
        at = seg[-5] if glyph.shape == "step" and len(seg) > 6 else seg[1] if glyph.shape in ("arrow", "step") else seg[4]
        self.label.setText(glyph.label, color=stage_colour)
        self.label.setPos(float(at[0]), float(at[1]))
        self.label.setVisible(True)
        if glyph.shape == "step":
            self.new_point.setData([float(seg[1, 0])], [float(seg[1, 1])], brush=pg.mkBrush(colour))
        self.new_point.setVisible(glyph.shape == "step")
