"""The Data mode's objective (core/fit/objective.py): the full-data loss over (w, b) as an Objective,
checked against numpy written from the formulas and against Dataset's own kernels."""
from __future__ import annotations

import numpy as np
import pytest

from gdexplorer.core.fit import load_csv, synthetic
from gdexplorer.core.fit import objective as O
from gdexplorer.core.fit.objective import DataObjective

from .test_fit import lstsq, np_loss_grad


@pytest.fixture(scope="module", params=["linear", "logistic"])
def objective(request):
    O.warm()
    return DataObjective(synthetic(400, 1.5, -0.5, 0.7, model=request.param, seed=3))


def test_value_gradient_and_hessian_are_the_full_data_loss(objective):
    data = objective.data
    for w, b in [(0.0, 0.0), (1.2, -0.3), (-2.0, 1.5)]:
        loss, grad = objective.value_and_gradient((w, b))
        ref = np_loss_grad(data.model, data.x, data.y, w, b)
        assert loss == pytest.approx(ref[0], rel=1e-12)
        np.testing.assert_allclose(grad, ref[1:], rtol=1e-11, atol=1e-14)
        np.testing.assert_array_equal(objective.hessian((w, b)), data.hessian(w, b))
    assert objective.variables == ("w", "b") and objective.dim == 2
    assert objective.label.startswith("L(w, b) = ")


def test_grid_is_the_datasets_loss_grid_with_w_across(objective):
    ws, bs = np.linspace(-1, 3, 7), np.linspace(-2, 1, 5)
    values = objective.grid(ws, bs)
    loss, gw, gb = objective.data.loss_grid(ws, bs, gradient=True)
    assert values.f.shape == (5, 7)
    for got, want in ((values.f, loss), (values.gx, gw), (values.gy, gb)):
        np.testing.assert_array_equal(got, want)
    # one cell against the point evaluation: row i is b = bs[i], column j is w = ws[j]
    assert values.f[3, 2] == pytest.approx(objective.value((ws[2], bs[3])), rel=1e-12)
    with pytest.raises(ValueError, match="two parameters"):
        objective.grid(ws)


def test_path_values_exact_within_the_budget(objective):
    rng = np.random.default_rng(0)
    ws, bs = rng.uniform(-2, 3, 50), rng.uniform(-2, 2, 50)
    f, gw, gb = objective.path_values(ws, bs)
    for k in range(50):
        loss, dw, db = objective.data.loss_and_gradient(ws[k], bs[k])
        assert f[k] == pytest.approx(loss, rel=1e-12, abs=1e-15)
        assert gw[k] == pytest.approx(dw, rel=1e-10, abs=1e-13)
        assert gb[k] == pytest.approx(db, rel=1e-10, abs=1e-13)


def test_linear_path_is_the_grids_arithmetic():
    """A path point on a grid node reads the surface's value (the same moments formula)."""
    objective = DataObjective(synthetic(1000, seed=0))
    ws, bs = np.linspace(-3, 7, 11), np.linspace(-3, 7, 11)
    grid = objective.grid(ws, bs)
    f, gw, gb = objective.path_values(ws, bs)  # the diagonal w = b
    assert np.array_equal(f, np.diag(grid.f)) and np.array_equal(gw, np.diag(grid.gx))
    # a diverged run's point overflows to inf without a warning (warnings fail these tests)
    f, _, _ = objective.path_values([1e200], [0.0])
    assert f[0] == np.inf


