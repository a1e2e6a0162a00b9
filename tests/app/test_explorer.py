"""The explorer without its window (issue 9.2, 9.3): presets, runs, optimizer changes, stepping and
its limit, divergence, the saved state, all driven through the session, the player and the compute
service on a QCoreApplication. Expected numbers come from the core's own runs and the preset table."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from gdexplorer.app.demo import RACE, demo_runs
from gdexplorer.app.explorer import Explorer
from gdexplorer.app.runs import RunSettings
from gdexplorer.app.session import STATE_VERSION, StateError
from gdexplorer.core.descent import run as core_run
from gdexplorer.core.optimizers import OPTIMIZERS
from gdexplorer.core.presets import DEFAULT_PRESET, get_preset

TIMEOUT_MS = 10_000
HERE = Path(__file__).parent


def wait_for(qtbot, session, text: str) -> None:
    qtbot.waitUntil(lambda: session.objective is not None and session.objective.source == text
                    and not session.compute.busy, timeout=TIMEOUT_MS)


def test_runs_on_a_core_application(request, explorer):
    """No widget toolkit was needed to get here: the application object is a QCoreApplication
    when this directory runs alone (with the widget tests in one process it is theirs)."""
    alone = all(HERE in item.path.parents for item in request.session.items)
    assert type(QCoreApplication.instance()) is QCoreApplication or not alone
    assert explorer.session.landscape.f.shape == (200, 200)


# -- the objective -------------------------------------------------------------------------------
def test_the_session_holds_what_is_minimised(session):
    """The landscape and the runs ask the objective for values and gradients (issue 9.3)."""
    preset = get_preset(DEFAULT_PRESET)
    objective = session.objective
    assert objective.source == preset.expression and objective.variables == ("x", "y")
    assert objective.label == f"f(x, y) = {preset.expression}"
    f, g = objective.value_and_gradient((-1.0, 1.0))
    assert f == 4.0  # (1 - x)^2 + 100 (y - x^2)^2 at (-1, 1)
    np.testing.assert_array_equal(g, [-4.0, 0.0])  # (-2(1-x) - 400x(y-x^2), 200(y-x^2))
    np.testing.assert_array_equal(objective.hessian((1.0, 1.0)), [[802.0, -400.0], [-400.0, 200.0]])
    land = session.landscape
    assert land.objective is objective
    assert land.f[0, 0] == objective.value((land.xs[0], land.ys[0]))


# -- presets and the learning rate (issue 9.2) ---------------------------------------------------
def test_a_new_optimizer_takes_the_presets_rate_for_it_and_its_defaults(session):
    """The session decides what a change of optimizer does: the preset's rate for it
    (Preset.learning_rate_for), the other hyperparameters and the noise back to the defaults."""
    preset = get_preset(DEFAULT_PRESET)
    session.set_optimizer("rmsprop")
    session.set_hyperparameter("alpha", "0.9")
    session.set_optimizer("adam")
    s = session.selected_run.settings
    assert s.optimizer == "adam" and s.hyperparameters == {"lr": preset.learning_rate_for("adam")}
    assert s.learning_rate == 0.05 and s.noise is None
    session.set_optimizer("sgd")
    assert session.selected_run.settings.learning_rate == preset.learning_rate_for("sgd")


def test_off_a_preset_a_new_optimizer_takes_its_default_rate(qtbot, session):
    session.set_expression_text("x^2 + 3*y^2", debounce=False)
    wait_for(qtbot, session, "x^2 + 3*y^2")
    session.set_optimizer("adam")
    s = session.selected_run.settings
    assert s.hyperparameters == {} and s.learning_rate == OPTIMIZERS["adam"].default_lr == 1e-3


def test_the_learning_rate_is_an_ordinary_hyperparameter(session):
    """lr is set, checked and refused like any other hyperparameter; the same value changes nothing."""
    session.set_optimizer("adam")
    session.set_hyperparameter("lr", "0.2")
    run = session.selected_run
    assert run.settings.hyperparameters == {"lr": 0.2}
    session.step(3)
    session.set_hyperparameter("lr", 0.2)  # unchanged: the run goes on
    assert run.steps_taken == 3
    with pytest.raises(ValueError, match=r"lr must be in \(0, inf\)"):
        session.set_hyperparameter("lr", -1)
    with pytest.raises(KeyError, match="adam has no hyperparameter 'momentum'"):
        session.set_hyperparameter("momentum", 0.5)
    assert run.settings.hyperparameters == {"lr": 0.2} and run.steps_taken == 3


def test_a_preset_gives_every_run_its_rate_and_keeps_their_other_settings(qtbot, session):
    session.set_runs([
        RunSettings(optimizer="momentum", hyperparameters={"lr": 0.3, "momentum": 0.5}),
        RunSettings(optimizer="newton", colour="#0a73f3"),
    ])
    session.apply_preset("bowl")
    wait_for(qtbot, session, "x^2 + y^2")
    bowl = get_preset("bowl")
    momentum, newton = (r.settings for r in session.runs)
    assert momentum.hyperparameters == {"lr": bowl.learning_rate_for("momentum"), "momentum": 0.5}
    assert newton.hyperparameters == {"lr": 1.0} and newton.start == bowl.start


# -- runs ----------------------------------------------------------------------------------------
def test_adding_and_removing_runs(session):
    preset = get_preset(DEFAULT_PRESET)
    session.update_run(start=(0.5, 0.5))
    assert session.add_run() == 1
    added = session.runs[1].settings
    assert (added.optimizer, added.start, added.learning_rate) == ("gd", (0.5, 0.5), preset.learning_rate_for("gd"))
    assert added.colour != session.runs[0].settings.colour
    assert session.runs[1].trajectory.steps == 0  # started on the function at once
    session.remove_run(0)
    assert len(session.runs) == 1 and session.selected == 0
    session.remove_run()
    assert len(session.runs) == 1  # one run always stays to steer


def test_stepping_matches_the_core_run(session):
    """Stepping a run k times gives the core's k-step run, to the bit."""
    session.set_optimizer("nesterov")
    run = session.selected_run
    assert session.step(4) == 4
    session.step(3)
    expected = core_run(session.objective.expr, run.settings.start, "nesterov", hyperparameters={"lr": run.settings.learning_rate}, steps=7)
    np.testing.assert_array_equal(run.trajectory.points, expected.points)


