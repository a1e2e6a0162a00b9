"""Basins of attraction on the 2-D map (issue 10.3), driven with real input and checked against
core.basin.basin_map (an independent call over the same grid) and Himmelblau's known minima."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from ui_input import replace_text, type_expression, type_into

from gdexplorer.core.basin import PALETTE, UNLABELLED, basin_map
from gdexplorer.scene.basin_overlay import UNLABELLED_STRIPE, format_share
from gdexplorer.ui.basin_panel import ACTION_TEXT, KIND

BASIN_TIMEOUT_MS = 90_000  # a new function's batch kernel compiles first (seconds on a busy machine)
#: Himmelblau's minima (f = 0), in the legend's order: equal f, then by x, then y
HIMMELBLAU_MINIMA = [(-3.779310, -3.283186), (-2.805118, 3.131312), (3.0, 2.0), (3.584428, -1.848127)]
SQRT_FUNCTION = "(x-1)^2 + (y^2-1)^2 + 0.3*sqrt(x)"


@pytest.fixture
def panel(qtbot, window):
    """The window's panel, raised (it is a tab behind the 3-D view), on Himmelblau."""
    window.docks["basins"].raise_()
    window.session.apply_preset("himmelblau")
    qtbot.waitUntil(lambda: window.session.objective.source == "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"
                    and not window.session.compute.busy, timeout=BASIN_TIMEOUT_MS)
    p = window.basin_panel
    qtbot.waitUntil(p.toggle.isVisible)
    return p


