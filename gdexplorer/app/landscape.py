"""Everything the views draw for one function and range, computed off the UI thread.

A :class:`Landscape` bundles the sampled surface, its display heights, contour segments and the
gradient field. :func:`build_landscape` is pure numpy + core so a worker thread can run it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gdexplorer.app.contours import contour_levels, contour_segments
from gdexplorer.app.gradient_field import GradientField, gradient_field
from gdexplorer.core import derivatives
from gdexplorer.core.expression import Expression

SURFACE_RESOLUTION = 200


@dataclass(frozen=True)
class HeightScale:
    """Maps f to a display height in [0, 1]: linear, or log-compressed when f spans decades.

    Rosenbrock on [-2, 2] x [-1, 3] reaches 2500 while its valley is below 1; drawn linearly the
    valley would be a flat sheet. ``log1p((f - low) / knee)`` keeps both visible.
    """

    low: float
    high: float
    knee: float  # 0: linear

    @classmethod
    def fit(cls, f: np.ndarray) -> "HeightScale":
        finite = f[np.isfinite(f)]
        if finite.size == 0:
            return cls(0.0, 1.0, 0.0)
        low, high = float(finite.min()), float(finite.max())
        median = float(np.median(finite))
        if high - low <= 0:
            return cls(low, low + 1.0, 0.0)
        spread = median - low
        if spread > 0 and (high - low) / spread > 6:
            return cls(low, high, spread / 4)
        return cls(low, high, 0.0)

    def __call__(self, f) -> np.ndarray:
        f = np.asarray(f, dtype=np.float64)
        with np.errstate(invalid="ignore", over="ignore"):
            if self.knee > 0:
                top = np.log1p((self.high - self.low) / self.knee)
                h = np.log1p(np.clip(f - self.low, 0, None) / self.knee) / top
            else:
                h = (f - self.low) / (self.high - self.low)
        return np.clip(np.nan_to_num(h, nan=1.0, posinf=1.0, neginf=0.0), 0.0, 1.0)

    @property
    def is_log(self) -> bool:
        return self.knee > 0


@dataclass(frozen=True)
class LandscapeRequest:
    text: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    arrow_density: int = 20
    arrow_sign: int = -1
    resolution: int = SURFACE_RESOLUTION


@dataclass(frozen=True)
class Landscape:
    expr: Expression
    request: LandscapeRequest
    xs: np.ndarray
    ys: np.ndarray | None  # None for 1-D functions
    f: np.ndarray  # (len(ys), len(xs)), or (len(xs),) for 1-D
    gradient_x: np.ndarray  # ∂f/∂x on the same grid (the 1-D derivative curve)
    heights: np.ndarray  # f mapped to [0, 1] by ``scale``
    scale: HeightScale
    contours: np.ndarray  # (2k, 2) segments; empty for 1-D
    gradient_field: GradientField

    @property
    def dim(self) -> int:
        return self.expr.dim

    @property
    def x_range(self):
        return self.request.x_range

    @property
    def y_range(self):
        return self.request.y_range


def build_landscape(expr: Expression, request: LandscapeRequest) -> Landscape:
    n = request.resolution
    xs = np.linspace(*request.x_range, n)
    if expr.dim == 1:
        values = derivatives.grid(expr, xs)
        ys = None
        contours = np.zeros((0, 2))
    else:
        ys = np.linspace(*request.y_range, n)
        values = derivatives.grid(expr, xs, ys)
    scale = HeightScale.fit(values.f)
    if expr.dim == 2:
        contours = contour_segments(xs, ys, values.f, contour_levels(values.f))
    field = gradient_field(expr, request.x_range, request.y_range, request.arrow_density, request.arrow_sign)
    return Landscape(expr, request, xs, ys, values.f, values.gx, scale(values.f), scale, contours, field)
