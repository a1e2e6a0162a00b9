"""Grids and point sets: derivatives.grid and derivatives.points against numpy formulas written by
hand, and against the single-point interpreter for every function of the language."""
from __future__ import annotations

import numpy as np
import pytest

from gdexplorer.core import derivatives as D
from gdexplorer.core.expression import parse

from .references import (
    HIMMELBLAU, ROSENBROCK, TORCH_EXPRESSIONS, himmelblau, himmelblau_grad, rosenbrock, rosenbrock_grad,
)

LANDSCAPES = {
    "rosenbrock": (ROSENBROCK, rosenbrock, rosenbrock_grad, (-2.0, 2.0), (-1.0, 3.0)),
    "himmelblau": (HIMMELBLAU, himmelblau, himmelblau_grad, (-5.0, 5.0), (-5.0, 5.0)),
}


def assert_grid_close(actual, expected, rtol=1e-12):
    """Elementwise relative 1e-12, with an absolute floor of 1e-12 × the largest |value| on the
    grid for entries that are zero by cancellation (the minimum of f, the zeros of ∇f)."""
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=rtol * np.max(np.abs(expected)))


@pytest.mark.parametrize("name", list(LANDSCAPES))
def test_64x64_grid_matches_numpy(name):
    text, f, grad, (x0, x1), (y0, y1) = LANDSCAPES[name]
    xs = np.linspace(x0, x1, 64)
    ys = np.linspace(y0, y1, 64)
    out = D.grid(parse(text), xs, ys)
    X, Y = np.meshgrid(xs, ys)  # rows follow ys, columns follow xs
    assert out.f.shape == out.gx.shape == out.gy.shape == (64, 64)
    assert_grid_close(out.f, f(X, Y))
    gx, gy = grad(X, Y)
    assert_grid_close(out.gx, gx)
    assert_grid_close(out.gy, gy)
    np.testing.assert_array_equal(out.xs, xs)
    np.testing.assert_array_equal(out.ys, ys)


def test_odd_sized_irregular_grid():
    """37 × 53 = 1961 points (not a multiple of the 256-point block), unevenly spaced: every point
    lands in its own cell (row = y index, column = x index)."""
    rng = np.random.default_rng(0)
    xs = np.sort(rng.uniform(-2, 2, 37))
    ys = np.sort(rng.uniform(-1, 3, 53))
    out = D.grid(parse(ROSENBROCK), xs, ys)
    X, Y = np.meshgrid(xs, ys)
    assert out.f.shape == (53, 37)
    assert_grid_close(out.f, rosenbrock(X, Y))
    gx, gy = rosenbrock_grad(X, Y)
    assert_grid_close(out.gx, gx)
    assert_grid_close(out.gy, gy)


@pytest.mark.parametrize("nx, ny", [(1, 1), (1, 300), (300, 1), (256, 1), (257, 3)])
def test_degenerate_grid_shapes(nx, ny):
    xs = np.linspace(-1, 1, nx)
    ys = np.linspace(-2, 0.5, ny)
    out = D.grid(parse(HIMMELBLAU), xs, ys)
    X, Y = np.meshgrid(xs, ys)
    assert out.f.shape == (ny, nx)
    assert_grid_close(out.f, himmelblau(X, Y))


def test_grid_without_gradient():
    xs = np.linspace(-2, 2, 40)
    ys = np.linspace(-1, 3, 30)
    expr = parse(ROSENBROCK)
    out = D.grid(expr, xs, ys, gradient=False)
    assert out.gx is None and out.gy is None
    np.testing.assert_array_equal(out.f, D.grid(expr, xs, ys).f)


def test_1d_grid():
    """x·cos(πx) on 1000 points: f and f' = cos(πx) − πx·sin(πx) (numpy)."""
    xs = np.linspace(-2, 2, 1000)
    out = D.grid(parse("x*cos(pi*x)"), xs)
    assert out.ys is None and out.gy is None and out.f.shape == (1000,)
    assert_grid_close(out.f, xs * np.cos(np.pi * xs))
    assert_grid_close(out.gx, np.cos(np.pi * xs) - np.pi * xs * np.sin(np.pi * xs))


