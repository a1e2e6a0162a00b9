"""What a real-input tour of the window found in the landscape views after issue 8: 3-D tick labels
running into each other, a run off the 3-D box drawn at its corner, "x (x0.001)" on a zoomed map,
legends and titles cut off at 1280×720, ∇f spoken of in 1-D and a local minimum called f*."""
from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetrics, QMatrix4x4, QVector4D, QWheelEvent
from PySide6.QtWidgets import QApplication
from OpenGL import GL
from pyqtgraph.opengl import GLTextItem

from gdexplorer.scene.landscape import exit_point
from gdexplorer.ui.views.surface3d import HALF
from tests.ui.test_trust_curves import click_step, type_into
from tests.ui.test_trust_views import choose_preset, type_expression
from tests.ui.test_trust_window import new_window


# -- 1: 3-D tick labels never overlap; f says when its heights are on a log scale ---------------------

def screen_rects(surface) -> dict[GLTextItem, QRectF]:
    """Each visible tick label and axis title of the 3-D view -> the window rectangle its text
    covers at the current camera (pyqtgraph's projection; the text's tight box as GLTextItem aligns it)."""
    gl = surface.gl
    region = gl.getViewport()
    to_pixels = QMatrix4x4()
    to_pixels.viewport(0, gl.height(), gl.width(), -gl.height())
    matrix = to_pixels * gl.projectionMatrix(region, region) * gl.viewMatrix()
    minima = set(map(id, surface.minimum_labels))
    rects = {}
    for item in gl.items:
        if not isinstance(item, GLTextItem) or not item.visible() or id(item) in minima:
            continue
        p = matrix.map(QVector4D(*map(float, item.pos), 1.0))
        x, y = p.x() / p.w(), p.y() / p.w()
        box = QFontMetrics(item.font).tightBoundingRect(item.text)
        w, h = box.width(), box.height()
        a = item.alignment
        left = x - (w if a & Qt.AlignRight else w / 2 if a & Qt.AlignHCenter else 0)
        top = y - (h / 2 if a & Qt.AlignVCenter else 0 if a & Qt.AlignTop else h)
        rects[item] = QRectF(left, top, w, h)
    return rects


@pytest.mark.parametrize("text", ["(1 - x)^2 + 100*(y - x^2)^2", "x^2 + y^2", "x^2 + 3*y^2", "log(x*y)"])
def test_3d_tick_labels_never_overlap_at_the_default_camera(wait_landscape, qtbot, window, text):
    """Tour: the f ticks ran down the y ticks' column ("15 10 5 3 2 1 0 −1"), "−7.5" sat on "3"
    (log(x*y)), and Rosenbrock's f axis read 110/580/2.51e3 with no word of its log scale."""
    if text != window.session.text:
        type_expression(qtbot, window, text)
        wait_landscape(window, text)
    surface = window.surface_view.surface_3d
    qtbot.mouseClick(window.surface_view.reset_button, Qt.LeftButton)  # the default camera
    surface.grab_surface()  # a frame at this camera
    rects = screen_rects(surface)
    texts = [item.text for item in rects]
    assert len(rects) >= 9, texts  # x, y, f and their ticks, not thinned to nothing
    for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2):
        assert not ra.intersects(rb), (a.text, ra, b.text, rb)
    # and f's labels do not run down the y labels' column (they read as one scale: "15 10 5 3 2 1 0")
    for f_label, y_label in itertools.product(surface.tick_labels["f"], surface.tick_labels["y"]):
        if f_label in rects and y_label in rects:
            rf, ry = rects[f_label], rects[y_label]
            assert rf.right() < ry.left() or ry.right() < rf.left(), (f_label.text, rf, y_label.text, ry)
    log = window.session.landscape.scale.is_log
    assert ("f (log scale)" in texts) == log
    assert ("f" in texts) == (not log)
    if text.startswith("(1 - x)"):  # Rosenbrock spans decades: its heights are log-scaled
        assert log
    # the f axis stands over the surface (not hidden behind it): drawn after it, no depth test
    f_axis = surface.f_axis
    assert f_axis not in surface.gl.static_items and f_axis.visible()
    assert f_axis._GLGraphicsItem__glOpts[GL.GL_DEPTH_TEST] is False  # (pyqtgraph keeps them private)


# -- 2: a run that leaves the 3-D box is marked where it left ------------------------------------------

