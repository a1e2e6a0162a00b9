"""A data set's loss over the model's two parameters (w, b) as an :class:`~gdexplorer.core.objective.Objective`:
what the landscape, the runs and the views draw in the window's Data mode.

:class:`DataObjective` answers like a typed function (f, ∇f and the Hessian at a point, f and ∇f on a
grid) with the full-data loss of :class:`~gdexplorer.core.fit.data.Dataset`, plus what only data has:
the minimum found by least squares (or Newton for logistic regression), a (w, b) range that shows it
and the start, a grid resolution that keeps a logistic landscape over big data affordable, and the
loss and gradient along a run's path (:meth:`DataObjective.path_values`).

Build a DataObjective in a worker: it hashes the samples (its key) and finds the minimum, O(n) and
O(100·n), after :func:`warm` has loaded the kernels.
"""
from __future__ import annotations

import hashlib
import math
from typing import Sequence

import numba
import numpy as np

from gdexplorer.core.derivatives import GridValues
from gdexplorer.core.fit import kernels as FK
from gdexplorer.core.fit.data import Dataset
from gdexplorer.core.jit import jit
from gdexplorer.core.messages import message
from gdexplorer.core.objective import Objective

#: sample terms (one sample's loss at one (w, b), ~25 ns) that a logistic landscape's grid may cost:
#: n·res² stays under it (about half a second on two cores) down to MIN_RESOLUTION, so a million
#: samples get a coarser map (16x16, ~3 s in the worker), not a frozen window
GRID_BUDGET = 20_000_000
MAX_RESOLUTION, MIN_RESOLUTION = 200, 16
#: sample terms :meth:`DataObjective.path_values` may sum exactly in one call (a few ms); a longer
#: logistic path over big data is read off the landscape's grid instead (linear regression is O(1))
PATH_BUDGET = 200_000


@jit
def linear_path(moments, ws, bs, loss_out, gw_out, gb_out):
    """Linear regression's full-data loss and gradient at the points (ws[k], bs[k]) from the data's
    centred moments: the arithmetic of kernels.linear_grid, so a path on a grid point reads the
    grid's value. O(1) a point; no warning when a diverging run's point overflows (inf is the answer)."""
    mx, my, vxx, cxy, vyy = moments[0], moments[1], moments[2], moments[3], moments[4]
    for k in range(ws.shape[0]):
        w = ws[k]
        e = w * mx + bs[k] - my
        loss_out[k] = 0.5 * ((w * vxx - 2.0 * cxy) * w + vyy + e * e)
        gw_out[k] = w * vxx - cxy + e * mx
        gb_out[k] = e


@jit(parallel=True)
def sample_path(model, x, y, ws, bs, loss_out, gw_out, gb_out):
    """The full-data loss and gradient at the points (ws[k], bs[k]), summing over every sample:
    O(n) a point, the points in parallel."""
    inv = 1.0 / x.shape[0]
    for k in numba.prange(ws.shape[0]):
        s_loss, s_gw, s_gb = FK.summed_terms(model, x, y, ws[k], bs[k], True)
        loss_out[k] = s_loss * inv
        gw_out[k] = s_gw * inv
        gb_out[k] = s_gb * inv


def warm() -> None:
    """Load (or compile) this module's kernels with the types the objective passes: call it in a
    worker, beside :func:`gdexplorer.core.fit.compile_kernels`."""
    x = np.array([0.0, 1.0])
    x.flags.writeable = False
    pts = np.zeros(1)
    outs = (np.zeros(1), np.zeros(1), np.zeros(1))
    linear_path(np.zeros(5), pts, pts, *outs)
    sample_path(FK.LOGISTIC, x, x, pts, pts, *outs)


