"""Issue 8 ("trust what you see"), the landscape views' part: undefined f drawn as undefined, runs
that leave the map marked at the border, a neutral f′ curve, a "preparing" state instead of empty
axes, colour bars in real f values, 3-D axis ticks and Reset view, and the presets' known minima."""
from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pyqtgraph.opengl import GLTextItem

from gdexplorer.app.runs import RUN_COLOURS
from gdexplorer.core.presets import get_preset
from gdexplorer.ui import theme
from gdexplorer.ui.main_window import MainWindow
from gdexplorer.ui.views.surface3d import HALF, TOP
from ui_input import type_expression


def choose_preset(qtbot, wait_landscape, window, name: str) -> None:
    """Pick a preset in the Function panel's list with the keyboard, as a user does."""
    preset = get_preset(name)
    box = window.function_panel.presets
    box.setFocus()
    # the list's type-ahead joins keys typed within the keyboard input interval into one search:
    # a user pauses between two choices
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    qtbot.keyClicks(box, preset.label[:8])
    assert window.session.text == preset.expression  # the list applies the preset and shows "Presets…" again
    wait_landscape(window, preset.expression)


def pixels(image) -> np.ndarray:
    image = image.convertToFormat(image.Format.Format_RGBA8888)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)[
        :, : image.width(), :3].astype(int)


def map_pixel(window, x: float, y: float) -> tuple[int, int]:
    """Where data point (x, y) is in an image of the map dock (column, row), on the 2-D map."""
    dock, page = window.map_view, window.map_view.map_2d
    p = page.plot.mapTo(dock, page.view_to_widget(x, y))
    return p.x(), p.y()


def colour_distance(rgb, colours) -> np.ndarray:
    return np.sqrt(((np.asarray(colours, float) - np.asarray(rgb, float)) ** 2).sum(axis=-1))


def viridis() -> np.ndarray:
    return theme.height_colormap().getLookupTable(0.0, 1.0, 256)[:, :3].astype(float)


def hex_rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)], float)


def test_undefined_f_is_hatched_on_the_map_and_left_out_of_the_surface(wait_landscape, qtbot, window):
    """issue 8.3: sqrt(x) is undefined for x < 0. The map must not paint it in the scale's top
    colour, nor the surface raise a plateau there; both say "undefined"."""
    type_expression(qtbot, window, "sqrt(x) + y^2")
    wait_landscape(window, "sqrt(x) + y^2")
    land = window.session.landscape
    image = pixels(window.grab_image(window.map_view))
    lut = viridis()
    for x in np.linspace(-1.8, -0.3, 6):
        for y in np.linspace(-0.5, 2.5, 6):
            col, row = map_pixel(window, x, y)
            rgb = image[row, col]
            assert colour_distance(rgb, lut).min() > 40, (x, y, rgb)  # no colour of the scale
            assert rgb.max() - rgb.min() < 25, (x, y, rgb)  # grey
    col, row = map_pixel(window, 1.0, 1.0)  # where f is defined the heatmap is there
    assert colour_distance(image[row, col], lut).min() < 60
    bar = window.map_view.map_2d.colour_bar
    assert bar.undefined_legend.isVisible() and "undefined" in bar.undefined_text.text()
    assert "NaN" in bar.undefined_text.text()

    # the surface: no drawn triangle touches x < 0, and nothing there is at the top
    mesh = window.surface_view.surface_3d.surface.opts["meshdata"]
    drawn = mesh.vertexes()[mesh.faces()].reshape(-1, 3)
    x_data = (drawn[:, 0] + HALF) / (2 * HALF) * (land.x_range[1] - land.x_range[0]) + land.x_range[0]
    assert x_data.min() >= -1e-6
    top_f = np.sqrt(land.x_range[1]) + land.y_range[1] ** 2  # the largest f on the grid, by the formula
    assert drawn[:, 2].max() == pytest.approx(TOP * land.scale(top_f), abs=1e-4)
    assert window.surface_view.surface_3d.colour_bar.undefined_legend.isVisible()
    assert "undefined" in window.surface_view.bar.legend.text()

    # a function defined everywhere shows no such legend
    type_expression(qtbot, window, "x^2 + y^2")
    wait_landscape(window, "x^2 + y^2")
    assert not bar.undefined_legend.isVisible()
    assert not window.map_view.map_2d.undefined_image.isVisible()


