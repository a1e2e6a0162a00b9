"""Drive the Data mode in the real window (issue 11, seed 002): the Function | Data switch, the
synthetic data form, seed 002's three runs in one click (their losses are core Trainer's, bit for
bit), Step and Play moving the fitted lines, the mini-batch gradient beside the full-data one on the
map, a malformed CSV (its line under the field, nothing changed), Cancel of a big file, and the
way back to the function."""
from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import QTimer, Qt

from gdexplorer.app.data_mode import DataRun
from gdexplorer.core.fit import Trainer, synthetic
from gdexplorer.core.fit.objective import DataObjective
from gdexplorer.core.objective import ExpressionObjective
from ui_input import click_step, type_into

TIMEOUT_MS = 60_000


def on_data(window) -> bool:
    s = window.session
    return s.data_mode is not None and s.landscape is not None and isinstance(s.objective, DataObjective) \
        and not s.compute.busy and not window.explorer.data_mode.loading


def click_tab(qtbot, window, index: int) -> None:
    tabs = window.data_ui.mode_switcher.tabs
    qtbot.mouseClick(tabs, Qt.LeftButton, pos=tabs.tabRect(index).center())


@pytest.fixture
def data_window(qtbot, window):
    click_tab(qtbot, window, 1)
    qtbot.waitUntil(lambda: on_data(window), timeout=TIMEOUT_MS)
    return window


def reference(run: DataRun, data) -> Trainer:
    s = run.settings
    return Trainer(data, s.optimizer, hyperparameters=s.hyperparameters, batch_size=s.batch_size, epochs=s.epochs,
                   start=s.start, seed=s.seed, keep_trace=False)


def test_the_tabs_switch_modes_and_back_restores_the_function(qtbot, window):
    session = window.session
    function_text, function_runs = session.text, list(session.runs)
    window.player.step(4)
    click_tab(qtbot, window, 1)
    qtbot.waitUntil(lambda: on_data(window), timeout=TIMEOUT_MS)
    ui = window.data_ui
    assert ui.mode_switcher.stack.currentWidget().isAncestorOf(ui.data_panel) and ui.data_panel.isVisible()
    assert window.docks["function"].windowTitle() == "Data" and ui.mode_action.isChecked()
    qtbot.waitUntil(lambda: window.docks["map"].windowTitle().startswith("Loss map L(w, b)"))
    plot = window.map_view.map_2d.plot.getPlotItem()
    assert plot.getAxis("bottom").labelText == "w" and plot.getAxis("left").labelText == "b"
    assert window.start_panel.layout().labelForField(window.start_panel.x).text() == "w₀"
    assert ui.batch_form.isVisible() and ui.scatter.isVisible() and ui.epoch_curves.isVisible()
    assert not window.run_controls.step_limit.isEnabled()
    assert window.player.speed == 5.0 and window.run_controls.speed.suffix() == " epochs/s"  # the Data mode's own
    assert not window.optimizer_panel.schedule.isVisible()  # the trainer has no lr schedule
    assert "L(w, b) sampled" in window.status_label.text()
    # back with the View menu's entry (Ctrl+D)
    ui.mode_action.trigger()
    assert isinstance(session.objective, ExpressionObjective) and session.text == function_text
    assert session.runs == function_runs and session.runs[0].steps_taken == 4
    assert ui.mode_switcher.stack.currentWidget().isAncestorOf(window.function_panel)
    assert window.function_panel.isVisible() and not ui.data_panel.isVisible()
    assert window.function_panel.expression.text() == function_text
    assert window.docks["function"].windowTitle() == "Function" and window.docks["map"].windowTitle().startswith("2D map")
    assert plot.getAxis("bottom").labelText == "x" and not ui.batch_form.isVisible()
    assert window.run_controls.step_limit.isEnabled()
    assert window.player.speed == 20.0 and window.run_controls.speed.suffix() == " steps/s"
    assert window.optimizer_panel.schedule.isVisible()


