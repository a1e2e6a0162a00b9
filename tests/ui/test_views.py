"""Each landscape view does one job, chosen by the dimension of the function (issue 9.4): the map
dock shows the contour map for f(x, y) and the curve for f(x), the 3-D dock the surface or the
slope f′(x). First driven as a user does, typing functions into the Function panel; then each page
on its own, given a session, without its dock."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gdexplorer.ui.views.curve1d import CurveView
from gdexplorer.ui.views.map2d import ContourMapView
from gdexplorer.ui.views.slope1d import SlopeView
from gdexplorer.ui.views.surface3d import HALF, SurfaceView3D
import ui_input

SEED004 = "x*cos(pi*x)"  # seed 004's loss: f′ = cos(πx) − πx·sin(πx)


def type_function(qtbot, wait_landscape, window, text: str) -> None:
    ui_input.type_expression(qtbot, window, text)
    wait_landscape(window, text)


def shown(window) -> tuple:
    """The map dock's page and the 3-D dock's view on screen."""
    return window.map_view.stack.currentWidget(), window.surface_view.currentWidget()


def test_each_dimension_shows_its_own_pages(wait_landscape, qtbot, window):
    maps, surface = window.map_view, window.surface_view
    assert shown(window) == (maps.map_2d, surface.gl_container)  # Rosenbrock, the default preset
    assert maps.map_2d.plot.isVisible() and not maps.curve_1d.isVisible()

    type_function(qtbot, wait_landscape, window, SEED004)
    assert window.session.dim == 1
    assert shown(window) == (maps.curve_1d, surface.slope)
    assert maps.curve_1d.plot.isVisible() and surface.slope.isVisible()
    assert not maps.map_2d.isVisible() and not surface.gl_container.isVisible()
    assert not maps.map_2d.image.isVisible()  # the hidden 2-D page let go of its heatmap
    xs, fs = maps.curve_1d.curve.getData()
    np.testing.assert_allclose(fs, xs * np.cos(np.pi * xs), rtol=1e-12, atol=1e-15)
    xs, slopes = surface.slope.curve.getData()
    np.testing.assert_allclose(slopes, np.cos(np.pi * xs) - np.pi * xs * np.sin(np.pi * xs), rtol=1e-9, atol=1e-12)
    traj = window.session.runs[0].trajectory
    walked = maps.curve_1d.trajectories[0].getData()  # the run walks on the curve: (x, f(x))
    np.testing.assert_array_equal(walked[0], traj.points[:, 0])
    np.testing.assert_array_equal(walked[1], traj.f)
    assert maps.reset_button.isEnabled() and surface.reset_button.isEnabled()

    type_function(qtbot, wait_landscape, window, "x^2 + y^2")
    assert shown(window) == (maps.map_2d, surface.gl_container)
    assert maps.map_2d.image.isVisible() and not maps.curve_1d.isVisible()
    land = window.session.landscape
    rx, ry = maps.map_2d.plot.getPlotItem().getViewBox().viewRange()
    assert rx == pytest.approx(list(land.x_range)) and ry == pytest.approx(list(land.y_range))
    traj = window.session.runs[0].trajectory
    np.testing.assert_array_equal(maps.map_2d.trajectories[0].getData()[1], traj.points[:, 1])  # y again, not f
    assert "zoom" in surface.bar.legend.text()


def show_alone(qtbot, page) -> None:
    qtbot.addWidget(page)
    page.resize(640, 480)
    page.show()
    qtbot.waitExposed(page)
    page.show_landscape(page.session.landscape)


def test_the_2d_pages_work_on_their_own(qtbot, window):
    session = window.session
    land = session.landscape  # Rosenbrock on [-2, 2] x [-1, 3]
    run = session.runs[0]
    contour_map = ContourMapView(session)
    show_alone(qtbot, contour_map)
    assert contour_map.image.image.shape[:2] == land.heights.shape
    rect = contour_map.image.mapRectToParent(contour_map.image.boundingRect())
    assert (rect.left(), rect.right(), rect.top(), rect.bottom()) == pytest.approx((-2, 2, -1, 3))
    np.testing.assert_array_equal(contour_map.trajectories[0].getData()[1], run.trajectory.points[:, 1])
    assert tuple(contour_map.start_marker.pos()) == pytest.approx(run.settings.start)
    qtbot.mouseClick(contour_map.plot.viewport(), Qt.LeftButton, pos=contour_map.view_to_widget(0.5, 1.0))
    pixel = 4 / contour_map.plot.viewport().width()
    assert session.selected_run.settings.start == pytest.approx((0.5, 1.0), abs=3 * pixel * 2)

    surface = SurfaceView3D(session)
    show_alone(qtbot, surface)
    assert len(surface.surface.opts["meshdata"].vertexes()) == land.heights.size
    path = surface.paths[0]
    assert path.visible()
    start = surface.to_scene(*run.settings.start, run.trajectory.f[0])
    assert path.pos[0][:2] == pytest.approx(start[:2])
    assert surface.to_scene(2.0, 3.0, 0.0)[:2] == pytest.approx((HALF, HALF))  # the range's corner


def test_the_1d_pages_work_on_their_own(wait_landscape, qtbot, window):
    type_function(qtbot, wait_landscape, window, SEED004)
    session = window.session
    land = session.landscape
    run = session.runs[0]
    curve = CurveView(session)
    show_alone(qtbot, curve)
    np.testing.assert_array_equal(curve.curve.getData()[1], land.f)
    np.testing.assert_array_equal(curve.trajectories[0].getData()[1], run.trajectory.f)
    assert tuple(curve.start_marker.pos()) == pytest.approx((run.settings.start[0], run.trajectory.f[0]))
    qtbot.mouseClick(curve.plot.viewport(), Qt.LeftButton, pos=curve.view_to_widget(0.5, 0.0))
    pixel = (land.x_range[1] - land.x_range[0]) / curve.plot.viewport().width()
    assert session.selected_run.settings.start == pytest.approx((0.5, 0.0), abs=3 * pixel)

    slope = SlopeView(session)
    show_alone(qtbot, slope)
    traj = session.runs[0].trajectory
    np.testing.assert_array_equal(slope.points[0].getData()[1], traj.grad[:, 0])
    assert slope.plot.getPlotItem().getViewBox().viewRange()[0] == pytest.approx(list(land.x_range))
