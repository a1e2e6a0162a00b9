"""A view drawn at a size of one's choosing (1920x1080, 3840x2160): really that many pixels, not
a screenshot scaled up.

The plots (the 2-D map with its colour bar, the curve and the slope in 1-D, the curves of f and
|∇f|) are laid out anew at a *logical* size with the picture's aspect and about the area they have
on screen, then painted through a painter scaled up to the picture: text, lines and markers are
drawn at the picture's resolution, in the proportions the view has on screen (pyqtgraph's export
mode: symbols as vectors, no hover buttons). The widget gets its own size back before the event
loop runs again, so the window never shows the change.

The 3-D surface is an OpenGL window: its scene is drawn again into an offscreen framebuffer of the
picture's size (4x multisampled) with the same camera, lines and points thickened by the scale;
its text labels (drawn by QPainter into the window itself) are painted onto the picture at their
projected places; the colour bar beside it is painted scaled. A picture wider than the view shows
more at the sides, never less at the top and bottom: the field of view widens with the aspect.
"""
from __future__ import annotations

import math
from contextlib import contextmanager

import numpy as np
import pyqtgraph as pg
import pyqtgraph.opengl as gl
from OpenGL import GL
from PySide6.QtCore import QT_TRANSLATE_NOOP, QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor, QFont, QFontInfo, QFontMetrics, QImage, QMatrix4x4, QPainter, QPen, QPixmapCache, QRegion, QVector4D,
)
from PySide6.QtOpenGL import QOpenGLFramebufferObject, QOpenGLFramebufferObjectFormat
from PySide6.QtWidgets import QGraphicsWidget, QWidget

from gdexplorer.app.i18n import translate
from gdexplorer.ui import theme
from gdexplorer.ui.throttle import Throttled

#: a picture's width and height (8K at most; llvmpipe's framebuffers go to 16384)
MIN_SIDE, MAX_SIDE = 16, 7680
GL_SAMPLES = 4  # a PNG's 3-D scene is multisampled (smooth edges); the view on screen is not

#: the views that can be exported, and their menu names by the function's dimension (English: shown
#: through :func:`view_label`)
VIEW_KEYS = ("map", "surface", "curves")
VIEW_LABELS = {
    1: {"map": QT_TRANSLATE_NOOP("ViewImage", "Curve f(x)"), "surface": QT_TRANSLATE_NOOP("ViewImage", "Slope f′(x)"),
        "curves": QT_TRANSLATE_NOOP("ViewImage", "Curves: f and |f′| per step")},
    2: {"map": QT_TRANSLATE_NOOP("ViewImage", "2D map"), "surface": QT_TRANSLATE_NOOP("ViewImage", "3D surface"),
        "curves": QT_TRANSLATE_NOOP("ViewImage", "Curves: f and |∇f| per step")},
}
#: file name stems, as File > Export PNG names them
VIEW_STEMS = {
    1: {"map": "curve", "surface": "slope", "curves": "curves"},
    2: {"map": "2d_map", "surface": "3d_surface", "curves": "curves"},
}


def view_label(dim: int, key: str) -> str:
    """The name of view ``key`` for a function of ``dim`` variables, in the interface's language."""
    return translate("ViewImage", VIEW_LABELS[dim][key])


class ViewNotShown(ValueError):
    """The view is hidden (its dock closed or behind another tab): it cannot be laid out."""


def view_widget(window, key: str) -> QWidget:
    """What the picture of view ``key`` shows: the page of the map or 3-D dock for the function's
    dimension (without the bar of controls under it), or the curves' plots (without the checkbox)."""
    if key == "map":
        return window.map_view.page
    if key == "surface":
        return window.surface_view.page
    if key == "curves":
        return window.curves_view.layout_widget
    raise KeyError(key)


def shown_size(window, key: str) -> QSize:
    return view_widget(window, key).size()


def flush_views(window) -> None:
    """Bring every view up to date with the session now (the updates waiting for their frame)."""
    for throttled in window.findChildren(Throttled):
        throttled.flush()


def flush_view(window, key: str) -> None:
    """Bring view ``key`` up to date now: the updates waiting in its dock, and in the overlays
    that draw on it (glyphs: objects outside any widget); the other docks (the inspector, the
    runs' table) update at their own pace. A recording's frame costs that much less."""
    dock = window.docks[key]
    for throttled in window.findChildren(Throttled):
        owner = throttled.parent()
        while owner is not None and not isinstance(owner, QWidget):
            owner = owner.parent()
        if owner is None or owner is window or dock.isAncestorOf(owner):
            throttled.flush()