def test_the_synthetic_form_draws_new_data(qtbot, data_window):
    panel = data_window.data_ui.data_panel
    dm = data_window.explorer.data_mode
    type_into(qtbot, panel.n.lineEdit(), "250")
    qtbot.waitUntil(lambda: dm.objective.data.n == 250 and on_data(data_window), timeout=TIMEOUT_MS)
    type_into(qtbot, panel.true_w.lineEdit(), "-2")
    qtbot.waitUntil(lambda: dm.source.w == -2.0 and on_data(data_window), timeout=TIMEOUT_MS)
    expected = synthetic(250, -2.0, 4.0, 0.5, seed=0)
    assert np.array_equal(dm.objective.data.y, expected.y)
    assert "250 samples" in panel.info.text()
    xs, ys = data_window.data_ui.scatter.dots.getData()
    assert len(xs) == 250 and np.array_equal(np.sort(ys), np.sort(expected.y))
    w_star, b_star, _ = dm.objective.minimum
    assert panel.w_min.value() < w_star < panel.w_max.value()
    assert all(run.trainer.data is dm.objective.data and run.steps_taken == 0 for run in data_window.session.runs)


def test_seed_002_preset_three_runs_equal_the_core_trainer(qtbot, tmp_path, data_window):
    session = data_window.session
    dm = data_window.explorer.data_mode
    type_into(qtbot, data_window.data_ui.data_panel.n.lineEdit(), "300")  # not seed 002's data: the preset brings it
    qtbot.waitUntil(lambda: dm.objective.data.n == 300 and on_data(data_window), timeout=TIMEOUT_MS)
    qtbot.mouseClick(data_window.data_ui.data_panel.preset_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: on_data(data_window) and dm.objective.data.n == 1000
                    and all(r.trainer is not None and r.trainer.data is dm.objective.data for r in session.runs),
                    timeout=TIMEOUT_MS)
    assert [r.settings.batch_size for r in session.runs] == [None, 1, 50]
    assert [r.settings.learning_rate for r in session.runs] == [0.02] * 3
    data = synthetic()  # seed 002: 1000 samples, y = 3.5x + 4 + N(0, 0.5²)
    assert np.array_equal(dm.objective.data.x, data.x) and np.array_equal(dm.objective.data.y, data.y)
    click_step(qtbot, data_window, 6)  # a step is an epoch of every run
    data_window.render_now()
    for i, (run, batch) in enumerate(zip(session.runs, (1000, 1, 50))):
        ref = Trainer(data, "gd", hyperparameters={"lr": 0.02}, batch_size=batch, epochs=50)
        for _ in range(6):
            ref.step_epoch()
        assert np.array_equal(run.epoch_rows.loss, ref.epoch_rows.loss)  # bit for bit
        assert run.steps_taken == 6 * -(-1000 // batch)
        epochs, losses = data_window.data_ui.epoch_curves.epoch_series(i)
        assert np.array_equal(epochs, np.arange(7)) and np.array_equal(losses, ref.epoch_rows.loss)
    # seed 002's story after six epochs: SGD is at the noise floor, gradient descent far above it
    floor = dm.objective.minimum[2]
    gd, sgd, mini = (r.epoch_rows.loss[-1] for r in session.runs)
    assert sgd < 1.1 * floor and gd > 10 * floor and sgd < mini < gd
    # File > Export trajectories: each run's (w, b) path with the full-data loss, its batch in its note
    data_window.export_csv(str(tmp_path / "runs.csv"))
    lines = (tmp_path / "runs.csv").read_text().splitlines()
    assert "# run 2: gd lr=0.02" in lines[3] and lines[3].endswith("(batch 1, 50 epochs)")
    rows = [line for line in lines if line.startswith("2,gd,")]
    assert len(rows) == 6000 + 1 and rows[-1].split(",")[4:6] == [repr(v) for v in session.runs[1].point]


def test_step_and_play_move_the_fitted_lines(qtbot, data_window):
    session, scatter = data_window.session, data_window.data_ui.scatter
    data = data_window.explorer.data_mode.objective.data
    before = [scatter.line_of(i)[1].copy() for i in range(3)]
    click_step(qtbot, data_window, 1)
    data_window.render_now()
    for i, run in enumerate(session.runs):
        x, y = scatter.line_of(i)
        w, b = run.point
        np.testing.assert_allclose(y, w * x + b, rtol=1e-12, atol=1e-12)  # the line of the run's (w, b) now
        assert not np.array_equal(y, before[i])
    qtbot.mouseClick(data_window.run_controls.play_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: session.runs[0].trainer.epoch >= 4, timeout=TIMEOUT_MS)
    qtbot.mouseClick(data_window.run_controls.play_button, Qt.LeftButton)
    assert not data_window.player.playing
    data_window.render_now()
    x, y = scatter.line_of(0)
    w, b = session.runs[0].point
    np.testing.assert_allclose(y, w * x + b, rtol=1e-12, atol=1e-12)


def test_the_batch_gradient_arrow_beside_the_full_one(qtbot, data_window):
    session = data_window.session
    ui = data_window.data_ui
    ui.data_panel.clock.setCurrentIndex(ui.data_panel.clock.findData("update"))
    ui.data_panel.clock.activated.emit(ui.data_panel.clock.currentIndex())
    assert data_window.explorer.data_mode.clock == "update"
    click_step(qtbot, data_window, 7)
    table = data_window.runs_panel.table
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=table.visualItemRect(table.item(1, 2)).center())
    assert session.selected == 1  # the SGD run
    data_window.render_now()
    overlay = ui.gradients
    data = data_window.explorer.data_mode.objective.data
    ref = reference(session.runs[1], data)
    ref.step(7)
    assert overlay.point == (ref.w, ref.b)
    assert overlay.batch_gradient == ref.next_batch_gradient()[1:]  # the next update's batch of one sample
    assert overlay.full_gradient == ref.full_gradient()[1:]
    assert overlay.batch_arrow.shaft.isVisible() and overlay.full_arrow.shaft.isVisible()
    # the drawn arrows point along −∇ on one scale
    xs, ys = overlay.full_arrow.shaft.getData()
    bx, by = overlay.batch_arrow.shaft.getData()
    drawn_full = np.array([xs[1] - xs[0], ys[1] - ys[0]])
    drawn_batch = np.array([bx[1] - bx[0], by[1] - by[0]])
    scale = np.hypot(*drawn_full) / np.hypot(*overlay.full_gradient)
    np.testing.assert_allclose(drawn_full, -scale * np.array(overlay.full_gradient), rtol=1e-9)
    np.testing.assert_allclose(drawn_batch, -scale * np.array(overlay.batch_gradient), rtol=1e-9)
    # gradient descent's batch is all the data: one arrow, saying so
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=table.visualItemRect(table.item(0, 2)).center())
    data_window.render_now()
    assert not overlay.batch_arrow.shaft.isVisible() and "(= the batch)" in overlay.full_arrow.label.textItem.toPlainText()


