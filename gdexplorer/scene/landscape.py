"""Everything the views draw for one objective and range, computed off the UI thread.

A :class:`Landscape` bundles the sampled surface, its display heights, contour segments and the
gradient field, all asked of the :class:`~gdexplorer.core.objective.Objective` (values and
gradients, never its text). :func:`build_landscape` is pure numpy + core so a worker thread can run it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gdexplorer.scene.contours import contour_levels, contour_segments
from gdexplorer.scene.gradient_field import GradientField, gradient_field
from gdexplorer.core.objective import Objective
from gdexplorer.core.presets import find_preset

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
        """Display heights in [0, 1]; +inf (overflow: "very high") is 1 and -inf is 0, but NaN
        (f undefined there) stays NaN: it is no height at all, and the views must not draw it as one."""
        f = np.asarray(f, dtype=np.float64)
        with np.errstate(invalid="ignore", over="ignore"):
            if self.knee > 0:
                h = np.log1p(np.clip(f - self.low, 0, None) / self.knee) / self._log_top
            else:
                h = (f - self.low) / (self.high - self.low)
        return np.clip(np.nan_to_num(h, nan=np.nan, posinf=1.0, neginf=0.0), 0.0, 1.0)

    def inverse(self, h) -> np.ndarray:
        """The f value shown at display height ``h`` (the inverse of the map on [low, high])."""
        h = np.asarray(h, dtype=np.float64)
        if self.knee > 0:
            return self.low + self.knee * np.expm1(h * self._log_top)
        return self.low + h * (self.high - self.low)

    @property
    def _log_top(self) -> float:
        return math.log1p((self.high - self.low) / self.knee)

    @property
    def is_log(self) -> bool:
        return self.knee > 0

    def ticks(self, count: int = 6) -> list[tuple[float, float]]:
        """About ``count`` round f values for a value scale, as (display height, f) pairs.

        Linear: evenly spaced round numbers. Log: f values whose heights are spread evenly, each
        rounded to two significant digits (a scale reading 0, 0.6, 5, 40, 300, 2500 on Rosenbrock),
        then placed at their own exact height, so a tick always says the f drawn there.
        """
        if self.knee > 0:
            values = [_round_significant(v, 2) for v in self.inverse(np.linspace(0.0, 1.0, count))]
            values[0], values[-1] = self.low, self.high
        else:
            values = list(round_ticks(self.low, self.high, count))
        heights = self(np.array(values, dtype=np.float64))
        pairs, last = [], -1.0
        for h, v in zip(heights, values):
            if np.isfinite(h) and 0.0 <= h <= 1.0 and h - last > 0.5 / count:  # no two labels on top of each other
                pairs.append((float(h), float(v)))
                last = h
        return pairs


def _round_significant(value: float, digits: int) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - int(math.floor(math.log10(abs(value)))))


def round_ticks(low: float, high: float, count: int = 5) -> np.ndarray:
    """Multiples of a 1-2-5 step between low and high (about ``count`` of them): axis ticks."""
    if not high > low:
        return np.array([low], dtype=np.float64)
    magnitude = 10.0 ** math.floor(math.log10((high - low) / max(count - 1, 1)))
    steps = [m * magnitude for m in (0.5, 1, 2, 2.5, 5, 10)]
    step = min(steps, key=lambda s: abs(math.floor(high / s) - math.ceil(low / s) + 1 - count))
    values = np.arange(math.ceil(low / step), math.floor(high / step) + 1) * step
    return np.where(np.abs(values) < step * 1e-9, 0.0, values)  # no "-0" or "1e-17" labels


@dataclass(frozen=True)
class LandscapeRequest:
    text: str  # the objective's source (a preset's expression names the preset and its minima)
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    arrow_density: int = 20
    arrow_sign: int = -1
    resolution: int = SURFACE_RESOLUTION


@dataclass(frozen=True)
class Landscape:
    objective: Objective
    request: LandscapeRequest
    xs: np.ndarray
    ys: np.ndarray | None  # None for 1-D functions
    f: np.ndarray  # (len(ys), len(xs)), or (len(xs),) for 1-D
    gradient_x: np.ndarray  # ∂f/∂x on the same grid (the 1-D derivative curve)
    heights: np.ndarray  # f mapped to [0, 1] by ``scale``; NaN where f is undefined
    scale: HeightScale
    contours: np.ndarray  # (2k, 2) segments; empty for 1-D
    gradient_field: GradientField
    #: a preset's known minima in the range, each (x, y, f): the finish lines of a race
    minima: tuple[tuple[float, float, float], ...] = ()

    @property
    def undefined(self) -> np.ndarray:
        """Where f is NaN (e.g. sqrt(x) for x < 0): a boolean array shaped like ``f``. Infinite f
        is defined (it overflowed) and shows as the top or bottom of the scale."""
        return np.isnan(self.f)

    @property
    def has_undefined(self) -> bool:
        return bool(np.isnan(self.f).any())

    @property
    def dim(self) -> int:
        return self.objective.dim

    @property
    def global_minima(self) -> tuple[bool, ...]:
        """For each known minimum, whether it is the lowest f in view (an "f*"): the lowest of the
        preset's minima, and no sampled f of the landscape lower still. seed 004's minima are local
        on [-2, 2] (f(-2) = -2 at the edge); Himmelblau's four zeros are all global."""
        if not self.minima:
            return ()
        values = np.array([f for _, _, f in self.minima], dtype=np.float64)
        finite = self.f[np.isfinite(self.f)]
        span = float(finite.max() - finite.min()) if finite.size else 0.0
        tolerance = 1e-9 * max(span, 1.0)  # minima given to six decimals: their f agree to ~1e-11
        lowest = float(values.min())
        if finite.size and float(finite.min()) < lowest - tolerance:
            return (False,) * len(values)  # the view goes lower than every known minimum
        return tuple(bool(v <= lowest + tolerance) for v in values)

    @property
    def x_range(self):
        return self.request.x_range

    @property
    def y_range(self):
        return self.request.y_range