def render_view(window, key: str, width: int, height: int, gl_samples: int = GL_SAMPLES) -> QImage:
    """View ``key`` of ``window`` as a ``width`` x ``height`` picture (raises ViewNotShown, or
    ValueError for a size it cannot draw); the 3-D scene with ``gl_samples`` samples a pixel."""
    widget = view_widget(window, key)
    if not widget.isVisible() or widget.width() < 2 or widget.height() < 2:
        name = view_label(window.session.dim, key) if key in VIEW_KEYS else key
        raise ViewNotShown(translate("ViewImage", "the view {name} is not shown: show its dock first").format(
            name=repr(name)))
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise ValueError(translate("ViewImage", "a picture is {low} to {high} pixels on a side, not {width}x{height}")
                         .format(low=MIN_SIDE, high=MAX_SIDE, width=width, height=height))
    surface_3d = getattr(window.surface_view, "surface_3d", None)
    if widget is surface_3d:
        return render_surface(surface_3d, width, height, gl_samples)
    return render_widget(widget, width, height)


def to_rgb_array(image: QImage) -> np.ndarray:
    """A (height, width, 3) uint8 copy of ``image``'s colours."""
    rgb = image.convertToFormat(QImage.Format_RGB888)
    h, w = rgb.height(), rgb.width()
    rows = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=rgb.bytesPerLine() * h).reshape(h, rgb.bytesPerLine())
    return rows[:, : 3 * w].reshape(h, w, 3).copy()


# -- plots: laid out at a logical size, painted scaled -----------------------------------------------
def logical_size(shown: QSize, width: int, height: int) -> QSize:
    """The size to lay a view out at for a ``width`` x ``height`` picture: the picture's aspect,
    the area the view has on screen (so text and lines keep their size relative to the plot)."""
    scale = math.sqrt(width * height / max(shown.width() * shown.height(), 1))
    return QSize(max(round(width / scale), 1), max(round(height / scale), 1))


def render_widget(widget: QWidget, width: int, height: int) -> QImage:
    """``widget`` (no native window inside) laid out at :func:`logical_size` and painted into a
    ``width`` x ``height`` picture."""
    size = logical_size(widget.size(), width, height)
    image = QImage(width, height, QImage.Format_RGB32)
    image.fill(QColor(theme.MAP_BACKGROUND))
    painter = QPainter(image)
    try:
        with _laid_out_at(widget, size):
            paint_scaled(painter, widget, QPointF(0, 0), width / size.width(), height / size.height())
    finally:
        painter.end()
    return image


def paint_scaled(painter: QPainter, widget: QWidget, origin: QPointF, sx: float, sy: float) -> None:
    """``widget`` as laid out now, painted at ``origin`` (picture pixels) ``sx`` x ``sy`` times its size.

    Its plots are drawn by their scenes straight into the picture's pixels, as pyqtgraph's
    ImageExporter does (in export mode: scatter symbols as vectors at the scale, no hover
    buttons): their pixmap caches are then made at the picture's resolution, and kept from frame
    to frame of a recording. The rest (labels, the colour bar's title) is painted by QWidget.render
    through a scaled painter, the plots' places left out."""
    views = [v for v in _graphics_views(widget) if v.isVisible()]
    places = [QRect(v.viewport().mapTo(widget, QPoint(0, 0)), v.viewport().size()) for v in views]
    rest = QRegion(widget.rect())
    for place in places:
        rest = rest.subtracted(QRegion(place))
    painter.save()
    painter.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing | QPainter.SmoothPixmapTransform)
    painter.translate(origin)
    painter.scale(sx, sy)
    if not rest.isEmpty():  # (the region's top left goes to the target offset: it is not always 0, 0)
        QWidget.render(widget, painter, rest.boundingRect().topLeft(), rest,
                       QWidget.DrawChildren | QWidget.DrawWindowBackground)
    painter.restore()
    for view, place in zip(views, places):
        target = QRectF(origin.x() + place.x() * sx, origin.y() + place.y() * sy,
                        place.width() * sx, place.height() * sy)
        source = view.mapToScene(view.viewport().rect()).boundingRect()
        painter.fillRect(target, view.backgroundBrush())
        painter.save()
        painter.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing | QPainter.SmoothPixmapTransform)
        with _export_mode(view, painter, sx):
            view.scene().render(painter, target, source, Qt.IgnoreAspectRatio)
        painter.restore()


@contextmanager
def _laid_out_at(widget: QWidget, size: QSize):
    """``widget`` resized to ``size`` with its layouts and plots applied at once, and back after."""
    old = widget.geometry()
    if old.size() == size:
        yield
        return
    try:
        widget.setGeometry(QRect(old.topLeft(), size))  # a shown widget hears of it at once
        _activate_layouts(widget)
        yield
    finally:
        widget.setGeometry(old)
        _activate_layouts(widget)


