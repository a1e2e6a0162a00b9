"""A learning-rate schedule and gradient clipping on a run, in the window (issue 13): typed in the
optimizer panel, refused beside the field with the bad part named, the run restarted with it (its
path the core's), and αₜ against t drawn on the curves."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from gdexplorer.core.descent import run as core_run
from gdexplorer.core.schedules import parse_schedule
from ui_input import click_step, replace_text

SCHEDULE = "linear:start_factor=0.1,total_iters=10+cosine:T_max=40"


def type_into(qtbot, field, text):
    replace_text(qtbot, field, text)
    qtbot.keyClick(field, Qt.Key_Return)


def test_a_schedule_and_a_clip_typed_in_the_panel_drive_the_run(qtbot, window, wait_landscape):
    session, panel = window.session, window.optimizer_panel
    session.set_optimizer("adam")
    type_into(qtbot, panel.schedule, SCHEDULE)
    type_into(qtbot, panel.clip, "2")
    settings = session.selected_run.settings
    assert settings.schedule == parse_schedule(SCHEDULE).text() and settings.clip == 2.0
    assert not panel.field_errors["schedule"].isVisible() and not panel.field_errors["clip"].isVisible()
    click_step(qtbot, window, 30)
    run = session.selected_run
    qtbot.waitUntil(lambda: run.steps_taken >= 30, timeout=10_000)
    expr = session.objective.expr
    ref = core_run(expr, settings.start[: expr.dim], "adam", steps=run.steps_taken,
                   hyperparameters=settings.hyperparameters, schedule=SCHEDULE, clip=2.0)
    np.testing.assert_array_equal(run.trajectory.points, ref.points)
    # the curves show α_t: the warm-up's rates, then the cosine's
    curves = window.curves_view
    qtbot.waitUntil(lambda: curves.lr_panel.plot.isVisible(), timeout=5_000)
    x, y = curves.lr_panel.curves[0].getData()
    lr = settings.learning_rate
    expected = parse_schedule(SCHEDULE).rates(lr, np.maximum(x.astype(int), 1))
    np.testing.assert_allclose(curves.lr_panel.scale.inverse(y), expected, rtol=1e-12)
    assert "⟳" in settings.label and "‖g‖≤2" in settings.label


def test_bad_schedule_and_clip_are_refused_beside_their_fields_and_the_run_keeps_its_own(qtbot, window):
    session, panel = window.session, window.optimizer_panel
    type_into(qtbot, panel.schedule, "cosine:T_max=20")
    good = session.selected_run.settings.schedule
    type_into(qtbot, panel.schedule, "exponential:gamma=0.9 + step:step_size=3")
    error = panel.field_errors["schedule"]
    qtbot.waitUntil(error.isVisible, timeout=2_000)
    assert "exponential has no length" in error.text() and "part 1" in error.text()
    assert session.selected_run.settings.schedule == good
    assert panel.schedule.text() == "exponential:gamma=0.9 + step:step_size=3"  # the typed text stays, marked
    type_into(qtbot, panel.clip, "-3")
    assert panel.field_errors["clip"].isVisible() and "clip must be" in panel.field_errors["clip"].text()
    assert session.selected_run.settings.clip == 0.0
    type_into(qtbot, panel.schedule, "")  # cleared: no schedule, the error goes
    assert session.selected_run.settings.schedule == "" and not error.isVisible()
    assert not window.curves_view.lr_panel.plot.isVisible()