def test_the_batch_size_field_restarts_the_run(qtbot, data_window):
    session, form = data_window.session, data_window.data_ui.batch_form
    click_step(qtbot, data_window, 1)
    form.batch.setCurrentIndex(form.batch.findData("one"))
    form.batch.activated.emit(form.batch.currentIndex())
    run = session.selected_run
    assert run.settings.batch_size == 1 and run.steps_taken == 0 and run.trainer.batch_size == 1
    assert "1,000 updates an epoch" in form.summary.text()
    form.batch.setCurrentIndex(form.batch.findData("mini"))
    form.batch.activated.emit(form.batch.currentIndex())
    assert form.batch_size.isVisible()
    type_into(qtbot, form.batch_size.lineEdit(), "128")
    assert session.selected_run.settings.batch_size == 128 and session.selected_run.trainer.updates_per_epoch == 8
    type_into(qtbot, form.epochs.lineEdit(), "3")
    assert session.selected_run.trainer.epochs == 3


def test_a_bad_csv_shows_its_line_and_changes_nothing(qtbot, tmp_path, data_window):
    path = tmp_path / "bad.csv"
    path.write_text("x,y\n0.5,1.0\n1.5,abc\n2.5,3.0\n")
    panel = data_window.data_ui.data_panel
    dm = data_window.explorer.data_mode
    before, runs, landscape = dm.objective, list(data_window.session.runs), data_window.session.landscape
    type_into(qtbot, panel.csv_path, str(path))
    qtbot.waitUntil(lambda: panel.csv_error.isVisible(), timeout=TIMEOUT_MS)
    assert "line 3, column 2: 'abc' is not a number" in panel.csv_error.text()
    assert panel.csv_path.property("error")  # the field is marked
    assert dm.objective is before and data_window.session.runs == runs and data_window.session.landscape is landscape
    assert "not changed" in panel.load_status.text()
    path.write_text("x,y\n0.5,1.0\n1.5,2.0\n2.5,3.5\n")  # fixed: it loads, the message goes
    type_into(qtbot, panel.csv_path, str(path))
    qtbot.waitUntil(lambda: dm.objective is not before and on_data(data_window), timeout=TIMEOUT_MS)
    assert not panel.csv_error.isVisible() and dm.objective.data.n == 3 and "bad.csv" in panel.info.text()


