"""The 3-D view of f(x, y): the surface coloured by height, with each run's trajectory drawn on it.

The scene lives in a fixed box (x, y in [-5, 5], height in [0, 4]) whatever the function's range,
so the camera never needs re-aiming; heights go through the landscape's HeightScale, the same map
the trajectories use, so a run always sits on the surface.

Where f is undefined (NaN) the surface has a hole (those cells are left out of the mesh) and a grey
patch on the floor; a colour bar beside the view gives f for each colour, and ticks on the three
axes give x, y and f (through the HeightScale's inverse, so log-scaled heights read as real f).
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
import pyqtgraph.opengl as gl
from OpenGL import GL
from pyqtgraph.opengl.GLViewWidget import GLViewMixin
from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QMatrix4x4, QVector4D, QWindow
from PySide6.QtOpenGL import QOpenGLFramebufferObject, QOpenGLWindow
from PySide6.QtWidgets import QHBoxLayout, QWidget

from gdexplorer.app.i18n import translate
from gdexplorer.app.session import Session
from gdexplorer.scene.decimate import EXACT_POINTS, PathDecimator
from gdexplorer.scene.landscape import Landscape, exit_point, round_ticks
from gdexplorer.ui import theme
from gdexplorer.ui.colour_bar import ColourBar, format_value
from gdexplorer.ui.views import critical
from gdexplorer.ui.views.minima import height_name, minimum_label

HALF = 5.0  # the box spans [-HALF, HALF] in x and y
TOP = 4.0  # and [0, TOP] in height
LIFT = 0.04  # trajectories float this much above the surface so they are not hidden in it
DEFAULT_CAMERA = {"distance": 15, "elevation": 30, "azimuth": -60}
DEFAULT_CENTER = (0.0, 0.0, TOP * 0.35)
TICK = 0.18  # length of a tick mark in scene units
F_TICKS = 4  # about this many f values up the vertical axis
LABEL_COLOUR = (200, 205, 215, 255)
POLE = 0.7  # a minimum's marker: a pole this tall standing on the surface
LABEL_FONT = QFont("Sans", 8)
TITLE_FONT = QFont("Sans", 11)
GLYPH_FONT = QFont("Sans", 13)  # a critical point's ▼ ▲ ✕ ◆
LABEL_GAP = 3  # pixels kept between two tick labels on screen
F_LABEL_OFFSET = 0.35  # f's labels stand this far along +x from the f axis (right of it on screen)
EXIT_ARROW = 1.4  # a run that left the box: an arrow this long (scene units) points out of its wall
EXIT_CROSS = 0.35  # and an "x" this big marks where it crossed


# Trajectories are drawn over the cached surface without a depth test (the depth of the cache is
# not kept): a path behind a hill shows through it, which also keeps every run in sight.
OVERLAY_GL_OPTIONS = {
    GL.GL_DEPTH_TEST: False,
    GL.GL_BLEND: True,
    GL.GL_CULL_FACE: False,
    "glBlendFuncSeparate": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA, GL.GL_ONE, GL.GL_ONE_MINUS_SRC_ALPHA),
}


class GLSurfaceWindow(GLViewMixin, QOpenGLWindow):
    """pyqtgraph's 3-D view as a native OpenGL window, embedded with createWindowContainer, that
    draws its static scene once and then only the moving parts.

    * A QOpenGLWidget would switch the whole main window to OpenGL composition: every repaint of
      any widget (the map, the curves) is then uploaded and composed through OpenGL, which on a
      software renderer (Mesa llvmpipe: no GPU) costs tens of milliseconds a frame. A native child
      window keeps the rest of the window on the plain raster path.
    * The surface (80,000 triangles at 200x200) only changes with the function or the camera, but
      trajectories move every frame. Items in ``static_items`` are rendered into a framebuffer
      object when the surface or the camera changes; a frame is then a blit of that image plus the
      trajectories (28 ms -> a few ms a frame on llvmpipe).
    """

    def __init__(self, parent: QWindow | None = None):
        super().__init__(parent=parent)
        self.static_items: list = []
        self._static_version = 0
        self._cache = None  # QOpenGLFramebufferObject holding the static scene
        self._cache_key = None
        self.cache_enabled = True
        #: called before a frame is drawn whose camera, size or static scene differs from the last's
        #: (labels are thinned there: once per camera move, not every frame)
        self.view_changed: list = []
        self._view_key = None

    def rect(self) -> QRect:  # GLTextItem asks its view for a widget's rect()
        return QRect(0, 0, self.width(), self.height())

    def invalidate_static(self) -> None:
        """The surface, grid or axes changed: render them again at the next frame."""
        self._static_version += 1
        self.update()

    def _key(self) -> tuple:
        o = self.opts
        return (self._static_version, self.deviceWidth(), self.deviceHeight(), tuple(o["center"]), o["distance"],
                o["fov"], o.get("elevation"), o.get("azimuth"), str(o.get("rotation")), tuple(o["bgcolor"]))

    def screen_matrix(self) -> QMatrix4x4:
        """Scene -> window pixels (logical, y down) at the current camera: as GLTextItem places text."""
        rect = QRectF(self.rect())
        to_pixels = QMatrix4x4()
        to_pixels.viewport(rect.left(), rect.bottom(), rect.width(), -rect.height())
        region = self.getViewport()
        return to_pixels * self.projectionMatrix(region, region) * self.viewMatrix()

    def paintGL(self) -> None:
        key = self._key()
        if key != self._view_key:
            self._view_key = key
            for callback in self.view_changed:
                callback()
        if not (self.cache_enabled and QOpenGLFramebufferObject.hasOpenGLFramebufferBlit()):
            return super().paintGL()
        region = self.getViewport()
        size = QSize(self.deviceWidth(), self.deviceHeight())
        if self._cache is None or self._cache.size() != size:
            self._cache = QOpenGLFramebufferObject(size, QOpenGLFramebufferObject.Attachment.CombinedDepthStencil)
            self._cache_key = None
        if key != self._cache_key:
            self._cache.bind()
            self._draw(region, self.static_items, clear=True)
            self._cache.release()
            self._cache_key = key
        QOpenGLFramebufferObject.blitFramebuffer(None, self._cache)  # colour only, to the window
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, self.defaultFramebufferObject())
        self._draw(region, [i for i in self.items if i not in self.static_items], clear=False)

    def _draw(self, region, items, clear: bool) -> None:
        self.setProjection(region, region)
        self.setModelview()
        if clear:
            GL.glClearColor(*self.opts["bgcolor"])
            GL.glClear(GL.GL_DEPTH_BUFFER_BIT | GL.GL_COLOR_BUFFER_BIT)
        everything = self.items
        self.items = items  # drawItemTree walks self.items
        try:
            self.drawItemTree()
        finally:
            self.items = everything


def _embed(parent: QWidget) -> tuple[GLSurfaceWindow, QWidget]:
    """A GLSurfaceWindow inside a container widget, owned by Qt (C++), not by Python.

    createWindowContainer makes the container own the window, but PySide would keep a window
    created from Python Python-owned: on exit PySide deletes Python-owned objects before the
    QApplication, and the container then reaches its deleted window (a segfault on quit). A window
    created with a parent is C++-owned from birth; the container then takes it from that parent.
    """
    holder = QWindow()
    window = GLSurfaceWindow(parent=holder)
    container = QWidget.createWindowContainer(window, parent)
    holder.deleteLater()  # empty now: the container's native window is the window's parent
    return window, container


def surface_faces(nx: int, ny: int, defined: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Triangles of an nx x ny vertex grid (vertex i*ny + j at x[i], y[j]), as GLSurfacePlotItem
    makes them, split into those whose three vertices are all ``defined`` and the others: a face
    touching an undefined f is no part of the surface (a NaN vertex would draw garbage or nothing,
    whatever the driver)."""
    index = np.arange(nx * ny, dtype=np.uint32).reshape(nx, ny)
    a, b, c, d = index[:-1, :-1], index[:-1, 1:], index[1:, :-1], index[1:, 1:]
    faces = np.concatenate([np.stack([a, b, c], -1).reshape(-1, 3), np.stack([c, b, d], -1).reshape(-1, 3)])
    whole = defined.reshape(-1)[faces].all(axis=1)
    return faces[whole], faces[~whole]