def build_landscape(objective: Objective, request: LandscapeRequest) -> Landscape:
    n = request.resolution
    xs = np.linspace(*request.x_range, n)
    if objective.dim == 1:
        values = objective.grid(xs)
        ys = None
        contours = np.zeros((0, 2))
    else:
        ys = np.linspace(*request.y_range, n)
        values = objective.grid(xs, ys)
    scale = HeightScale.fit(values.f)
    if objective.dim == 2:
        contours = contour_segments(xs, ys, values.f, contour_levels(values.f))
    field = gradient_field(objective, request.x_range, request.y_range, request.arrow_density, request.arrow_sign)
    return Landscape(objective, request, xs, ys, values.f, values.gx, scale(values.f), scale, contours, field,
                     known_minima(objective, request))


def known_minima(objective: Objective, request: LandscapeRequest) -> tuple[tuple[float, float, float], ...]:
    """The minima of the preset whose expression (or name) is the request's text, with f there
    computed from the objective; none for a typed function. Once per landscape, on the worker."""
    preset = find_preset(request.text)
    if preset is None:
        return ()
    one_d = objective.dim == 1
    (x0, x1), (y0, y1) = request.x_range, request.y_range
    found = []
    for x, y in preset.minima:
        if one_d:
            y = 0.0
        if x0 <= x <= x1 and (one_d or y0 <= y <= y1):  # a marker clipped to the border would lie
            point = (x,) if one_d else (x, y)
            found.append((float(x), float(y), objective.value(point)))
    return tuple(found)


def exit_point(points, x_range, y_range) -> tuple[float, float, float] | None:
    """Where a run whose head is outside the plotted range left it: (x, y, angle), the angle being
    its direction of travel in degrees counter-clockwise from +x; None while the head is inside.

    Only the last two points are read (this runs every frame, for every run): if the previous point
    is inside, the crossing of the last step with the border; otherwise the head clipped to the
    border, pointing from there to the head. Use y_range = (-inf, inf) for a 1-D run on x alone.
    """
    pts = np.asarray(points, dtype=np.float64)[-2:]
    if pts.size == 0:
        return None
    head = pts[-1, :2]
    low = np.array([x_range[0], y_range[0]], dtype=np.float64)
    high = np.array([x_range[1], y_range[1]], dtype=np.float64)
    if np.isnan(head).any() or np.all((low <= head) & (head <= high)):
        return None
    prev = pts[0, :2] if len(pts) == 2 else None
    if prev is not None and np.all(np.isfinite(head)) and np.all((low <= prev) & (prev <= high)):
        step = head - prev
        with np.errstate(divide="ignore", invalid="ignore"):
            to_border = np.where(step > 0, (high - prev) / step, np.where(step < 0, (low - prev) / step, np.inf))
        where = prev + min(1.0, float(np.min(to_border))) * step
    else:
        where = np.clip(head, low, high)
        step = head - where
    if not np.all(np.isfinite(step)):
        step = np.where(np.isinf(step), np.sign(step), 0.0)  # an overflowed head: its direction only
    where = np.clip(where, low, high)
    return float(where[0]), float(where[1]), math.degrees(math.atan2(step[1], step[0]))