def test_a_run_leaving_the_map_gets_an_arrow_at_the_border(wait_landscape, qtbot, window):
    """issue 8.4: gd with α = 1.2 on the bowl jumps from (2.5, -2) to (-3.5, 2.8), out of
    [-3, 3]²: an arrow in the run's colour marks where it left, pointing the way it went."""
    choose_preset(qtbot, wait_landscape, window, "bowl")
    panel = window.optimizer_panel
    panel.lr_field.selectAll()
    qtbot.keyClicks(panel.lr_field, "1.2")
    qtbot.keyClick(panel.lr_field, Qt.Key_Return)
    run = window.session.selected_run
    assert run.settings.learning_rate == 1.2
    view = window.map_view.map_2d
    assert not any(a.isVisible() for a in view.exit_arrows)  # still inside at the start
    qtbot.mouseClick(window.run_controls.step_button, Qt.LeftButton)
    (x0, y0), (x1, y1) = run.trajectory.points[-2:]
    assert (x1, y1) == pytest.approx((2.5 - 1.2 * 5.0, -2.0 + 1.2 * 4.0))
    # the step crosses x = -3 at this y (the reference, from the two points)
    t = (-3.0 - x0) / (x1 - x0)
    crossing = (-3.0, y0 + t * (y1 - y0))
    qtbot.waitUntil(lambda: view.exit_arrows[0].isVisible(), timeout=2_000)
    arrow = view.exit_arrows[0]
    vb = view.plot.getPlotItem().getViewBox()
    px, py = vb.viewPixelSize()
    tip = arrow.pos()
    assert abs(tip.x() - crossing[0]) < 15 * px and abs(tip.y() - crossing[1]) < 15 * py
    assert arrow.opts["brush"].color().name() == run.settings.colour.lower()
    # it points left and up: its body lies right of and below its tip (the item's origin, in
    # screen pixels: an arrow keeps its size whatever the zoom)
    body = arrow.path.boundingRect().center()
    assert body.x() > 5 and body.y() > 5
    # it is drawn: pixels of the run's colour near the tip
    image = pixels(window.grab_image(window.map_view))
    col, row = map_pixel(window, tip.x(), tip.y())
    patch = image[max(row - 25, 0):row + 25, max(col - 5, 0):col + 40].reshape(-1, 3)
    assert colour_distance(hex_rgb(run.settings.colour), patch).min() < 40
    # reset: back inside, no arrow
    qtbot.mouseClick(window.run_controls.reset_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not arrow.isVisible(), timeout=2_000)


def test_a_one_d_run_leaving_the_curve_gets_an_arrow(wait_landscape, qtbot, window):
    """issue 8.4, 1-D: on seed 004 from x = -1.9 with α = 0.1, gd walks out past x = -2
    (f′(-1.9) = cos(1.9π) + 1.9π·sin(0.1π) > 0, and f keeps falling towards the edge)."""
    choose_preset(qtbot, wait_landscape, window, "seed004")
    window.start_panel.x.selectAll()
    qtbot.keyClicks(window.start_panel.x, "-1.9")
    qtbot.keyClick(window.start_panel.x, Qt.Key_Return)
    run = window.session.selected_run
    assert run.settings.start[0] == pytest.approx(-1.9)
    curve = window.map_view.curve_1d
    arrow_shown = lambda: bool(curve.exit_arrows) and curve.exit_arrows[0].isVisible()
    assert not arrow_shown()
    qtbot.mouseClick(window.run_controls.step_button, Qt.LeftButton)
    assert run.trajectory.points[-1, 0] < -2.0
    qtbot.waitUntil(arrow_shown, timeout=2_000)
    arrow = curve.exit_arrows[0]
    px = curve.plot.getPlotItem().getViewBox().viewPixelSize()[0]
    assert abs(arrow.pos().x() - -2.0) < 15 * px
    assert arrow.path.boundingRect().center().x() > 5  # the body right of the tip: pointing left, out
    # the wall is steep there: the next step bounces back inside, and the arrow goes
    qtbot.mouseClick(window.run_controls.step_button, Qt.LeftButton)
    assert -2.0 < run.trajectory.points[-1, 0]
    qtbot.waitUntil(lambda: not arrow_shown(), timeout=2_000)


def test_the_slope_and_function_curves_are_a_neutral_grey(wait_landscape, qtbot, window):
    """issue 8.11: the f′ curve (and the f(x) curve) must not share a hue with any run colour."""
    choose_preset(qtbot, wait_landscape, window, "seed004")
    runs = np.array([hex_rgb(c) for c in RUN_COLOURS])
    for curve in (window.surface_view.slope.curve.opts["pen"], window.map_view.curve_1d.curve.opts["pen"]):
        rgb = np.array(curve.color().getRgb()[:3], float)
        assert rgb.max() - rgb.min() < 30, rgb  # grey, no hue
        assert colour_distance(rgb, runs).min() > 60, rgb


