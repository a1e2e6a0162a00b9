"""The gradient-arrow field: arrows of -∇f (or ∇f) on a coarse grid, all of the same length.

Directions matter more than magnitudes when reading a landscape (Rosenbrock's gradient spans six
orders of magnitude), so every arrow has the same length, a fraction of the grid spacing, and the
magnitude is reported separately as a strength class per arrow (for shading).

No arrow is drawn where f itself is undefined (NaN or infinite): log(x*y) has a finite gradient
(1/x, 1/y) in the quadrants where x*y < 0, and an arrow there would read "you can descend here" in a
region the map hatches as undefined.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gdexplorer.core.objective import Objective

STRENGTH_CLASSES = 3


@dataclass(frozen=True)
class GradientField:
    """Arrow segments as point pairs (shaft, then two head strokes) for each strength class."""

    segments: tuple[np.ndarray, ...]  # one (2k, 2) array per strength class, weakest first
    sign: int  # -1: arrows of -∇f (downhill), +1: arrows of ∇f
    arrow_length: float
    magnitude_range: tuple[float, float]  # smallest and largest finite |∇f| shown


def _arrow_segments(px, py, ux, uy, length):
    tip_x, tip_y = px + ux * length * 0.5, py + uy * length * 0.5
    tail_x, tail_y = px - ux * length * 0.5, py - uy * length * 0.5
    head = length * 0.35
    # the two head strokes: the direction rotated by ±150°
    c, s = np.cos(np.radians(150)), np.sin(np.radians(150))
    h1x, h1y = tip_x + head * (c * ux - s * uy), tip_y + head * (s * ux + c * uy)
    h2x, h2y = tip_x + head * (c * ux + s * uy), tip_y + head * (-s * ux + c * uy)
    seg = np.stack([
        np.stack([tail_x, tail_y], -1), np.stack([tip_x, tip_y], -1),
        np.stack([tip_x, tip_y], -1), np.stack([h1x, h1y], -1),
        np.stack([tip_x, tip_y], -1), np.stack([h2x, h2y], -1),
    ], axis=1)
    return seg.reshape(-1, 2)


def gradient_field(objective: Objective, x_range, y_range, density: int = 20, sign: int = -1) -> GradientField:
    """Arrows on a density x density grid (2-D), or on the curve (x, f(x)) for 1-D functions."""
    nx = max(int(density), 2)
    dx = (x_range[1] - x_range[0]) / nx
    xs = x_range[0] + dx * (np.arange(nx) + 0.5)
    if objective.dim == 1:
        values = objective.grid(xs)
        gx, gy = values.gx, np.zeros_like(values.gx)
        f = values.f
        px, py = xs, values.f  # 1-D: horizontal arrows sitting on the curve y = f(x)
        length = dx * 0.8
    else:
        ny = nx
        dy = (y_range[1] - y_range[0]) / ny
        ys = y_range[0] + dy * (np.arange(ny) + 0.5)
        values = objective.grid(xs, ys)
        gx, gy = values.gx.ravel(), values.gy.ravel()
        f = values.f.ravel()
        px, py = np.meshgrid(xs, ys)
        px, py = px.ravel(), py.ravel()
        length = min(dx, dy) * 0.8
    with np.errstate(invalid="ignore", over="ignore"):
        norm = np.hypot(gx, gy)
        keep = np.isfinite(norm) & (norm > 0) & np.isfinite(f)  # no arrow where f is undefined
        ux, uy = sign * gx[keep] / norm[keep], sign * gy[keep] / norm[keep]
    px, py, norm = px[keep], py[keep], norm[keep]
    if norm.size == 0:
        empty = tuple(np.zeros((0, 2)) for _ in range(STRENGTH_CLASSES))
        return GradientField(empty, sign, length, (0.0, 0.0))
    # strength classes on a log scale between the smallest and largest magnitude shown
    log_norm = np.log10(norm)
    lo, hi = float(log_norm.min()), float(log_norm.max())
    edges = np.linspace(lo, hi, STRENGTH_CLASSES + 1)[1:-1]
    klass = np.searchsorted(edges, log_norm)
    segments = tuple(
        _arrow_segments(px[klass == k], py[klass == k], ux[klass == k], uy[klass == k], length)
        for k in range(STRENGTH_CLASSES)
    )
    return GradientField(segments, sign, length, (float(norm.min()), float(norm.max())))
