"""The map dock: the 2-D contour map of f(x, y), or the curve f(x) for 1-D functions, with the
gradient-arrow controls and Reset view below.

Left click (or drag the crosshair) sets the selected run's start. The pages are
:class:`~gdexplorer.ui.views.map2d.ContourMapView` and :class:`~gdexplorer.ui.views.curve1d.CurveView`.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QSlider

from gdexplorer.app.i18n import translate
from gdexplorer.app.session import Session
from gdexplorer.ui.views.curve1d import CurveView
from gdexplorer.ui.views.dock import LandscapeDock, ViewBar
from gdexplorer.ui.views.map2d import ContourMapView


class MapView(LandscapeDock):
    def __init__(self, session: Session, parent=None):
        self.map_2d = ContourMapView(session)
        self.curve_1d = CurveView(session)
        self.arrow_toggle = QCheckBox()
        self.arrow_density = QSlider(Qt.Horizontal)
        self.arrow_density.setRange(6, 50)
        self.arrow_density.setValue(session.arrow_density)
        self.arrow_density.setToolTip(translate("MapView", "arrows per axis"))
        self.arrow_density.setMinimumWidth(60)  # a slider squeezed to its handle cannot be dragged
        self.arrow_density.setMaximumWidth(160)
        self.arrow_toggle.toggled.connect(lambda on: session.set_arrow_field(sign=1 if on else -1))
        self.arrow_density.valueChanged.connect(lambda v: session.set_arrow_field(density=v))
        bar = ViewBar("arrow_legend", "map_reset_view", translate("MapView", "Back to the function's x and y range"),
                      controls=(QLabel(translate("MapView", "density")), self.arrow_density, self.arrow_toggle))
        super().__init__(session, {2: self.map_2d, 1: self.curve_1d}, bar, "map_preparing", parent)
        self.name_gradient("∇f")
        self.arrow_legend = bar.legend
        # the items tests and tools read: the heatmap and the 1-D curve
        self.image = self.map_2d.image
        self.curve = self.curve_1d.curve

    def name_gradient(self, grad: str) -> None:
        """The toggle speaks of ``grad`` in 2-D (∇f; ∇L in the Data mode) and of f′(x) for a function
        of x alone, whatever a caller names the 2-D one, in the interface's language."""
        land = self.session.landscape
        if land is not None and land.dim == 1:
            grad = "f′(x)"
        self.arrow_toggle.setText(translate("MapView", "arrows of {gradient} (uphill)").format(gradient=grad))
        self.arrow_toggle.setToolTip(translate(
            "MapView", "Arrows show −{gradient}, the direction gradient descent steps; tick to show {gradient}").format(
            gradient=grad))

    def update_landscape(self) -> None:
        land = self.session.landscape
        if land is not None:
            self.name_gradient("∇f")
        super().update_landscape()

    @property
    def plot(self):
        """The pyqtgraph plot of the page for the function's dimension."""
        return self.page.plot

    @property
    def trajectories(self):
        return self.page.trajectories

    def view_to_widget(self, x: float, y: float):
        """Widget (viewport of ``plot``) coordinates of a data point: for tests and tools."""
        return self.page.view_to_widget(x, y)