def test_before_the_first_landscape_the_views_say_they_are_preparing(qtbot, settings, wait_landscape):
    """issue 8.12: no placeholder axes (−400…400) while the kernels load: a "preparing" message."""
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    view = win.map_view
    assert view.preparing.isVisible() and "Preparing" in view.preparing.text()
    assert not view.map_2d.plot.isVisible()
    assert win.surface_view.currentWidget() is win.surface_view.preparing and win.surface_view.preparing.isVisible()
    assert not view.reset_button.isEnabled()
    win.start()
    wait_landscape(win)
    assert view.map_2d.plot.isVisible() and not view.preparing.isVisible()
    land = win.session.landscape
    (rx, ry) = view.map_2d.plot.getPlotItem().getViewBox().viewRange()
    assert rx == pytest.approx(list(land.x_range)) and ry == pytest.approx(list(land.y_range))
    assert win.surface_view.currentWidget() is win.surface_view.gl_container
    win.player.pause()
    win.session.compute.wait_for_done(10_000)


def read_ticks(bar) -> list[tuple[float, float]]:
    """(height on the bar, f) of each label the bar's axis shows."""
    major = bar.axis._tickLevels[0]
    return [(h, float(text)) for h, text in major]


def test_colour_bars_give_real_f_values_and_say_log_scale(wait_landscape, qtbot, window):
    """issue 8.15: Rosenbrock's colours are log-scaled: the bar says so, and each tick label is the
    f drawn at that height of the bar; a bowl's scale is linear."""
    land = window.session.landscape
    xs = np.linspace(*land.x_range, land.xs.size)
    ys = np.linspace(*land.y_range, land.ys.size)[:, None]
    f = (1 - xs) ** 2 + 100 * (ys - xs**2) ** 2  # the preset's formula on the same grid
    low, high, knee = f.min(), f.max(), land.scale.knee
    for bar in (window.map_view.map_2d.colour_bar, window.surface_view.surface_3d.colour_bar):
        assert bar.isVisible()
        assert "log" in bar.title.text()
        ticks = read_ticks(bar)
        assert len(ticks) >= 4
        for h, value in ticks:
            assert h == pytest.approx(np.log1p((value - low) / knee) / np.log1p((high - low) / knee), abs=2e-3)
        assert ticks[-1][1] == pytest.approx(high, rel=1e-2)

    type_expression(qtbot, window, "x + y")  # evenly spread values: a linear scale
    wait_landscape(window, "x + y")
    f = xs + ys
    low, high = f.min(), f.max()
    bar = window.map_view.map_2d.colour_bar
    assert "log" not in bar.title.text()
    ticks = read_ticks(bar)
    assert len(ticks) >= 4
    for h, value in ticks:
        assert h == pytest.approx((value - low) / (high - low), abs=1e-3)


def label_texts(items) -> list[str]:
    return [item.text for item in items if isinstance(item, GLTextItem)]


def test_3d_axes_have_ticks_and_reset_view_restores_the_camera(wait_landscape, qtbot, window):
    """issue 8.16: numbers on the 3-D axes (x and y in data units, f in real f values), and
    "Reset view" for the 3-D camera and the map."""
    surface = window.surface_view.surface_3d
    land = window.session.landscape  # Rosenbrock on [-2, 2] x [-1, 3]
    assert label_texts(surface.tick_labels["x"]) == ["-2", "-1", "0", "1", "2"]
    assert label_texts(surface.tick_labels["y"]) == ["-1", "0", "1", "2", "3"]
    for item, value in zip(surface.tick_labels["x"], [-2, -1, 0, 1, 2]):
        assert item.pos[0] == pytest.approx((value + 2) / 4 * 2 * HALF - HALF)
    f_labels = surface.tick_labels["f"]
    assert len(f_labels) >= 3
    for item in f_labels:  # each f label at the height of its value
        assert item.pos[2] == pytest.approx(TOP * float(land.scale(float(item.text))), abs=0.02)
    assert float(f_labels[-1].text) == pytest.approx(land.scale.high, rel=1e-2)

    # turn the camera with a real drag on the 3-D view, then Reset view
    gl = surface.gl
    before = (gl.opts["distance"], gl.opts["elevation"], gl.opts["azimuth"])
    start, end = QPoint(200, 200), QPoint(320, 150)
    qtbot.mousePress(gl, Qt.LeftButton, pos=start)
    for k in range(1, 7):
        qtbot.mouseMove(gl, pos=start + (end - start) * k / 6)
    qtbot.mouseRelease(gl, Qt.LeftButton, pos=end)
    gl.setCameraPosition(distance=30)  # and zoom out
    assert (gl.opts["distance"], gl.opts["elevation"], gl.opts["azimuth"]) != before
    gl.opts["center"] = gl.opts["center"] + type(gl.opts["center"])(1, 2, 0)
    qtbot.mouseClick(window.surface_view.reset_button, Qt.LeftButton)
    assert (gl.opts["distance"], gl.opts["elevation"], gl.opts["azimuth"]) == (15, 30, -60)
    assert tuple(gl.opts["center"]) == pytest.approx((0.0, 0.0, TOP * 0.35))

    # the map: zoom and pan, then Reset view
    vb = window.map_view.map_2d.plot.getPlotItem().getViewBox()
    vb.scaleBy((0.3, 0.3))
    vb.translateBy((0.5, 0.2))
    assert vb.viewRange()[0] != pytest.approx(list(land.x_range))
    qtbot.mouseClick(window.map_view.reset_button, Qt.LeftButton)
    rx, ry = vb.viewRange()
    assert rx == pytest.approx(list(land.x_range)) and ry == pytest.approx(list(land.y_range))


