"""The explained step (issue 12) in the window: Explain step, Previous / Next, auto-play and Apply,
driven with real clicks. Each stage's numbers are checked against an independent computation
(Adam at t = 1 by hand) and against the core's explanation; the step Apply takes lands exactly on
the explained point, as an ordinary step of the same run does."""
from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gdexplorer.core import explain as core_explain
from gdexplorer.core.descent import Descent
from gdexplorer.core.explain import explain_step, number
from gdexplorer.core.expression import parse
from gdexplorer.scene.glyphs import magnitude
from ui_input import click_step, type_into

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

BOWL = "x^2 + y^2"
ROSENBROCK = "(1 - x)^2 + 100*(y - x^2)^2"


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.LeftButton)


def open_explanation(qtbot, window):
    panel = window.explain_panel
    click(qtbot, panel.explain_button)  # in the run controls
    qtbot.waitUntil(lambda: panel.on_screen() and panel.explanation is not None)
    return panel


def shown(panel) -> str:
    return panel.detail.text()


def test_adam_at_t1_stage_by_stage_by_hand_then_apply(qtbot, window, wait_landscape):
    """The bowl x² + y² from (−1.5, 2) (the preset's start), adam with lr 0.1: g = 2θ, m = 0.1·g,
    v = 0.001·g², m̂ = g, v̂ = g², so θ₁ = θ₀ − 0.1·g/(|g| + 1e-8)·… = θ₀ − 0.1·sign(g) (to ε)."""
    session = window.session
    session.apply_preset("bowl")
    wait_landscape(window, BOWL)
    session.set_optimizer("adam")
    session.set_hyperparameter("lr", 0.1)
    run = session.selected_run
    theta0 = np.array(run.trajectory.points[-1])
    g = 2.0 * theta0  # ∇(x² + y²)
    panel = open_explanation(qtbot, window)
    dock = window.docks["explain"]
    assert dock.isVisible() and not dock.visibleRegion().isEmpty()  # raised over the curves
    e = panel.explanation
    stages = [s.target for s in e.stages]
    assert stages == ["g", "bc1", "bc2", "step_size", "bc2_sqrt", "exp_avg", "exp_avg_sq", "denom", "θ"]
    assert panel.stage == 0 and panel.stage_label.text() == f"1 / {len(stages)}"
    assert not panel.prev_button.isEnabled()
    by_hand = {
        "g": g, "bc1": 1 - 0.9, "bc2": 1 - 0.999, "step_size": 0.1 / (1 - 0.9), "bc2_sqrt": math.sqrt(1 - 0.999),
        "exp_avg": 0.1 * g, "exp_avg_sq": 0.001 * g * g,
        "denom": np.sqrt(0.001 * g * g) / math.sqrt(1 - 0.999) + 1e-8,
    }
    by_hand["θ"] = theta0 - (0.1 / (1 - 0.9)) * by_hand["exp_avg"] / by_hand["denom"]
    reference = explain_step(run.descent.spec, run.descent.hyperparameters, theta0, g, np.zeros((3, 2)),
                             np.zeros(3), 1)
    for k, target in enumerate(stages):
        if k:
            click(qtbot, panel.next_button)
        assert panel.stage == k and panel.stage_list.currentRow() == k
        stage = panel.explanation.stages[k]
        value = stage.vector(2) if stage.per_axis else stage.values[None]
        np.testing.assert_allclose(value, by_hand[target], rtol=1e-14, err_msg=target)
        # what the panel shows is the core's text for this stage: the formula and each axis's numbers
        text = shown(panel)
        assert stage.formula.replace("<", "&lt;") in text
        for axis, line in reference.stages[k].substituted.items():
            assert line in text, (target, axis)
            assert line.endswith("= " + number(reference.stages[k].values[axis]))
    assert not panel.next_button.isEnabled()
    np.testing.assert_allclose(panel.explanation.theta_after, theta0 - 0.1 * np.sign(g), atol=1e-8)
    assert "The new point" in shown(panel)

    click(qtbot, panel.apply_button)
    explained, point = panel.last_applied
    assert run.steps_taken == 1
    np.testing.assert_array_equal(run.trajectory.points[-1], explained.theta_after)  # bit for bit
    np.testing.assert_array_equal(point, explained.theta_after)
    # and the same as an ordinary step of the same run, made apart from the window
    twin = Descent(parse(BOWL), theta0, "adam", hyperparameters={"lr": 0.1})
    twin.step(1)
    np.testing.assert_array_equal(twin.points[-1], explained.theta_after)
    # the panel moved on to the next step, from its first stage
    assert panel.explanation.t == 2 and panel.stage == 0
    np.testing.assert_array_equal(panel.explanation.theta_before, explained.theta_after)