def test_3d_marks_a_run_that_left_the_box_where_it_left(wait_landscape, qtbot, window):
    """Tour: bowl, gd α = 2: the 3-D head sat at the box's corner (-3, 3) on the f axis as if the run
    were there. It is marked off the plot where its step crossed the wall, the path stops there."""
    choose_preset(qtbot, wait_landscape, window, "bowl")
    type_into(qtbot, window.optimizer_panel.lr_field, "2")
    run = window.session.selected_run
    assert run.settings.effective_learning_rate == 2.0
    surface = window.surface_view.surface_3d
    click_step(qtbot, window, 1)
    points = run.trajectory.points
    assert points[-1].tolist() == [-7.5, 6.0]  # 2.5 - 2·5, -2 + 2·4: out of [-3, 3]²
    x, y, _ = exit_point(points[-2:], (-3.0, 3.0), (-3.0, 3.0))
    assert (x, y) == pytest.approx((-3.0, 2.4))
    at = np.array([(x + 3) / 6 * 2 * HALF - HALF, (y + 3) / 6 * 2 * HALF - HALF])  # (-5, 4) in the scene
    qtbot.waitUntil(lambda: 0 in surface.exits, timeout=2_000)

    def marked_at_the_crossing():
        point, direction = surface.exits[0]
        np.testing.assert_allclose(point[:2], at, atol=1e-6)
        np.testing.assert_allclose(direction, [-0.78086881, 0.62469505], atol=1e-6)  # (-10, 8)·(10/6) unit
        assert surface.exit_marks.visible()
        marks = surface.exit_marks.pos
        assert np.linalg.norm(marks[:, :2] - at, axis=1).max() < 2.0  # the "x" and arrow are there
        assert np.all(surface.exit_marks.color[:, :3] == surface.paths[0].color[:3])  # in the run's colour
        # no round head at the clamped corner (-5, 5) of the box
        if surface.heads.visible():
            assert np.linalg.norm(surface.heads.pos[:, :2] - (-HALF, HALF), axis=1).min() > 0.5
        # the path stops at the wall: its last vertex is the crossing, none runs along the edge
        path = surface.paths[0].pos
        np.testing.assert_allclose(path[-1, :2], at, atol=1e-5)
        assert np.all(np.abs(path[:, :2]) <= HALF + 1e-5)
        assert not np.any(np.isclose(path[:, :2], (-HALF, HALF)).all(axis=1))

    marked_at_the_crossing()
    click_step(qtbot, window, 3)  # further out each step (×-3): still marked where it left
    assert np.abs(run.trajectory.points[-1]).max() > 100
    qtbot.waitUntil(lambda: np.linalg.norm(surface.paths[0].pos[-1, :2] - at) < 1e-5, timeout=2_000)
    marked_at_the_crossing()
    qtbot.mouseClick(window.run_controls.reset_button, Qt.LeftButton)  # back in the box: a head, no mark
    qtbot.waitUntil(lambda: not surface.exit_marks.visible() and surface.heads.visible(), timeout=2_000)
    assert surface.exits == {}


# -- 3: zooming in shows real values --------------------------------------------------------------------

def wheel(widget, notches: int) -> None:
    """A real wheel event (zoom in for notches > 0) at the middle of a widget."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def assert_real_ticks(plot) -> None:
    vb = plot.getPlotItem().getViewBox()
    for name, (low, high) in zip(("bottom", "left"), vb.viewRange()):
        axis = plot.getPlotItem().getAxis(name)
        label = axis.labelString()
        assert not re.search(r"\([x×]\s*[0-9]", label), label  # no "(x0.001)": the values are the axis's
        assert axis.autoSIPrefixScale == 1.0
        size = axis.height() if name == "left" else axis.width()
        spacing, values = axis.tickValues(low, high, size)[0]  # the major ticks, which are labelled
        strings = axis.tickStrings(values, axis.autoSIPrefixScale * axis.scale, spacing)
        assert len(values) >= 2
        for value, text in zip(values, strings):
            assert float(text.replace("−", "-")) == pytest.approx(value, abs=1e-9 + 1e-3 * abs(high - low)), (name, text)
            assert low - 1e-9 <= float(text.replace("−", "-")) <= high + 1e-9 or abs(high - low) < 1e-12


def test_zooming_in_shows_real_values_not_scaled_units(wait_landscape, qtbot, window):
    """Tour: the wheel-zoomed Rosenbrock map read "x (x0.001)" with ticks -400…400."""
    plot = window.map_view.map_2d.plot
    vb = plot.getPlotItem().getViewBox()
    for _ in range(12):
        wheel(plot.viewport(), 2)  # a real wheel, about 1.35² a notch pair
    qtbot.waitUntil(lambda: vb.viewRange()[0][1] - vb.viewRange()[0][0] < 0.01, timeout=2_000)
    assert_real_ticks(plot)
    choose_preset(qtbot, wait_landscape, window, "seed004")  # 1-D: the curve and the slope
    for page in (window.map_view.curve_1d, window.surface_view.slope):
        page.plot.getPlotItem().getViewBox().scaleBy((1e-3, 1e-3))
        assert_real_ticks(page.plot)


# -- 4: nothing cut off at 1280×720 --------------------------------------------------------------------

def assert_legend_readable(legend) -> None:
    """The legend's shown text fits it, and is all of it or whole words of it then "…"."""
    shown, full = legend.text(), legend.toolTip()
    assert full
    assert legend.fontMetrics().horizontalAdvance(shown) <= legend.contentsRect().width(), shown
    if shown != full:
        assert shown.endswith("…"), shown
        kept = shown[:-1]
        assert full.startswith(kept) and full[len(kept)] in " ,;", (shown, full)
    if "−" in shown:  # never "−'": the gradient's symbol whole
        assert "−∇f" in shown or "−f′(x)" in shown, shown


