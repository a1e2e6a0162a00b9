"""The learning-rate sweep panel (issue 10.2), driven with real input and compared with core.sweep."""
from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication
from ui_input import replace_text

from gdexplorer.core.sweep import learning_rates, stability_limit, sweep
from gdexplorer.ui.sweep_panel import SweepPanel

SWEEP_TIMEOUT_MS = 60_000


@pytest.fixture
def panel(qtbot, window):
    p = SweepPanel(window.explorer)
    qtbot.addWidget(p)
    p.resize(900, 800)
    p.show()
    qtbot.waitExposed(p)
    return p


def fill(qtbot, panel, lr_from: str, lr_to: str, k: int, steps: int, keep: int, log: bool = True) -> None:
    replace_text(qtbot, panel.lr_from, lr_from)
    replace_text(qtbot, panel.lr_to, lr_to)
    for box, value in ((panel.count, k), (panel.steps, steps), (panel.keep, keep)):
        replace_text(qtbot, box, str(value))
        assert box.value() == value
    if panel.log.isChecked() != log:
        qtbot.mouseClick(panel.log, Qt.LeftButton, pos=QPoint(8, panel.log.height() // 2))
    assert panel.log.isChecked() == log


def run_and_wait(qtbot, panel) -> None:
    qtbot.mouseClick(panel.run_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.outcome is not None and panel.run_button.isEnabled(), timeout=SWEEP_TIMEOUT_MS)


def reference(window, a, b, k, steps, keep, log=True):
    session = window.session
    settings = session.selected_run.settings
    expr = session.objective.expr
    start = tuple(settings.start[: expr.dim])
    hyper = {n: v for n, v in settings.hyperparameters.items() if n != "lr"}
    return sweep(expr, start, settings.optimizer, learning_rates(a, b, k, log), steps, keep, hyper)


def dot_position(panel, plot, x: float, y: float):
    """Where the drawn point (x, y) of ``plot`` is in the plots' viewport, for a real click."""
    scene = plot.plot.vb.mapViewToScene(QPointF(x, y))
    return panel.plots.mapFromScene(scene)


def test_sweep_dots_equal_core_sweep(qtbot, window, panel):
    fill(qtbot, panel, "0.0001", "0.005", 40, 300, 4)
    run_and_wait(qtbot, panel)
    ref = reference(window, 1e-4, 5e-3, 40, 300, 4)
    got = panel.outcome.result
    np.testing.assert_array_equal(got.lrs, ref.lrs)
    np.testing.assert_array_equal(got.points, ref.points)  # NaN rows of stopped runs compare equal
    np.testing.assert_array_equal(got.f, ref.f)
    assert got.status == ref.status
    np.testing.assert_array_equal(got.converged_at, ref.converged_at)
    # the drawn dots: every kept iterate of each run that went on, x and y against lr (log10 on the axis)
    ok = np.array([s == "ok" for s in ref.status])
    assert ok.any() and (~ok).any()  # rosenbrock from (-1.5, 2): the larger rates diverge
    lr_dots = np.log10(np.repeat(ref.lrs[ok], 4))
    x_shown, x_val = panel.x_dots.getData()
    y_shown, y_val = panel.y_dots.getData()
    scale = panel.bifurcation.scale
    np.testing.assert_array_equal(x_shown, lr_dots)
    np.testing.assert_array_equal(y_shown, lr_dots)
    np.testing.assert_array_equal(scale.inverse(x_val), scale.inverse(scale.forward(ref.points[ok, :, 0].ravel())))
    np.testing.assert_allclose(scale.inverse(x_val), ref.points[ok, :, 0].ravel(), rtol=1e-12)
    np.testing.assert_allclose(scale.inverse(y_val), ref.points[ok, :, 1].ravel(), rtol=1e-12)
    # final f, and the diverged runs as red ticks at the top of every plot (never as values)
    f_x, f_y = panel.f_curve.getData()
    np.testing.assert_array_equal(f_x, np.log10(ref.lrs[ok]))
    np.testing.assert_allclose(panel.final.scale.inverse(f_y), ref.f[ok, -1], rtol=1e-9)
    for p in panel.all_plots:
        ticks = p.stopped.getData()[0]
        np.testing.assert_array_equal(ticks, np.log10(ref.lrs[~ok]))
    assert panel.progress.value() == 0 and not panel.cancel_button.isEnabled()
    # not gd's plain bowl: rosenbrock's Hessian at the start still has λmax > 0, so gd gets its line
    limit = stability_limit(window.session.objective.expr, ref_start(window))
    assert panel.bifurcation.limit_line.isVisible() == (limit is not None)


def ref_start(window):
    session = window.session
    return tuple(session.selected_run.settings.start[: session.objective.dim])


def test_cancel_a_long_sweep(qtbot, window, panel):
    fill(qtbot, panel, "0.00001", "0.0002", 2000, 100_000, 2)
    qtbot.mouseClick(panel.run_button, Qt.LeftButton)
    assert not panel.run_button.isEnabled() and panel.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: panel.progress.value() > 0, timeout=SWEEP_TIMEOUT_MS)
    qtbot.mouseClick(panel.cancel_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.run_button.isEnabled(), timeout=5_000)
    assert panel.progress.value() == 0
    assert not panel.cancel_button.isEnabled()
    assert not window.explorer.jobs.running("sweep")
    assert window.explorer.jobs.wait_for_done(20_000)  # the worker stopped at its next chunk
    QApplication.processEvents()
    assert panel.outcome is None and panel.x_dots.getData()[0].size == 0
    assert "cancelled" in panel.status.text()


def test_clicking_a_dot_loads_its_rate(qtbot, window, panel):
    fill(qtbot, panel, "0.0001", "0.002", 25, 200, 3)
    run_and_wait(qtbot, panel)
    xs, ys = panel.x_dots.getData()
    i = 3 * 11 + 2  # rate 11's last iterate
    lr = float(panel.outcome.result.lrs[11])
    assert xs[i] == math.log10(lr)
    pos = dot_position(panel, panel.bifurcation, xs[i], ys[i])
    qtbot.mouseClick(panel.plots.viewport(), Qt.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: window.session.selected_run.settings.learning_rate == lr, timeout=2_000)
    assert window.optimizer_panel.lr_field.text() == f"{lr:g}"
    assert panel.bifurcation.selected_line.value() == pytest.approx(math.log10(lr))
    # a click on the final-f plot at another rate loads that one
    fx, fy = panel.f_curve.getData()
    lr2 = float(panel.outcome.result.lrs[4])
    pos = dot_position(panel, panel.final, fx[4], fy[4])
    qtbot.mouseClick(panel.plots.viewport(), Qt.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: window.session.selected_run.settings.learning_rate == lr2, timeout=2_000)


def test_bowl_stability_limit_line_and_new_function_clears(qtbot, window, panel, wait_landscape):
    window.session.apply_preset("bowl")
    wait_landscape(window, "x^2 + y^2")
    assert window.session.selected_run.settings.optimizer == "gd"
    fill(qtbot, panel, "0.05", "2", 30, 60, 2)
    run_and_wait(qtbot, panel)
    limit = stability_limit(window.session.objective.expr, ref_start(window))
    assert limit == pytest.approx(1.0)
    for p in panel.all_plots:
        assert p.limit_line.isVisible()
        assert p.limit_line.value() == pytest.approx(math.log10(limit))  # 0 on the log10 lr axis
    assert panel.limit_label.isVisible() and "2/λmax" in panel.limit_label.toPlainText()
    # gd on the bowl: the final |x| shrinks below the limit and grows above it
    res = panel.outcome.result
    below, above = res.lrs < 1.0, res.lrs > 1.0
    final = np.abs(res.points[:, -1, 0])
    assert np.all(final[below] < abs(ref_start(window)[0]))
    assert np.all((final[above] > abs(ref_start(window)[0])) | np.isnan(final[above]))
    # a new function makes the plots stale: they are cleared
    window.session.apply_preset("himmelblau")
    wait_landscape(window)
    qtbot.waitUntil(lambda: panel.outcome is None, timeout=5_000)
    assert panel.x_dots.getData()[0].size == 0 and not panel.bifurcation.limit_line.isVisible()


@pytest.mark.parametrize("text", ["-1", "abc", "0"])
def test_bad_lr_is_refused_beside_its_field(qtbot, window, panel, text):
    fill(qtbot, panel, "0.001", "0.1", 10, 20, 1)
    replace_text(qtbot, panel.lr_from, text)
    qtbot.mouseClick(panel.run_button, Qt.LeftButton)
    error = panel.field_errors["lr_from"]
    assert error.isVisible() and "lr" in error.text()
    assert panel.lr_from.property("error")
    assert not window.explorer.jobs.running("sweep") and panel.run_button.isEnabled()
    assert panel.outcome is None
    # fixing it clears the message and runs
    replace_text(qtbot, panel.lr_from, "0.001")
    run_and_wait(qtbot, panel)
    assert not error.isVisible() and not panel.lr_from.property("error")


def test_keep_beyond_steps_is_refused(qtbot, window, panel):
    fill(qtbot, panel, "0.001", "0.1", 10, 3, 5)
    qtbot.mouseClick(panel.run_button, Qt.LeftButton)
    assert panel.field_errors["keep"].isVisible()
    assert not window.explorer.jobs.running("sweep")


def test_many_rates_are_drawn_as_a_density_image_holding_every_kept_iterate(qtbot, window, panel, wait_landscape):
    """Past DOT_LIMIT dots the bifurcation plot is an image (a column per rate, a row per value
    bin): every kept iterate of the core's sweep lies on a painted pixel, and the painted cells
    are exactly the (rate, bin) cells those iterates fall in."""
    from gdexplorer.ui.sweep_panel import DENSITY_ROWS, DOT_LIMIT

    window.session.apply_preset("seed004")
    wait_landscape(window, "x*cos(pi*x)")
    k, keep = 600, 8
    assert k * keep > DOT_LIMIT
    fill(qtbot, panel, "0.01", "0.6", k, 400, keep, log=False)
    run_and_wait(qtbot, panel)
    ref = reference(window, 0.01, 0.6, k, 400, keep, log=False)
    np.testing.assert_array_equal(panel.outcome.result.points, ref.points)
    image = panel.density_image
    assert image.isVisible() and panel.x_dots.getData()[0].size == 0
    rgba = image.image
    assert rgba.shape == (DENSITY_ROWS, k, 4)
    ok = np.array([s == "ok" for s in ref.status])
    assert ok.sum() > 100
    scale = panel.bifurcation.scale
    lrs = np.repeat(ref.lrs[ok], keep)
    values = ref.points[ok, :, 0].ravel()
    rect = image.mapRectToView(image.boundingRect())  # the value range the image covers
    lo, hi = (float(v) for v in scale.inverse(np.array([rect.top(), rect.bottom()])))
    shown = (values >= lo) & (values <= hi)
    assert shown.mean() > 0.5  # most iterates lie in the frame (the others are counted by the plot's summary)
    painted = set()
    for lr, v in zip(lrs[shown], values[shown]):
        p = image.mapFromView(QPointF(float(panel.lr_to_shown(lr)), float(scale.forward(v))))
        col, row = min(int(p.x()), k - 1), min(int(p.y()), DENSITY_ROWS - 1)
        assert rgba[row, col, 3] > 0, (lr, v)
        painted.add((row, col))
    assert set(zip(*np.nonzero(rgba[..., 3]))) == painted
