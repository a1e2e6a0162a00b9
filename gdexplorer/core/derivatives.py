"""f, the exact gradient and Hessian of an :class:`Expression`, on points and grids.

Thin wrappers that hand the expression's tape to the precompiled kernels (or to the kernels
generated for the expression, once :mod:`gdexplorer.core.specialize` has loaded them), plus the
central-difference gradient of seed 001 for comparison.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Sequence

import numpy as np

from gdexplorer.core import kernels as K
from gdexplorer.core.expression import Expression
from gdexplorer.core.messages import message

#: expression key -> the kernels generated for it, filled by specialize.compile_kernels (grid and
#: points use them when present; nothing here compiles)
SPECIALIZED: dict[str, ModuleType] = {}


def tape(expr: Expression):
    return expr.ops, expr.arg_a, expr.arg_b, expr.consts


def _point(expr: Expression, point: Sequence[float]) -> tuple[float, float]:
    pt = [float(v) for v in np.ravel(np.asarray(point, dtype=np.float64))]
    if len(pt) != expr.dim:
        if expr.dim == 1:
            raise ValueError(message("{source!r} is a function of x: give 1 coordinate(s), got {count}",
                                     source=expr.source, count=len(pt)))
        raise ValueError(message("{source!r} is a function of x and y: give 2 coordinate(s), got {count}",
                                 source=expr.source, count=len(pt)))
    return pt[0], (pt[1] if expr.dim == 2 else 0.0)


def value_and_gradient(expr: Expression, point: Sequence[float]) -> tuple[float, np.ndarray]:
    x, y = _point(expr, point)
    n = expr.size
    f, gx, gy = K.eval_point(*tape(expr), x, y, np.empty(n), np.empty(n))
    return float(f), np.array([gx, gy][: expr.dim])


def value(expr: Expression, point: Sequence[float]) -> float:
    return value_and_gradient(expr, point)[0]


def gradient(expr: Expression, point: Sequence[float]) -> np.ndarray:
    return value_and_gradient(expr, point)[1]


def hessian(expr: Expression, point: Sequence[float]) -> np.ndarray:
    x, y = _point(expr, point)
    _, _, _, hxx, hxy, hyy = K.eval_hessian(*tape(expr), x, y)
    if expr.dim == 1:
        return np.array([[hxx]])
    return np.array([[hxx, hxy], [hxy, hyy]])


def numerical_gradient(expr: Expression, point: Sequence[float], h: float = 1e-4) -> np.ndarray:
    """Central differences (f(θ + h e_i) - f(θ - h e_i)) / 2h, as seed 001 computes them."""
    base = np.array(_point(expr, point)[: expr.dim], dtype=np.float64)
    out = np.empty(expr.dim)
    for i in range(expr.dim):
        step = np.zeros(expr.dim)
        step[i] = h
        out[i] = (value(expr, base + step) - value(expr, base - step)) / (2.0 * h)
    return out


@dataclass(frozen=True)
class GridValues:
    """f and ∇f sampled on xs × ys; arrays are shaped (len(ys), len(xs)) (1-D: (len(xs),))."""

    xs: np.ndarray
    ys: np.ndarray | None
    f: np.ndarray
    gx: np.ndarray | None
    gy: np.ndarray | None


def grid(expr: Expression, xs: np.ndarray, ys: np.ndarray | None = None, gradient: bool = True) -> GridValues:
    """Evaluate on a grid: with the expression's specialized kernels when they are loaded, else
    with the interpreter (no compile, whatever the expression)."""
    xs = np.ascontiguousarray(xs, dtype=np.float64)
    if expr.dim == 1 or ys is None:
        ys_used = np.zeros(1)
    else:
        ys_used = np.ascontiguousarray(ys, dtype=np.float64)
    total = xs.size * ys_used.size
    f = np.empty(total)
    gx = np.empty(total) if gradient else np.empty(0)
    gy = np.empty(total) if gradient else np.empty(0)
    kernels = SPECIALIZED.get(expr.key)
    if kernels is not None:
        kernels.grid(xs, ys_used, gradient, f, gx, gy)
    else:
        K.eval_grid(*tape(expr), xs, ys_used, gradient, f, gx, gy)
    if expr.dim == 1 or ys is None:
        return GridValues(xs, None, f, gx if gradient else None, None)
    shape = (ys_used.size, xs.size)
    return GridValues(
        xs, ys_used, f.reshape(shape),
        gx.reshape(shape) if gradient else None,
        gy.reshape(shape) if gradient else None,
    )


def points(expr: Expression, px: np.ndarray, py: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """f, ∂f/∂x, ∂f/∂y at arbitrary points."""
    px = np.ascontiguousarray(px, dtype=np.float64).ravel()
    py = np.zeros_like(px) if py is None else np.ascontiguousarray(py, dtype=np.float64).ravel()
    f = np.empty(px.size)
    gx = np.empty(px.size)
    gy = np.empty(px.size)
    kernels = SPECIALIZED.get(expr.key)
    if kernels is not None:
        kernels.points(px, py, f, gx, gy)
    else:
        K.eval_points(*tape(expr), px, py, True, f, gx, gy)
    return f, gx, gy