def data_key(data: Dataset) -> str:
    """Equal for two datasets with the same samples and model (a digest of the bytes: O(n))."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update(data.x.tobytes())
    digest.update(data.y.tobytes())
    return f"data:{data.model}:{data.n}:{digest.hexdigest()}"


class DataObjective(Objective):
    """The full-data loss L(w, b) of ``data``'s model (seed 002's Σ(ŷ − y)²/2m, or the mean
    cross-entropy), a function of the two parameters like any function in the app."""

    variables = ("w", "b")

    def __init__(self, data: Dataset):
        self.data = data
        self._key = data_key(data)
        found = data.minimum()
        #: (w*, b*, L*) where the loss is least; None when there is no minimum (all x equal, or
        #: separable logistic data: the loss keeps falling as |w| grows)
        self.minimum: tuple[float, float, float] | None = None
        if found is not None:
            self.minimum = (found[0], found[1], data.loss(*found))
        #: the finest grid computed so far (the landscape's): long logistic paths are read off it
        self._surface: GridValues | None = None

    @property
    def key(self) -> str:
        return self._key

    @property
    def source(self) -> str:
        if self.data.model == "linear":
            if not self.data.name:
                return message("mean squared error Σ(w·x + b − y)²/2m on the data")
            return message("mean squared error Σ(w·x + b − y)²/2m on {name}", name=self.data.name)
        if not self.data.name:
            return message("cross-entropy of σ(w·x + b) on the data")
        return message("cross-entropy of σ(w·x + b) on {name}", name=self.data.name)

    @property
    def label(self) -> str:
        return message("L(w, b) = {source}", source=self.source)

    @property
    def model(self) -> str:
        return self.data.model

    def value_and_gradient(self, point: Sequence[float]) -> tuple[float, np.ndarray]:
        w, b = _two(point)
        loss, gw, gb = self.data.loss_and_gradient(w, b)
        return loss, np.array([gw, gb])

    def hessian(self, point: Sequence[float]) -> np.ndarray:
        return self.data.hessian(*_two(point))

    def grid(self, xs: np.ndarray, ys: np.ndarray | None = None) -> GridValues:
        """L and ∇L on w = xs across, b = ys down: arrays (len(ys), len(xs)). A logistic grid over
        GRID_BUDGET inside the finest grid computed (the arrow field's, after the landscape's
        surface on big data) is read off that grid bilinearly rather than summed again."""
        if ys is None:
            raise ValueError(message("the loss is a function of two parameters (w, b): give both grids"))
        xs = np.ascontiguousarray(xs, dtype=np.float64)
        ys = np.ascontiguousarray(ys, dtype=np.float64)
        surface = self._surface
        if self.data.model_code != FK.LINEAR and xs.size * ys.size * self.data.n > GRID_BUDGET \
                and surface is not None and _inside(surface, xs, ys):
            w, b = np.meshgrid(xs, ys)
            loss, gw, gb = (v.reshape(w.shape) for v in _bilinear(surface, w.ravel(), b.ravel()))
            return GridValues(xs, ys, loss, gw, gb)
        loss, gw, gb = self.data.loss_grid(xs, ys, gradient=True)
        values = GridValues(xs, ys, loss, gw, gb)
        if self._surface is None or loss.size >= self._surface.f.size:
            self._surface = values  # one reference swap: safe to read from the UI thread
        return values

    # -- what only data has ---------------------------------------------------------------------
    def resolution(self, budget: int = GRID_BUDGET) -> int:
        """The landscape's grid size per axis: the app's 200 for linear regression (O(1) a point
        from the moments); for logistic regression (O(n) a point) as fine as ``budget`` allows."""
        if self.data.model_code == FK.LINEAR:
            return MAX_RESOLUTION
        return int(min(MAX_RESOLUTION, max(MIN_RESOLUTION, math.sqrt(budget / self.data.n))))

    def view_ranges(self, start: Sequence[float] = (0.0, 0.0)) -> tuple[tuple[float, float], tuple[float, float]]:
        """(w range, b range) showing ``start`` and the minimum with a margin around both, the same
        width on both axes so the map's contours are not stretched."""
        w0, b0 = float(start[0]), float(start[1])
        if self.minimum is None:
            w1, b1 = w0, b0
        else:
            w1, b1 = self.minimum[0], self.minimum[1]
        half = _round_up(0.85 * max(abs(w1 - w0), abs(b1 - b0), 1.0))  # both points, a margin of ~0.35x
        cw, cb = (w0 + w1) / 2, (b0 + b1) / 2
        step = half / 10
        cw, cb = round(cw / step) * step, round(cb / step) * step
        return (cw - half, cw + half), (cb - half, cb + half)

    def path_values(self, ws, bs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(L, ∂L/∂w, ∂L/∂b) at each point (ws[k], bs[k]) of a run's path: exact for linear
        regression (moments) and for logistic paths within PATH_BUDGET; longer logistic paths over
        big data bilinearly from the finest grid computed (the landscape's), the last point exact."""
        ws = np.ascontiguousarray(ws, dtype=np.float64)
        bs = np.ascontiguousarray(bs, dtype=np.float64)
        loss, gw, gb = np.empty(ws.size), np.empty(ws.size), np.empty(ws.size)
        if ws.size == 0:
            return loss, gw, gb
        data = self.data
        if data.model_code == FK.LINEAR:
            linear_path(np.array(data.moments), ws, bs, loss, gw, gb)
        elif ws.size * data.n <= PATH_BUDGET or self._surface is None:
            sample_path(data.model_code, data.x, data.y, ws, bs, loss, gw, gb)
        else:
            loss[:], gw[:], gb[:] = _bilinear(self._surface, ws, bs)
            loss[-1], gw[-1], gb[-1] = data.loss_and_gradient(ws[-1], bs[-1])
        return loss, gw, gb

    def __repr__(self) -> str:
        return f"DataObjective({self.source!r})"


def _two(point) -> tuple[float, float]:
    values = [float(v) for v in np.ravel(np.asarray(point, dtype=np.float64))]
    if len(values) != 2:
        raise ValueError(message("the loss is a function of (w, b): give 2 coordinates, got {count}", count=len(values)))
    return values[0], values[1]


def _round_up(value: float) -> float:
    """The next of 1, 2, 2.5, 5 × a power of ten at or above ``value``."""
    magnitude = 10.0 ** math.floor(math.log10(value))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * magnitude >= value - 1e-12 * magnitude:
            return m * magnitude
    return 10.0 * magnitude


def _inside(surface: GridValues, xs: np.ndarray, ys: np.ndarray) -> bool:
    return bool(surface.xs[0] <= xs.min() and xs.max() <= surface.xs[-1]
                and surface.ys[0] <= ys.min() and ys.max() <= surface.ys[-1])


def _bilinear(surface: GridValues, ws: np.ndarray, bs: np.ndarray):
    """f, ∂f/∂w and ∂f/∂b of ``surface`` at (ws, bs), bilinear between grid nodes, clamped to its edges."""
    xs, ys = surface.xs, surface.ys
    fx = np.clip((ws - xs[0]) / (xs[-1] - xs[0]) * (xs.size - 1), 0.0, xs.size - 1.0)
    fy = np.clip((bs - ys[0]) / (ys[-1] - ys[0]) * (ys.size - 1), 0.0, ys.size - 1.0)
    i0 = np.minimum(fx.astype(np.int64), xs.size - 2)
    j0 = np.minimum(fy.astype(np.int64), ys.size - 2)
    tx, ty = fx - i0, fy - j0
    out = []
    for grid in (surface.f, surface.gx, surface.gy):
        top = grid[j0, i0] * (1 - tx) + grid[j0, i0 + 1] * tx
        bottom = grid[j0 + 1, i0] * (1 - tx) + grid[j0 + 1, i0 + 1] * tx
        out.append(top * (1 - ty) + bottom * ty)
    return out