def label_rect(item: gl.GLTextItem, matrix: QMatrix4x4) -> QRectF | None:
    """The window rectangle a GLTextItem's text covers (as its paint aligns it), or None when its
    anchor is behind the camera."""
    x, y, z = (float(v) for v in item.pos)
    eye = matrix.map(QVector4D(x, y, z, 1.0))
    if eye.w() <= 0:
        return None
    px, py = eye.x() / eye.w(), eye.y() / eye.w()
    size = QFontMetrics(item.font).tightBoundingRect(item.text)
    w, h = size.width(), size.height()
    align = item.alignment
    left = px - (w if align & Qt.AlignRight else w / 2 if align & Qt.AlignHCenter else 0.0)
    top = py - (h / 2 if align & Qt.AlignVCenter else 0.0 if align & Qt.AlignTop else h)
    return QRectF(left, top, w, h)


def exit_marks(point: np.ndarray, direction: np.ndarray) -> list[np.ndarray]:
    """Six line segments (12 vertices): an "x" on the box's wall at ``point`` and an arrow from it
    pointing ``direction`` (a unit vector in the floor's plane), out of the box."""
    u = np.array([direction[0], direction[1], 0.0])
    side = np.array([-u[1], u[0], 0.0]) if u.any() else np.array([1.0, 0.0, 0.0])
    up = np.array([0.0, 0.0, 1.0])
    tip = point + EXIT_ARROW * u
    back = tip - 0.45 * u
    return [point - EXIT_CROSS * (side + up), point + EXIT_CROSS * (side + up),
            point - EXIT_CROSS * (side - up), point + EXIT_CROSS * (side - up),
            point, tip, tip, back + 0.25 * side, tip, back - 0.25 * side,
            tip, back + 0.25 * up]


