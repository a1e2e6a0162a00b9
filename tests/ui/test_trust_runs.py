"""Trust what the runs say (issue 8): a run's status, colour, state and numbers on screen are true.

Every test drives the real window (mouse clicks on buttons and list entries, typing in fields) and
checks against an independent reference (a core run, a formula, torch's names, WCAG contrast).
"""
from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QLineEdit

from gdexplorer.core.descent import run as core_run
from gdexplorer.core.optimizers import OPTIMIZERS
from gdexplorer.core.presets import DEFAULT_PRESET, get_preset
import ui_input
from ui_input import type_into

DARK_VIEW = "#16181d"  # the map, 3-D and curves background
TABLE = "#ffffff"  # the runs table's background


# -- driving the window --------------------------------------------------------------------------
def pick_from_list(qtbot, combo, data) -> None:
    """Open a combo box's list and click the entry whose data is ``data``, as a user does."""
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    index = view.model().index(combo.findData(data), 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.visualRect(index).center())
    qtbot.waitUntil(lambda: not view.isVisible())


def choose_preset(qtbot, window, wait_landscape, name: str) -> None:
    pick_from_list(qtbot, window.function_panel.presets, name)
    wait_landscape(window, get_preset(name).expression)


def type_expression(qtbot, window, wait_landscape, text: str) -> None:
    ui_input.type_expression(qtbot, window, text)
    wait_landscape(window, text)


def status_cell(window, row: int = 0):
    return window.runs_panel.table.item(row, 3)


# -- colour arithmetic (WCAG 2 contrast, OKLab distance) -------------------------------------------
def _linear(colour: str) -> np.ndarray:
    c = QColor(colour)
    rgb = np.array([c.redF(), c.greenF(), c.blueF()])
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def luminance(colour: str) -> float:
    return float(_linear(colour) @ [0.2126, 0.7152, 0.0722])


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def oklab(colour: str) -> np.ndarray:
    lms = np.array([[0.4122214708, 0.5363325363, 0.0514459929],
                    [0.2119034982, 0.6806995451, 0.1073969566],
                    [0.0883024619, 0.2817188376, 0.6299787005]]) @ _linear(colour)
    return np.array([[0.2104542553, 0.7936177850, -0.0040720468],
                     [1.9779984951, -2.4285922050, 0.4505937099],
                     [0.0259040371, 0.7827717662, -0.8086757660]]) @ np.cbrt(lms)


# -- issue 8.1 ---------------------------------------------------------------------------------------
def test_a_single_diverging_run_is_marked_diverged_everywhere(wait_landscape, qtbot, window):
    """issue 8.1: one gd run on the bowl with α = 1e200 diverges on its very first step, which
    takes no step. The old Session.step signalled the views only when some run moved, so after
    Play stopped the table and the inspector still said "ok" (as gd with α = 2 did at step 322,
    whenever the views had last refreshed before the diverging tick)."""
    choose_preset(qtbot, window, wait_landscape, "bowl")
    assert len(window.session.runs) == 1
    type_into(qtbot, window.optimizer_panel.lr_field, "1e200")  # θ ← (1 − 2α)θ: f ≈ 1e401 after a step
    run = window.session.runs[0]
    assert run.settings.learning_rate == 1e200
    expected = core_run(window.session.objective.expr, run.settings.start, "gd", hyperparameters={"lr": 1e200}, steps=10)
    assert expected.status == "diverged" and expected.steps == 0  # the reference: diverges at step 1
    # the views have shown the restarted run and have no redraw pending: what they show after Play
    # is what Play told them
    qtbot.waitUntil(lambda: status_cell(window).text() == "ok" and not window.runs_panel.throttled_progress.pending
                    and not window.inspector.throttled_refresh.pending, timeout=2_000)

    qtbot.mouseClick(window.run_controls.play_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not window.player.playing, timeout=10_000)
    assert run.trajectory.status == "diverged" and run.steps_taken == 0
    qtbot.waitUntil(lambda: status_cell(window).text() == "diverged", timeout=2_000)
    assert status_cell(window).foreground().color().name() == QColor("#c62828").name()  # red, not ok's green
    qtbot.waitUntil(lambda: "DIVERGED" in window.inspector.values["status"].text(), timeout=2_000)
    assert "step 1" in window.inspector.values["status"].text()  # the core's message


