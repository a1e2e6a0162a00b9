"""Critical points on the views and the Hessian panel (issue 10.4), driven with real input and
checked against gdexplorer.core.critical (the independent reference)."""
from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from gdexplorer.core.critical import critical_points, hessian_report
from gdexplorer.core.expression import parse
from gdexplorer.ui.hessian_panel import AXIS_FRACTION, HessianPanel, number
from gdexplorer.ui.views.critical import GLYPHS, LEGEND, SYMBOLS, CriticalPointsOverlay
from ui_input import click_step, type_expression

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

HIMMELBLAU = "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"


def overlay_of(window) -> CriticalPointsOverlay:
    return CriticalPointsOverlay.attach(window.explorer, window.map_view, window.surface_view)


def tick(qtbot, box) -> None:
    """Click the check box itself (its indicator), as a user does."""
    assert box.isVisible()
    qtbot.mouseClick(box, Qt.LeftButton, pos=QPoint(8, box.height() // 2))


def drawn(plot_view) -> list[tuple[float, float, str]]:
    """(x, y, symbol) of each critical-point marker on a RunsPlot page."""
    spots = plot_view.critical.points()
    return [(s.pos().x(), s.pos().y(), s.symbol()) for s in spots]


def kinds_on(plot_view) -> dict[str, int]:
    symbols = [s for _, _, s in drawn(plot_view)]
    return {kind: symbols.count(symbol) for kind, symbol in SYMBOLS.items()}


def test_critical_points_off_by_default_then_himmelblau_on_map_and_surface(qtbot, window, wait_landscape):
    overlay = overlay_of(window)
    assert not overlay.toggle.isChecked() and overlay.points == []
    assert drawn(window.map_view.map_2d) == []
    window.session.apply_preset("himmelblau")
    wait_landscape(window, HIMMELBLAU)
    assert not window.explorer.jobs.running("critical")  # nothing asked while the box is off
    tick(qtbot, overlay.toggle)
    assert overlay.toggle.isChecked()
    map_2d = window.map_view.map_2d
    qtbot.waitUntil(lambda: len(drawn(map_2d)) == 9, timeout=20_000)
    assert kinds_on(map_2d) == {"minimum": 4, "maximum": 1, "saddle": 4, "degenerate": 0}
    land = window.session.landscape
    reference = critical_points(parse(HIMMELBLAU), land.x_range, land.y_range)
    got = sorted((round(x, 9), round(y, 9), s) for x, y, s in drawn(map_2d))
    want = sorted((round(p.x, 9), round(p.y, 9), SYMBOLS[p.kind]) for p in reference)
    assert got == want
    # the legend names the symbols; the 3-D surface marks the same points at the surface's positions
    legend = window.map_view.bar.legend.full_text
    assert LEGEND in legend and "critical points: ▼ min ▲ max ✕ saddle ◆ degenerate" in legend
    surface = window.surface_view.surface_3d
    assert surface.critical_dots.visible()
    expected = surface.to_scene(np.array([p.x for p in reference]), np.array([p.y for p in reference]),
                                np.array([p.f for p in reference]))
    np.testing.assert_allclose(surface.critical_dots.pos[:, :2], expected[:, :2])
    assert sorted(g.text for g in surface.critical_glyphs) == sorted(GLYPHS[p.kind] for p in reference)

    # a new function: the old points go at once, the new ones arrive (x² − y²: one saddle at 0)
    type_expression(qtbot, window, "x^2 - y^2")
    wait_landscape(window, "x^2 - y^2")
    qtbot.waitUntil(lambda: len(drawn(map_2d)) == 1 and overlay.landscape is window.session.landscape,
                    timeout=20_000)
    (x, y, symbol), = drawn(map_2d)
    assert symbol == SYMBOLS["saddle"] and abs(x) < 1e-9 and abs(y) < 1e-9
    assert [g.text for g in surface.critical_glyphs] == ["✕"]

    # unticked: everything goes, the legend too
    tick(qtbot, overlay.toggle)
    assert drawn(map_2d) == [] and not surface.critical_dots.visible()
    assert "critical points" not in window.map_view.bar.legend.full_text


def test_critical_points_on_the_1d_curve(qtbot, window, wait_landscape):
    overlay = overlay_of(window)
    tick(qtbot, overlay.toggle)
    window.session.apply_preset("seed004")
    wait_landscape(window, "x*cos(pi*x)")
    curve = window.map_view.curve_1d
    land = window.session.landscape
    reference = critical_points(parse("x*cos(pi*x)"), land.x_range)
    qtbot.waitUntil(lambda: len(drawn(curve)) == len(reference) and overlay.landscape is land, timeout=20_000)
    got = sorted((round(x, 9), round(y, 9), s) for x, y, s in drawn(curve))
    assert got == sorted((round(p.x, 9), round(p.f, 9), SYMBOLS[p.kind]) for p in reference)
    assert drawn(window.map_view.map_2d) == []


def table(widget) -> list[list[str]]:
    return [[widget.item(i, j).text() for j in range(widget.columnCount())] for i in range(widget.rowCount())]


def test_hessian_panel_on_the_bowl_follows_the_selected_run(qtbot, window, wait_landscape):
    window.session.apply_preset("bowl")
    wait_landscape(window, "x^2 + y^2")
    panel = HessianPanel(window.explorer, map_view=window.map_view.map_2d)
    qtbot.addWidget(panel)
    panel.show()
    assert table(panel.matrix) == [["2", "0"], ["0", "2"]]
    assert panel.values["eigenvalues"].text() == "λ₁ = 2, λ₂ = 2"
    assert panel.values["condition"].text() == "1"
    assert panel.values["kind"].text() == "minimum"

    click_step(qtbot, window, 3)
    run = window.session.selected_run
    qtbot.waitUntil(lambda: len(run.trajectory.points) == 4 and not panel.throttled_refresh.pending)
    point = run.trajectory.points[-1][:2]
    reference = hessian_report(parse("x^2 + y^2"), point)
    assert panel.values["point"].text() == f"({number(point[0])}, {number(point[1])})"
    assert table(panel.matrix) == [[number(v) for v in row] for row in reference["hessian"]]
    assert table(panel.gradients) == [
        [number(reference[k][i]) for k in ("gradient", "numerical_gradient", "gradient_difference")] for i in range(2)
    ]
    np.testing.assert_array_equal(panel.report["gradient"], reference["gradient"])
    np.testing.assert_array_equal(panel.report["gradient_difference"], reference["gradient_difference"])
    np.testing.assert_array_equal(panel.report["eigenvalues"], reference["eigenvalues"])
    assert panel.values["condition"].text() == number(reference["condition_number"])

    # the eigenvector axes through the point, on the map, when ticked
    map_2d = window.map_view.map_2d
    assert not map_2d.eigen_axes_shown()
    tick(qtbot, panel.axes_toggle)
    assert map_2d.eigen_axes_shown()
    land = window.session.landscape
    half = AXIS_FRACTION * min(np.diff(land.x_range)[0], np.diff(land.y_range)[0])
    for curve, vec in zip(map_2d.eigen_axes, reference["eigenvectors"]):
        xs, ys = curve.getData()
        np.testing.assert_allclose([xs.mean(), ys.mean()], point)
        np.testing.assert_allclose([xs[1] - xs[0], ys[1] - ys[0]], 2 * half * vec)  # equal λ: equal lengths
    tick(qtbot, panel.axes_toggle)
    assert not map_2d.eigen_axes_shown()


def test_hessian_panel_axes_on_a_saddle_and_a_new_selection(qtbot, window, wait_landscape):
    """Himmelblau after two steps from (0, 0): the kind is hessian_report's, and the two axes' lengths
    are in the ratio of 1/√|λ|."""
    window.session.apply_preset("himmelblau")
    wait_landscape(window, HIMMELBLAU)
    panel = HessianPanel(window.explorer, map_view=window.map_view.map_2d)
    qtbot.addWidget(panel)
    panel.show()
    tick(qtbot, panel.axes_toggle)
    click_step(qtbot, window, 2)
    run = window.session.selected_run
    qtbot.waitUntil(lambda: len(run.trajectory.points) == 3 and not panel.throttled_refresh.pending)
    point = run.trajectory.points[-1][:2]
    reference = hessian_report(parse(HIMMELBLAU), point)
    assert panel.values["kind"].text() == reference["kind"]
    lengths = []
    for curve in window.map_view.map_2d.eigen_axes:
        xs, ys = curve.getData()
        lengths.append(np.hypot(xs[1] - xs[0], ys[1] - ys[0]))
    lam = np.abs(reference["eigenvalues"])
    np.testing.assert_allclose(lengths[0] / lengths[1], np.sqrt(lam[1] / lam[0]))


def test_a_long_search_shows_its_progress_and_cancel_stops_it(qtbot, window, wait_landscape, monkeypatch):
    """A search slowed down per Newton iteration: the bar advances with the seeds that settle,
    Cancel (clicked) ends the job between iterations and nothing is drawn."""
    import gdexplorer.ui.views.critical as module

    iterations = []
    real = module.critical_points

    def slow(*args, progress=None, **kwargs):
        def report(fraction, text):
            iterations.append(fraction)  # in the worker thread: no widgets here
            time.sleep(0.15)
            progress(fraction, text)
        return real(*args, progress=report, **kwargs)

    monkeypatch.setattr(module, "critical_points", slow)
    overlay = overlay_of(window)
    window.session.apply_preset("himmelblau")
    wait_landscape(window, HIMMELBLAU)
    tick(qtbot, overlay.toggle)
    bar = overlay.controls.progress
    qtbot.waitUntil(lambda: bar.isVisible() and bar.value() > 0, timeout=10_000)
    assert overlay.controls.cancel.isVisible()
    qtbot.mouseClick(overlay.controls.cancel, Qt.LeftButton)
    qtbot.waitUntil(lambda: not window.explorer.jobs.running("critical"), timeout=5_000)
    done_at = len(iterations)
    qtbot.wait(500)
    assert len(iterations) <= done_at + 1  # the worker stopped at its next report
    assert len(iterations) < 20 and drawn(window.map_view.map_2d) == []
    assert not bar.isVisible()