def test_legends_and_titles_fit_at_1280x720(wait_landscape, qtbot, settings):
    """Tour: the map's arrow legend was cut to "→ −'" and the slope title ran off the plot."""
    window = new_window(qtbot, settings, (1280, 720))
    window.start()
    wait_landscape(window)
    legend = window.map_view.bar.legend

    def whole():
        assert_legend_readable(legend)
        assert "−∇f" in legend.text() and "|∇f|" in legend.text()  # a line of its own has room for it all

    qtbot.waitUntil(whole, timeout=5_000)
    surface = window.surface_view.surface_3d  # and the 3-D labels in the smaller 3-D view
    surface.grab_surface()
    rects = screen_rects(surface)
    for (a, ra), (b, rb) in itertools.combinations(rects.items(), 2):
        assert not ra.intersects(rb), (a.text, ra, b.text, rb)
    choose_preset(qtbot, wait_landscape, window, "seed004")
    slope = window.surface_view.slope
    dock = window.surface_view.parentWidget()
    window.resizeDocks([dock], [300], Qt.Horizontal)  # a narrow 3-D dock, as a user drags it
    qtbot.waitUntil(lambda: slope.plot.width() < 340, timeout=5_000)
    for bar in (window.map_view.bar, window.surface_view.bar):
        assert_legend_readable(bar.legend)

    def title_fits():
        title = slope.plot.getPlotItem().titleLabel.item
        rect = title.mapRectToScene(title.boundingRect())
        view = slope.plot.viewport().rect()
        assert rect.width() > 20
        assert view.left() <= rect.left() and rect.right() <= view.right() + 1, (rect, view)

    qtbot.waitUntil(title_fits, timeout=5_000)


# -- 5: 1-D speaks of f′(x); f* only for the lowest ----------------------------------------------------

def test_1d_views_speak_of_f_prime_and_label_only_the_lowest_minimum_f_star(wait_landscape, qtbot, window):
    """Tour: in 1-D the curves said |∇f| and the arrows −∇f; seed 004's minima were both "f*"
    though f(-2) = -2 at the view's edge is lower than both."""
    choose_preset(qtbot, wait_landscape, window, "bowl")
    map_labels = [label.textItem.toPlainText() for label in window.map_view.map_2d.minimum_labels
                  if label.isVisible()]
    assert map_labels == ["f* = 0"]
    assert [item.text for item in window.surface_view.surface_3d.minimum_labels] == ["f* = 0"]

    choose_preset(qtbot, wait_landscape, window, "seed004")
    curve = window.map_view.curve_1d
    labels = [label.textItem.toPlainText() for label in curve.minimum_labels if label.isVisible()]
    assert labels == ["local min f = -0.1786", "local min f = -1.047"]
    legend = window.map_view.bar.legend.toolTip()
    assert "−f′(x)" in legend and "|f′(x)|" in legend and "∇" not in legend
    assert "∇" not in window.map_view.arrow_toggle.text()
    click_step(qtbot, window, 2)
    curves = window.curves_view
    qtbot.waitUntil(lambda: "|f′(x)|" in curves.norm_plot.getAxis("left").labelString(), timeout=2_000)
    assert "f(x)" in curves.value_plot.getAxis("left").labelString()
    for plot in (curves.value_plot, curves.norm_plot):
        assert "∇" not in plot.getAxis("left").labelString()

    type_expression(qtbot, window, "x^2 + y^2")  # 2-D again: ∇f
    wait_landscape(window, "x^2 + y^2")
    click_step(qtbot, window, 1)
    qtbot.waitUntil(lambda: "|∇f(θₜ)|" in curves.norm_plot.getAxis("left").labelString(), timeout=2_000)
    assert "∇f" in window.map_view.arrow_toggle.text()


def test_a_one_d_undefined_region_is_hatched_with_a_legend(wait_landscape, qtbot, window):
    """issue 8.3 in 1-D: sqrt(x) on [-2, 2] was a gap in the curve with nothing saying why; the
    x < 0 half is hatched grey like the 2-D map's undefined cells, and the legend says so."""
    from ui_input import type_expression

    type_expression(qtbot, window, "sqrt(x)")
    wait_landscape(window, "sqrt(x)")
    band = window.map_view.curve_1d.undefined_band
    assert band.isVisible()
    land = window.session.landscape
    image = band.image  # RGBA: opaque-ish where x < 0, transparent where f is defined
    alpha = image[0, :, 3] if image.shape[0] != land.xs.size else image[:, 0, 3]
    covered = alpha > 0
    np.testing.assert_array_equal(covered, land.xs < 0)
    rect = band.mapRectToParent(band.boundingRect())
    assert rect.left() <= land.x_range[0] and rect.right() >= land.x_range[1]
    assert "hatched: f undefined" in window.map_view.bar.legend.full_text