def test_each_stage_draws_its_vector_on_the_map(qtbot, window, wait_landscape):
    session = window.session
    session.apply_preset("rosenbrock")
    wait_landscape(window, ROSENBROCK)
    session.set_optimizer("adam")
    click_step(qtbot, window, 4)
    panel = open_explanation(qtbot, window)
    layer = panel.layers[2]
    e = panel.explanation
    theta = e.theta_before
    for k, stage in enumerate(e.stages):
        panel.set_stage(k)
        glyph = panel.glyphs[k]
        if glyph.shape == "":
            assert k not in layer.segments and not layer.current.shown
            continue
        seg = layer.segments[k]
        assert layer.current.shown and layer.label.isVisible() and layer.label.toPlainText() == glyph.label
        if glyph.shape == "arrow":  # −g, −exp_avg: from θ, along −value
            np.testing.assert_array_equal(seg[0], theta)
            vector = -stage.vector(2)
            shaft = seg[1] - seg[0]
            assert abs(shaft[0] * vector[1] - shaft[1] * vector[0]) <= 1e-9 * magnitude(shaft) * magnitude(vector)
            assert shaft @ vector > 0
        elif glyph.shape == "box":  # centred on θ
            np.testing.assert_allclose((seg.max(axis=0) + seg.min(axis=0)) / 2, theta, rtol=1e-12)
        else:  # the θ stage: the true step, old point to new
            np.testing.assert_array_equal(seg[0], theta)
            np.testing.assert_array_equal(seg[1], e.theta_after)
            assert layer.new_point.isVisible()
            # Adam's step of ~0.05 is a few pixels here: its log-scaled arrow shows the way as well
            assert len(seg) == 12
            scaled = seg[7] - seg[6]
            step = e.theta_after - theta
            np.testing.assert_array_equal(seg[6], theta)
            assert abs(scaled[0] * step[1] - scaled[1] * step[0]) <= 1e-9 * magnitude(scaled) * magnitude(step)
            assert scaled @ step > 0 and magnitude(scaled) > magnitude(step)
    # earlier stages stay, dimmed; the curves tab hides the drawing
    assert layer.earlier.shown
    window.docks["curves"].raise_()
    qtbot.waitUntil(lambda: not panel.on_screen())
    assert not layer.current.shown and not layer.earlier.shown


def test_auto_play_runs_the_stages_then_takes_the_step(qtbot, window, wait_landscape):
    session = window.session
    session.apply_preset("rosenbrock")
    wait_landscape(window, ROSENBROCK)
    session.set_optimizer("rmsprop")
    panel = open_explanation(qtbot, window)
    type_into(qtbot, panel.speed, "20")
    assert panel.speed.value() == 20
    explained = panel.explanation
    seen = []
    panel.stage_list.currentRowChanged.connect(seen.append)
    click(qtbot, panel.play_button)
    run = session.selected_run
    qtbot.waitUntil(lambda: run.steps_taken == 1, timeout=10_000)
    assert not panel.play_button.isChecked()
    assert panel.last_applied[0] is explained
    np.testing.assert_array_equal(run.trajectory.points[-1], explained.theta_after)


def test_a_new_step_selection_or_optimizer_makes_a_new_explanation(qtbot, window, wait_landscape):
    session = window.session
    session.apply_preset("rosenbrock")
    wait_landscape(window, ROSENBROCK)
    panel = open_explanation(qtbot, window)
    assert [s.target for s in panel.explanation.stages] == ["g", "gi", "θ"]  # gd
    panel.set_stage(2)
    click_step(qtbot, window, 1)  # the Step button: the next step now
    qtbot.waitUntil(lambda: panel.explanation.t == 2)
    assert panel.stage == 0 and "step t = 2" in panel.title.text()
    session.set_optimizer("momentum")
    qtbot.waitUntil(lambda: "momentum_buffer" in [s.target for s in panel.explanation.stages])
    assert panel.explanation.t == 1
    session.add_run(session.new_run_settings("qhadam"))
    qtbot.waitUntil(lambda: panel.explanation.optimizer == "qhadam")
    assert "Run 2" in panel.title.text()
    session.select(0)
    qtbot.waitUntil(lambda: panel.explanation.optimizer == "momentum")


@pytest.mark.parametrize("optimizer, hyper", [("sgd", {}), ("newton", {}), ("nadam", {"lr": 0.01}),
                                                 ("lion", {"lr": 0.01})])
