"""The landscape views, one job each, chosen by the dimension of the function being minimised.

The map dock (``ui/map_view.py``) shows :class:`~gdexplorer.ui.views.map2d.ContourMapView` for
f(x, y) and :class:`~gdexplorer.ui.views.curve1d.CurveView` for f(x); the 3-D dock
(``ui/surface_view.py``) shows :class:`~gdexplorer.ui.views.surface3d.SurfaceView3D` or
:class:`~gdexplorer.ui.views.slope1d.SlopeView`. A dock is a :class:`~gdexplorer.ui.views.dock.LandscapeDock`:
a stack of pages keyed by dimension, so a new mode adds a page rather than a branch in one.
"""
