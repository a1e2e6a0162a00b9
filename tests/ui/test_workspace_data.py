"""The Data mode in workspaces (issue 13: a workspace holds "the function (or data source)"): saved
in the Data mode with three runs stepped, a workspace opens in a fresh window in the Data mode on
the same samples (array-equal) with the same runs at the same (w, b); a CSV source is kept by its
path, and a file missing or changed since is said by its field and in the status while the rest is
restored; View > Language keeps a Data-mode session; a version-1 file without data still opens."""
from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gdexplorer.app import workspace as W
from gdexplorer.app.explorer import Explorer
from gdexplorer.app.runs import RunSettings
from gdexplorer.core.fit import Trainer, load_csv, synthetic
from gdexplorer.core.fit.objective import DataObjective
from gdexplorer.core.objective import ExpressionObjective
from gdexplorer.ui.main_window import MainWindow
from gdexplorer.ui.workspace_menu import snapshot
from conftest import wait_for_landscape
from ui_input import click_step, type_into

TIMEOUT_MS = 60_000


def on_data(window) -> bool:
    s, dm = window.session, window.explorer.data_mode
    return s.data_mode is not None and s.landscape is not None and isinstance(s.objective, DataObjective) \
        and s.objective is dm.objective and not s.compute.busy and not dm.loading and not dm.restoring


def click_tab(qtbot, window, index: int) -> None:
    tabs = window.data_ui.mode_switcher.tabs
    qtbot.mouseClick(tabs, Qt.LeftButton, pos=tabs.tabRect(index).center())


def fresh_window(qtbot, settings) -> MainWindow:
    win = MainWindow(Explorer(settings), settings)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.start()
    wait_for_landscape(qtbot, win)
    return win


def race_on_data(qtbot, window):
    """The Data tab, other synthetic data, three runs (one Adam with a batch of 32), stepped."""
    click_tab(qtbot, window, 1)
    qtbot.waitUntil(lambda: on_data(window), timeout=TIMEOUT_MS)
    panel, dm, session = window.data_ui.data_panel, window.explorer.data_mode, window.session
    type_into(qtbot, panel.n.lineEdit(), "400")
    qtbot.waitUntil(lambda: dm.objective.data.n == 400 and on_data(window), timeout=TIMEOUT_MS)
    type_into(qtbot, panel.seed.lineEdit(), "7")
    qtbot.waitUntil(lambda: dm.source.seed == 7 and on_data(window), timeout=TIMEOUT_MS)
    session.update_run(2, optimizer="adam", hyperparameters={"lr": 0.05, "beta1": 0.8}, batch_size=32,
                       start=(1.0, -2.0), seed=3)
    session.select(1)
    click_step(qtbot, window, 3)  # three epochs of every run
    window.player.set_speed(7.5)
    return session


def positions(session) -> list[tuple[float, float]]:
    return [run.point for run in session.runs]


def test_a_data_mode_workspace_opens_in_a_fresh_window_as_it_was(qtbot, window, settings, tmp_path):
    session = race_on_data(qtbot, window)
    dm = window.explorer.data_mode
    steps = [run.steps_taken for run in session.runs]
    assert steps == [3, 3 * 400, 3 * 13] and session.runs[2].settings.optimizer == "adam"
    saved_points, saved_data = positions(session), dm.objective.data
    path = tmp_path / "data.gdx.json"
    assert window.workspace_menu.save_to(str(path))
    content = json.loads(path.read_text())
    assert content["version"] == 1 and content["minor"] == W.MINOR and content["data"]["mode"] == "data"
    assert content["data"]["source"]["n"] == 400 and content["data"]["source"]["seed"] == 7
    assert content["data"]["run_steps"] == steps and content["view"]["data_speed"] == 7.5
    other = fresh_window(qtbot, settings)
    assert other.workspace_menu.open_path(str(path))
    qtbot.waitUntil(lambda: on_data(other) and [r.steps_taken for r in other.session.runs] == steps,
                    timeout=TIMEOUT_MS)
    odm, osession = other.explorer.data_mode, other.session
    assert odm.active and other.data_ui.mode_switcher.tabs.currentIndex() == 1 and other.data_ui.mode_action.isChecked()
    assert np.array_equal(odm.objective.data.x, saved_data.x) and np.array_equal(odm.objective.data.y, saved_data.y)
    assert np.array_equal(odm.objective.data.x, synthetic(400, seed=7).x)  # the form's draw, seed and all
    assert [r.settings for r in osession.runs] == [r.settings for r in session.runs]
    np.testing.assert_allclose(positions(osession), saved_points, rtol=0, atol=1e-12)
    assert (osession.x_range, osession.y_range, osession.selected) == (session.x_range, session.y_range, 1)
    assert other.player.speed == 7.5 and other.data_ui.data_panel.n.value() == 400
    # the independent reference: core's Trainer, three epochs of the saved settings on the saved data
    s = osession.runs[2].settings
    ref = Trainer(saved_data, s.optimizer, hyperparameters=s.hyperparameters, batch_size=s.batch_size,
                  epochs=s.epochs, start=s.start, seed=s.seed, keep_trace=False)
    for _ in range(3):
        ref.step_epoch()
    assert osession.runs[2].point == pytest.approx((ref.w, ref.b), abs=1e-12)
    assert snapshot(other).data == snapshot(window).data
    # and back to the function it kept: the default preset's, as the first window's
    click_tab(qtbot, other, 0)
    assert isinstance(osession.objective, ExpressionObjective) and osession.text == window.data_ui.data_mode \
        .function_state.text
    other.explorer.shutdown(10_000)