# -- issue 8.4 (the table's part) ----------------------------------------------------------------
def test_a_run_that_leaves_the_map_says_where_it_went(wait_landscape, qtbot, window):
    """issue 8.4: on the bowl (view [-3, 3]²) gd with α = 1.5 maps θ to −2θ: one step from (2.5, −2)
    lands at (−5, 4), off the map. The runs table and the inspector say so; widening the range
    brings it back and the note goes."""
    choose_preset(qtbot, window, wait_landscape, "bowl")
    type_into(qtbot, window.optimizer_panel.lr_field, "1.5")
    qtbot.mouseClick(window.run_controls.step_button, Qt.LeftButton)
    run = window.session.runs[0]
    np.testing.assert_allclose(run.trajectory.points[-1], -2 * np.array(get_preset("bowl").start))
    qtbot.waitUntil(lambda: status_cell(window).text() == "ok · off the map (x < -3, y > 3)", timeout=2_000)
    assert "outside the plotted range" in status_cell(window).toolTip()
    qtbot.waitUntil(lambda: "off the map (x &lt; -3, y &gt; 3)" in window.inspector.values["status"].text(),
                    timeout=2_000)  # rich text: < and > escaped

    panel = window.function_panel
    for box, value in ((panel.x_min, "-6"), (panel.x_max, "6"), (panel.y_min, "-6"), (panel.y_max, "6")):
        type_into(qtbot, box, value)
    qtbot.waitUntil(lambda: window.session.x_range == (-6.0, 6.0) and window.session.y_range == (-6.0, 6.0))
    wait_landscape(window)
    qtbot.waitUntil(lambda: status_cell(window).text() == "ok", timeout=5_000)


def test_a_one_dimensional_run_off_the_map_is_checked_against_x_only(wait_landscape, qtbot, window):
    """issue 8.4 in 1-D: f = x² from x = −1.5 with α = 1.5 jumps to 3, beyond x max = 2."""
    type_expression(qtbot, window, wait_landscape, "x^2")
    type_into(qtbot, window.optimizer_panel.lr_field, "1.5")
    qtbot.mouseClick(window.run_controls.step_button, Qt.LeftButton)
    x_max = window.session.x_range[1]
    point = window.session.runs[0].trajectory.points[-1]
    assert point.shape == (1,) and point[0] == pytest.approx(3.0) and point[0] > x_max
    qtbot.waitUntil(lambda: status_cell(window).text() == f"ok · off the map (x > {x_max:g})", timeout=2_000)


# -- issue 8.6 -----------------------------------------------------------------------------------
def test_compare_all_colours_are_distinct_and_readable(qtbot, window):
    """issue 8.6: with every optimizer racing, no two runs share a colour, and each colour reads
    on the dark views (WCAG contrast >= 3.6 against #16181d) and as text on the white table
    (>= 2.5); no two colours are close (OKLab distance >= 0.08; a just-noticeable difference is
    about 0.02). The table writes each run's name in its colour."""
    qtbot.mouseClick(window.runs_panel.compare_button, Qt.LeftButton)
    runs = window.session.runs
    assert len(runs) == len(OPTIMIZERS)
    colours = [r.settings.colour for r in runs]
    assert len(set(colours)) == len(colours)
    for colour in colours:
        assert contrast(colour, TABLE) >= 2.5, colour
        assert contrast(colour, DARK_VIEW) >= 3.6, colour
    for a, b in itertools.combinations(colours, 2):
        assert np.linalg.norm(oklab(a) - oklab(b)) >= 0.08, (a, b)
    table = window.runs_panel.table
    assert QColor(table.palette().base().color()).lightness() > 200  # the table really is light
    for row, run in enumerate(runs):
        assert table.item(row, 0).foreground().color().name() == QColor(run.settings.colour).name()


