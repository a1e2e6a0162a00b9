"""Glyphs at each run's point on the map, the curve and the surface (issue 12), switched from the
View menu with real clicks; which glyphs a run has follows its optimizer's state roles, and every
drawn vector is the core's number (trajectory.grad, the run's state) through the stated scales."""
from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gdexplorer.scene.glyphs import GLYPH_KINDS, ArrowScale, BoxScale
from gdexplorer.ui.views.glyphs import SURFACE_NOTE
from ui_input import click_step

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

ROSENBROCK = "(1 - x)^2 + 100*(y - x^2)^2"


def click_view_entry(qtbot, window, action) -> None:
    """Open the View menu from the menu bar and click ``action`` in it, as a user does."""
    bar = window.menuBar()
    title = next(a for a in bar.actions() if a.text().replace("&", "") == "View")
    menu = title.menu()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.actionGeometry(title).center())
    qtbot.waitUntil(menu.isVisible)
    rect = menu.actionGeometry(action)
    assert rect.isValid() and menu.rect().contains(rect), "the entry is on screen in the menu"
    qtbot.mouseClick(menu, Qt.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not menu.isVisible())


def drawn_now(window):
    window.render_now()
    return window.glyph_overlay.pages[window.session.dim].drawn


def race(qtbot, window, wait_landscape):
    """adam (selected), gd and qhm from Rosenbrock's start, 6 steps each."""
    session = window.session
    session.apply_preset("rosenbrock")
    wait_landscape(window, ROSENBROCK)
    session.set_optimizer("adam")
    session.add_run(session.new_run_settings("gd"))
    session.add_run(session.new_run_settings("qhm"))
    session.select(0)
    click_step(qtbot, window, 6)
    assert [r.steps_taken for r in session.runs] == [6, 6, 6]


def test_view_menu_toggles_show_and_hide_each_kind_from_the_optimizers_roles(qtbot, window, wait_landscape):
    race(qtbot, window, wait_landscape)
    overlay = window.glyph_overlay
    layer = overlay.pages[2]
    assert drawn_now(window) == {} and not layer.legend.isVisible()  # all off at first
    for kind in GLYPH_KINDS:
        click_view_entry(qtbot, window, overlay.actions[kind])
        assert overlay.actions[kind].isChecked()
    drawn = drawn_now(window)
    # adam keeps a first moment (momentum) and a second moment; gd neither; qhm a momentum buffer
    assert {k for k, run in drawn if run == 0} == {"gradient", "step", "momentum", "second_moment"}
    assert {k for k, run in drawn if run == 1} == {"gradient", "step"}
    assert {k for k, run in drawn if run == 2} == {"gradient", "step", "momentum"}
    assert layer.item.isVisible() and len(layer.item.groups) == len(drawn)  # one pen group per glyph drawn
    legend = layer.legend.toPlainText()
    assert "−m momentum" in legend and "1/(√v+ε)" in legend and "length ∝ log|v|" in legend
    surface = overlay.surface
    assert surface.lines.visible() and set(surface.drawn) == set(drawn)
    assert SURFACE_NOTE in window.surface_view.bar.legend.full_text

    click_view_entry(qtbot, window, overlay.actions["momentum"])  # off: only the momentum goes
    drawn = drawn_now(window)
    assert not any(k == "momentum" for k, _ in drawn) and len(layer.item.groups) == len(drawn)
    assert {k for k, run in drawn if run == 0} == {"gradient", "step", "second_moment"}
    assert "−m momentum" not in layer.legend.toPlainText()
    click_view_entry(qtbot, window, overlay.actions["second_moment"])
    assert not any(k == "second_moment" for k, _ in drawn_now(window))
    for kind in ("gradient", "step"):
        click_view_entry(qtbot, window, overlay.actions[kind])
    assert drawn_now(window) == {} and not layer.legend.isVisible() and not surface.lines.visible()
    assert not layer.item.isVisible() and layer.item.groups == []
    assert window.surface_view.bar.legend.full_text == "drag: turn · wheel: zoom"


def shaft(segments):
    return segments[0], segments[1] - segments[0]


def assert_along(segment_shaft, vector):
    """The drawn shaft points exactly the way of ``vector`` (in data units)."""
    cross = segment_shaft[0] * vector[1] - segment_shaft[1] * vector[0]
    assert abs(cross) <= 1e-9 * np.hypot(*segment_shaft) * np.hypot(*vector)
    assert segment_shaft @ vector > 0


