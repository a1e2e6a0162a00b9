"""Long runs stay fast and bounded (issue 13): a 50,000-step run's path is drawn with a few
thousand vertices on the map, in 3-D and on the loss curves, yet every one of them is an exact row
of the trajectory and the start, the current point and the extreme points are among them; the CSV
export still holds every step; a long run that leaves the plotted box is marked where it left.

The runs are played at 5000 steps/s with the real Play button, so the paths are built up frame by
frame as a user sees them (the decimators read only the rows added since the last frame)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gdexplorer.app.runs import RUN_COLOURS, RunSettings
from gdexplorer.ui.views.surface3d import HALF, LIFT
from ui_input import type_into

STEPS = 50_000
FEW_THOUSAND = 6000  # vertices a long path may draw (the budget is 2500 steps, two ends each, plus a few forced)


def play(qtbot, window, steps: int) -> None:
    type_into(qtbot, window.run_controls.speed, "5000")
    type_into(qtbot, window.run_controls.step_limit, str(steps))
    qtbot.mouseClick(window.run_controls.play_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not window.player.playing, timeout=120_000)
    assert all(r.steps_taken == steps for r in window.session.runs)


def must_draw(traj) -> dict[str, int]:
    """The rows any drawing of the path must show exactly (numpy on the whole trajectory)."""
    x, y = traj.points[:, 0], traj.points[:, 1]
    return {"start": 0, "current": traj.steps, "least x": int(x.argmin()), "greatest x": int(x.argmax()),
            "least y": int(y.argmin()), "greatest y": int(y.argmax())}


def test_a_50000_step_path_draws_a_few_thousand_exact_vertices_and_exports_every_step(
        wait_landscape, qtbot, window, tmp_path):
    start = (-1.5, 2.0)
    window.session.set_runs([  # on Rosenbrock: gd crawls along the valley, sgd scribbles for ever
        RunSettings(optimizer="gd", hyperparameters={"lr": 1e-3}, start=start, colour=RUN_COLOURS[0]),
        RunSettings(optimizer="sgd", hyperparameters={"lr": 1e-3}, start=start, colour=RUN_COLOURS[1]),
    ])
    assert window.session.text == "(1 - x)^2 + 100*(y - x^2)^2"
    play(qtbot, window, STEPS)
    map_2d = window.map_view.map_2d
    surface = window.surface_view.surface_3d
    runs = window.session.runs

    def caught_up():  # the throttled views show the last step
        for i, r in enumerate(runs):
            assert map_2d.trajectories[i].xData[-1] == r.trajectory.points[-1, 0]
            assert window.curves_view.value_curves[i].getData()[0][-1] == STEPS

    qtbot.waitUntil(caught_up, timeout=3_000)
    for i, r in enumerate(runs):
        traj = r.trajectory
        wanted = must_draw(traj)
        # the map: the settled part (a cached item) and the live part since, both exact rows
        settled, live = map_2d.settled[i], map_2d.trajectories[i]
        xs = np.concatenate([settled.xData, live.xData])
        ys = np.concatenate([settled.yData, live.yData])
        assert settled.isVisible() and xs.size <= FEW_THOUSAND, (r.settings.optimizer, xs.size)
        drawn = set(zip(xs.tolist(), ys.tolist()))
        rows = map_2d.drawn_rows(i)
        assert set(zip(traj.points[rows, 0].tolist(), traj.points[rows, 1].tolist())) == drawn  # nothing else
        for name, k in wanted.items():
            assert k in rows and tuple(traj.points[k].tolist()) in drawn, (r.settings.optimizer, name, k)
        # 3-D: the steps kept, as line pairs in the scene
        pos = surface.paths[i].pos
        assert len(pos) <= FEW_THOUSAND, (r.settings.optimizer, len(pos))
        for name, k in wanted.items():
            expected = surface.to_scene(traj.points[k:k + 1, 0], traj.points[k:k + 1, 1], traj.f[k:k + 1])[0] + (0, 0, LIFT)
            assert np.abs(pos - expected).max(axis=1).min() < 1e-6, (r.settings.optimizer, name, k)
        # the f curve: each bin's min and max (every step while <= 2000), the first and the last
        steps, shown = window.curves_view.value_curves[i].getData()
        assert steps.size <= 1200
        scale = window.curves_view.value_scale
        for k in (0, STEPS, int(traj.f.argmin()), int(traj.f.argmax())):
            at = np.flatnonzero(steps == k)
            assert at.size == 1 and shown[at[0]] == scale.forward(traj.f[k]), (r.settings.optimizer, k)
    assert window.curves_view.norm_curves[1].getData()[0].size <= 1200
    # zoomed in 16x on gd's current point while paused: the paths are decimated again for the new
    # pixels (one run a call, no stall), still a few thousand exact vertices with the current point
    here = runs[0].trajectory.points[-1]
    (x0, x1), (y0, y1) = map_2d.plot.getPlotItem().getViewBox().viewRange()
    map_2d.plot.getPlotItem().setRange(xRange=(here[0] - (x1 - x0) / 32, here[0] + (x1 - x0) / 32),
                                       yRange=(here[1] - (y1 - y0) / 32, here[1] + (y1 - y0) / 32), padding=0)
    qtbot.waitUntil(lambda: all(p.grid == map_2d._grid() for p in map_2d._long_paths.values()), timeout=5_000)
    for i, r in enumerate(runs):
        rows = map_2d.drawn_rows(i)
        assert rows.size <= FEW_THOUSAND and rows[-1] == STEPS
        assert map_2d.settled[i].xData.size + map_2d.trajectories[i].xData.size <= FEW_THOUSAND
    # the CSV still has every step of every run, exactly (floats written with repr)
    path = tmp_path / "long.csv"
    window.export_csv(str(path))
    # run,optimizer,lr,step,x,y,f,gx,gy
    table = np.loadtxt(path, delimiter=",", skiprows=_header_lines(path), usecols=(0, 3, 4, 5, 6, 7, 8), ndmin=2)
    for number, r in enumerate(runs, 1):
        rows = table[table[:, 0] == number]
        assert len(rows) == STEPS + 1
        np.testing.assert_array_equal(rows[:, 1], np.arange(STEPS + 1))
        np.testing.assert_array_equal(rows[:, 2:4], r.trajectory.points)
        np.testing.assert_array_equal(rows[:, 4], r.trajectory.f)
        np.testing.assert_array_equal(rows[:, 5:7], r.trajectory.grad)


def _header_lines(path) -> int:
    """Comment lines and the column names before the first row."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if line.startswith("run,"):
                return n + 1
    raise AssertionError("no header")


