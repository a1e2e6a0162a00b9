"""The curves dock shows real values (issue 8.2) and says which y scale it uses (issue 8.9).

Each test drives the real window, reads back what the curves draw (the drawn coordinates mapped
back to real values through the scale the axis is labelled with) and compares with a core run."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from gdexplorer.core.descent import run as core_run
from gdexplorer.core.expression import parse
import ui_input
from ui_input import click_step, type_into

# Newton on u⁴/4 - u² + 2u (u = (x - 7)/4) cycles between u = 0 and u = 1 exactly: from u = 0,
# g' = 2 and g'' = -2 step to u = 1; there g' = 1 and g'' = 1 step back. Scaled by 3.68 and
# raised by 10.2, f alternates 10.2, 14.8 (+ 0.01·y², which one Newton step zeroes). On the
# default range [-2, 2] x [-1, 3] this f lies in about [-5.3, -1.3]: the cycle is far above it.
NEWTON_CYCLE = "3.68*(((x-7)/4)^4/4 - ((x-7)/4)^2 + 2*(x-7)/4) + 10.2 + 0.01*y^2"


def type_expression(qtbot, wait_landscape, window, text: str) -> None:
    ui_input.type_expression(qtbot, window, text)
    wait_landscape(window, text)


def to_real(plot, shown):
    """Drawn y coordinates -> the real values the axis says they are: through the axis's scale,
    or 10^y for a plot in pyqtgraph's own log mode (kept so this reads any version of the view)."""
    axis = plot.getAxis("left")
    if hasattr(axis, "curve_scale"):
        return axis.curve_scale.inverse(shown)
    return 10.0 ** np.asarray(shown) if plot.getViewBox().state["logMode"][1] else np.asarray(shown)


def plot_of(window, which: str):
    return window.curves_view.value_plot if which == "f" else window.curves_view.norm_plot


def drawn(qtbot, window, which: str, expected: np.ndarray) -> np.ndarray:
    """The real values a plot draws for run 0, once the throttled view caught up."""
    view = window.curves_view
    curve = (view.value_curves if which == "f" else view.norm_curves)[0]
    qtbot.waitUntil(lambda: curve.getData()[1] is not None and curve.getData()[1].size == expected.size,
                    timeout=3_000)
    return to_real(plot_of(window, which), curve.getData()[1])


def top_of_view(window, which: str) -> float:
    plot = plot_of(window, which)
    return float(to_real(plot, plot.getViewBox().viewRange()[1][1]))


def axis_label(window, which: str) -> str:
    return plot_of(window, which).getAxis("left").labelText


def test_a_diverging_run_reads_its_real_f_up_to_1e307(wait_landscape, qtbot, window):
    """issue 8.2: gd α = 2 on x² + y² diverges (f ≈ 2e307 at step 321); the f curve was clipped
    to the landscape's range (it read about 36) and must show the real values."""
    window.session.apply_preset("bowl")
    wait_landscape(window, "x^2 + y^2")
    type_into(qtbot, window.optimizer_panel.lr_field, "2")
    assert window.session.runs[0].settings.learning_rate == 2.0
    type_into(qtbot, window.run_controls.speed, "2000")
    qtbot.mouseClick(window.run_controls.play_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not window.player.playing, timeout=30_000)
    run = window.session.runs[0]
    expected = core_run(parse("x^2 + y^2"), run.settings.start, "gd", hyperparameters={"lr": 2.0}, steps=run.trajectory.steps)
    assert expected.f.max() > 1e300  # the reference does reach the 1e300s
    real = drawn(qtbot, window, "f", expected.f)
    np.testing.assert_allclose(real, expected.f, rtol=1e-12)
    assert real.max() >= 1e300
    assert top_of_view(window, "f") >= expected.f.max()  # the view holds the largest value
    assert axis_label(window, "f") == "f(θₜ), log scale"
    assert window.curves_view.log_axis.isChecked() and window.curves_view.log_axis.text() == "log y axis"


def test_a_newton_two_cycle_reads_both_real_values(wait_landscape, qtbot, window):
    """issue 8.2: a Newton run cycling between f = 10.2 and 14.8 read as a flat clipped line."""
    type_expression(qtbot, wait_landscape, window, NEWTON_CYCLE)
    panel = window.optimizer_panel
    panel.optimizer.setFocus()
    qtbot.keyClicks(panel.optimizer, "Newton")
    assert window.session.runs[0].settings.optimizer == "newton"
    type_into(qtbot, window.start_panel.x, "7")
    type_into(qtbot, window.start_panel.y, "1")
    assert window.session.runs[0].settings.start == (7.0, 1.0)
    click_step(qtbot, window, 12)
    expected = core_run(parse(NEWTON_CYCLE), (7.0, 1.0), "newton", hyperparameters={"lr": 1.0}, steps=12)
    np.testing.assert_allclose(expected.f[1:], [14.8, 10.2] * 6, rtol=1e-12)  # the analytic cycle
    real = drawn(qtbot, window, "f", expected.f)
    np.testing.assert_allclose(real, expected.f, rtol=1e-12)
    assert real.max() - real.min() > 4.5  # two levels, not one flat line
    land = window.session.landscape
    assert real.min() > land.scale.high + (land.scale.high - land.scale.low)  # where the old clip cut
    assert top_of_view(window, "f") >= 14.8


