"""The 3-D dock: the surface of f(x, y) in OpenGL, or the slope f′(x) for 1-D functions, with a
legend and Reset view below. The pages are :class:`~gdexplorer.ui.views.surface3d.SurfaceView3D`
and :class:`~gdexplorer.ui.views.slope1d.SlopeView`.
"""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gdexplorer.app.i18n import translate
from gdexplorer.app.session import Session
from gdexplorer.ui.views.dock import LandscapeDock, ViewBar
from gdexplorer.ui.views.slope1d import SlopeView
from gdexplorer.ui.views.surface3d import SurfaceView3D


class SurfaceView(LandscapeDock):
    """``currentWidget()`` is the view shown: ``preparing`` before the first landscape, then
    ``gl_container`` (the 3-D surface's OpenGL window) or ``slope``."""

    def __init__(self, session: Session, parent=None):
        self.surface_3d = SurfaceView3D(session)
        self.slope = SlopeView(session)  # 1-D
        bar = ViewBar("surface_legend", "surface_reset_view",
                      translate("SurfaceView", "Back to the default camera (3-D) or the function's range (1-D)"))
        bar.set_legend(translate("SurfaceView3D", "drag: turn · wheel: zoom"))
        super().__init__(session, {2: self.surface_3d, 1: self.slope}, bar, "surface_preparing", parent)
        self.gl, self.gl_container = self.surface_3d.gl, self.surface_3d.gl_container

    def currentWidget(self) -> QWidget:
        page = self.stack.currentWidget()
        return self.gl_container if page is self.surface_3d else page

    def grab_surface(self):
        """The GL framebuffer as a QImage (what the 3-D view really drew)."""
        return self.surface_3d.grab_surface()