def test_glyph_vectors_are_the_cores_numbers_through_the_stated_scales(qtbot, window, wait_landscape):
    race(qtbot, window, wait_landscape)
    overlay = window.glyph_overlay
    for kind in GLYPH_KINDS:
        overlay.actions[kind].setChecked(True)
    drawn = drawn_now(window)
    vb = window.map_view.map_2d.plot.getPlotItem().getViewBox()
    unit = np.array(vb.viewPixelSize())
    view = min(vb.width(), vb.height())
    runs = window.session.runs
    # the vectors, from the core: −∇f from the trajectory, Δθ from its last two points, −m from the state
    vectors = {}
    for i, run in enumerate(runs):
        t = run.trajectory
        vectors[("gradient", i)] = -t.grad[-1]
        vectors[("step", i)] = t.points[-1] - t.points[-2]
    vectors[("momentum", 0)] = -run_state(runs[0], "exp_avg")
    vectors[("momentum", 2)] = -run_state(runs[2], "momentum_buffer")
    top = 10.0 ** math.ceil(math.log10(max(np.hypot(*v) for v in vectors.values())))
    assert overlay.arrow_scale.top == top
    for key, vector in vectors.items():
        origin, drawn_shaft = shaft(drawn[key])
        np.testing.assert_array_equal(origin, runs[key[1]].trajectory.points[-1])
        assert_along(drawn_shaft, vector)
        # length: 22% of the view at |v| = top, 3% less per decade below, at least 4% (the legend's words)
        expected = min(max(0.22 - 0.03 * math.log10(top / np.hypot(*vector)), 0.04), 0.22) * view
        assert np.hypot(*(drawn_shaft / unit)) == pytest.approx(expected, rel=1e-9)
    # adam's box: the longer half-side 7% of the view at 1/(√v+ε) = 1, 2% more per decade, the other in
    # the true ratio of the two factors (at least 1.5%)
    v = run_state(runs[0], "exp_avg_sq")
    box = drawn[("second_moment", 0)]
    centre = runs[0].trajectory.points[-1]
    half_px = (box.max(axis=0) - centre) / unit
    factors = [1 / (math.sqrt(vi) + 1e-8) for vi in v]
    longest = min(max(0.07 + 0.02 * math.log10(max(factors)), 0.015), 0.18)
    expected = [max(longest * f / max(factors), 0.015) * view for f in factors]
    np.testing.assert_allclose(half_px, expected, rtol=1e-9)
    np.testing.assert_allclose((centre - box.min(axis=0)) / unit, expected, rtol=1e-9)
    legend = overlay.pages[2].legend
    assert BoxScale().short_legend() in legend.toPlainText() and BoxScale().legend() in legend.toolTip()
    assert ArrowScale(top=top).short_legend() in legend.toPlainText()
    assert ArrowScale(top=top).legend() in legend.toolTip()
    # the 3-D view: the same directions in the box's scene coordinates, at each run's head
    surface = window.surface_view.surface_3d
    land = window.session.landscape
    width = np.array([land.x_range[1] - land.x_range[0], land.y_range[1] - land.y_range[0]])
    for key, vector in vectors.items():
        scene = overlay.surface.drawn[key]
        head = surface.to_scene(*[np.array([c]) for c in runs[key[1]].trajectory.points[-1]],
                                np.array([runs[key[1]].trajectory.f[-1]]))[0]
        np.testing.assert_allclose(scene[0, :2], head[:2], atol=1e-12)
        assert np.all(scene[:, 2] > head[2])  # over the head, level
        assert_along(scene[1, :2] - scene[0, :2], vector / width)


def run_state(run, name):
    return run.descent.optimizer_state()[name]