def test_a_csv_source_missing_or_changed_is_said_and_the_rest_restored(qtbot, window, settings, tmp_path):
    csv = tmp_path / "points.csv"
    rng = np.random.default_rng(5)
    x, noise = rng.standard_normal(60).tolist(), rng.standard_normal(60).tolist()
    csv.write_text("x,y\n" + "".join(f"{a!r},{2 * a - 1 + 0.1 * e!r}\n" for a, e in zip(x, noise)))
    click_tab(qtbot, window, 1)
    qtbot.waitUntil(lambda: on_data(window), timeout=TIMEOUT_MS)
    panel, dm, session = window.data_ui.data_panel, window.explorer.data_mode, window.session
    type_into(qtbot, panel.csv_path, str(csv))
    qtbot.waitUntil(lambda: dm.source.kind == "csv" and on_data(window), timeout=TIMEOUT_MS)
    click_step(qtbot, window, 2)
    steps = [run.steps_taken for run in session.runs]
    path = tmp_path / "csv.gdx.json"
    assert window.workspace_menu.save_to(str(path))
    saved = json.loads(path.read_text())["data"]
    assert saved["source"]["kind"] == "csv" and saved["source"]["path"] == str(csv)
    # unchanged: the same samples, the runs where they were
    other = fresh_window(qtbot, settings)
    assert other.workspace_menu.open_path(str(path))
    qtbot.waitUntil(lambda: on_data(other) and [r.steps_taken for r in other.session.runs] == steps,
                    timeout=TIMEOUT_MS)
    assert np.array_equal(other.explorer.data_mode.objective.data.y, load_csv(csv).y)
    np.testing.assert_allclose(positions(other.session), positions(session), rtol=0, atol=1e-12)
    assert not other.data_ui.data_panel.csv_error.isVisible()
    assert other.data_ui.data_panel.csv_path.text() == str(csv)
    other.explorer.shutdown(10_000)
    # changed since: it trains on the file as it is, and says so by the field and in the status
    csv.write_text(csv.read_text().replace("x,y\n", "x,y\n0.5,9.0\n", 1))
    changed = fresh_window(qtbot, settings)
    assert changed.workspace_menu.open_path(str(path))
    qtbot.waitUntil(lambda: on_data(changed) and [r.steps_taken for r in changed.session.runs][0] == 2,
                    timeout=TIMEOUT_MS)
    cpanel = changed.data_ui.data_panel
    assert changed.explorer.data_mode.objective.data.n == 61
    assert cpanel.csv_error.isVisible() and "points.csv has changed since the workspace was saved" in \
        cpanel.csv_error.text()
    assert "has changed" in changed.statusBar().currentMessage()
    assert [r.settings for r in changed.session.runs] == [r.settings for r in session.runs]
    changed.explorer.shutdown(10_000)
    # missing: its field shows the path and says so; the mode, runs and ranges are restored
    csv.unlink()
    missing = fresh_window(qtbot, settings)
    assert missing.workspace_menu.open_path(str(path))
    mpanel, mdm = missing.data_ui.data_panel, missing.explorer.data_mode
    qtbot.waitUntil(lambda: on_data(missing) and mpanel.csv_error.isVisible(), timeout=TIMEOUT_MS)
    assert "data file points.csv is missing" in mpanel.csv_error.text() and str(csv) in mpanel.csv_error.text()
    assert mpanel.csv_path.text() == str(csv) and mpanel.csv_path.property("error")
    assert "is missing" in missing.statusBar().currentMessage()
    assert mdm.active and [r.settings for r in missing.session.runs] == [r.settings for r in session.runs]
    assert (missing.session.x_range, missing.session.y_range) == (session.x_range, session.y_range)
    assert mdm.source.kind == "synthetic"  # something to train on meanwhile, from the runs' starts
    assert all(r.trainer is not None and r.steps_taken == 0 for r in missing.session.runs)
    missing.explorer.shutdown(10_000)