# -- issue 8.7 -----------------------------------------------------------------------------------
def test_compare_all_keeps_the_users_runs(qtbot, window):
    """issue 8.7: a tuned adam α = 0.05 survives "Compare all optimizers"; the comparison runs come
    after it, from its start, each at the preset's rate, and a second click adds nothing."""
    panel = window.optimizer_panel
    pick_from_list(qtbot, panel.optimizer, "adam")
    type_into(qtbot, panel.lr_field, "0.05")
    mine = window.session.runs[0].settings
    assert (mine.optimizer, mine.learning_rate) == ("adam", 0.05)
    assert "kept" in window.runs_panel.compare_button.toolTip()

    qtbot.mouseClick(window.runs_panel.compare_button, Qt.LeftButton)
    runs = window.session.runs
    assert runs[0].settings == mine  # the user's run, unchanged (colour too)
    # adam at 0.05 is also Rosenbrock's comparison rate for adam: that run is not added twice
    preset = get_preset(DEFAULT_PRESET)
    assert preset.learning_rate_for("adam") == 0.05
    assert [r.settings.optimizer for r in runs] == ["adam"] + [n for n in OPTIMIZERS if n != "adam"]
    for r in runs[1:]:
        assert r.settings.start == mine.start
        assert r.settings.learning_rate == preset.learning_rate_for(r.settings.optimizer)
    assert window.runs_panel.table.rowCount() == len(runs)
    assert "kept" in window.statusBar().currentMessage()

    qtbot.mouseClick(window.run_controls.step_button, Qt.LeftButton)
    qtbot.mouseClick(window.run_controls.step_button, Qt.LeftButton)
    momentum = next(r for r in runs if r.settings.optimizer == "momentum")
    expected = core_run(window.session.objective.expr, mine.start, "momentum", hyperparameters={"lr": preset.learning_rate_for("momentum")}, steps=2)
    np.testing.assert_array_equal(momentum.trajectory.points, expected.points)
    assert all(r.status == "ok" for r in runs)  # momentum at torch's 0.01 diverged here at once

    qtbot.mouseClick(window.runs_panel.compare_button, Qt.LeftButton)
    assert len(window.session.runs) == len(OPTIMIZERS)


# -- issue 8.8 (the panels) ----------------------------------------------------------------------
def _shown_under(error, field) -> bool:
    """The error line is visible and sits right below its field (within a row's height)."""
    top = error.mapTo(error.window(), error.rect().topLeft()).y()
    bottom = field.mapTo(field.window(), field.rect().bottomLeft()).y()
    return error.isVisible() and 0 <= top - bottom < field.height()


def test_a_fixed_hyperparameter_clears_its_error_and_each_error_sits_by_its_field(qtbot, window):
    """issue 8.8: a refused value shows its message under its own field; fixing it clears that
    message (the old panel kept one shared message at the bottom until another field changed)."""
    panel = window.optimizer_panel
    pick_from_list(qtbot, panel.optimizer, "rmsprop")
    alpha = panel.findChild(QLineEdit, "hp_alpha")
    eps = panel.findChild(QLineEdit, "hp_eps")
    type_into(qtbot, alpha, "1.5")
    type_into(qtbot, panel.lr_field, "-1")
    alpha_error, lr_error = panel.field_errors["alpha"], panel.field_errors["lr"]
    assert "alpha must be in [0, 1)" in alpha_error.text() and "lr must be in" in lr_error.text()
    qtbot.waitUntil(lambda: _shown_under(alpha_error, alpha) and _shown_under(lr_error, panel.lr_field))
    assert "border" in alpha.styleSheet() and "border" in panel.lr_field.styleSheet()
    run = window.session.selected_run
    lr = get_preset(DEFAULT_PRESET).learning_rate_for("rmsprop")
    assert run.settings.hyperparameters == {"lr": lr}  # the run kept its last good settings

    type_into(qtbot, alpha, "0.95")
    assert run.settings.hyperparameters == {"lr": lr, "alpha": 0.95}
    assert not alpha_error.isVisible() and alpha.styleSheet() == ""
    qtbot.waitUntil(lambda: _shown_under(lr_error, panel.lr_field))  # the lr is still wrong: it stays
    type_into(qtbot, eps, "1e-6")  # another field: the lr's message still stays
    assert lr_error.isVisible()
    type_into(qtbot, panel.lr_field, "0.02")
    assert not lr_error.isVisible() and run.settings.learning_rate == 0.02