def _graphics_views(widget: QWidget) -> list[pg.GraphicsView]:
    views = widget.findChildren(pg.GraphicsView)
    return [widget, *views] if isinstance(widget, pg.GraphicsView) else views


def _activate_layouts(widget: QWidget) -> None:
    for w in [widget, *widget.findChildren(QWidget)]:
        if w.layout() is not None:
            w.layout().activate()
    for view in _graphics_views(widget):
        for item in view.scene().items():
            # (QGraphicsWidget's layout(): pyqtgraph's items shadow it with an attribute)
            layout = QGraphicsWidget.layout(item) if isinstance(item, QGraphicsWidget) else None
            if layout is not None:
                layout.activate()


@contextmanager
def _export_mode(view: pg.GraphicsView, painter: QPainter, scale: float):
    """pyqtgraph's export mode on every item of ``view``'s scene, as its ImageExporter sets it,
    and the curves' pens ``scale`` times wider: pyqtgraph's pens are cosmetic (a width in device
    pixels, which a painter's scale leaves alone), so paths, contours, arrows and the f and |∇f|
    curves would come out hairlines in a large picture."""
    everything = view.scene().items()
    items = [item for item in everything if hasattr(item, "setExportMode")]
    options = {"antialias": True, "background": view.backgroundBrush().color(), "painter": painter,
               "resolutionScale": scale}
    curves = [(item, item.opts.get("pen"), item.opts.get("shadowPen")) for item in everything
              if isinstance(item, pg.PlotCurveItem)]
    for item, pen, shadow in curves:
        item.opts["pen"], item.opts["shadowPen"] = _wider(pen, scale), _wider(shadow, scale)
    for item in items:
        item.setExportMode(True, options)
    try:
        yield
    finally:
        for item in items:
            item.setExportMode(False)
        for item, pen, shadow in curves:
            item.opts["pen"], item.opts["shadowPen"] = pen, shadow


def _wider(pen, scale: float):
    if not isinstance(pen, QPen) or not pen.isCosmetic() or pen.style() == Qt.NoPen:
        return pen
    wider = QPen(pen)
    wider.setWidthF(max(pen.widthF(), 1.0) * scale)
    return wider


@contextmanager
def frame_caches(megabytes: int = 256):
    """Room in Qt's pixmap cache for the plots' layers at a recording's size (a 1080p layer is
    8 MB, the default room 10 MB): they are then drawn once, not every frame. Emptied after."""
    limit = QPixmapCache.cacheLimit()
    QPixmapCache.setCacheLimit(max(limit, megabytes * 1024))
    try:
        yield
    finally:
        QPixmapCache.setCacheLimit(limit)
        QPixmapCache.clear()


# -- the 3-D surface: drawn again offscreen -------------------------------------------------------------
def render_surface(page, width: int, height: int, gl_samples: int = GL_SAMPLES) -> QImage:
    """The 3-D page (its GL scene and the colour bar beside it) as a ``width`` x ``height`` picture.
    The page keeps its height in logical units (the colour bar cannot be laid out anew), so the
    scale is height / its height."""
    scale = height / max(page.height(), 1)
    bar = page.colour_bar
    bar_width = round(bar.width() * scale) if bar.isVisible() else 0
    if width - bar_width < MIN_SIDE:
        raise ValueError(translate("ViewImage", "{width} pixels is too narrow for the 3-D view and its colour bar at "
                                   "{height} high").format(width=width, height=height))
    scene = render_gl_scene(page.gl, width - bar_width, height, scale, gl_samples)
    image = QImage(width, height, QImage.Format_RGB32)
    image.fill(QColor(theme.MAP_BACKGROUND))
    painter = QPainter(image)
    try:
        painter.drawImage(0, 0, scene)
        if bar_width:
            paint_scaled(painter, bar, QPointF(width - bar_width, 0), bar_width / bar.width(), height / bar.height())
    finally:
        painter.end()
    return image


