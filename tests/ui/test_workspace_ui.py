"""Workspaces in the window (issue 13): File → Save/Open round trip, a bad file changes nothing,
the autosave of a killed gdexplorer is offered for recovery, and `gdexplorer FILE.json` /
`--screenshot OUT FILE.json` open one."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
from PySide6.QtCore import Qt

from gdexplorer.app import workspace as W
from gdexplorer.app.runs import RunSettings
from gdexplorer.ui.workspace_menu import snapshot


def race(window, wait_landscape):
    session = window.session
    session.set_function("x^2 + 3*y^2", (-2, 2), (-2, 2))
    wait_landscape(window, "x^2 + 3*y^2")
    session.set_runs([RunSettings("adam", {"lr": 0.05}, start=(1.5, -1.0)),
                      RunSettings("momentum", {"lr": 0.01}, start=(-1.0, 1.5), colour="#0a73f3",
                                  schedule="cosine:T_max=40,eta_min=0", clip=2.0)])
    session.runs[0].step(25)
    session.runs[1].step(40)
    window.player.set_speed(55.0)
    return session


def test_save_then_open_gives_back_the_same_state(qtbot, window, wait_landscape, tmp_path):
    session = race(window, wait_landscape)
    before = snapshot(window)
    points = [run.trajectory.points.copy() for run in session.runs]
    path = tmp_path / "race.gdx.json"
    assert window.workspace_menu.save_to(str(path))
    assert json.loads(path.read_text())["view"]["run_steps"] == [25, 40]
    assert window.windowTitle().startswith("race.gdx.json — ")
    session.set_function("x^2", (-1, 1), (-1, 1))  # something else on screen meanwhile
    wait_landscape(window, "x^2")
    assert window.workspace_menu.open_path(str(path))
    qtbot.waitUntil(lambda: [r.steps_taken for r in session.runs] == [25, 40], timeout=20_000)
    after = snapshot(window)
    assert after.session == before.session and after.view["run_steps"] == [25, 40]
    assert window.player.speed == 55.0
    for run, p in zip(session.runs, points):
        np.testing.assert_array_equal(run.trajectory.points, p)  # the same paths, step for step
    assert session.runs[1].settings.schedule == "cosine:T_max=40,eta_min=0" and session.runs[1].settings.clip == 2.0


def test_a_bad_workspace_changes_nothing(qtbot, window, wait_landscape, tmp_path):
    session = race(window, wait_landscape)
    before = snapshot(window)
    bad = tmp_path / "bad.gdx.json"
    bad.write_text('{"format": "gdexplorer-workspace", "version": 1, "session": {"text": "x^2", "x_range": [0')
    assert not window.workspace_menu.open_path(str(bad))
    assert "cut short" in window.status_label.text()
    newer = tmp_path / "newer.gdx.json"
    newer.write_text(json.dumps({"format": W.FORMAT, "version": 99, "app": "9.9", "session": {}}))
    assert not window.workspace_menu.open_path(str(newer))
    assert "newer gdexplorer" in window.status_label.text()
    broken = tmp_path / "broken.gdx.json"  # valid JSON, but a session the window refuses (no runs)
    broken.write_text(json.dumps({"format": W.FORMAT, "version": 1, "session": {"text": "y", "x_range": [0, 1],
                                                                              "y_range": [0, 1], "runs": []}}))
    assert not window.workspace_menu.open_path(str(broken))
    assert snapshot(window).session == before.session and [r.steps_taken for r in session.runs] == [25, 40]


def test_the_autosave_of_a_killed_gdexplorer_is_offered_and_recovered(qtbot, window, wait_landscape, tmp_path):
    state = os.environ["GDEXPLORER_STATE_DIR"]
    session = race(window, wait_landscape)
    crashed = snapshot(window)
    # a gdexplorer that was killed: its autosave carries a process id that no longer runs
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    folder = W.autosave_dir()
    folder.mkdir(parents=True, exist_ok=True)
    W.save(folder / f"autosave-{dead.pid}.json", crashed)
    assert str(folder).startswith(state)
    session.set_function("x^2", (-1, 1), (-1, 1))
    wait_landscape(window, "x^2")
    window.workspace_menu.offer_recovery()
    bar = window.workspace_menu.bar
    assert bar is not None and bar.isVisible() and "did not close properly" in bar.label.text()
    qtbot.mouseClick(bar.recover, Qt.LeftButton)
    qtbot.waitUntil(lambda: [r.steps_taken for r in session.runs] == [25, 40], timeout=20_000)
    assert snapshot(window).session == crashed.session
    assert window.workspace_menu.bar is None and W.recovery_candidate() is None


def test_the_window_autosaves_while_there_are_changes(qtbot, window, wait_landscape):
    race(window, wait_landscape)
    auto = window.workspace_menu.autosave
    assert auto is not None and auto.dirty
    assert auto.save_now() and auto.path.is_file()
    assert W.load(auto.path).session == snapshot(window).session
    window.close()  # a clean exit: no autosave left behind
    assert not auto.path.exists()


def test_screenshot_of_a_workspace_from_the_command_line(tmp_path, window, wait_landscape):
    race(window, wait_landscape)
    path = tmp_path / "race.gdx.json"
    W.save(path, snapshot(window))
    out = tmp_path / "shot.png"
    env = {**os.environ, "GDEXPLORER_STATE_DIR": str(tmp_path / "cli-state")}
    done = subprocess.run([sys.executable, "-m", "gdexplorer", "--screenshot", str(out), "--size", "1280x720", str(path)],
                          capture_output=True, text=True, timeout=240, env=env)
    assert done.returncode == 0, done.stderr
    assert out.is_file() and out.stat().st_size > 10_000
    bad = tmp_path / "bad.gdx.json"
    bad.write_text("{")
    done = subprocess.run([sys.executable, "-m", "gdexplorer", "--screenshot", str(out), str(bad)],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 2 and "bad.gdx.json is cut short" in done.stderr


def test_hand_edited_view_numbers_keep_the_windows_own(qtbot, window, wait_landscape, tmp_path):
    """A view section edited by hand (NaN and Infinity, which Python's json reads, a speed out of
    the box's range, a 400-digit step count) opens the session and keeps the window's speed, steps
    limit and Data-mode speed as they were: no exception, no endless restore."""
    race(window, wait_landscape)
    path = tmp_path / "edited.gdx.json"
    assert window.workspace_menu.save_to(str(path))
    text = path.read_text()
    data = json.loads(text)
    data["view"].update(speed=float("nan"), step_limit=float("inf"), data_speed=1e9, run_steps=[10**400, 3])
    path.write_text(json.dumps(data))
    speed, limit = window.player.speed, window.player.step_limit
    assert window.workspace_menu.open_path(str(path))
    qtbot.wait(200)
    assert (window.player.speed, window.player.step_limit) == (speed, limit)
    assert window.data_ui._speeds[True] != 1e9
    assert [run.steps_taken for run in window.session.runs] == [0, 0]  # the saved counts were refused together