def himmelblau(x, y):
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def test_a_presets_known_minima_are_marked_with_their_value(wait_landscape, qtbot, window):
    """issue 8.17: Himmelblau's four minima are starred on the map and marked on the surface,
    each labelled with f there (0); Six-hump camel's read −1.032; a typed function has none."""
    choose_preset(qtbot, wait_landscape, window, "himmelblau")
    preset = get_preset("himmelblau")
    view, surface = window.map_view.map_2d, window.surface_view.surface_3d
    xs, ys = view.minima.getData()
    assert sorted(zip(xs, ys)) == sorted(preset.minima)
    shown = [label for label in view.minimum_labels if label.isVisible()]
    assert len(shown) == 4
    for label in shown:
        x, y = label.pos().x(), label.pos().y()
        assert abs(himmelblau(x, y)) < 1e-6
        assert label.textItem.toPlainText() == "f* = 0"
    assert len(surface.minima.pos) == 4
    land = window.session.landscape
    for (x, y), pos in zip(preset.minima, surface.minima.pos):
        assert pos[0] == pytest.approx((x + 5) / 10 * 2 * HALF - HALF, abs=1e-6)
        assert pos[2] == pytest.approx(TOP * float(land.scale(himmelblau(x, y))), abs=0.05)
    assert label_texts(surface.minimum_labels) == ["f* = 0"] * 4

    choose_preset(qtbot, wait_landscape, window, "six_hump_camel")
    camel = [label.textItem.toPlainText() for label in view.minimum_labels if label.isVisible()]
    assert camel == ["f* = -1.032"] * 2  # (4 - 2.1x² + x⁴/3)x² + xy + (-4 + 4y²)y² = -1.0316 there

    type_expression(qtbot, window, "x^2 + 3*y^2")
    wait_landscape(window, "x^2 + 3*y^2")
    assert len(view.minima.getData()[0]) == 0
    assert not any(label.isVisible() for label in view.minimum_labels)
    assert not surface.minima.visible()

    choose_preset(qtbot, wait_landscape, window, "seed004")  # 1-D: stars on the curve at (x, f(x))
    view = window.map_view.curve_1d
    xs, fs = view.minima.getData()
    assert xs.tolist() == [x for x, _ in get_preset("seed004").minima]
    np.testing.assert_allclose(fs, xs * np.cos(np.pi * xs), rtol=1e-12)
    labels = [label.textItem.toPlainText() for label in view.minimum_labels if label.isVisible()]
    # both local: f(-2) = -2 at the view's edge is lower (the tour: "f* = -0.1786" misled)
    assert labels == [f"local min f = {x * math.cos(math.pi * x):.4g}" for x in xs]  # -0.1786 and -1.047
    np.testing.assert_array_equal(window.surface_view.slope.minima.getData()[0], xs)  # and where f′ = 0 on the slope


def test_the_exported_3d_view_holds_the_surface_and_its_colour_bar(qtbot, window, tmp_path):
    """Export PNG of the 3D view saved only the GL framebuffer: no colour bar, no legend (issue 8.15)."""
    path = tmp_path / "surface.png"
    assert window.export_png(window.surface_view, str(path))
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    view = window.surface_view
    assert (image.width(), image.height()) == (view.width(), view.height())
    px = pixels(image)
    bar = view.surface_3d.colour_bar
    top_left = bar.mapTo(view, QPoint(0, 0))
    bar_pixels = px[top_left.y(): top_left.y() + bar.height(), top_left.x(): top_left.x() + bar.width()]
    near = [colour_distance(p, viridis()).min() for p in bar_pixels.reshape(-1, 3)[::7]]
    assert sum(d < 6 for d in near) > 50  # the bar's viridis gradient is there
    gl = view.gl_container.mapTo(view, QPoint(0, 0))
    gl_pixels = px[gl.y(): gl.y() + view.gl_container.height(), gl.x(): gl.x() + view.gl_container.width()]
    assert len(np.unique(gl_pixels.reshape(-1, 3)[::37], axis=0)) > 50  # the surface, many heights