def test_cancel_a_big_csv_load_and_the_window_stays_responsive(qtbot, tmp_path, data_window):
    path = tmp_path / "million.csv"
    rng = np.random.default_rng(1)
    x = rng.standard_normal(1_000_000)
    with open(path, "w") as fh:
        fh.write("x,y\n")
        fh.write("\n".join(f"{a!r},{3 * a + 1!r}" for a in x.tolist()))
    panel = data_window.data_ui.data_panel
    dm = data_window.explorer.data_mode
    # a small file through the same path first: whatever it compiles or imports the first time (a
    # cold kernel cache, as on CI) is start-up, not the responsiveness measured below
    small = tmp_path / "small.csv"
    small.write_text("x,y\n" + "".join(f"{a!r},{3 * a + 1!r}\n" for a in x[:5000].tolist()))
    warm_before = dm.objective
    type_into(qtbot, panel.csv_path, str(small))
    qtbot.waitUntil(lambda: dm.objective is not warm_before and on_data(data_window), timeout=TIMEOUT_MS)
    qtbot.wait(1000)  # its landscape drawn and settled
    before = dm.objective
    gaps, last = [], [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(5)
    type_into(qtbot, panel.csv_path, str(path))
    qtbot.waitUntil(lambda: panel.progress.value() >= 150, timeout=TIMEOUT_MS)  # reading the numbers
    assert panel.progress.isVisible() and panel.cancel_button.isVisible()
    qtbot.mouseClick(panel.cancel_button, Qt.LeftButton)
    assert not panel.progress.isVisible() and "cancelled" in panel.load_status.text()
    qtbot.wait(300)  # the worker reads on until its next report: the window still runs meanwhile
    timer.stop()
    assert max(gaps) < 0.25, f"the window froze for {max(gaps) * 1000:.0f} ms while the file was read"
    dm.jobs.wait_for_done(TIMEOUT_MS)  # (blocks this thread: after the measurement)
    qtbot.wait(100)  # a result that came back meanwhile would be delivered now
    assert dm.objective is before and dm.source.kind == "csv" and dm.objective.data.n == 5000
    # the same file, not cancelled: a million samples to train on
    type_into(qtbot, panel.csv_path, str(path))
    qtbot.waitUntil(lambda: dm.objective is not before and on_data(data_window), timeout=TIMEOUT_MS)
    assert dm.objective.data.n == 1_000_000
    w, b, _ = dm.objective.minimum
    assert (w, b) == pytest.approx((3.0, 1.0), abs=1e-9)
    xs, _ = data_window.data_ui.scatter.dots.getData()
    assert len(xs) == 4000 and "of 1,000,000 samples" in data_window.data_ui.scatter.legend.text()