def test_glyphs_follow_the_runs_and_the_zoom(qtbot, window, wait_landscape):
    race(qtbot, window, wait_landscape)
    overlay = window.glyph_overlay
    overlay.actions["step"].setChecked(True)
    before = drawn_now(window)[("step", 0)].copy()
    click_step(qtbot, window, 1)
    after = drawn_now(window)[("step", 0)]
    np.testing.assert_array_equal(after[0], window.session.runs[0].trajectory.points[-1])
    assert not np.array_equal(before, after)
    # zoom in about 2x: the arrow keeps its length in pixels (a share of the view's smaller side), so
    # it is about half as long in data units
    plot_item = window.map_view.map_2d.plot.getPlotItem()
    vb = plot_item.getViewBox()
    t = window.session.runs[0].trajectory
    length = overlay.arrow_scale.length(np.hypot(*(t.points[-1] - t.points[-2])))

    def in_pixels(seg):
        return np.hypot(*((seg[1] - seg[0]) / np.array(vb.viewPixelSize())))

    assert in_pixels(after) == pytest.approx(length * min(vb.width(), vb.height()), rel=1e-9)
    (x0, x1), (y0, y1) = vb.viewRange()
    cx, cy = after[0]
    plot_item.setRange(xRange=(cx - (x1 - x0) / 4, cx + (x1 - x0) / 4), yRange=(cy - (y1 - y0) / 4, cy + (y1 - y0) / 4),
                       padding=0)
    # (the axes' tick labels may widen with the zoom and narrow the view: the glyphs follow it)
    qtbot.waitUntil(lambda: in_pixels(drawn_now(window)[("step", 0)])
                    == pytest.approx(length * min(vb.width(), vb.height()), rel=1e-9))
    zoomed = drawn_now(window)[("step", 0)]
    assert np.hypot(*(zoomed[1] - zoomed[0])) < 0.6 * np.hypot(*(after[1] - after[0]))
    window.session.runs[1].settings = window.session.runs[1].settings.with_(visible=False)
    window.session.runsChanged.emit()
    assert ("step", 1) not in drawn_now(window)


def test_1d_glyphs_lie_along_x_at_the_curve(qtbot, window, wait_landscape):
    window.session.apply_preset("seed004")
    wait_landscape(window, "x*cos(pi*x)")
    window.session.set_optimizer("momentum")
    click_step(qtbot, window, 3)
    overlay = window.glyph_overlay
    for kind in ("gradient", "momentum"):
        click_view_entry(qtbot, window, overlay.actions[kind])
    drawn = drawn_now(window)
    run = window.session.runs[0]
    t = run.trajectory
    for kind, vector in (("gradient", -t.grad[-1][0]), ("momentum", -run_state(run, "momentum_buffer")[0])):
        seg = drawn[(kind, 0)]
        np.testing.assert_array_equal(seg[0], [t.points[-1][0], t.f[-1]])
        assert seg[1][1] == seg[0][1]  # level: along x
        assert np.sign(seg[1][0] - seg[0][0]) == np.sign(vector)
    assert overlay.pages[2].drawn == {} and overlay.surface.drawn == {}  # no map, no surface in 1-D
    click_view_entry(qtbot, window, overlay.actions["second_moment"])  # momentum keeps no second moment
    drawn_now(window)
    assert "1/(√v+ε): none" in overlay.pages[1].legend.toPlainText()


def test_glyphs_and_the_explanation_keep_the_window_at_1280x720(qtbot, settings, wait_landscape):
    """Everything on (every glyph, the legend on the 3-D view's bar, the explanation raised): the
    window the app opens on a 1280×720 screen (90% of it: 1152×648) keeps its size, and the
    explanation's buttons are inside its dock, no sideways scrolling needed."""
    from PySide6.QtCore import QPoint, QSize

    from gdexplorer.app.explorer import Explorer
    from gdexplorer.ui.main_window import MainWindow

    window = MainWindow(Explorer(settings), settings)
    qtbot.addWidget(window)
    window.resize(1152, 648)
    window.show()
    qtbot.waitExposed(window)
    window.start()
    wait_landscape(window)
    window.session.set_optimizer("adam")
    click_step(qtbot, window, 3)
    for action in window.glyph_overlay.actions.values():
        action.setChecked(True)
    qtbot.mouseClick(window.explain_panel.explain_button, Qt.LeftButton)
    panel = window.explain_panel
    qtbot.waitUntil(lambda: panel.on_screen() and panel.explanation is not None)
    window.render_now()
    hint = window.minimumSizeHint()
    assert window.size() == QSize(1152, 648) and hint.width() <= 1152 and hint.height() <= 648
    viewport = window.docks["explain"].widget().viewport()
    for button in (panel.prev_button, panel.next_button, panel.apply_button, panel.play_button):
        corner = button.mapTo(viewport, QPoint(button.width(), button.height()))
        assert viewport.rect().contains(corner), button.objectName()  # no sideways scrolling to reach it