def test_long_logistic_paths_are_read_off_the_landscape_grid(monkeypatch):
    objective = DataObjective(synthetic(2000, 2.0, 0.5, model="logistic", seed=1))
    ws, bs = np.linspace(-1, 4, 120), np.linspace(-2, 3, 120)
    objective.grid(ws, bs)
    monkeypatch.setattr(O, "PATH_BUDGET", 10)  # everything is over budget now
    points_w, points_b = np.array([ws[10], 1.234, 2.0]), np.array([bs[20], -0.5, 1.0])
    f, gw, gb = objective.path_values(points_w, points_b)
    exact = [objective.data.loss_and_gradient(w, b) for w, b in zip(points_w, points_b)]
    assert f[0] == pytest.approx(exact[0][0], rel=1e-12)  # a grid node: the grid's own value
    for k in range(3):  # between nodes: bilinear, close on a fine grid (spacing 0.04)
        assert f[k] == pytest.approx(exact[k][0], rel=2e-3)
        assert gw[k] == pytest.approx(exact[k][1], abs=5e-3)
        assert gb[k] == pytest.approx(exact[k][2], abs=5e-3)


def test_a_big_logistic_arrow_grid_is_read_off_the_surface(monkeypatch):
    objective = DataObjective(synthetic(3000, 2.0, 0.5, model="logistic", seed=2))
    ws, bs = np.linspace(-1, 4, 60), np.linspace(-2, 3, 60)
    surface = objective.grid(ws, bs)  # within the budget: summed over the samples
    monkeypatch.setattr(O, "GRID_BUDGET", 3000 * 10 * 10 - 1)  # a 10 x 10 arrow grid is over it now...
    arrows_w, arrows_b = np.linspace(-0.75, 3.75, 10), np.linspace(-1.75, 2.75, 10)
    arrows = objective.grid(arrows_w, arrows_b)  # ... and inside the surface: bilinear from it
    exact = objective.data.loss_grid(arrows_w, arrows_b, gradient=True)
    np.testing.assert_allclose(arrows.f, exact[0], rtol=3e-3)
    np.testing.assert_allclose(arrows.gx, exact[1], atol=0.01)
    np.testing.assert_allclose(arrows.gy, exact[2], atol=0.01)
    assert not np.array_equal(arrows.f, exact[0])  # not summed
    assert objective._surface is surface  # the surface stays the one read from
    outside = objective.grid(np.array([5.0, 6.0]), np.array([0.0, 1.0]))  # beyond the surface: summed
    assert np.array_equal(outside.f, objective.data.loss_grid([5.0, 6.0], [0.0, 1.0]))


def test_minimum_key_ranges_and_resolution():
    data = synthetic(1000, seed=0)
    objective = DataObjective(data)
    w, b, loss = objective.minimum
    ref_w, ref_b, ref_loss = lstsq(data)
    assert (w, b) == pytest.approx((ref_w, ref_b), rel=1e-10) and loss == pytest.approx(ref_loss, rel=1e-10)
    assert objective.key == DataObjective(synthetic(1000, seed=0)).key  # the same samples
    assert objective.key != DataObjective(synthetic(1000, seed=1)).key
    (w0, w1), (b0, b1) = objective.view_ranges((0.0, 0.0))
    assert w1 - w0 == b1 - b0  # one scale on both axes
    for lo, hi, values in ((w0, w1, (0.0, w)), (b0, b1, (0.0, b))):
        margin = 0.25 * (hi - lo)
        assert all(lo + margin <= v <= hi - margin for v in values)
    assert objective.resolution() == O.MAX_RESOLUTION  # linear: the moments make every point O(1)
    big = DataObjective(synthetic(1_000_000, model="logistic", seed=0))
    assert big.resolution() == O.MIN_RESOLUTION  # 1e6 samples x 16² cells: coarse, not frozen
    assert DataObjective(synthetic(1000, model="logistic", seed=0)).resolution() == int(np.sqrt(O.GRID_BUDGET / 1000))


def test_csv_data_objective_and_separable_logistic(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("x,y\n0,0\n1,0\n2,1\n3,1\n")
    objective = DataObjective(load_csv(path, "logistic"))
    assert objective.minimum is None  # separable: no finite minimum
    assert objective.view_ranges((0.0, 0.0)) == ((-1.0, 1.0), (-1.0, 1.0))
    assert "d.csv" in objective.source