def test_a_refused_range_is_marked_by_its_boxes_until_fixed(wait_landscape, qtbot, window):
    """issue 8.8: x min ≥ x max is refused: both x boxes turn red with the reason under the range
    rows, the map keeps the last good range; a good x max clears the marks and applies."""
    panel = window.function_panel
    before = window.session.x_range
    type_into(qtbot, panel.x_min, "3")
    assert window.session.x_range == before
    assert panel.range_error.isVisible() and "x min (3) must be less than x max (2)" in panel.range_error.text()
    assert panel.x_min.property("error") and panel.x_max.property("error")  # marked (tour: by the palette)
    assert not panel.y_min.property("error") and not panel.y_max.property("error")
    qtbot.waitUntil(lambda: _shown_under(panel.range_error, panel.y_min))  # under the range rows

    type_into(qtbot, panel.x_max, "5")
    qtbot.waitUntil(lambda: window.session.x_range == (3.0, 5.0))
    assert not panel.range_error.isVisible()
    assert not panel.x_min.property("error") and not panel.x_max.property("error")
    wait_landscape(window)
    assert window.session.landscape.x_range == (3.0, 5.0)


def test_a_one_dimensional_presets_x_range_can_be_changed(wait_landscape, qtbot, window):
    """issue 8.8: a 1-D preset's y range is (0, 0); the old check refused every x range there."""
    choose_preset(qtbot, window, wait_landscape, "seed004")
    type_into(qtbot, window.function_panel.x_max, "3")
    qtbot.waitUntil(lambda: window.session.x_range == (-2.0, 3.0))
    assert not window.function_panel.range_error.isVisible()


# -- issue 8.10 ----------------------------------------------------------------------------------
def state_shown(window) -> list[str]:
    inspector = window.inspector
    return list(inspector.state_labels) if inspector.state_title.isVisible() else []


def test_the_inspector_shows_only_the_state_the_optimizer_uses(qtbot, window):
    """issue 8.10: plain gd keeps no state (the old inspector listed momentum_buffer); momentum
    keeps its velocity; rmsprop keeps grad_avg only when centered; the values are the run's."""
    step = window.run_controls.step_button
    qtbot.mouseClick(step, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.inspector.values["step"].text() == "1", timeout=2_000)
    assert window.session.selected_run.settings.optimizer == "gd"
    assert state_shown(window) == []

    panel = window.optimizer_panel
    pick_from_list(qtbot, panel.optimizer, "momentum")
    qtbot.mouseClick(step, Qt.LeftButton)
    qtbot.waitUntil(lambda: state_shown(window) == ["momentum_buffer"], timeout=2_000)
    run = window.session.selected_run
    velocity = run.descent.optimizer_state()["momentum_buffer"]
    assert np.all(velocity != 0)
    qtbot.waitUntil(lambda: window.inspector.state_labels["momentum_buffer"].text()
                    == f"({velocity[0]:.6g}, {velocity[1]:.6g})", timeout=2_000)

    pick_from_list(qtbot, panel.optimizer, "rmsprop")
    qtbot.mouseClick(step, Qt.LeftButton)
    qtbot.waitUntil(lambda: state_shown(window) == ["square_avg"], timeout=2_000)
    centered = panel.findChild(QCheckBox, "hp_centered")
    centered.setFocus()
    qtbot.keyClick(centered, Qt.Key_Space)  # tick it
    rmsprop_lr = get_preset(DEFAULT_PRESET).learning_rate_for("rmsprop")
    assert window.session.selected_run.settings.hyperparameters == {"lr": rmsprop_lr, "centered": 1.0}
    qtbot.mouseClick(step, Qt.LeftButton)
    qtbot.waitUntil(lambda: state_shown(window) == ["square_avg", "grad_avg"], timeout=2_000)


# -- issue 8.14 ----------------------------------------------------------------------------------
def test_a_huge_gradient_norm_is_shown_without_overflow(wait_landscape, qtbot, window):
    """issue 8.14: at (−1.5, 2) the gradient of 1e160·x² + y² is (−3e160, 4); np.linalg.norm
    squared it to inf with a RuntimeWarning. |∇f| = 3e160 (hypot), and no warning."""
    type_expression(qtbot, window, wait_landscape, "1e160*x^2 + y^2")
    run = window.session.selected_run
    x, y = run.settings.start
    assert (x, y) == (-1.5, 2.0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        window.inspector.refresh()
    assert [w for w in caught if issubclass(w.category, RuntimeWarning)] == []
    expected = np.hypot(2e160 * x, 2 * y)  # the formula's gradient, its length
    assert float(window.inspector.values["|∇f(θ)|"].text()) == pytest.approx(expected, rel=1e-6)