def test_the_applied_step_is_the_explained_one_for_noise_hessian_and_scalars(qtbot, window, wait_landscape,
                                                                             optimizer, hyper):
    """sgd adds noise from the run's generator (the explanation draws the same numbers from a copy);
    newton uses the Hessian; nadam keeps a scalar; lion writes its momentum after the step."""
    session = window.session
    session.apply_preset("rosenbrock")
    wait_landscape(window, ROSENBROCK)
    session.set_optimizer(optimizer)
    for name, value in hyper.items():
        session.set_hyperparameter(name, value)
    click_step(qtbot, window, 2)
    panel = open_explanation(qtbot, window)
    run = session.selected_run
    for _ in range(3):
        explained = panel.explanation
        assert explained.agrees and explained.error == ""
        click(qtbot, panel.apply_button)
        np.testing.assert_array_equal(run.trajectory.points[-1], explained.theta_after)
    if optimizer == "sgd":
        assert "noise" in panel.message.text()


def test_an_explanation_that_cannot_be_made_says_why_and_apply_still_steps(qtbot, window, wait_landscape, monkeypatch):
    """A build without the optimizers' sources (the core says so in Explanation.error)."""
    def no_source(_fn):
        raise OSError("could not get source code")

    monkeypatch.setattr(core_explain.inspect, "getsource", no_source)
    panel = open_explanation(qtbot, window)
    assert panel.explanation.error and panel.explanation.stages == []
    assert "source code is not available" in panel.message.text()
    assert panel.stage_label.text() == "0 / 0" and not panel.next_button.isEnabled()
    before = window.session.selected_run.steps_taken
    click(qtbot, panel.apply_button)
    assert window.session.selected_run.steps_taken == before + 1


def test_a_stopped_run_has_no_next_step(qtbot, window, wait_landscape):
    session = window.session
    session.apply_preset("bowl")
    wait_landscape(window, BOWL)
    session.set_hyperparameter("lr", 1e154)  # the first step overflows
    click_step(qtbot, window, 2)
    assert session.selected_run.finished
    panel = open_explanation_or_message(qtbot, window)
    assert "no next step" in panel.message.text() and panel.explanation is None
    assert not panel.apply_button.isEnabled() and not panel.layers[2].current.shown


def open_explanation_or_message(qtbot, window):
    panel = window.explain_panel
    click(qtbot, panel.explain_button)
    qtbot.waitUntil(panel.on_screen)
    return panel


def test_1d_the_step_walks_along_the_curve(qtbot, window, wait_landscape):
    session = window.session
    session.apply_preset("seed004")
    wait_landscape(window, "x*cos(pi*x)")
    panel = open_explanation(qtbot, window)
    e = panel.explanation
    panel.set_stage(len(e.stages) - 1)
    seg = panel.layers[1].segments[len(e.stages) - 1]
    objective = session.objective
    np.testing.assert_array_equal(seg[0], [e.theta_before[0], objective.value(e.theta_before)])
    np.testing.assert_array_equal(seg[1], [e.theta_after[0], objective.value(e.theta_after)])
    assert panel.layers[2].segments == {}
    click(qtbot, panel.apply_button)
    np.testing.assert_array_equal(session.selected_run.trajectory.points[-1], e.theta_after)


def test_the_run_menu_entry_opens_the_explanation(qtbot, window):
    window.docks["curves"].raise_()
    assert not window.explain_panel.on_screen()
    run_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Run")
    assert window.explain_panel.explain_action in run_menu.actions()
    window.explain_panel.explain_action.trigger()
    qtbot.waitUntil(lambda: window.explain_panel.on_screen() and window.explain_panel.explanation is not None)


def test_a_scheduled_clipped_run_steps_where_the_explanation_says(qtbot, window, wait_landscape):
    """A run with an exponential schedule and gradient clipping (Rosenbrock's gradient is large at
    the start, so the clip bites): the explanation uses this step's rate and the clipped gradient,
    says so, and the step lands on its point."""
    session = window.session
    session.apply_preset("rosenbrock")
    wait_landscape(window, ROSENBROCK)
    session.set_optimizer("momentum")
    session.update_run(schedule="exponential:gamma=0.9", clip=1.0)
    click_step(qtbot, window, 3)
    panel = open_explanation(qtbot, window)
    run = session.selected_run
    for _ in range(2):
        explained = panel.explanation
        assert "clipped to norm 1" in panel.message.text() and "the schedule sets this step&#x27;s lr" in panel.message.text()
        assert magnitude(explained.gradient) == pytest.approx(1.0, rel=1e-5)
        click(qtbot, panel.apply_button)
        np.testing.assert_array_equal(run.trajectory.points[-1], explained.theta_after)
