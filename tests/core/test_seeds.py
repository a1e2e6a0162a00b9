"""The seed programs' numbers, reproduced by gdexplorer and by independent plain-Python/numpy code.

Seed 001: central-difference gradient (h = 1e-4) against the exact one.
Seed 003: the chain rule on J = 3(a + b·c).
Seed 004: gradient descent on x·cos(πx), including its hand-written derivative that drops a π.
And the first example of the issue: gd on x² + y² from (-3, 4).
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from gdexplorer.core import derivatives as D
from gdexplorer.core import descent
from gdexplorer.core.expression import parse

from .references import gd_loop, xcospix_exact_derivative, xcospix_seed004_derivative


# =============================================================================================
# gd on the bowl x^2 + y^2
# =============================================================================================
def test_gd_on_bowl_matches_the_closed_form():
    """θ_k = θ_{k-1} − 0.1·2θ_{k-1} = 0.8·θ_{k-1}, so θ_k = 0.8^k·(−3, 4) (analytic). After 100
    steps that is (−6.1e−10, 8.1e−10), the issue's number."""
    traj = descent.run(parse("x^2 + y^2"), (-3.0, 4.0), "gd", hyperparameters={"lr": 0.1}, steps=100)
    assert traj.status == "ok" and traj.steps == 100 and traj.stopped_at is None
    k = np.arange(101)[:, None]
    expected = 0.8**k * np.array([-3.0, 4.0])
    np.testing.assert_allclose(traj.points, expected, rtol=1e-13)
    np.testing.assert_allclose(traj.f, 25.0 * 0.64 ** np.arange(101), rtol=1e-13)
    np.testing.assert_allclose(traj.grad, 2.0 * expected, rtol=1e-13)
    x, y = traj.points[-1]
    assert x == pytest.approx(-6.1e-10, abs=0.05e-10) and y == pytest.approx(8.1e-10, abs=0.05e-10)  # 2 digits
    assert x == pytest.approx(-3.0 * 0.8**100, rel=1e-13)


# =============================================================================================
# seed 004: x cos(pi x)
# =============================================================================================
def test_seed004_exact_gd_from_half():
    """Exact GD on x·cos(πx), lr 0.1, 5 steps from 0.5: 1.0899 (plain-Python loop with the
    derivative cos(πx) − πx·sin(πx)); gdexplorer's run gives the same number."""
    plain = gd_loop(xcospix_exact_derivative, 0.5, 0.1, 5)
    assert plain == pytest.approx(1.0899, abs=5e-5)
    traj = descent.run(parse("x*cos(pi*x)"), (0.5,), "gd", hyperparameters={"lr": 0.1}, steps=5)
    assert traj.points.shape == (6, 1)
    assert traj.points[-1, 0] == pytest.approx(plain, rel=1e-12)


def test_seed004_exact_gd_from_minus_one_is_stuck_in_the_local_minimum():
    """From −1.0, 20 steps end at −0.2739: the local minimum, where f'(x) = 0, which Newton's
    method on f' (plain Python) places at −0.27385268680; the run is within 1e-8 of it."""
    plain = gd_loop(xcospix_exact_derivative, -1.0, 0.1, 20)
    assert plain == pytest.approx(-0.2739, abs=5e-5)
    traj = descent.run(parse("x*cos(pi*x)"), (-1.0,), "gd", hyperparameters={"lr": 0.1}, steps=20)
    assert traj.points[-1, 0] == pytest.approx(plain, rel=1e-12)
    x = -0.27
    for _ in range(30):  # Newton on f'(x) = cos(πx) − πx sin(πx); f'' by hand
        fpp = -2 * math.pi * math.sin(math.pi * x) - math.pi**2 * x * math.cos(math.pi * x)
        x -= xcospix_exact_derivative(x) / fpp
    assert x == pytest.approx(-0.27385268680, abs=1e-10)
    assert abs(traj.points[-1, 0] - x) < 1e-8
    assert abs(traj.grad[-1, 0]) < 1e-7


# the function whose exact derivative is seed 004's formula cos(πx) − x·sin(πx):
# d/dx [(x cos(πx) + (1 − 1/π) sin(πx)) / π] = (cos(πx) − πx sin(πx) + (π − 1) cos(πx)) / π
SEED004_ANTIDERIVATIVE = "(x*cos(pi*x) + (1 - 1/pi)*sin(pi*x))/pi"


@pytest.mark.parametrize("x", [-1.3, -1.0, -0.2, 0.0, 0.5, 0.96, 1.7])
def test_seed004_formula_is_the_exact_derivative_of_its_antiderivative(x):
    expected = xcospix_seed004_derivative(x)
    assert D.gradient(parse(SEED004_ANTIDERIVATIVE), (x,))[0] == pytest.approx(expected, rel=1e-13, abs=1e-15)