def test_the_player_stops_at_the_step_limit(qtbot, explorer):
    player, session = explorer.player, explorer.session
    player.set_step_limit(30)
    player.set_speed(2000)
    assert player.step(50) == 30  # a manual step does not pass the limit either
    session.reset_runs()
    with qtbot.waitSignal(player.playingChanged, timeout=TIMEOUT_MS, check_params_cb=lambda on: not on):
        player.play()
    assert [r.steps_taken for r in session.runs] == [30]
    assert session.all_finished(player.step_limit)


def test_a_diverging_run_is_signalled_and_stops(qtbot, session):
    """gd at α = 100 on x² + y²: θ ← (1 − 2α)θ grows 199-fold a step until it overflows."""
    session.apply_preset("bowl")
    wait_for(qtbot, session, "x^2 + y^2")
    session.set_hyperparameter("lr", 100.0)
    run = session.selected_run
    statuses = []
    session.trajectoriesChanged.connect(lambda: statuses.append(run.status))
    while session.step(50):
        pass
    assert run.status == "diverged" and statuses[-1] == "diverged"
    assert "diverged at step" in run.trajectory.message
    assert session.step(1) == 0 and session.all_finished()


def test_compare_all_adds_only_the_runs_not_already_racing(session):
    """The demo race (defined once, app/demo.py) keeps its own rates; "compare all" adds one run
    per optimizer at the preset's rate, except where a demo run already races with it."""
    session.set_runs(demo_runs())
    assert [(r.settings.optimizer, r.settings.learning_rate) for r in session.runs] == list(RACE)
    preset = get_preset(DEFAULT_PRESET)
    assert all(r.settings.start == preset.start for r in session.runs)
    same = {name for name, lr in RACE if preset.learning_rate_for(name) == lr}
    assert session.compare_all_optimizers() == len(OPTIMIZERS) - len(same)
    assert [r.settings.optimizer for r in session.runs[len(RACE):]] == [n for n in OPTIMIZERS if n not in same]