def test_a_long_run_that_leaves_the_box_is_marked_where_it_left(wait_landscape, qtbot, window):
    """f = y² - x: gd walks x up by α = 1e-4 a step, from x = -2.9 out of [-3, 3] at step 59,000.
    After 60,000 steps the map's border arrow points out at x = 3 and the 3-D path stops at the
    wall with the exit mark there, though the decimated path draws only some of its steps."""
    window.session.set_function("y^2 - x", (-3.0, 3.0), (-3.0, 3.0))
    wait_landscape(window, "y^2 - x")
    window.session.set_runs([RunSettings(optimizer="gd", hyperparameters={"lr": 1e-4}, start=(-2.9, 1.0))])
    session = window.session
    while session.runs[0].steps_taken < 60_000:  # Play's ticks at 5000 steps/s, the views following
        session.step(125)
        QApplication.processEvents()
    traj = session.runs[0].trajectory
    left = int(np.flatnonzero(traj.points[:, 0] > 3.0)[0])
    assert 58_900 < left < 59_100 and traj.points[-1, 0] > 3.0
    map_2d = window.map_view.map_2d
    surface = window.surface_view.surface_3d
    qtbot.waitUntil(lambda: 0 in surface.exits and map_2d.exit_arrows[0].isVisible(), timeout=3_000)
    window.map_view.update_trajectories()
    window.surface_view.update_trajectories()
    # where the step out crossed x = 3 (the y there, on the straight step): the scene's wall x = HALF
    (x0, y0), (x1, y1) = traj.points[left - 1], traj.points[left]
    y_cross = y0 + (3.0 - x0) / (x1 - x0) * (y1 - y0)
    at = np.array([HALF, (y_cross + 3) / 6 * 2 * HALF - HALF])
    point, direction = surface.exits[0]
    np.testing.assert_allclose(point[:2], at, atol=1e-6)
    assert direction[0] > 0.99  # it went out along +x
    pos = surface.paths[0].pos
    assert len(pos) <= FEW_THOUSAND
    np.testing.assert_allclose(pos[-1, :2], at, atol=1e-6)  # the path stops at the wall
    assert np.all(np.abs(pos[:, :2]) <= HALF + 1e-6)
    assert map_2d.drawn_rows(0) is not None and map_2d.drawn_rows(0).size <= FEW_THOUSAND