def click_toggle(qtbot, panel) -> None:
    qtbot.mouseClick(panel.toggle, Qt.LeftButton, pos=QPoint(8, panel.toggle.height() // 2))


def choose_grid(qtbot, panel, n: int) -> None:
    """Pick n × n in the grid box with the arrow keys, as a keyboard user does."""
    panel.grid.setFocus()
    while panel.grid.currentData() != n:
        qtbot.keyClick(panel.grid, Qt.Key_Down if panel.grid.currentData() < n else Qt.Key_Up)


def wait_final(qtbot, panel) -> None:
    qtbot.waitUntil(lambda: panel.outcome is not None and panel.outcome.final and panel.pending is None,
                    timeout=BASIN_TIMEOUT_MS)


def reference(window, grid: int, steps: int = 1000):
    """core.basin_map for the selected run over the map's range: what the overlay must show."""
    session = window.session
    land, settings = session.landscape, session.selected_run.settings
    return basin_map(land.objective.expr, land.x_range, land.y_range, grid, grid, settings.optimizer,
                     steps=steps, hyperparameters=settings.hyperparameters)


def shaded(ref, j: int, i: int) -> np.ndarray:
    """The colour core's README gives a start: its label's colour, darker by 0.6 × its steps over
    the most any labelled start took."""
    most = ref.steps[ref.label >= 0].max()
    return np.rint(PALETTE[ref.label[j, i] % len(PALETTE)] * (1 - 0.6 * ref.steps[j, i] / most))


def cell_pixels(window, panel, x: float, y: float, half: int = 2) -> np.ndarray:
    """The map's pixels around the data point (x, y), as RGB rows."""
    window.render_now()
    page = window.map_view.map_2d
    image = page.plot.viewport().grab().toImage()
    centre = page.view_to_widget(x, y)
    pixels = [image.pixelColor(centre.x() + dx, centre.y() + dy).getRgb()[:3]
              for dx in range(-half, half + 1) for dy in range(-half, half + 1)]
    return np.array(pixels)


def commonest(pixels: np.ndarray) -> tuple[int, int, int]:
    """The colour most pixels have: the overlay's, where arrows and contour lines cross a few."""
    return Counter(map(tuple, pixels.tolist())).most_common(1)[0][0]


def test_the_view_menu_toggle_maps_himmelblau_coarse_first(qtbot, window, panel, monkeypatch):
    drawn = []
    draw = panel._draw
    monkeypatch.setattr(panel, "_draw", lambda outcome: (drawn.append(outcome.grid), draw(outcome)))
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    action = next(a for a in view_menu.actions() if a.text() == ACTION_TEXT)
    assert action.isCheckable() and not action.isChecked() and not panel.layer.shown
    action.trigger()
    assert panel.toggle.isChecked() and panel.cancel_button.isEnabled() and not panel.compute_button.isEnabled()
    wait_final(qtbot, panel)
    assert drawn == [32, 256]  # the preview first, then the chosen grid
    assert panel.layer.shown and panel.layer.image.opacity() == pytest.approx(0.65)
    assert panel.progress.value() == 0 and not panel.cancel_button.isEnabled()

    ref = reference(window, 256)
    np.testing.assert_array_equal(panel.outcome.basins.label, ref.label)
    rows = panel.legend_texts()
    assert len(rows) == 4  # four minima, each with x, y, f and its share of starts
    for row, (x, y), k in zip(rows, HIMMELBLAU_MINIMA, range(4)):
        assert float(row[0]) == pytest.approx(x, abs=1e-4) and float(row[1]) == pytest.approx(y, abs=1e-4)  # 5 digits
        assert abs(float(row[2])) < 1e-10
        assert row[3] == format_share(np.count_nonzero(ref.label == k) / ref.label.size)
    assert panel.unlabelled.text() == "diverged or not converged: 0.0 %"  # gd at 0.01 reaches a minimum from all
    dots = panel.layer.minima.getData()
    np.testing.assert_allclose(np.column_stack(dots), HIMMELBLAU_MINIMA, atol=1e-5)
    assert "4 minima" in panel.status.text()
    click_toggle(qtbot, panel)  # off: the menu's action follows the box
    assert not action.isChecked() and not panel.layer.shown


def test_overlay_pixels_at_a_start_have_its_labels_colour(qtbot, window, panel):
    """64 × 64 starts, opacity 100 %: the map's pixels at a start are its label's colour, shaded by
    its steps as the reference basin_map says; at 0 % they are the heights' pixels again."""
    # off the minima's labels and the crosshair
    starts = [(-4.5, -1.0), (1.5, -4.5), (4.5, 4.5), (-1.5, 4.0), (1.2, 3.4)]
    before = {s: commonest(cell_pixels(window, panel, *s)) for s in starts}
    choose_grid(qtbot, panel, 64)
    panel.opacity.setFocus()
    qtbot.keyClick(panel.opacity, Qt.Key_End)
    assert panel.opacity.value() == 100 and panel.opacity_label.text() == "100 %"
    click_toggle(qtbot, panel)
    wait_final(qtbot, panel)
    ref = reference(window, 64)
    xs, ys = ref.xs, ref.ys
    labels = set()
    for x, y in starts:
        i, j = int(np.argmin(np.abs(xs - x))), int(np.argmin(np.abs(ys - y)))
        labels.add(int(ref.label[j, i]))
        got = commonest(cell_pixels(window, panel, xs[i], ys[j]))
        np.testing.assert_allclose(got, shaded(ref, j, i), atol=1, err_msg=f"start ({xs[i]:.3f}, {ys[j]:.3f})")
    assert len(labels) >= 3  # several basins checked
    qtbot.keyClick(panel.opacity, Qt.Key_Home)
    assert panel.layer.image.opacity() == 0.0
    for s in starts:  # the minima's dots stay, the image is gone: the heights show through
        assert commonest(cell_pixels(window, panel, *s)) == before[s]


def slow_settings(qtbot, window, panel) -> None:
    """A map that takes many seconds: 512 × 512 starts creeping at α = 1e-5 for up to 100 000 steps."""
    window.session.set_hyperparameter("lr", 1e-5)
    choose_grid(qtbot, panel, 512)
    replace_text(qtbot, panel.steps, "100000")


def test_cancel_keeps_the_preview(qtbot, window, panel):
    slow_settings(qtbot, window, panel)
    click_toggle(qtbot, panel)
    qtbot.waitUntil(lambda: panel.outcome is not None, timeout=BASIN_TIMEOUT_MS)  # the 32 × 32 preview
    assert panel.outcome.grid == 32 and not panel.outcome.final and panel.layer.shown
    assert window.explorer.jobs.running(KIND) and panel.cancel_button.isEnabled()
    qtbot.mouseClick(panel.cancel_button, Qt.LeftButton)
    assert not window.explorer.jobs.running(KIND)
    assert panel.compute_button.isEnabled() and not panel.cancel_button.isEnabled() and panel.progress.value() == 0
    assert "Cancelled: the map shows the 32 × 32 preview" in panel.status.text()
    assert window.explorer.jobs.wait_for_done(30_000)  # the worker stopped after its band
    QApplication.processEvents()
    assert panel.outcome.grid == 32 and panel.layer.shown  # no full map arrived


def test_a_new_function_cancels_the_map_and_clears_it(qtbot, window, panel):
    slow_settings(qtbot, window, panel)
    click_toggle(qtbot, panel)
    qtbot.waitUntil(lambda: panel.outcome is not None, timeout=BASIN_TIMEOUT_MS)
    old_key = panel.pending.key
    type_expression(qtbot, window, "x^2 + 2*y^2")
    qtbot.waitUntil(lambda: window.session.objective.source == "x^2 + 2*y^2", timeout=BASIN_TIMEOUT_MS)
    assert panel.outcome is None and not panel.layer.shown and not panel.layer.has_map
    assert not panel.legend.isVisible()
    assert "Stale: a new function; the basin map was cleared" in panel.status.text()
    # the overlay is on: once the typing settles the new function is mapped (and the old work is gone)
    qtbot.waitUntil(lambda: panel.pending is not None and panel.pending.key != old_key, timeout=BASIN_TIMEOUT_MS)
    assert panel.pending.source == "x^2 + 2*y^2"
    qtbot.mouseClick(panel.cancel_button, Qt.LeftButton)
    assert window.explorer.jobs.wait_for_done(30_000)


def test_a_new_range_or_optimizer_makes_the_map_stale(qtbot, window, panel):
    choose_grid(qtbot, panel, 64)
    qtbot.mouseClick(panel.compute_button, Qt.LeftButton)  # Compute turns the overlay on
    assert panel.toggle.isChecked()
    wait_final(qtbot, panel)
    click_toggle(qtbot, panel)  # off: changes clear the map without computing a new one
    window.session.set_ranges((-4.0, 4.0), (-5.0, 5.0))
    qtbot.waitUntil(lambda: panel.outcome is None, timeout=BASIN_TIMEOUT_MS)
    assert "Stale: a new range" in panel.status.text() and "Compute maps it again" in panel.status.text()
    qtbot.mouseClick(panel.compute_button, Qt.LeftButton)
    wait_final(qtbot, panel)
    assert panel.outcome.request.x_range == (-4.0, 4.0)
    window.session.set_optimizer("momentum")
    assert panel.outcome is None and "Stale: another optimizer" in panel.status.text()
    assert "momentum" in panel.run_label.text()
    QApplication.processEvents()
    assert panel.pending is None  # the overlay is on (Compute turned it on) but nothing starts at once
    qtbot.waitUntil(lambda: panel.pending is not None, timeout=5_000)  # once the change settled
    assert panel.pending.optimizer == "momentum"
    wait_final(qtbot, panel)


def test_bad_steps_are_refused_beside_the_field(qtbot, window, panel):
    for text, words in (("abc", "whole number"), ("0", "from 1 to 100000"), ("2.5", "whole number")):
        type_into(qtbot, panel.steps, text)
        assert panel.steps_error.isVisible() and words in panel.steps_error.text()
        assert panel.pending is None and not window.explorer.jobs.running(KIND)
    type_into(qtbot, panel.steps, "300")  # Return computes
    assert not panel.steps_error.isVisible() and panel.pending is not None and panel.pending.steps == 300
    wait_final(qtbot, panel)


def test_undefined_starts_are_hatched_and_counted(qtbot, window, panel):
    """√x is undefined for x < 0: those starts find no minimum; the legend says so and why, and
    the map hatches them dark. The other starts reach the two minima at y = ±1."""
    window.session.set_function(SQRT_FUNCTION, (-1.0, 3.0), (-2.0, 2.0))
    qtbot.waitUntil(lambda: window.session.objective.source == SQRT_FUNCTION and not window.session.compute.busy,
                    timeout=BASIN_TIMEOUT_MS)
    window.session.set_hyperparameter("lr", 0.02)
    choose_grid(qtbot, panel, 64)
    replace_text(qtbot, panel.steps, "3000")
    qtbot.keyClick(panel.opacity, Qt.Key_End)
    click_toggle(qtbot, panel)
    wait_final(qtbot, panel)
    ref = reference(window, 64, steps=3000)
    np.testing.assert_array_equal(panel.outcome.basins.label, ref.label)
    rows = panel.legend_texts()
    assert len(rows) == 2 and [float(r[1]) for r in rows] == pytest.approx([-1.0, 1.0], abs=1e-4)
    share = format_share(np.count_nonzero(ref.label < 0) / ref.label.size)
    assert panel.unlabelled.text().startswith(f"diverged or not converged: {share} (f undefined")
    pixels = cell_pixels(window, panel, -0.5, 0.5, half=8)  # inside the undefined half
    colours = Counter(map(tuple, pixels.tolist()))
    dark, stripe = tuple(int(v) for v in UNLABELLED), UNLABELLED_STRIPE
    assert colours[dark] + colours[stripe] >= 0.8 * len(pixels) and colours[dark] and colours[stripe]


def test_the_panel_is_a_tab_that_fits_a_small_window(qtbot, window, panel):
    """Behind the 3-D view with the graph, beside the map it colours; at 1280 × 720 raised it lies
    in the window and its controls, legend and the share that found no minimum are in sight."""
    d = window.docks
    assert d["basins"] in window.tabifiedDockWidgets(d["surface"])
    choose_grid(qtbot, panel, 64)
    click_toggle(qtbot, panel)
    wait_final(qtbot, panel)
    window.resize(1280, 720)
    d["basins"].raise_()
    qtbot.waitUntil(lambda: window.rect().contains(d["basins"].geometry()))
    widgets = (panel.toggle, panel.opacity, panel.opacity_label, panel.grid, panel.steps, panel.compute_button,
               panel.cancel_button, panel.legend, panel.unlabelled)
    for widget in widgets:
        qtbot.waitUntil(lambda w=widget: w.isVisible() and w.visibleRegion().boundingRect() == w.rect(), timeout=5_000)