# -- the compute service -------------------------------------------------------------------------
def test_a_bad_expression_is_reported_and_the_last_landscape_kept(qtbot, session):
    good = session.landscape
    with qtbot.waitSignal(session.expressionChecked, timeout=TIMEOUT_MS,
                          check_params_cb=lambda error: error is not None) as blocker:
        session.set_expression_text("x^2 + * y", debounce=False)
    assert blocker.args[0].column == 7
    assert session.landscape is good and session.error is not None


def test_only_the_newest_landscape_arrives(qtbot, session):
    arrived = []
    session.compute.landscapeReady.connect(lambda land: arrived.append(land.objective.source))
    for text in ("x^2 + y^2", "x^2 + 2*y^2", "x^2 + 4*y^2"):
        session.set_expression_text(text, debounce=False)
    wait_for(qtbot, session, "x^2 + 4*y^2")
    assert arrived[-1] == "x^2 + 4*y^2" and "x^2 + 2*y^2" not in arrived[1:]


# -- the saved state (issue 9.3) -----------------------------------------------------------------
def test_the_state_round_trips(qtbot, session, tmp_path):
    session.set_optimizer("adam")
    session.set_hyperparameter("beta1", 0.8)
    session.add_run(RunSettings(optimizer="sgd", noise=0.25, seed=7, start=(0.5, -0.25), colour="#0a73f3"))
    state = json.loads(json.dumps(session.to_state()))
    assert state["version"] == STATE_VERSION
    again = Explorer()
    again.session.restore_state(state)
    assert again.session.to_state() == state
    assert [r.settings for r in again.session.runs] == [r.settings for r in session.runs]


def test_a_version_1_state_moves_its_learning_rate_into_the_hyperparameters():
    """State version 1 (saved without a number) kept "learning_rate" beside the hyperparameters."""
    explorer = Explorer()
    explorer.session.restore_state({
        "text": "x^2 + 2*y^2", "x_range": [-2, 2], "y_range": [-1, 1], "arrow_density": 12, "arrow_sign": 1,
        "runs": [{"optimizer": "momentum", "learning_rate": 0.02, "hyperparameters": {"momentum": 0.5},
                  "start": [1, 1]},
                 {"optimizer": "adam", "learning_rate": None}],
        "selected": 1,
    })
    s = explorer.session
    assert (s.text, s.x_range, s.arrow_density, s.selected) == ("x^2 + 2*y^2", (-2.0, 2.0), 12, 1)
    assert s.runs[0].settings.hyperparameters == {"lr": 0.02, "momentum": 0.5}
    assert s.runs[1].settings.hyperparameters == {} and s.runs[1].settings.learning_rate == 1e-3


@pytest.mark.parametrize("state, reason", [
    ({"version": STATE_VERSION + 1, "text": "x"}, "from a newer gdexplorer"),
    ({"version": 0}, "too old"),
    ({"version": "2"}, "no readable version"),
    ({"version": STATE_VERSION, "text": "x^2", "x_range": [0, "a"], "y_range": [0, 1], "runs": []}, "could not be read"),
    ({"version": STATE_VERSION, "text": "x^2", "x_range": [0, 1], "y_range": [0, 1],
      "runs": [{"optimizer": "lbfgs"}]}, "unknown optimizer 'lbfgs'"),
    ([1, 2], "not a session"),
])
def test_a_bad_or_newer_state_is_refused_and_changes_nothing(state, reason):
    explorer = Explorer()
    before = explorer.session.to_state()
    with pytest.raises(StateError, match=reason):
        explorer.session.restore_state(state)
    assert explorer.session.to_state() == before


def test_the_explorer_saves_and_restores_through_settings(tmp_path):
    settings = QSettings(str(tmp_path / "gdexplorer.ini"), QSettings.IniFormat)
    first = Explorer(settings)
    first.session.set_optimizer("adam")
    first.session.set_hyperparameter("lr", 0.3)
    first.player.set_speed(120)
    first.shutdown()
    again = Explorer(settings)
    assert again.notice == ""
    assert again.session.selected_run.settings.hyperparameters == {"lr": 0.3}
    assert again.player.speed == 120
    settings.setValue("session", json.dumps({"version": STATE_VERSION + 1}))
    newer = Explorer(settings)
    assert "newer gdexplorer" in newer.notice  # the window shows it in its status bar
    assert newer.session.to_state() == Explorer().session.to_state()  # the defaults
    settings.setValue("session", "{not json")
    assert "not valid JSON" in Explorer(settings).notice