def test_a_big_gradient_is_drawn_beyond_1e12(wait_landscape, qtbot, window):
    """issue 8.2: |∇f| was capped at 1e12."""
    text = "1e20*(x^2 + y^2)"
    type_expression(qtbot, wait_landscape, window, text)
    click_step(qtbot, window, 3)
    run = window.session.runs[0]
    expected = core_run(parse(text), run.settings.start, run.settings.optimizer,
                        hyperparameters={"lr": run.settings.effective_learning_rate}, steps=3)
    norm = np.hypot(expected.grad[:, 0], expected.grad[:, 1])
    assert norm.min() >= 1e20
    real = drawn(qtbot, window, "norm", norm)
    np.testing.assert_allclose(real, norm, rtol=1e-12)
    assert top_of_view(window, "norm") >= norm.max()
    assert axis_label(window, "norm") == "|∇f(θₜ)|, log scale"


def test_a_gradient_norm_beyond_the_largest_double_is_marked_inf(wait_landscape, qtbot, window):
    """issue 8.2: at the origin ∇f = (1.3e308, 1.3e308) is finite but its length, 1.84e308,
    is beyond the largest double: marked off scale, not silently dropped."""
    type_expression(qtbot, wait_landscape, window, "1e300*(sin(1.3e8*x) + sin(1.3e8*y))")
    type_into(qtbot, window.start_panel.x, "0")
    type_into(qtbot, window.start_panel.y, "0")
    np.testing.assert_array_equal(window.session.runs[0].trajectory.grad, [[1.3e308, 1.3e308]])
    qtbot.waitUntil(lambda: "off scale: inf" in axis_label(window, "norm"), timeout=3_000)
    panel = window.curves_view.norm_panel
    assert panel.off_scale.isVisible() and panel.off_scale_text.isVisible()
    assert "inf" in panel.off_scale_text.toPlainText() and "step 0" in panel.off_scale_text.toPlainText()
    x, y = panel.off_scale.getData()
    np.testing.assert_array_equal(x, [0.0])
    low, high = panel.plot.getViewBox().viewRange()[1]
    assert low <= y[0] <= high  # on screen, at the top of the plot
    assert not window.curves_view.value_panel.off_scale.isVisible()  # f = 0 is drawn as it is


def test_f_at_or_below_zero_says_symlog_never_a_plain_log(wait_landscape, qtbot, window):
    """issue 8.9: the log checkbox stayed ticked while the f axis silently went linear."""
    type_expression(qtbot, wait_landscape, window, "x^2 + y^2 - 5")
    type_into(qtbot, window.optimizer_panel.lr_field, "0.1")
    click_step(qtbot, window, 6)
    run = window.session.runs[0]
    expected = core_run(parse("x^2 + y^2 - 5"), run.settings.start, "gd", hyperparameters={"lr": 0.1}, steps=6)
    assert expected.f.min() < 0 < expected.f.max()
    box = window.curves_view.log_axis
    real = drawn(qtbot, window, "f", expected.f)
    np.testing.assert_allclose(real, expected.f, rtol=1e-12)  # the negative values too
    assert box.isChecked() and box.text() == "log y axis (symlog: some f ≤ 0)"
    assert axis_label(window, "f").startswith("f(θₜ), symlog scale<br>(linear within ±")
    assert axis_label(window, "norm") == "|∇f(θₜ)|, log scale"  # |∇f| > 0: a true log scale there
    # the drawn coordinates are the symlog transform, with the threshold the label states
    c = window.curves_view.value_plot.getAxis("left").curve_scale.threshold
    shown = window.curves_view.value_curves[0].getData()[1]
    np.testing.assert_allclose(shown, np.sign(expected.f) * np.log10(1 + np.abs(expected.f) / c), rtol=1e-12)
    assert f"±{c:g}" in axis_label(window, "f")

    qtbot.mouseClick(box, Qt.LeftButton, pos=box.rect().center())  # untick: linear, and said so
    assert not box.isChecked() and box.text() == "log y axis"
    assert axis_label(window, "f") == "f(θₜ), linear"
    assert axis_label(window, "norm") == "|∇f(θₜ)|, linear"
    np.testing.assert_allclose(drawn(qtbot, window, "f", expected.f), expected.f, rtol=1e-12)


def test_an_exact_zero_gradient_is_drawn_on_symlog_and_said(wait_landscape, qtbot, window):
    """issue 8.9/8.2: Newton lands exactly on the bowl's minimum (|∇f| = 0, f = 0): a log axis
    cannot show 0; the old view clipped it to 1e-16 and f went linear under a ticked "log"."""
    text = "x^2 + y^2"
    type_expression(qtbot, wait_landscape, window, text)
    panel = window.optimizer_panel
    panel.optimizer.setFocus()
    qtbot.keyClicks(panel.optimizer, "Newton")
    click_step(qtbot, window, 2)
    run = window.session.runs[0]
    expected = core_run(parse(text), run.settings.start, "newton", hyperparameters={"lr": 1.0}, steps=2)
    assert expected.f[1] == 0.0 and not expected.grad[1].any()
    np.testing.assert_allclose(drawn(qtbot, window, "norm", expected.f), np.hypot(*expected.grad.T), rtol=1e-12)
    np.testing.assert_allclose(drawn(qtbot, window, "f", expected.f), expected.f, rtol=1e-12)
    box = window.curves_view.log_axis
    assert box.text() == "log y axis (symlog: some f ≤ 0, some |∇f| = 0)"
    assert "symlog scale" in axis_label(window, "f") and "symlog scale" in axis_label(window, "norm")
