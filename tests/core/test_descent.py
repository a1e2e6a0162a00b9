"""Runs: divergence handling, resumable stepping, trajectory invariants, batches.

Divergence steps are predicted independently: in closed form (gd on x² + y² at lr 1.5 doubles and
flips the point each step, exactly) or with a plain-Python loop of the same update.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from gdexplorer.core import derivatives as D
from gdexplorer.core import descent
from gdexplorer.core import kernels as K
from gdexplorer.core.expression import parse
from gdexplorer.core.optimizers import OPTIMIZERS

WAVY = "sin(3x)*cos(2y) + 0.1*(x^2 + y^2)"


# =============================================================================================
# divergence
# =============================================================================================
def test_gd_blow_up_on_the_bowl_stops_at_the_first_non_finite_row():
    """gd, lr 1.5, on x² + y² from (1, 1): θ ← θ − 1.5·2θ = −2θ (exact in binary), so row k is
    ((−2)^k, (−2)^k) and f = 2·4^k = 2^(2k+1). That is finite up to k = 511 (2^1023) and overflows
    at k = 512: the run keeps rows 0..511, all finite, and reports 'diverged at step 512'."""
    traj = descent.run(parse("x^2 + y^2"), (1.0, 1.0), "gd", hyperparameters={"lr": 1.5}, steps=1000)
    assert traj.status == "diverged"
    assert traj.stopped_at == 512
    assert traj.steps == 511 and traj.points.shape == (512, 2)
    assert traj.message.startswith("diverged at step 512")
    assert np.all(np.isfinite(traj.points)) and np.all(np.isfinite(traj.f)) and np.all(np.isfinite(traj.grad))
    k = np.arange(512)
    expected = (-2.0) ** k
    np.testing.assert_array_equal(traj.points, np.stack([expected, expected], axis=1))
    np.testing.assert_array_equal(traj.f, 2.0 ** (2 * k + 1))
    assert traj.f[-1] == 2.0**1023


def test_blow_up_through_exp():
    """gd, lr 1, on −exp(x) from 0: x ← x + exp(x). Plain Python: 0, 1, 1 + e, 44.9, then
    x₄ ≈ 3.2e19 where exp overflows, so f = −inf: 'diverged at step 4', rows 0..3 kept."""
    xs = [0.0]
    while True:
        try:
            xs.append(xs[-1] + math.exp(xs[-1]))
            math.exp(xs[-1])
        except OverflowError:
            break
    k_expected = len(xs) - 1
    assert k_expected == 4
    traj = descent.run(parse("-exp(x)"), (0.0,), "gd", hyperparameters={"lr": 1.0}, steps=50)
    assert traj.status == "diverged" and traj.stopped_at == k_expected
    assert traj.message.startswith(f"diverged at step {k_expected}")
    np.testing.assert_allclose(traj.points[:, 0], xs[:k_expected], rtol=1e-15)
    assert np.all(np.isfinite(traj.f))


def test_step_onto_a_pole_diverges_at_step_1():
    """gd, lr 1, on log(x) from 1: x₁ = 1 − 1/1 = 0 and log(0) = −inf. Only the start row stays."""
    traj = descent.run(parse("log(x)"), (1.0,), "gd", hyperparameters={"lr": 1.0}, steps=10)
    assert traj.status == "diverged" and traj.stopped_at == 1 and traj.steps == 0
    np.testing.assert_array_equal(traj.points, [[1.0]])


def test_momentum_blow_up_matches_a_plain_python_loop():
    """Heavy ball (torch's SGD momentum: v₁ = g₁, v ← μv + g, x ← x − lr·v) on x² is stable only
    for lr·2 < 2(1 + μ), i.e. lr < 1.9; at lr 2.5 it blows up, and a plain-Python loop of the same
    update names the step where x² overflows."""
    lr, mu = 2.5, 0.9
    x, v, k = 0.3, 0.0, 0
    rows = [x]
    while k < 100_000:
        g = 2 * x
        v = g if k == 0 else mu * v + g
        x = x - lr * v
        k += 1
        if not math.isfinite(x * x):
            break
        rows.append(x)
    assert k < 100_000
    traj = descent.run(parse("x^2"), (0.3,), "momentum", hyperparameters={"lr": lr}, steps=100_000)
    assert traj.status == "diverged" and traj.stopped_at == k
    np.testing.assert_array_equal(traj.points[:, 0], rows)


def test_divergence_when_stepping_in_pieces():
    """Stepping 100 at a time stops at the same step, with the same rows, and further steps do
    nothing."""
    expr = parse("x^2 + y^2")
    whole = descent.run(expr, (1.0, 1.0), "gd", hyperparameters={"lr": 1.5}, steps=1000)
    d = descent.Descent(expr, (1.0, 1.0), "gd", hyperparameters={"lr": 1.5})
    taken = [d.step(100) for _ in range(7)]
    assert taken == [100, 100, 100, 100, 100, 11, 0]
    assert d.finished and d.status == "diverged" and d.stopped_at == 512
    assert d.step(5) == 0
    traj = d.trajectory
    np.testing.assert_array_equal(traj.points, whole.points)
    assert traj.message == whole.message
    np.testing.assert_array_equal(d.theta, whole.points[-1])  # left on the last good point


def test_batch_reports_the_same_divergence():
    expr = parse("x^2 + y^2")
    whole = descent.run(expr, (1.0, 1.0), "gd", hyperparameters={"lr": 1.5}, steps=1000)
    batch = descent.run_batch(expr, np.array([[1.0, 1.0], [0.5, 0.25]]), "gd", hyperparameters={"lr": 1.5}, steps=1000)
    assert batch.status[0] == K.DIVERGED and batch.steps[0] == 511
    np.testing.assert_array_equal(batch.final[0], whole.points[-1])
    assert batch.f[0] == whole.f[-1]
    assert descent.STATUS_TEXT[int(batch.status[0])] == "diverged"


# =============================================================================================
# resumable runs
# =============================================================================================
PIECES = [0, 1, 2, 5, 13, 29]  # 50 steps


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_stepping_in_pieces_equals_one_run(name):
    """Descent.step in pieces of 0, 1, 2, 5, 13, 29 gives bitwise the run() of 50 steps: points,
    f, gradients, optimizer state (NAdam's μ product too) and, for sgd, the noise (default σ = 1,
    seed 5)."""
    expr = parse(WAVY)
    whole = descent.run(expr, (0.7, -0.4), name, steps=sum(PIECES), seed=5)
    d = descent.Descent(expr, (0.7, -0.4), name, seed=5)
    for n in PIECES:
        assert d.step(n) == n
    traj = d.trajectory
    assert traj.status == whole.status == "ok"
    np.testing.assert_array_equal(traj.points, whole.points)
    np.testing.assert_array_equal(traj.f, whole.f)
    np.testing.assert_array_equal(traj.grad, whole.grad)
    one = descent.Descent(expr, (0.7, -0.4), name, seed=5)
    one.step(sum(PIECES))
    for key, value in d.optimizer_state().items():
        np.testing.assert_array_equal(value, one.optimizer_state()[key])
    np.testing.assert_array_equal(d.scalars, one.scalars)
    assert d.t == one.t == sum(PIECES)


def test_sgd_pieces_with_custom_noise_and_nadam_state():
    expr = parse(WAVY)
    for name, kwargs in [("sgd", {"noise": 0.3, "seed": 99, "hyperparameters": {"lr": 0.02}}),
                         ("nadam", {"hyperparameters": {"lr": 0.05, "momentum_decay": 0.01, "weight_decay": 0.1}})]:
        whole = descent.run(expr, (1.5, 1.0), name, steps=120, **kwargs)
        d = descent.Descent(expr, (1.5, 1.0), name, **kwargs)
        for _ in range(120):
            d.step(1)
        np.testing.assert_array_equal(d.trajectory.points, whole.points)


def test_zero_steps():
    traj = descent.run(parse(WAVY), (0.7, -0.4), "adam", steps=0)
    assert traj.steps == 0 and traj.status == "ok"
    np.testing.assert_array_equal(traj.points, [[0.7, -0.4]])
    with pytest.raises(descent.RunError):
        descent.Descent(parse(WAVY), (0.7, -0.4)).step(-1)


# =============================================================================================
# trajectory invariants
# =============================================================================================
@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_rows_hold_f_and_the_exact_gradient_at_their_point(name):
    """Row k's f and gradient are f and ∇f (no noise) at row k's point."""
    expr = parse(WAVY)
    traj = descent.run(expr, (0.7, -0.4), name, steps=30, seed=2)
    f, gx, gy = D.points(expr, traj.points[:, 0], traj.points[:, 1])
    np.testing.assert_allclose(traj.f, f, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(traj.grad, np.stack([gx, gy], axis=1), rtol=1e-14, atol=1e-15)
    assert traj.points.shape == (31, 2) and traj.dim == 2 and traj.steps == 30


# =============================================================================================
# batches
# =============================================================================================
STARTS = np.array([[-1.2, 1.0], [0.5, -0.5], [2.0, 2.0], [0.0, 0.3]])


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_run_batch_equals_run(name):
    """run_batch's final points, f and step counts equal run() from each start (noise off: a batch
    has none)."""
    expr = parse(WAVY)
    batch = descent.run_batch(expr, STARTS, name, steps=80)
    for k, start in enumerate(STARTS):
        traj = descent.run(expr, start, name, steps=80, noise=0.0)
        assert descent.STATUS_TEXT[int(batch.status[k])] == traj.status
        assert batch.steps[k] == traj.steps
        np.testing.assert_allclose(batch.final[k], traj.points[-1], rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(batch.f[k], traj.f[-1], rtol=1e-13, atol=1e-15)


def test_run_batch_singular_and_1d():
    batch = descent.run_batch(parse("x^2 + y"), STARTS, "newton", steps=5)
    assert np.all(batch.status == K.SINGULAR) and np.all(batch.steps == 0)
    np.testing.assert_array_equal(batch.final, STARTS)
    batch = descent.run_batch(parse("x*cos(pi*x)"), np.array([0.5, -1.0]), "gd", hyperparameters={"lr": 0.1}, steps=20)
    assert batch.final.shape == (2, 1)
    for k, start in enumerate([0.5, -1.0]):
        traj = descent.run(parse("x*cos(pi*x)"), (start,), "gd", hyperparameters={"lr": 0.1}, steps=20)
        assert batch.final[k, 0] == pytest.approx(traj.points[-1, 0], rel=1e-13)


@pytest.mark.parametrize("text, start, lr, status, words", [
    # gd on sqrt(x) + y^2 slides to x = 0 and steps past it: f is NaN there, nothing overflowed
    ("sqrt(x) + y^2", (1.0, 1.0), 0.1, "undefined", "f is undefined at θ = (-0.33"),
    ("log(x)", (2.0,), 3.0, "undefined", "f is undefined at θ = -5.5"),
    # |θ| has a cusp at 0: f = 0 is finite, its gradient is 0/0
    ("sqrt(x^2 + y^2)", (1.0, 0.0), 0.5, "undefined", "f has no gradient at θ = (0, 0)"),
    # overflow is a divergence, even when it ends in NaN (inf - inf)
    ("x^2 + y^2", (1.0, 1.0), 2.0, "diverged", "diverged at step 323"),
    ("x^2 - y^2", (1.0, 1.0), 2.0, "diverged", "diverged at step"),
    ("exp(x) - exp(y)", (1.0, 1.0), 5.0, "diverged", "diverged at step 2"),
])
def test_a_step_into_an_undefined_region_is_not_a_divergence(text, start, lr, status, words):
    """The tour: gd on sqrt(x) + y^2 walked down to x ≈ 0.1 with f falling, stepped to x < 0, and
    was reported "DIVERGED". A finite point where f is NaN with no infinity in its evaluation is a
    step where f is undefined; an overflow stays a divergence."""
    trajectory = descent.run(parse(text), start, "gd", hyperparameters={"lr": lr}, steps=3000)
    assert trajectory.status == status
    assert words in trajectory.message
    assert np.all(np.isfinite(trajectory.points)) and np.all(np.isfinite(trajectory.f))  # the good rows only
