"""The 3-D view: the surface coloured by height, with each run's trajectory drawn on it.

The scene lives in a fixed box (x, y in [-5, 5], height in [0, 4]) whatever the function's range,
so the camera never needs re-aiming; heights go through the landscape's HeightScale, the same map
the trajectories use, so a run always sits on the surface. For 1-D functions the dock shows the
derivative f′(x) with the runs' points on it instead.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pyqtgraph.opengl as gl
from pyqtgraph.opengl.GLViewWidget import GLViewMixin
from PySide6.QtOpenGL import QOpenGLWindow
from OpenGL import GL
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QWindow
from PySide6.QtOpenGL import QOpenGLFramebufferObject
from PySide6.QtWidgets import QStackedWidget, QWidget

from gdexplorer.app.session import Session
from gdexplorer.ui import theme
from gdexplorer.ui.throttle import MAP_INTERVAL_MS, Throttled

HALF = 5.0  # the box spans [-HALF, HALF] in x and y
TOP = 4.0  # and [0, TOP] in height
LIFT = 0.04  # trajectories float this much above the surface so they are not hidden in it


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

    def paintGL(self) -> None:
        if not (self.cache_enabled and QOpenGLFramebufferObject.hasOpenGLFramebufferBlit()):
            return super().paintGL()
        region = self.getViewport()
        size = QSize(self.deviceWidth(), self.deviceHeight())
        key = self._key()
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


class SurfaceView(QStackedWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.gl, self.gl_container = _embed(self)
        self.gl.setObjectName("surface_gl")
        self.gl_container.setObjectName("surface_gl_container")
        self.gl_container.setFocusPolicy(Qt.ClickFocus)
        self.gl.setBackgroundColor(theme.MAP_BACKGROUND)
        self.gl.setCameraPosition(distance=15, elevation=30, azimuth=-60)
        self.gl.opts["center"] = pg.Vector(0, 0, TOP * 0.35)
        grid = gl.GLGridItem(size=pg.Vector(2 * HALF, 2 * HALF, 1))
        grid.setSpacing(1, 1, 1)
        grid.setColor((255, 255, 255, 40))
        self.gl.addItem(grid)
        self.gl.static_items.append(grid)
        self._add_axes()
        self.surface = gl.GLSurfacePlotItem(computeNormals=False, smooth=False, glOptions="opaque")
        self.gl.addItem(self.surface)
        self.gl.static_items.append(self.surface)
        self.paths: list[gl.GLLinePlotItem] = []
        self.heads = gl.GLScatterPlotItem(size=14, pxMode=True, glOptions=OVERLAY_GL_OPTIONS)
        self.heads.setDepthValue(10)
        self.gl.addItem(self.heads)

        self.slope = pg.PlotWidget()  # 1-D: f'(x)
        self.slope.setObjectName("slope_plot")
        item = self.slope.getPlotItem()
        item.setLabel("bottom", "x")
        theme.cache_axes(item)
        item.setLabel("left", "f′(x)")
        item.setTitle("the slope f′(x) each step follows:  x ← x − α·f′(x)")
        item.addItem(pg.InfiniteLine(angle=0, pos=0, pen=pg.mkPen((255, 255, 255, 90), style=pg.QtCore.Qt.DashLine)))
        self.slope_curve = item.plot(pen=pg.mkPen("#ffb454", width=2.5))
        self.slope_points: list[pg.PlotDataItem] = []
        self.addWidget(self.gl_container)
        self.addWidget(self.slope)

        self._mapping = None  # (x0, x1, y0, y1, scale)
        session.landscapeChanged.connect(self.update_landscape)
        self.throttled_trajectories = Throttled(self.update_trajectories, MAP_INTERVAL_MS, self)
        session.trajectoriesChanged.connect(self.throttled_trajectories)
        session.runsChanged.connect(self.update_trajectories)
        session.selectionChanged.connect(lambda _: self.update_trajectories())

    def _add_axes(self) -> None:
        pen = (200, 205, 215, 255)
        corner = (-HALF, -HALF, 0)
        for end, name in (((HALF + 0.6, -HALF, 0), "x"), ((-HALF, HALF + 0.6, 0), "y"), ((-HALF, -HALF, TOP + 0.6), "f")):
            axis = gl.GLLinePlotItem(pos=np.array([corner, end], dtype=float), color=pen, width=2, antialias=True)
            self.gl.addItem(axis)
            self.gl.static_items.append(axis)
            self.gl.addItem(gl.GLTextItem(pos=np.array(end) + 0.2, text=name, color=(230, 230, 230, 255)))

    # -- coordinates ----------------------------------------------------------------------------
    def to_scene(self, x, y, f) -> np.ndarray:
        x0, x1, y0, y1, scale = self._mapping
        sx = (np.asarray(x) - x0) / (x1 - x0) * 2 * HALF - HALF
        sy = (np.asarray(y) - y0) / (y1 - y0) * 2 * HALF - HALF
        sz = scale(f) * TOP
        return np.stack([np.clip(sx, -HALF, HALF), np.clip(sy, -HALF, HALF), sz], axis=-1)

    # -- landscape ------------------------------------------------------------------------------
    def update_landscape(self) -> None:
        land = self.session.landscape
        if land is None:
            return
        if land.dim == 1:
            self.setCurrentWidget(self.slope)
            finite = np.isfinite(land.gradient_x)
            self.slope_curve.setData(land.xs[finite], land.gradient_x[finite])
            self.slope.getPlotItem().setXRange(*land.x_range, padding=0)
        else:
            self.setCurrentWidget(self.gl_container)
            (x0, x1), (y0, y1) = land.x_range, land.y_range
            self._mapping = (x0, x1, y0, y1, land.scale)
            sx = np.linspace(-HALF, HALF, land.xs.size)
            sy = np.linspace(-HALF, HALF, land.ys.size)
            # GLSurfacePlotItem wants z[i, j] at (x[i], y[j]): our arrays are (y, x)
            z = (land.heights * TOP).T.astype(np.float32)
            colours = theme.height_colours(land.heights.T).reshape(-1, 4)
            self.surface.setData(x=sx, y=sy, z=z, colors=colours)
            self.gl.invalidate_static()
        self.update_trajectories()

    # -- runs -----------------------------------------------------------------------------------
    def update_trajectories(self) -> None:
        if self.session.dim == 1:
            self._update_slope_points()
            return
        if self._mapping is None:
            return
        heads_pos, heads_col = [], []
        for i, run in enumerate(self.session.runs):
            while len(self.paths) <= i:
                path = gl.GLLinePlotItem(width=2.5, antialias=True, mode="line_strip", glOptions=OVERLAY_GL_OPTIONS)
                path.setDepthValue(5)
                self.gl.addItem(path)
                self.paths.append(path)
            path = self.paths[i]
            traj = run.trajectory
            if traj is None or not run.settings.visible:
                path.setVisible(False)
                continue
            pos = self.to_scene(traj.points[:, 0], traj.points[:, 1], traj.f)
            pos[:, 2] += LIFT
            colour = theme.rgba(run.settings.colour)
            path.setData(pos=pos, color=colour, width=3.5 if i == self.session.selected else 2.5)
            path.setVisible(True)
            heads_pos.append(pos[-1] + (0, 0, LIFT))
            heads_col.append(colour)
        for path in self.paths[len(self.session.runs):]:
            path.setVisible(False)
        if heads_pos:
            self.heads.setData(pos=np.array(heads_pos), color=np.array(heads_col))
        self.heads.setVisible(bool(heads_pos))

    def _update_slope_points(self) -> None:
        land = self.session.landscape
        item = self.slope.getPlotItem()
        for i, run in enumerate(self.session.runs):
            while len(self.slope_points) <= i:
                self.slope_points.append(item.plot())
            traj = run.trajectory
            it = self.slope_points[i]
            if traj is None or not run.settings.visible or land is None:
                it.setVisible(False)
                continue
            colour = run.settings.colour
            it.setData(traj.points[:, 0], traj.grad[:, 0], pen=pg.mkPen(colour, width=1, style=pg.QtCore.Qt.DotLine),
                       symbol="o", symbolSize=6, symbolBrush=colour, symbolPen=None)
            it.setVisible(True)
        for it in self.slope_points[len(self.session.runs):]:
            it.setVisible(False)

    def grab_surface(self):
        """The GL framebuffer as a QImage (what the 3D view really drew)."""
        return self.gl.grabFramebuffer()