def test_grid_of_a_function_with_holes():
    """log(x) on a grid through negative x: nan there, −inf at 0, no exception."""
    xs = np.array([-1.0, 0.0, 1.0, np.e])
    out = D.grid(parse("log(x)"), xs)
    assert np.isnan(out.f[0]) and out.f[1] == -np.inf
    np.testing.assert_allclose(out.f[2:], [0.0, 1.0], atol=1e-16)
    np.testing.assert_allclose(out.gx[2:], [1.0, 1 / np.e], rtol=1e-15)


def test_points_match_numpy():
    rng = np.random.default_rng(1)
    px = rng.uniform(-5, 5, 1000)
    py = rng.uniform(-5, 5, 1000)
    f, gx, gy = D.points(parse(HIMMELBLAU), px, py)
    assert_grid_close(f, himmelblau(px, py))
    ex, ey = himmelblau_grad(px, py)
    assert_grid_close(gx, ex)
    assert_grid_close(gy, ey)


def test_points_of_a_1d_function():
    px = np.linspace(-1, 1, 11)
    f, gx, gy = D.points(parse("x^3 - 2x"), px)
    assert_grid_close(f, px**3 - 2 * px)
    assert_grid_close(gx, 3 * px**2 - 2)
    np.testing.assert_array_equal(gy, np.zeros(11))


@pytest.mark.parametrize("text, _fn, probes", TORCH_EXPRESSIONS, ids=[t for t, _, _ in TORCH_EXPRESSIONS])
def test_grid_equals_the_single_point_interpreter(text, _fn, probes):
    """For every function of the language, the block interpreter on a grid gives the single-point
    reverse-mode f and gradient at every node (to 1e-14: they share the op semantics)."""
    expr = parse(text)
    xs = np.unique([p[0] for p in probes])
    ys = np.unique([p[1] for p in probes]) if expr.dim == 2 else None
    out = D.grid(expr, xs, ys)
    for j, x in enumerate(xs):
        for i, y in enumerate(ys if ys is not None else [None]):
            point = (x,) if y is None else (x, y)
            f, g = D.value_and_gradient(expr, point)
            idx = (j,) if y is None else (i, j)
            np.testing.assert_allclose(out.f[idx], f, rtol=1e-14, atol=1e-300)
            np.testing.assert_allclose(out.gx[idx], g[0], rtol=1e-14, atol=1e-15)
            if y is not None:
                np.testing.assert_allclose(out.gy[idx], g[1], rtol=1e-14, atol=1e-15)


def test_point_with_the_wrong_number_of_coordinates():
    with pytest.raises(ValueError, match="function of x"):
        D.value(parse("x^2"), (1.0, 2.0))
    with pytest.raises(ValueError, match="function of x and y"):
        D.gradient(parse("x*y"), (1.0,))
    assert D.value(parse("x^2"), 3.0) == 9.0  # a bare number is a 1-D point
    np.testing.assert_array_equal(D.hessian(parse("x^2*y"), (1.0, 2.0)), [[4.0, 2.0], [2.0, 0.0]])


def test_squares_are_the_same_products_on_points_grids_and_generated_kernels():
    """x^2 at a point was pow(x, 2.0), which numba's pow rounds differently from x*x at about one
    point in a thousand, while the grid kernels and the generated (specialized, batch) kernels
    multiply: a run's trajectory then depended on which code evaluated it."""
    xs = np.random.default_rng(0).uniform(-1e3, 1e3, 20_000)
    expr = parse("x^2")
    f_points = np.array([D.value_and_gradient(expr, [x])[0] for x in xs])
    np.testing.assert_array_equal(f_points, xs * xs)
    np.testing.assert_array_equal(D.grid(expr, xs).f, xs * xs)