def render_gl_scene(view, width: int, height: int, scale: float, samples: int = GL_SAMPLES) -> QImage:
    """``view`` (a pyqtgraph GL view, shown) drawn into a ``width`` x ``height`` offscreen
    framebuffer: the same camera (the field of view widened if the picture is wider than the
    view), line widths and point sizes times ``scale``, then its text labels painted on top."""
    if view.context() is None or not view.isExposed():
        raise ViewNotShown(translate("ViewImage", "the 3-D view is not shown: show its dock first"))
    limit = _max_framebuffer_side(view)
    if max(width, height) > limit:
        raise ValueError(translate("ViewImage", "this OpenGL allows pictures up to {limit} pixels on a side").format(
            limit=limit))
    region = (0, 0, width, height)
    fov = view.opts["fov"]
    shown_aspect = view.width() / max(view.height(), 1)
    aspect = width / height
    if aspect > shown_aspect:  # keep what the view shows top to bottom: widen the (horizontal) field of view
        half = math.atan(math.tan(math.radians(fov / 2)) * aspect / shown_aspect)
        view.opts["fov"] = math.degrees(2 * half)
    texts = [item for item in view.items if isinstance(item, gl.GLTextItem)]
    view.makeCurrent()
    try:
        fmt = QOpenGLFramebufferObjectFormat()
        fmt.setAttachment(QOpenGLFramebufferObject.CombinedDepthStencil)
        fmt.setSamples(samples)
        fbo = QOpenGLFramebufferObject(QSize(width, height), fmt)
        everything = view.items
        view.items = [item for item in everything if not isinstance(item, gl.GLTextItem)]
        try:
            with _thickened(view.items, scale):
                fbo.bind()
                GL.glViewport(0, 0, width, height)
                view.paint(region=region, viewport=region)
                fbo.release()
            image = fbo.toImage()
            matrix = _to_pixels(view, width, height)
        finally:
            view.items = everything
            GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, view.defaultFramebufferObject())
    finally:
        view.opts["fov"] = fov
        view.doneCurrent()
    image = image.convertToFormat(QImage.Format_RGB32)
    _paint_labels(image, texts, matrix, scale)
    view.update()  # the projection was set for the picture: the next frame sets its own
    return image


def _max_framebuffer_side(view) -> int:
    view.makeCurrent()
    try:
        return int(min(GL.glGetIntegerv(GL.GL_MAX_RENDERBUFFER_SIZE), GL.glGetIntegerv(GL.GL_MAX_TEXTURE_SIZE)))
    finally:
        view.doneCurrent()


@contextmanager
def _thickened(items, scale: float):
    """Lines ``scale`` times wider and points (sized in pixels) ``scale`` times larger, and back."""
    lines = [(item, item.width) for item in items if isinstance(item, gl.GLLinePlotItem)]
    points = [(item, item.size) for item in items if isinstance(item, gl.GLScatterPlotItem) and item.pxMode]
    for item, width in lines:
        item.width = width * scale
    for item, size in points:
        item.setData(size=np.asarray(size, dtype=np.float32) * scale if isinstance(size, np.ndarray) else size * scale)
    try:
        yield
    finally:
        for item, width in lines:
            item.width = width
        for item, size in points:
            item.setData(size=size)


def _to_pixels(view, width: int, height: int) -> QMatrix4x4:
    """Scene -> picture pixels (y down) at the view's camera, for a ``width`` x ``height`` picture."""
    region = (0, 0, width, height)
    to_pixels = QMatrix4x4()
    to_pixels.viewport(0, height, width, -height)
    return to_pixels * view.projectionMatrix(region, region) * view.viewMatrix()


def _paint_labels(image: QImage, texts, matrix: QMatrix4x4, scale: float) -> None:
    """The GL view's text labels, as GLTextItem paints them (its font and alignment), at their
    projected places in the picture, fonts ``scale`` times larger."""
    painter = QPainter(image)
    try:
        _draw_labels(painter, texts, matrix, scale)
    finally:
        painter.end()


def _draw_labels(painter: QPainter, texts, matrix: QMatrix4x4, scale: float) -> None:
    painter.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
    for item in texts:
        if not item.visible() or not item.text:
            continue
        x, y, z = (float(v) for v in item.pos)
        eye = (matrix * item.transform()).map(QVector4D(x, y, z, 1.0))
        if eye.w() <= 0:
            continue  # behind the camera
        font = QFont(item.font)
        font.setPixelSize(max(1, round(QFontInfo(item.font).pixelSize() * scale)))
        box = QFontMetrics(font).tightBoundingRect(item.text)
        at = QPointF(eye.x() / eye.w(), eye.y() / eye.w())
        align = item.alignment
        dx = box.width() if align & Qt.AlignRight else box.width() / 2 if align & Qt.AlignHCenter else 0.0
        dy = box.height() if align & Qt.AlignTop else box.height() / 2 if align & Qt.AlignVCenter else 0.0
        painter.setFont(font)
        painter.setPen(QColor(item.color))
        painter.drawText(QPointF(at.x() - dx, at.y() + dy), item.text)