def clip_path(points: np.ndarray, z: np.ndarray, low, high):
    """The parts of a path inside the box [low, high] (x and y), as segments.

    ``points`` (n, 2) are data x, y, ``z`` (n,) the scene heights. A step with both ends inside is
    drawn whole; a step leaving the box stops where it crosses the wall, one entering starts there
    (the crossing is computed from the end inside, so a far-away end, even 1e300 or inf, does not
    spoil it); a step with both ends outside is not drawn: nothing runs along the walls. Returns
    (segments (2k, 3) of x, y, z pairs, exit) where exit is (x, y, z, dx, dy) of the last crossing
    out of the box, the direction being that step's, or None if no step left it.
    """
    pts = np.asarray(points, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    return clip_steps(pts[:-1], pts[1:], z[:-1], z[1:], low, high)


def inside_box(points: np.ndarray, low, high) -> np.ndarray:
    """Which points (n, 2) lie in the box [low, high] (NaN: none)."""
    pts = np.where(np.isinf(points), np.sign(points) * 1e300, points)  # an overflowed point: far away that way
    return np.all((pts >= np.asarray(low, dtype=np.float64)) & (pts <= np.asarray(high, dtype=np.float64)), axis=1)


def clip_steps(a: np.ndarray, b: np.ndarray, za: np.ndarray, zb: np.ndarray, low, high):
    """:func:`clip_path` for steps given by their ends: step k goes from a[k] (height za[k]) to b[k]
    (zb[k]); the steps need not join (a decimated path draws some steps of a long run only)."""
    a = np.where(np.isinf(a), np.sign(a) * 1e300, np.asarray(a, dtype=np.float64))
    b = np.where(np.isinf(b), np.sign(b) * 1e300, np.asarray(b, dtype=np.float64))
    low, high = np.asarray(low, dtype=np.float64), np.asarray(high, dtype=np.float64)
    a_in, b_in = inside_box(a, low, high), inside_box(b, low, high)
    a_finite, b_finite = np.all(np.isfinite(a), axis=1), np.all(np.isfinite(b), axis=1)
    leaving = a_in & ~b_in & b_finite
    drawn = (a_in & b_in) | leaving | (~a_in & b_in & a_finite)
    k = np.flatnonzero(drawn)
    first_in = a_in[k]
    q = np.where(first_in[:, None], a[k], b[k])  # the end inside
    r = np.where(first_in[:, None], b[k], a[k])
    zq = np.where(first_in, za[k], zb[k])
    zr = np.where(first_in, zb[k], za[k])
    d = r - q
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        to_wall = np.where(d > 0, (high - q) / d, np.where(d < 0, (low - q) / d, np.inf))
    t = np.minimum(to_wall.min(axis=1, initial=np.inf), 1.0)
    cross = np.clip(q + t[:, None] * d, low, high)
    zc = zq + t * (zr - zq)
    start = np.column_stack([np.where(first_in[:, None], q, cross), np.where(first_in, zq, zc)])
    end = np.column_stack([np.where(first_in[:, None], cross, q), np.where(first_in, zc, zq)])
    segments = np.stack([start, end], axis=1).reshape(-1, 3)
    out = None
    left = np.flatnonzero(leaving[k])
    if left.size:
        j = left[-1]
        out = (*end[j], *d[j])
    return segments, out


class LongPath:
    """What the 3-D view keeps of a long run's path between frames: its decimator (cells of
    1/CELLS of the plotted range, scene/decimate.py), the scene positions of the steps settled so
    far (only the steps since are converted each frame), and the last step that left the box,
    found among the new rows only (the exit mark needs the true last one, which the cells may skip)."""

    CELLS = 512  # the box is at most a few hundred pixels wide on screen
    LIVE_STEPS = 300  # steps drawn since the settled ones that make them settle

    def __init__(self, descent, mapping):
        self.descent, self.mapping = descent, mapping
        x0, x1, y0, y1, _ = mapping
        cell = (((x1 - x0) or 1.0) / self.CELLS, ((y1 - y0) or 1.0) / self.CELLS)
        self.decimator = PathDecimator(cell, (0.5 * (x0 + x1), 0.5 * (y0 + y1)))
        self.low, self.high = (x0, y0), (x1, y1)
        self.count = 0
        self.last_exit: int | None = None  # start index of the last step out of the box
        self.settled_to = 0  # the last row of the settled steps
        self.settled_pos = np.empty((0, 3))  # their scene positions, two a step
        self.settled_coarsened = -1

    def update(self, points: np.ndarray) -> None:
        n = len(points)
        self.decimator.update(points[:, 0], points[:, 1])
        first = max(self.count - 1, 0)
        if n - first >= 2:
            inside = inside_box(points[first:n], self.low, self.high)
            finite = np.all(np.isfinite(points[first + 1:n]), axis=1)
            leaving = np.flatnonzero(inside[:-1] & ~inside[1:] & finite)
            if leaving.size:
                self.last_exit = first + int(leaving[-1])
        self.count = n

    def all_inside(self) -> bool:
        """Every point read lies in the box (from the path's extremes: O(1))."""
        (x_low, x_high, y_low, y_high) = self.decimator.extreme_values
        return bool(x_low >= self.low[0] and x_high <= self.high[0] and y_low >= self.low[1] and y_high <= self.high[1])


class SurfaceView3D(QWidget):
    """The surface in its GL window (``gl``, inside ``gl_container``) with the colour bar beside it."""

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.gl, self.gl_container = _embed(self)
        self.gl.setObjectName("surface_gl")
        self.gl_container.setObjectName("surface_gl_container")
        self.gl_container.setFocusPolicy(Qt.ClickFocus)
        self.gl.setBackgroundColor(theme.MAP_BACKGROUND)
        self.reset_camera()
        grid = gl.GLGridItem(size=pg.Vector(2 * HALF, 2 * HALF, 1))
        grid.setSpacing(1, 1, 1)
        grid.setColor((255, 255, 255, 40))
        self._add_static(grid)
        self._add_axes()
        self.surface = gl.GLMeshItem(computeNormals=False, smooth=False, glOptions="opaque")
        self._add_static(self.surface)
        # where f is undefined: no surface, a grey patch on the floor instead (the map's hatching)
        self.undefined_floor = gl.GLMeshItem(computeNormals=False, smooth=False, glOptions="translucent")
        self._add_static(self.undefined_floor)
        self.tick_marks = gl.GLLinePlotItem(mode="lines", color=LABEL_COLOUR, width=1.5)
        self._add_static(self.tick_marks)
        self.tick_labels: dict[str, list[gl.GLTextItem]] = {"x": [], "y": [], "f": []}
        self.gl.view_changed.append(self._thin_labels)
        self.paths: list[gl.GLLinePlotItem] = []
        self.long_paths: dict[int, LongPath] = {}  # run index -> what is kept of its path once long
        self.heads = gl.GLScatterPlotItem(size=14, pxMode=True, glOptions=OVERLAY_GL_OPTIONS)
        self.heads.setDepthValue(10)
        self.gl.addItem(self.heads)
        # the known minima: a white point on the surface under a short pole, over everything
        self.minima = gl.GLScatterPlotItem(size=11, pxMode=True, color=(1, 1, 1, 1), glOptions=OVERLAY_GL_OPTIONS)
        self.minima_poles = gl.GLLinePlotItem(mode="lines", color=(1, 1, 1, 0.9), width=2, glOptions=OVERLAY_GL_OPTIONS)
        self.minimum_labels: list[gl.GLTextItem] = []
        for item in (self.minima, self.minima_poles):
            item.setDepthValue(12)
            self.gl.addItem(item)
        # a run whose head left the box: an "x" on the wall where it crossed and an arrow pointing
        # out, in its colour (the map's border arrow), instead of a head clamped to the box's edge
        self.exit_marks = gl.GLLinePlotItem(mode="lines", width=3.5, antialias=True, glOptions=OVERLAY_GL_OPTIONS)
        self.exit_marks.setDepthValue(11)
        self.exit_marks.setVisible(False)
        self.gl.addItem(self.exit_marks)
        #: run index -> (scene point where it left the box, scene direction it went), for the runs off the plot
        self.exits: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.colour_bar = ColourBar()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.gl_container, 1)
        row.addWidget(self.colour_bar)
        self._mapping = None  # (x0, x1, y0, y1, scale)
        # critical points (views/critical.py's overlay): a light dot with a dark rim on the surface
        # and the kind's symbol (▼ ▲ ✕ ◆) just above it, over everything; none until asked
        self.critical_rims = gl.GLScatterPlotItem(size=13, pxMode=True, color=(*np.array(critical.OUTLINE) / 255, 1),
                                                  glOptions=OVERLAY_GL_OPTIONS)
        self.critical_dots = gl.GLScatterPlotItem(size=8, pxMode=True, color=(*np.array(critical.FILL) / 255, 1),
                                                  glOptions=OVERLAY_GL_OPTIONS)
        for depth, item in ((13, self.critical_rims), (14, self.critical_dots)):
            item.setDepthValue(depth)
            item.setVisible(False)
            self.gl.addItem(item)
        self.critical_glyphs: list[gl.GLTextItem] = []
        self.height_name = "f"  # what the vertical axis is called (L for the loss in the Data mode)

    def _add_static(self, item) -> None:
        """An item of the cached static scene: redrawn with the surface or the camera only."""
        self.gl.addItem(item)
        self.gl.static_items.append(item)

    def _add_axes(self) -> None:
        """x and y along the floor's front edges (in the cached scene); f upright at the x-max/y-min
        corner, nearest the default camera, so its labels (right of it) share no screen column with
        y's (left of the y axis). f and its ticks are overlay items, drawn over the surface: standing
        at the back, the surface hid it."""
        pen = (200, 205, 215, 255)
        for start, end in (((-HALF, -HALF, 0), (HALF + 0.6, -HALF, 0)), ((-HALF, -HALF, 0), (-HALF, HALF + 0.6, 0))):
            self._add_static(gl.GLLinePlotItem(pos=np.array([start, end], dtype=float), color=pen, width=2,
                                               antialias=True))
        self.f_axis = gl.GLLinePlotItem(pos=np.array([(HALF, -HALF, 0), (HALF, -HALF, TOP + 0.6)], dtype=float),
                                        color=pen, width=2, antialias=True, glOptions=OVERLAY_GL_OPTIONS)
        self.f_tick_marks = gl.GLLinePlotItem(mode="lines", color=LABEL_COLOUR, width=1.5, glOptions=OVERLAY_GL_OPTIONS)
        for item in (self.f_axis, self.f_tick_marks):
            item.setDepthValue(4)
            self.gl.addItem(item)
        self.axis_titles = {
            "x": self._label((HALF + 0.9, -HALF - 0.1, 0), "x", Qt.AlignLeft | Qt.AlignVCenter, TITLE_FONT),
            "y": self._label((-HALF - 0.1, HALF + 0.9, 0), "y", Qt.AlignLeft | Qt.AlignVCenter, TITLE_FONT),
            # right of the axis's top, away from the surface's labels (a minimum's "f* = 0")
            "f": self._label((HALF + 0.15, -HALF, TOP + 0.75), "f", Qt.AlignLeft | Qt.AlignBottom, TITLE_FONT),
        }

    # -- camera ---------------------------------------------------------------------------------
    def reset_camera(self) -> None:
        self.gl.setCameraPosition(pos=pg.Vector(*DEFAULT_CENTER), **DEFAULT_CAMERA)

    def reset_view(self) -> None:
        """The default camera."""
        self.reset_camera()

    def grab_surface(self):
        """The GL framebuffer as a QImage (what the 3D view really drew)."""
        return self.gl.grabFramebuffer()

    # -- coordinates ----------------------------------------------------------------------------
    def to_scene(self, x, y, f) -> np.ndarray:
        """Scene positions of data points, clamped to the box; an undefined f (NaN) lies on the
        floor, where the grey undefined patch is."""
        sx, sy = self._scene_xy(x, y)
        return np.stack([np.clip(sx, -HALF, HALF), np.clip(sy, -HALF, HALF), self._scene_z(f)], axis=-1)

    def _scene_xy(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        x0, x1, y0, y1, _ = self._mapping
        with np.errstate(over="ignore", invalid="ignore"):
            sx = (np.asarray(x, dtype=np.float64) - x0) / ((x1 - x0) or 1.0) * 2 * HALF - HALF  # (a flat range: no division by 0)
            sy = (np.asarray(y, dtype=np.float64) - y0) / ((y1 - y0) or 1.0) * 2 * HALF - HALF
        return sx, sy

    def _scene_z(self, f) -> np.ndarray:
        return np.nan_to_num(self._mapping[4](f), nan=0.0) * TOP

    # -- landscape ------------------------------------------------------------------------------
    def show_landscape(self, land: Landscape) -> None:
        (x0, x1), (y0, y1) = land.x_range, land.y_range
        self._mapping = (x0, x1, y0, y1, land.scale)
        self._set_surface(land)
        self._set_ticks(land)
        self._set_minima(land)
        self.colour_bar.set_scale(land.scale, land.has_undefined)
        self.gl.invalidate_static()
        self.update_trajectories()

    def legend_text(self, land: Landscape) -> str:
        return translate("SurfaceView3D", "drag: turn · wheel: zoom") + (
            translate("SurfaceView3D", "   ·   grey floor: f undefined (NaN)") if land.has_undefined else "")

    def clear(self) -> None:
        """Nothing to let go of: the hidden GL window is not painted, the next landscape replaces the mesh."""

    def _set_surface(self, land: Landscape) -> None:
        nx, ny = land.xs.size, land.ys.size
        heights = land.heights.T  # (x, y): vertex i*ny + j sits at (x[i], y[j])
        defined = ~np.isnan(heights)
        grid = np.empty((nx, ny, 3), dtype=np.float32)
        grid[..., 0] = np.linspace(-HALF, HALF, nx)[:, None]
        grid[..., 1] = np.linspace(-HALF, HALF, ny)[None, :]
        grid[..., 2] = np.where(defined, heights, 0.0) * TOP
        vertexes = grid.reshape(-1, 3)
        whole, broken = surface_faces(nx, ny, defined)
        colours = theme.height_colours(heights).reshape(-1, 4)
        self.surface.setMeshData(vertexes=vertexes, faces=whole, vertexColors=colours)
        self.surface.setVisible(len(whole) > 0)
        floor = vertexes.copy()
        floor[:, 2] = 0.0
        grey = np.array(theme.UNDEFINED_STRIPE + (255,), dtype=np.float32) / 255.0 * (1, 1, 1, 0.55)
        self.undefined_floor.setMeshData(vertexes=floor, faces=broken, vertexColors=np.tile(grey, (len(floor), 1)))
        self.undefined_floor.setVisible(len(broken) > 0)

    def _label(self, pos, text: str, align=Qt.AlignHCenter | Qt.AlignVCenter, font: QFont = LABEL_FONT) -> gl.GLTextItem:
        item = gl.GLTextItem(pos=np.asarray(pos, dtype=float), text=text, color=LABEL_COLOUR,
                             font=font, alignment=align)
        self.gl.addItem(item)
        return item

    def _set_ticks(self, land: Landscape) -> None:
        """Round x and y values along the front edges, and f values (through the height scale, so a
        log scale reads in real f) up the vertical axis: tick marks and labels."""
        for items in self.tick_labels.values():
            for item in items:
                self.gl.removeItem(item)
            items.clear()
        marks = []
        x_ticks = round_ticks(*land.x_range)
        for x, (sx, _, _) in zip(x_ticks, self.to_scene(x_ticks, np.full(len(x_ticks), land.y_range[0]), 0.0 * x_ticks)):
            marks += [(sx, -HALF, 0), (sx, -HALF - TICK, 0)]
            self.tick_labels["x"].append(self._label((sx, -HALF - 0.55, 0), format_value(x)))
        y_ticks = round_ticks(*land.y_range)
        for y, (_, sy, _) in zip(y_ticks, self.to_scene(np.full(len(y_ticks), land.x_range[0]), y_ticks, 0.0 * y_ticks)):
            marks += [(-HALF, sy, 0), (-HALF - TICK, sy, 0)]
            self.tick_labels["y"].append(self._label((-HALF - 0.55, sy, 0), format_value(y),
                                                     Qt.AlignRight | Qt.AlignVCenter))
        self.tick_marks.setData(pos=np.array(marks, dtype=float))
        # fewer f ticks than the colour bar's: seen in perspective the f axis is short; none at the
        # floor, where the label would sit on the last x label
        f_marks = []
        for h, f in land.scale.ticks(F_TICKS):
            z = h * TOP
            f_marks += [(HALF, -HALF, z), (HALF + TICK, -HALF, z)]
            if h > 0:
                self.tick_labels["f"].append(self._label((HALF + F_LABEL_OFFSET, -HALF, z), format_value(f),
                                                         Qt.AlignLeft | Qt.AlignVCenter))
        self.f_tick_marks.setData(pos=np.array(f_marks, dtype=float).reshape(-1, 3))
        self.name_height(self.height_name)

    def name_height(self, name: str) -> None:
        """Call the vertical axis ``name`` ("f"; "L" in the Data mode), with "(log scale)" in the
        interface's language when the heights are log-compressed."""
        self.height_name = name
        log = self._mapping is not None and self._mapping[4].is_log
        self.axis_titles["f"].setData(
            text=translate("SurfaceView3D", "{name} (log scale)").format(name=name) if log else name)

    # -- labels that never overlap --------------------------------------------------------------
    def _thin_labels(self) -> None:
        """Hide tick labels that would overlap another label on screen at the current camera: the
        axis titles and the minima's labels first, then each axis's ticks at the smallest stride (1, every 2nd, ...) whose
        labels clear everything kept so far. Runs when the camera, the size or the landscape
        changes (GLSurfaceWindow.view_changed), not every frame."""
        if self.gl.width() <= 0 or self.gl.height() <= 0:
            return
        matrix = self.gl.screen_matrix()
        fixed = [*self.axis_titles.values(), *self.minimum_labels]  # always shown: ticks make way
        kept = [r for r in (label_rect(t, matrix) for t in fixed) if r is not None]
        for axis in ("f", "x", "y"):
            items = self.tick_labels[axis]
            order = items[::-1] if axis == "f" else items  # f keeps its top (the highest f) first
            rects = [label_rect(item, matrix) for item in order]
            chosen: list[int] = []
            for stride in range(1, len(order) + 1):
                chosen = [k for k in range(0, len(order), stride) if rects[k] is not None]
                taken = [rects[k].adjusted(-LABEL_GAP, -LABEL_GAP, LABEL_GAP, LABEL_GAP) for k in chosen]
                if not any(a.intersects(b) for i, a in enumerate(taken) for b in taken[i + 1:] + kept):
                    break
            else:
                chosen = []
            for k, item in enumerate(order):
                shown = k in chosen
                if item.visible() != shown:
                    item.setVisible(shown)
            kept += [rects[k] for k in chosen]

    def visible_labels(self) -> list[gl.GLTextItem]:
        """The axis titles and the tick labels shown."""
        ticks = [item for items in self.tick_labels.values() for item in items if item.visible()]
        return [*self.axis_titles.values(), *ticks]

    def _set_minima(self, land: Landscape) -> None:
        for label in self.minimum_labels:
            self.gl.removeItem(label)
        self.minimum_labels.clear()
        if not land.minima:
            self.minima.setVisible(False)
            self.minima_poles.setVisible(False)
            return
        at = self.to_scene(*np.array(land.minima, dtype=float).T)
        at[:, 2] += LIFT
        top = at + (0, 0, POLE)
        self.minima.setData(pos=at)
        self.minima_poles.setData(pos=np.stack([at, top], axis=1).reshape(-1, 3))
        span = land.scale.high - land.scale.low
        for (_, _, f), lowest, pos in zip(land.minima, land.global_minima, top):
            self.minimum_labels.append(self._label(pos + (0, 0, 0.2), minimum_label(f, span, lowest, height_name(land))))
        self.minima.setVisible(True)
        self.minima_poles.setVisible(True)

    def set_critical_points(self, points) -> None:
        """Mark 2-D ``points`` (core.critical.CriticalPoint) on the surface; [] clears them."""
        for glyph in self.critical_glyphs:
            self.gl.removeItem(glyph)
        self.critical_glyphs.clear()
        shown = bool(points) and self._mapping is not None
        if shown:
            at = critical.glyph_positions(points, self.to_scene)
            at[:, 2] += LIFT
            for item in (self.critical_rims, self.critical_dots):
                item.setData(pos=at)
            for p, pos in zip(points, at):
                glyph = gl.GLTextItem(pos=pos + (0, 0, 0.3), text=critical.GLYPHS[p.kind],
                                      color=(*critical.FILL, 255), font=GLYPH_FONT,
                                      alignment=Qt.AlignHCenter | Qt.AlignVCenter)
                self.gl.addItem(glyph)
                self.critical_glyphs.append(glyph)
        self.critical_rims.setVisible(shown)
        self.critical_dots.setVisible(shown)
        self.gl.update()

    # -- runs -----------------------------------------------------------------------------------
    def _path(self, index: int) -> gl.GLLinePlotItem:
        while len(self.paths) <= index:
            path = gl.GLLinePlotItem(width=2.5, antialias=True, mode="line_strip", glOptions=OVERLAY_GL_OPTIONS)
            path.setDepthValue(5)
            self.gl.addItem(path)
            self.paths.append(path)
        return self.paths[index]

    def update_trajectories(self) -> None:
        if self._mapping is None:
            return
        x0, x1, y0, y1, _ = self._mapping
        low, high = (x0, y0), (x1, y1)
        heads_pos, heads_col, marks, marks_col = [], [], [], []
        self.exits = {}
        for i, run in enumerate(self.session.runs):
            path = self._path(i)
            traj = run.trajectory
            if traj is None or not run.settings.visible:
                path.setVisible(False)
                continue
            colour = theme.rgba(run.settings.colour)
            width = 3.5 if i == self.session.selected else 2.5
            points = traj.points[:, :2]
            long_path = self._long_path(i, run, points) if len(points) > EXACT_POINTS else None
            if long_path is None:
                self.long_paths.pop(i, None)
                inside = bool(np.all((points >= low) & (points <= high)))
            else:
                inside = long_path.all_inside()
            if inside and long_path is not None:  # a long path in the box: its settled steps and those since
                pos = self._long_path_positions(long_path, traj)
                path.setData(pos=pos, color=colour, width=width, mode="lines")
                head = self.to_scene(points[-1:, 0], points[-1:, 1], traj.f[-1:])[0]
                heads_pos.append(head + (0, 0, 2 * LIFT))
                heads_col.append(colour)
            elif inside:  # the usual case: the whole path in the box
                pos = self.to_scene(points[:, 0], points[:, 1], traj.f)
                pos[:, 2] += LIFT
                path.setData(pos=pos, color=colour, width=width, mode="line_strip")
                heads_pos.append(pos[-1] + (0, 0, LIFT))
                heads_col.append(colour)
            else:
                if long_path is not None:
                    extra = () if long_path.last_exit is None else (long_path.last_exit,)
                    steps = long_path.decimator.steps(extra)
                    z = self._scene_z(traj.f[np.concatenate([steps, steps + 1])]).reshape(2, -1)
                    segments, out = clip_steps(points[steps], points[steps + 1], z[0], z[1], low, high)
                else:
                    segments, out = clip_path(points, self._scene_z(traj.f), low, high)
                pos = np.column_stack([*self._scene_xy(segments[:, 0], segments[:, 1]), segments[:, 2] + LIFT])
                path.setData(pos=pos.reshape(-1, 3), color=colour, width=width, mode="lines")
                exit_ = self._exit(traj, out, low, high)
                if exit_ is not None:
                    self.exits[i] = exit_
                    marks += exit_marks(*exit_)
                    marks_col += [colour] * 12
                elif np.all(np.isfinite(points[-1])) and len(pos):  # back inside after an excursion
                    heads_pos.append(pos[-1] + (0, 0, LIFT))
                    heads_col.append(colour)
            path.setVisible(True)
        for path in self.paths[len(self.session.runs):]:
            path.setVisible(False)
        for i in [k for k in self.long_paths if k >= len(self.session.runs)]:
            del self.long_paths[i]
        if heads_pos:
            self.heads.setData(pos=np.array(heads_pos), color=np.array(heads_col))
        self.heads.setVisible(bool(heads_pos))
        if marks:
            self.exit_marks.setData(pos=np.array(marks, dtype=float), color=np.array(marks_col, dtype=float))
        self.exit_marks.setVisible(bool(marks))

    def _long_path(self, index: int, run, points: np.ndarray) -> LongPath:
        """The run's LongPath, made anew for a new descent or landscape, with the new rows read."""
        state = self.long_paths.get(index)
        if state is None or state.descent is not run.descent or state.mapping != self._mapping:
            state = self.long_paths[index] = LongPath(run.descent, self._mapping)
        state.update(points)
        return state

    def _long_path_positions(self, state: LongPath, traj) -> np.ndarray:
        """Scene positions (two a step) of a long path in the box: the settled steps' are kept,
        the steps since are converted; past LIVE_STEPS of those (or when the cells coarsened)
        everything settles anew."""
        decimator = state.decimator
        live = decimator.steps(since=state.settled_to)
        if live.size > state.LIVE_STEPS or decimator.coarsened != state.settled_coarsened:
            state.settled_pos = self._step_positions(traj, decimator.steps())
            state.settled_to, state.settled_coarsened = decimator.count - 1, decimator.coarsened
            live = live[:0]
        return np.concatenate([state.settled_pos, self._step_positions(traj, live)])

    def _step_positions(self, traj, steps: np.ndarray) -> np.ndarray:
        rows = np.column_stack([steps, steps + 1]).ravel()
        pos = self.to_scene(traj.points[rows, 0], traj.points[rows, 1], traj.f[rows])
        pos[:, 2] += LIFT
        return pos

    def _exit(self, traj, out, low, high) -> tuple[np.ndarray, np.ndarray] | None:
        """(scene point, scene direction) of a run whose head is off the plot, or None: where its
        last step out crossed the wall, or (it never was inside) its head clamped to the box."""
        if exit_point(traj.points[-2:, :2], (low[0], high[0]), (low[1], high[1])) is None:
            return None  # inside, or undefined (NaN): no head to mark
        x0, x1, y0, y1, _ = self._mapping
        if out is None:
            x, y, angle = exit_point(traj.points[-2:, :2], (x0, x1), (y0, y1))
            z = float(self._scene_z(traj.f[-1]))
            dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        else:
            x, y, z, dx, dy = out
        sx, sy = self._scene_xy(x, y)
        direction = np.array([dx / ((x1 - x0) or 1.0), dy / ((y1 - y0) or 1.0)], dtype=np.float64)
        norm = float(np.hypot(*direction))
        direction = direction / norm if norm > 0 and np.isfinite(norm) else np.array([0.0, 0.0])
        return np.array([float(sx), float(sy), z + LIFT]), direction
