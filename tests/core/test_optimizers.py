"""Optimizers without torch: analytic checks (Newton, the noise of sgd), the registry's contract,
and convergence tables (optax style) for every registry entry.

The exact step-by-step equality with torch.optim is in ``test_torch_reference.py``.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from gdexplorer.core import descent
from gdexplorer.core.descent import RunError
from gdexplorer.core.expression import parse
from gdexplorer.core.optimizers import OPTIMIZERS, get_optimizer

from .references import BOWL, OPTIMIZER_REFERENCES, ROSENBROCK, missing_references, rosenbrock_grad, rosenbrock_hess

BOWL_MIN = np.array([1.0, -0.5])  # (x − 1)² + 2(y + 0.5)²
ROSENBROCK_MIN = np.array([1.0, 1.0])


# =============================================================================================
# the registry
# =============================================================================================
@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_registry_entry_is_consistent(name):
    """Every entry: its defaults pass its own checks, pack into its rule's layout, lr is a positive
    hyperparameter, and it can be found by name in any case."""
    spec = OPTIMIZERS[name]
    assert spec.name == name and spec.label and spec.summary and spec.formula
    assert get_optimizer(name.upper()) is spec
    defaults = spec.defaults()
    assert spec.resolve() == defaults
    for hp in spec.hyperparameters:
        assert hp.check(hp.default) == hp.default
        assert hp.name in spec.rule.parameters
    assert len(spec.pack()) == len(spec.rule.parameters)
    assert spec.default_lr > 0
    with pytest.raises(ValueError):
        spec.hyperparameter("lr").check(0.0)  # lr > 0
    with pytest.raises(ValueError):
        spec.hyperparameter("lr").check(math.nan)


@pytest.mark.parametrize(
    "optimizer, overrides, fragment",
    [
        ("adam", {"beta1": 1.0}, "beta1"),
        ("adam", {"beta2": -0.1}, "beta2"),
        ("gd", {"lr": -1.0}, "lr"),
        ("rmsprop", {"centered": 0.5}, "centered"),
        ("momentum", {"momentum": 1.0}, "momentum"),
        ("gd", {"beta1": 0.9}, "no hyperparameter 'beta1'"),
        ("adagrad", {"eps": "abc"}, "eps"),
    ],
)
def test_bad_hyperparameters_are_run_errors(optimizer, overrides, fragment):
    with pytest.raises(RunError, match=fragment):
        descent.run(parse("x^2"), (1.0,), optimizer, hyperparameters=overrides, steps=1)


def test_unknown_optimizer_lists_the_registry():
    with pytest.raises(RunError) as info:
        descent.run(parse("x^2"), (1.0,), "lbfgs")
    for name in OPTIMIZERS:
        assert name in str(info.value)


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"start": (1.0, 2.0)}, "1 coordinate"),
        ({"start": (math.nan,)}, "finite"),
        ({"start": (-1.0,), "text": "log(x)"}, "not finite at the start"),
        ({"noise": -1.0}, "noise"),
        ({"steps": -1}, "steps"),
    ],
)
def test_bad_run_settings_are_run_errors(kwargs, fragment):
    text = kwargs.pop("text", "x^2")
    args = {"start": (1.0,), **kwargs}
    with pytest.raises(RunError, match=fragment):
        descent.run(parse(text), **args)


# =============================================================================================
# sgd = gd + Gaussian gradient noise
# =============================================================================================
def test_sgd_without_noise_is_gd():
    expr = parse(ROSENBROCK)
    gd = descent.run(expr, (-1.2, 1.0), "gd", hyperparameters={"lr": 1e-3}, steps=300)
    sgd = descent.run(expr, (-1.2, 1.0), "sgd", hyperparameters={"lr": 1e-3}, steps=300, noise=0.0)
    np.testing.assert_array_equal(sgd.points, gd.points)
    np.testing.assert_array_equal(sgd.f, gd.f)


def test_sgd_is_reproducible_per_seed_and_differs_across_seeds():
    expr = parse(BOWL)
    a = descent.run(expr, (-2.0, 2.0), "sgd", hyperparameters={"lr": 0.05}, steps=200, seed=7)
    b = descent.run(expr, (-2.0, 2.0), "sgd", hyperparameters={"lr": 0.05}, steps=200, seed=7)
    c = descent.run(expr, (-2.0, 2.0), "sgd", hyperparameters={"lr": 0.05}, steps=200, seed=8)
    np.testing.assert_array_equal(a.points, b.points)
    assert np.all(a.points[1:] != c.points[1:])  # every noisy row differs
    assert OPTIMIZERS["sgd"].default_noise == 1.0  # σ = 1 unless told otherwise
    d = descent.run(expr, (-2.0, 2.0), "sgd", hyperparameters={"lr": 0.05}, steps=200, seed=7, noise=1.0)
    np.testing.assert_array_equal(a.points, d.points)


def test_sgd_noise_is_standard_normal_times_sigma():
    """On f = x + y the gradient is (1, 1) everywhere, so each step is θ ← θ − lr·(1 + σξ): the
    increments divided by −lr are 1 + σξ with ξ ~ N(0, I) independent across steps and
    coordinates. 20,000 draws: the mean is 1 within 5 standard errors, the spread σ within 3%,
    the two coordinates are uncorrelated (|r| < 0.04, 5/√20000 = 0.035)."""
    sigma, lr, n = 0.5, 0.01, 10_000
    traj = descent.run(parse("x + y"), (0.0, 0.0), "sgd", hyperparameters={"lr": lr}, steps=n, noise=sigma, seed=3)
    z = -np.diff(traj.points, axis=0).ravel() / lr  # 2n samples of 1 + σξ
    assert abs(z.mean() - 1.0) < 5 * sigma / math.sqrt(2 * n)
    assert z.std() == pytest.approx(sigma, rel=0.03)
    inc = -np.diff(traj.points, axis=0) / lr
    assert abs(np.corrcoef(inc[:, 0], inc[:, 1])[0, 1]) < 0.04
    assert abs(np.corrcoef(inc[:-1, 0], inc[1:, 0])[0, 1]) < 0.04  # no correlation in time
    np.testing.assert_array_equal(traj.grad, np.ones((n + 1, 2)))  # rows keep the exact gradient


def test_sgd_stationary_spread_on_a_quadratic():
    """On (x − 1)², gd with noise is the AR(1) process u ← (1 − 2·lr)u − lr·σξ (u = x − 1), whose
    stationary variance is lr²σ²/(1 − (1 − 2lr)²). lr 0.05, σ 1: std 0.1147. The last 20,000 of
    21,000 steps match it within 10%, and their mean is the minimum within 0.02."""
    lr, sigma = 0.05, 1.0
    traj = descent.run(parse("(x - 1)^2"), (3.0,), "sgd", hyperparameters={"lr": lr}, steps=21_000, noise=sigma, seed=11)
    tail = traj.points[1000:, 0]
    expected_std = math.sqrt(lr**2 * sigma**2 / (1 - (1 - 2 * lr) ** 2))
    assert expected_std == pytest.approx(0.1147, abs=1e-4)
    assert tail.std() == pytest.approx(expected_std, rel=0.10)
    assert abs(tail.mean() - 1.0) < 0.02


# =============================================================================================
# newton
# =============================================================================================
QUADRATIC = "3*x^2 + 2*x*y + 2*y^2 - 4*x + y + 7"  # H = [[6, 2], [2, 4]], ∇f = Hθ + (−4, 1)
QUADRATIC_MIN = np.array([0.9, -0.7])  # H⁻¹(4, −1) = [[4, −2], [−2, 6]]/20 · (4, −1)


@pytest.mark.parametrize("start", [(5.0, -3.0), (0.0, 0.0), (-100.0, 250.0), (0.9, -0.7)])
def test_newton_solves_a_quadratic_in_one_step(start):
    traj = descent.run(parse(QUADRATIC), start, "newton", hyperparameters={"lr": 1.0}, steps=3)
    assert traj.status == "ok"
    scale = max(1.0, np.max(np.abs(start)))
    np.testing.assert_allclose(traj.points[1:], np.tile(QUADRATIC_MIN, (3, 1)), rtol=0, atol=1e-14 * scale * 10)
    assert traj.f[-1] == pytest.approx(3 * 0.81 + 2 * 0.9 * -0.7 + 2 * 0.49 - 3.6 - 0.7 + 7, rel=1e-14)


def test_newton_with_lr_half_goes_halfway():
    """θ₁ = θ₀ − ½H⁻¹∇f = θ₀ − ½(θ₀ − θ*): the distance to the minimum halves every step."""
    traj = descent.run(parse(QUADRATIC), (5.0, -3.0), "newton", hyperparameters={"lr": 0.5}, steps=10)
    expected = QUADRATIC_MIN + 0.5 ** np.arange(11)[:, None] * (np.array([5.0, -3.0]) - QUADRATIC_MIN)
    np.testing.assert_allclose(traj.points, expected, rtol=1e-13, atol=1e-14)


def test_newton_1d():
    """3(x − 2)² + 1: one step to 2. x⁴: x ← x − 4x³/12x² = (2/3)x, so x_k = (2/3)^k."""
    traj = descent.run(parse("3*(x - 2)^2 + 1"), (7.5,), "newton", steps=1)
    assert traj.points[-1, 0] == 2.0
    traj = descent.run(parse("x^4"), (1.0,), "newton", steps=30)
    np.testing.assert_allclose(traj.points[:, 0], (2 / 3) ** np.arange(31), rtol=1e-14)


def test_newton_on_rosenbrock_matches_numpy_newton():
    """Against a numpy Newton iteration with the hand-written gradient and Hessian of Rosenbrock
    (np.linalg.solve): the same 10 points to 1e-10; it reaches (1, 1) in 6 steps."""
    traj = descent.run(parse(ROSENBROCK), (-1.2, 1.0), "newton", steps=10)
    theta = np.array([-1.2, 1.0])
    rows = [theta]
    for _ in range(10):
        theta = theta - np.linalg.solve(rosenbrock_hess(*theta), np.array(rosenbrock_grad(*theta)))
        rows.append(theta)
    np.testing.assert_allclose(traj.points, np.array(rows), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(traj.points[6:], np.ones((5, 2)), atol=1e-12)


def test_newton_goes_to_a_saddle():
    """Newton looks for ∇f = 0, not for a minimum: on x² − y² it jumps to the saddle (0, 0)."""
    traj = descent.run(parse("x^2 - y^2"), (1.0, 1.0), "newton", steps=1)
    np.testing.assert_array_equal(traj.points[-1], [0.0, 0.0])


@pytest.mark.parametrize("text, start", [("x^2 + y", (1.0, 2.0)), ("x + y", (0.3, -4.0)), ("x", (1.0,)),
                                         ("x*y*0 + x^2", (1.0, 1.0)), ("(x + y)^2", (1.0, 2.0))])
def test_newton_singular_hessian_stops_cleanly(text, start):
    """A singular Hessian (x² + y: [[2, 0], [0, 0]]; linear functions: 0; (x + y)²: rank 1) stops
    newton at step 1 with status 'singular', the start row kept and a message that says why."""
    traj = descent.run(parse(text), start, "newton", steps=5)
    assert traj.status == "singular"
    assert traj.stopped_at == 1 and traj.steps == 0
    np.testing.assert_array_equal(traj.points, [start])
    assert "singular" in traj.message and "Hessian" in traj.message and "step 1" in traj.message


# =============================================================================================
# convergence tables (optax style): settings that really converge, stated per optimizer
# =============================================================================================
# settings per optimizer: OPTIMIZER_REFERENCES in references.py
REFERENCED = [name for name in OPTIMIZERS if name in OPTIMIZER_REFERENCES]


def test_every_optimizer_has_a_test_reference():
    """A new optimizer fails here, and only here, until tests/core/references.py has its reference
    (convergence settings, and torch.optim or analytic tests for its update rule)."""
    missing = missing_references(OPTIMIZERS)
    assert not missing, "\n".join(missing)


def _distance(traj, minimum, noisy):
    if noisy:
        return float(np.linalg.norm(traj.points[-1000:].mean(axis=0) - minimum))
    return float(np.linalg.norm(traj.points[-1] - minimum))


@pytest.mark.parametrize("name", REFERENCED)
def test_every_optimizer_converges_on_a_convex_bowl(name):
    lr, steps, hyper, noise, tol = OPTIMIZER_REFERENCES[name].bowl
    traj = descent.run(parse(BOWL), (-2.0, 2.0), name, steps=steps, hyperparameters={"lr": lr, **hyper}, noise=noise, seed=1)
    assert traj.status == "ok"
    noisy = (noise if noise is not None else OPTIMIZERS[name].default_noise) > 0
    assert _distance(traj, BOWL_MIN, noisy) < tol
    assert traj.f[-1] < traj.f[0]


@pytest.mark.parametrize("name", REFERENCED)
def test_every_optimizer_converges_on_rosenbrock(name):
    lr, steps, hyper, noise, tol = OPTIMIZER_REFERENCES[name].rosenbrock
    traj = descent.run(parse(ROSENBROCK), (-1.2, 1.0), name, steps=steps, hyperparameters={"lr": lr, **hyper},
                       noise=noise, seed=1)
    assert traj.status == "ok"
    noisy = (noise if noise is not None else OPTIMIZERS[name].default_noise) > 0
    assert _distance(traj, ROSENBROCK_MIN, noisy) < tol
