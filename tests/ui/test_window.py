"""Drive the real explorer window: type, click, step, play, compare, and check what it draws."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit

from gdexplorer.core.descent import run as core_run
from gdexplorer.core.expression import parse
from gdexplorer.core.optimizers import OPTIMIZERS
from gdexplorer.core.presets import DEFAULT_PRESET, get_preset
from gdexplorer.app.explorer import Explorer
from gdexplorer.ui.main_window import MainWindow
from ui_input import click_step, type_expression


def test_starts_on_the_default_preset(window):
    preset = get_preset(DEFAULT_PRESET)
    assert window.session.objective.source == preset.expression
    assert window.function_panel.expression.text() == preset.expression
    assert "<sup>2</sup>" in window.function_panel.formula.text()
    assert window.run_controls.step_button.isEnabled()


def test_typing_an_expression_redraws_the_surface(wait_landscape, qtbot, window):
    before = window.session.landscape
    type_expression(qtbot, window, "x^2 + 3*y^2")
    wait_landscape(window, "x^2 + 3*y^2")
    land = window.session.landscape
    assert land is not before
    # f on the grid is the formula's, at a corner of the default range
    x0, y0 = land.xs[0], land.ys[0]
    assert land.f[0, 0] == pytest.approx(x0**2 + 3 * y0**2)
    assert window.function_panel.error.isHidden()


def test_a_bad_expression_shows_the_column_and_keeps_the_last_good_surface(wait_landscape, qtbot, window):
    good = window.session.landscape
    type_expression(qtbot, window, "x^2 + * y")
    qtbot.waitUntil(lambda: window.session.error is not None, timeout=10_000)
    error = window.function_panel.error
    assert error.isVisible()
    assert "column 7" in error.text()  # the '*' after "x^2 + "
    assert window.session.error.column == 7
    assert window.session.landscape is good  # nothing redrawn from bad text
    assert window.session.runs[0].trajectory is not None  # runs keep working on the good function
    type_expression(qtbot, window, "x^2 + y")
    wait_landscape(window, "x^2 + y")
    qtbot.waitUntil(lambda: error.isHidden())


def test_clicking_the_map_sets_the_start(qtbot, window):
    view = window.map_view
    target = (0.5, 1.25)
    pos = view.view_to_widget(*target)
    qtbot.mouseClick(view.plot.viewport(), Qt.LeftButton, pos=pos)
    start = window.session.selected_run.settings.start
    land = window.session.landscape
    pixel = (land.x_range[1] - land.x_range[0]) / view.plot.viewport().width()
    assert start[0] == pytest.approx(target[0], abs=3 * pixel)
    assert start[1] == pytest.approx(target[1], abs=3 * pixel * 2)
    assert window.start_panel.x.value() == pytest.approx(start[0], abs=1e-4)
    np.testing.assert_allclose(window.session.runs[0].trajectory.points[0], start)


def test_steps_match_the_core_run(qtbot, window):
    panel = window.optimizer_panel
    panel.optimizer.setFocus()
    qtbot.keyClicks(panel.optimizer, "Adam")  # keyboard search in the closed list, as a user types
    assert panel.optimizer.currentData() == "adam"
    panel.lr_field.selectAll()
    qtbot.keyClicks(panel.lr_field, "0.05")
    qtbot.keyClick(panel.lr_field, Qt.Key_Return)
    run = window.session.selected_run
    assert run.settings.optimizer == "adam" and run.settings.learning_rate == 0.05
    click_step(qtbot, window, 7)
    expected = core_run(window.session.objective.expr, run.settings.start, "adam", hyperparameters={"lr": 0.05}, steps=7)
    traj = run.trajectory
    assert traj.steps == 7
    np.testing.assert_array_equal(traj.points, expected.points)
    np.testing.assert_array_equal(traj.f, expected.f)
    # the table and inspector redraw at most ~8 times a second while stepping: wait for the last state
    qtbot.waitUntil(lambda: window.runs_panel.table.item(0, 1).text() == "7", timeout=2_000)
    qtbot.waitUntil(lambda: window.inspector.values["step"].text() == "7", timeout=2_000)
    assert "exp_avg" in window.inspector.state_labels


def test_a_bad_learning_rate_is_refused_inline(qtbot, window):
    panel = window.optimizer_panel
    before = window.session.selected_run.settings.learning_rate
    panel.lr_field.selectAll()
    qtbot.keyClicks(panel.lr_field, "-3")
    qtbot.keyClick(panel.lr_field, Qt.Key_Return)
    error = panel.field_errors["lr"]  # under its own field (issue 8.8)
    assert error.isVisible() and "lr must be in" in error.text()
    assert window.session.selected_run.settings.learning_rate == before


def test_play_advances_and_pause_stops(qtbot, window):
    run = window.session.runs[0]
    qtbot.mouseClick(window.run_controls.play_button, Qt.LeftButton)
    assert window.player.playing
    qtbot.waitUntil(lambda: run.steps_taken >= 5, timeout=5_000)
    qtbot.mouseClick(window.run_controls.play_button, Qt.LeftButton)
    assert not window.player.playing
    assert window.run_controls.play_button.text().startswith("Play")
    paused_at = run.steps_taken
    qtbot.wait(300)
    assert run.steps_taken == paused_at


def test_keyboard_shortcuts(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    target = window.windowHandle()  # through the window system, so the shortcut map sees the keys
    run = window.session.runs[0]
    qtbot.keyClick(target, Qt.Key_Right)
    qtbot.keyClick(target, Qt.Key_Right)
    assert run.steps_taken == 2
    qtbot.keyClick(target, Qt.Key_R)
    assert run.steps_taken == 0
    qtbot.keyClick(target, Qt.Key_Space)
    qtbot.waitUntil(lambda: window.player.playing)
    qtbot.keyClick(target, Qt.Key_Space)
    assert not window.player.playing


def test_compare_all_makes_one_run_per_optimizer(qtbot, window):
    qtbot.mouseClick(window.runs_panel.compare_button, Qt.LeftButton)
    runs = window.session.runs
    # the first run (gd at the preset's rate from its start) is kept and not added twice (issue 8.7)
    assert [r.settings.optimizer for r in runs] == list(OPTIMIZERS)
    assert len({r.settings.colour for r in runs}) == len(runs)  # issue 8.6
    assert window.runs_panel.table.rowCount() == len(OPTIMIZERS)
    # on the Rosenbrock preset every optimizer races at the preset's rate for it (issue 8.7)
    preset = get_preset(DEFAULT_PRESET)
    assert {r.settings.optimizer: r.settings.learning_rate for r in runs} == dict(preset.learning_rates)
    suggested = preset.suggested_lr
    click_step(qtbot, window, 3)
    assert all(r.steps_taken == 3 or r.finished for r in runs)
    gd = runs[0]
    expected = core_run(window.session.objective.expr, gd.settings.start, "gd", hyperparameters={"lr": suggested}, steps=3)
    np.testing.assert_array_equal(gd.trajectory.points, expected.points)


def test_add_duplicate_remove_and_hide_runs(qtbot, window):
    panel = window.runs_panel
    qtbot.mouseClick(panel.duplicate_button, Qt.LeftButton)
    assert len(window.session.runs) == 2
    a, b = window.session.runs
    assert a.settings.optimizer == b.settings.optimizer and a.settings.colour != b.settings.colour
    item = panel.table.item(1, 0)
    item.setCheckState(Qt.Unchecked)
    assert not window.session.runs[1].settings.visible
    assert not window.map_view.trajectories[1].isVisible()
    qtbot.mouseClick(panel.remove_button, Qt.LeftButton)
    assert len(window.session.runs) == 1


def test_a_diverging_run_is_marked_and_stops(wait_landscape, qtbot, window):
    window.session.apply_preset("bowl")
    wait_landscape(window, "x^2 + y^2")
    window.session.set_hyperparameter("lr", 100.0)  # θ ← (1 - 2α)θ: |θ| grows 199-fold a step
    window.player.set_step_limit(5000)
    window.player.set_speed(1000)
    qtbot.mouseClick(window.run_controls.play_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not window.player.playing, timeout=20_000)
    run = window.session.runs[0]
    assert run.trajectory.status == "diverged"
    qtbot.waitUntil(lambda: "DIVERGED" in window.inspector.values["status"].text(), timeout=2_000)
    # "diverged", and where its last point is when that is off the map (issue 8.4)
    qtbot.waitUntil(lambda: window.runs_panel.table.item(0, 3).text().startswith("diverged"), timeout=2_000)


def test_the_3d_view_really_draws(qtbot, window):
    image = window.surface_view.grab_surface()
    assert image.width() > 100 and image.height() > 100
    ptr = image.convertToFormat(image.Format.Format_RGBA8888).constBits()
    pixels = np.frombuffer(ptr, np.uint8).reshape(image.height(), image.width(), 4)[..., :3].astype(int)
    background = np.array([0x16, 0x18, 0x1D])
    drawn = np.any(np.abs(pixels - background) > 30, axis=-1)
    assert drawn.mean() > 0.1  # the surface covers a good part of the view, not a blank framebuffer
    assert len(np.unique(pixels.reshape(-1, 3)[::37], axis=0)) > 50  # many heights, many colours


def test_one_dimensional_functions_get_a_curve(wait_landscape, qtbot, window):
    window.session.apply_preset("seed004_exact")
    wait_landscape(window, get_preset("seed004_exact").expression)
    assert window.surface_view.currentWidget() is window.surface_view.slope
    assert window.map_view.curve.isVisible() and not window.map_view.image.isVisible()
    assert not window.start_panel.y.isEnabled()
    # the seed's update, x <- x - eta*(cos(pi x) - x sin(pi x)), from x = 0.5 with eta = 0.1
    window.session.update_run(start=(0.5, 0.0))
    window.session.set_optimizer("gd")
    window.session.set_hyperparameter("lr", 0.1)
    click_step(qtbot, window, 5)
    x, seed = 0.5, [0.5]
    for _ in range(5):
        x -= 0.1 * (np.cos(np.pi * x) - x * np.sin(np.pi * x))
        seed.append(x)
    np.testing.assert_allclose(window.session.runs[0].trajectory.points[:, 0], seed, rtol=1e-12)


def test_csv_export_has_the_run_columns(qtbot, window, tmp_path):
    qtbot.mouseClick(window.runs_panel.duplicate_button, Qt.LeftButton)
    click_step(qtbot, window, 4)
    path = tmp_path / "runs.csv"
    window.export_csv(str(path))
    # the comment lines (#) before the header say how the file was made (issue 8.19)
    rows = list(csv.DictReader(line for line in io.StringIO(path.read_text()) if not line.startswith("#")))
    assert list(rows[0]) == ["run", "optimizer", "lr", "step", "x", "y", "f", "gx", "gy"]
    assert len(rows) == 2 * 5
    expected = window.session.runs[1].trajectory
    last = rows[-1]
    assert (last["run"], last["step"]) == ("2", "4")
    assert float(last["f"]) == expected.f[4]


def test_png_export_of_a_view(qtbot, window, tmp_path):
    for widget, name in ((window.map_view, "map.png"), (window.surface_view, "surface.png")):
        assert window.export_png(widget, str(tmp_path / name))
        assert (tmp_path / name).stat().st_size > 5_000


def test_state_is_remembered(wait_landscape, qtbot, window, settings):
    type_expression(qtbot, window, "x^2 + 2*y^2")
    wait_landscape(window, "x^2 + 2*y^2")
    window.session.set_optimizer("momentum")
    window.session.set_hyperparameter("lr", 0.02)
    window.close()
    again = MainWindow(Explorer(settings), settings)
    qtbot.addWidget(again)
    assert again.session.text == "x^2 + 2*y^2"
    assert again.session.runs[0].settings.optimizer == "momentum"
    assert again.optimizer_panel.lr_field.text() == "0.02"


def test_screenshot_mode_writes_a_png(tmp_path):
    out = tmp_path / "shot.png"
    result = subprocess.run(
        [sys.executable, "-m", "gdexplorer", "--screenshot", str(out), "-f", "himmelblau",
         "--start", "-0.5,-0.5", "--optimizer", "gd,adam", "--lr", "0.01", "--steps", "30", "--size", "1000x700"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)


def test_dragging_the_crosshair_moves_the_start(qtbot, window):
    view = window.map_view
    viewport = view.plot.viewport()
    x0, y0 = window.session.selected_run.settings.start
    grab = view.view_to_widget(x0, y0)
    target = (0.75, -0.5)
    drop = view.view_to_widget(*target)
    qtbot.mousePress(viewport, Qt.LeftButton, pos=grab)
    steps = 8
    for k in range(1, steps + 1):  # a real drag: several moves with the button held
        p = grab + (drop - grab) * k / steps
        qtbot.mouseMove(viewport, pos=p)
    qtbot.mouseRelease(viewport, Qt.LeftButton, pos=drop)
    land = window.session.landscape
    pixel = (land.x_range[1] - land.x_range[0]) / viewport.width()
    qtbot.waitUntil(lambda: abs(window.session.selected_run.settings.start[0] - target[0]) < 4 * pixel, timeout=2_000)
    start = window.session.selected_run.settings.start
    assert start[1] == pytest.approx(target[1], abs=8 * pixel)
    assert window.start_panel.x.value() == pytest.approx(start[0], abs=1e-4)


def test_hyperparameter_form_from_the_registry(qtbot, window):
    panel = window.optimizer_panel
    panel.optimizer.setFocus()
    qtbot.keyClicks(panel.optimizer, "RMS")
    assert panel.optimizer.currentData() == "rmsprop"
    # the form lists rmsprop's registry hyperparameters (lr has its own slider and field)
    spec = OPTIMIZERS["rmsprop"]
    assert set(panel._fields) == {hp.name for hp in spec.hyperparameters} - {"lr"}
    alpha = panel.findChild(QLineEdit, "hp_alpha")
    alpha.selectAll()
    qtbot.keyClicks(alpha, "0.9")
    qtbot.keyClick(alpha, Qt.Key_Return)
    centered = panel.findChild(QCheckBox, "hp_centered")
    centered.setFocus()
    qtbot.keyClick(centered, Qt.Key_Space)  # tick it from the keyboard
    run = window.session.selected_run
    # switching optimizer on a preset takes the preset's rate for it (issue 8.7)
    lr = get_preset(DEFAULT_PRESET).learning_rate_for("rmsprop")
    assert run.settings.hyperparameters == {"lr": lr, "alpha": 0.9, "centered": 1.0}
    assert run.settings.learning_rate == lr
    click_step(qtbot, window, 4)
    expected = core_run(window.session.objective.expr, run.settings.start, "rmsprop", steps=4,
                        hyperparameters={"lr": lr, "alpha": 0.9, "centered": 1.0})
    np.testing.assert_array_equal(run.trajectory.points, expected.points)
    # out of range: refused inline, the run keeps its settings
    alpha.selectAll()
    qtbot.keyClicks(alpha, "1.5")
    qtbot.keyClick(alpha, Qt.Key_Return)
    error = panel.field_errors["alpha"]  # under its own field (issue 8.8)
    assert error.isVisible() and "alpha must be in [0, 1)" in error.text()
    assert run.settings.hyperparameters["alpha"] == 0.9


def test_the_learning_rate_slider_spans_what_the_registry_says(qtbot, window):
    """issue 9.2: the slider's ends are the registry's span for lr (1e-5 … 10, log scale)."""
    panel = window.optimizer_panel
    hp = OPTIMIZERS["gd"].hyperparameter("lr")
    assert hp.log_scale and hp.slider == (1e-5, 10.0)
    panel.lr_slider.setValue(panel.lr_slider.maximum())
    assert window.session.selected_run.settings.learning_rate == hp.slider[1]
    panel.lr_slider.setValue(panel.lr_slider.minimum())
    assert window.session.selected_run.settings.learning_rate == hp.slider[0]
    assert panel.lr_field.text() == "1e-05"
    assert "1e-05 … 10" in panel.lr_slider.toolTip() and "log scale" in panel.lr_slider.toolTip()


def test_a_saved_state_from_a_newer_version_is_ignored_and_the_status_bar_says_so(qtbot, settings):
    """issue 9.3: the defaults are kept, and the user is told why."""
    settings.setValue("session", json.dumps({"version": 99, "text": "x^3"}))
    win = MainWindow(Explorer(settings), settings)
    qtbot.addWidget(win)
    assert "newer gdexplorer" in win.statusBar().currentMessage()
    assert win.session.text == get_preset(DEFAULT_PRESET).expression
    assert win.function_panel.expression.text() == get_preset(DEFAULT_PRESET).expression


def test_the_landscape_labs_panels_are_tabs_behind_the_views(qtbot, window):
    """Issue 10's panels are docked where they belong, without covering what a first window shows:
    the sweep behind the curves, the graph behind the 3-D view, the Hessian behind the inspector;
    the View menu can bring each one back, and clicking its tab raises it."""
    d = window.docks
    for front, behind in (("curves", "sweep"), ("surface", "graph"), ("inspector", "hessian")):
        assert d[behind] in window.tabifiedDockWidgets(d[front])
        # a dock behind a tab stays "visible" to Qt, parked outside the window
        assert window.rect().contains(d[front].geometry()) and not window.rect().intersects(d[behind].geometry())
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    titles = [a.text() for a in view_menu.actions() if a.isCheckable()]
    assert {"Learning-rate sweep", "Backpropagation graph", "Hessian"} <= set(titles)
    from PySide6.QtWidgets import QTabBar

    bar = next(b for b in window.findChildren(QTabBar) if "Learning-rate sweep" in [b.tabText(i) for i in range(b.count())])
    index = [bar.tabText(i) for i in range(bar.count())].index("Learning-rate sweep")
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(lambda: window.rect().contains(d["sweep"].geometry())
                    and not window.rect().intersects(d["curves"].geometry()))