@pytest.mark.parametrize("start, steps, expected", [(0.5, 5, 0.9609), (-1.0, 20, -0.3835)])
def test_seed004_wrong_derivative(start, steps, expected):
    """Seed 004's derivative drops a π: its loop gives 0.9609 after 5 steps from 0.5 and −0.3835
    after 20 from −1 (plain Python). gdexplorer reproduces both, to 1e-12, by running exact GD on
    the function whose true derivative that formula is."""
    plain = gd_loop(xcospix_seed004_derivative, start, 0.1, steps)
    assert plain == pytest.approx(expected, abs=5e-5)
    traj = descent.run(parse(SEED004_ANTIDERIVATIVE), (start,), "gd", hyperparameters={"lr": 0.1}, steps=steps)
    assert traj.points[-1, 0] == pytest.approx(plain, rel=1e-12)
    # and every intermediate point too
    x = start
    for k in range(1, steps + 1):
        x = x - 0.1 * xcospix_seed004_derivative(x)
        assert traj.points[k, 0] == pytest.approx(x, rel=1e-12)


# =============================================================================================
# seed 003: the chain rule on J = 3(a + b c), a = 5, b = 3, c = 2
# =============================================================================================
@pytest.mark.parametrize(
    "text, point, grad",
    [
        # u = b·c, v = a + u, J = 3v: dJ/db = 3c = 6, dJ/dc = 3b = 9
        ("3*(5 + x*y)", (3.0, 2.0), (6.0, 9.0)),  # x = b, y = c
        ("3*(x + y*2)", (5.0, 3.0), (3.0, 6.0)),  # x = a, y = b: dJ/da = 3, dJ/db = 3c = 6
        ("3*(x + 3*y)", (5.0, 2.0), (3.0, 9.0)),  # x = a, y = c: dJ/dc = 3b = 9
        ("3*(x + 3*2)", (5.0,), (3.0,)),  # x = a: dJ/da = 3
        ("3(5 + x y)", (3.0, 2.0), (6.0, 9.0)),  # juxtaposition spelling
        ("3*(y + x*2)", (3.0, 5.0), (6.0, 3.0)),  # x = b, y = a
    ],
)
def test_seed003_chain_rule(text, point, grad):
    """J = 33 and the partials of seed 003, exactly (all numbers are small integers)."""
    expr = parse(text)
    f, g = D.value_and_gradient(expr, point)
    assert f == 33.0
    assert list(g) == list(grad)


def test_seed003_hessian():
    """J = 3(5 + xy): ∂²J/∂x∂y = 3, the other second derivatives are 0."""
    np.testing.assert_array_equal(D.hessian(parse("3*(5 + x*y)"), (3.0, 2.0)), [[0.0, 3.0], [3.0, 0.0]])


# =============================================================================================
# seed 001: numerical gradient
# =============================================================================================
SEED001_CASES = [
    ("x^2 + y^2", (-3.0, 4.0)),
    ("3*(5 + x*y)", (3.0, 2.0)),
    ("(1 - x)^2 + 100*(y - x^2)^2", (-1.2, 1.0)),
    ("sin(x)*exp(y/3) + log(1 + x^2 + y^2)", (0.7, -1.3)),
    ("x*cos(pi*x)", (0.5,)),
    ("sqrt(x^2 + y^2 + 1) - atan2(y, x + 3)", (1.5, 0.25)),
]


def _central_difference(expr, point, h):
    """Seed 001's formula, written out: (f(θ + h·e_i) − f(θ − h·e_i)) / 2h."""
    out = []
    for i in range(len(point)):
        up = list(point)
        down = list(point)
        up[i] += h
        down[i] -= h
        out.append((D.value(expr, up) - D.value(expr, down)) / (2 * h))
    return np.array(out)


@pytest.mark.parametrize("text, point", SEED001_CASES)
def test_seed001_numerical_gradient_agrees_with_exact(text, point):
    """Central differences with h = 1e-4 have error ~h²·f'''/6 ≈ 1e-9·f''': they agree with the
    exact gradient to 1e-6 relative (normwise). numerical_gradient is seed 001's formula."""
    expr = parse(text)
    exact = D.gradient(expr, point)
    numeric = D.numerical_gradient(expr, point, h=1e-4)
    np.testing.assert_array_equal(numeric, _central_difference(expr, point, 1e-4))
    scale = max(np.max(np.abs(exact)), 1.0)
    assert np.max(np.abs(numeric - exact)) <= 1e-6 * scale, (numeric, exact)


def test_seed001_quadratic_central_difference_is_exact_up_to_rounding():
    """For a quadratic the central difference has no truncation error: only rounding (~1e-11 here)."""
    expr = parse("x^2 + y^2")
    numeric = D.numerical_gradient(expr, (-3.0, 4.0))
    np.testing.assert_allclose(numeric, [-6.0, 8.0], rtol=1e-10)