def test_a_version_1_file_without_data_opens_in_the_function_mode(qtbot, window, wait_landscape, tmp_path):
    click_tab(qtbot, window, 1)
    qtbot.waitUntil(lambda: on_data(window), timeout=TIMEOUT_MS)
    old = tmp_path / "old.gdx.json"
    old.write_text(json.dumps({
        "format": W.FORMAT, "version": 1, "app": "0.1.0",
        "session": {"version": 2, "text": "x^2 + y^2", "x_range": [-2, 2], "y_range": [-2, 2],
                    "runs": [RunSettings("gd", {"lr": 0.1}, start=(1.5, 1.0)).to_dict()], "selected": 0},
        "view": {"run_steps": [5], "speed": 12.0}}))
    assert window.workspace_menu.open_path(str(old))
    session = window.session
    qtbot.waitUntil(lambda: session.runs[0].steps_taken == 5, timeout=TIMEOUT_MS)
    assert not window.explorer.data_mode.active and window.data_ui.mode_switcher.tabs.currentIndex() == 0
    np.testing.assert_allclose(session.runs[0].trajectory.points[-1], np.array([1.5, 1.0]) * 0.8 ** 5, rtol=1e-12)
    assert window.player.speed == 12.0
    # a newer version is refused, and so is a Data mode that cannot be read: nothing changes
    before = snapshot(window)
    newer = tmp_path / "newer.gdx.json"
    newer.write_text(json.dumps({"format": W.FORMAT, "version": 2, "app": "9", "session": {}}))
    assert not window.workspace_menu.open_path(str(newer))
    assert "newer gdexplorer" in window.status_label.text()
    bad = json.loads(W.Workspace(before.session, before.view).to_json())
    bad["data"] = {"version": 1, "source": {"kind": "csv", "path": ""}, "x_range": [0, 1], "y_range": [0, 1],
                   "runs": [{"optimizer": "gd"}]}
    (tmp_path / "bad.gdx.json").write_text(json.dumps(bad))
    assert not window.workspace_menu.open_path(str(tmp_path / "bad.gdx.json"))
    assert "a CSV data source needs the file's path" in window.status_label.text()
    assert snapshot(window).session == before.session and session.runs[0].steps_taken == 5


def test_view_language_keeps_a_data_mode_session(qtbot, window, monkeypatch):
    from gdexplorer.app import i18n

    monkeypatch.delenv(i18n.ENV_VAR)  # the language menu's choice decides (the tests' English is the variable's)
    session = race_on_data(qtbot, window)
    dm = window.explorer.data_mode
    steps, points, data = [r.steps_taken for r in session.runs], positions(session), dm.objective.data
    settings_before = [r.settings for r in session.runs]
    assert window.language_menu.choose("en") is window  # English already: the same window
    chinese = window.language_menu.choose("zh_CN")
    try:
        assert chinese is not window
        qtbot.waitUntil(lambda: on_data(chinese) and [r.steps_taken for r in chinese.session.runs] == steps,
                        timeout=TIMEOUT_MS)
        cdm = chinese.explorer.data_mode
        assert cdm.active and chinese.data_ui.mode_switcher.tabs.currentIndex() == 1
        assert i18n.current() == "zh_CN" and chinese.data_ui.mode_switcher.tabs.tabText(1) == "数据"
        assert np.array_equal(cdm.objective.data.y, data.y) and cdm.source.seed == 7
        assert [r.settings for r in chinese.session.runs] == settings_before
        np.testing.assert_allclose(positions(chinese.session), points, rtol=0, atol=1e-12)
        english = chinese.language_menu.choose("en")
        qtbot.waitUntil(lambda: on_data(english) and [r.steps_taken for r in english.session.runs] == steps,
                        timeout=TIMEOUT_MS)
        assert english.data_ui.mode_switcher.tabs.tabText(1) == "Data" and english.player.speed == 7.5
        np.testing.assert_allclose(positions(english.session), points, rtol=0, atol=1e-12)
        english.close()
        english.explorer.shutdown(10_000)
    finally:
        i18n.install(i18n.ENGLISH)
