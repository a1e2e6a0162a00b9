"""What the learning-rate sweep panel draws, in plain numpy: a sweep split into chunks of rates
(so a worker can report progress and stop between them) and put back together, and the dots,
curves and marks of the bifurcation view made from a :class:`~gdexplorer.core.sweep.SweepResult`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from gdexplorer.core.sweep import SweepResult

#: iterations (rates × (steps + 1)) in one chunk of a sweep: ~30 ms of work on this machine's
#: kernels, so Cancel answers quickly and the progress bar moves smoothly
CHUNK_ITERATIONS = 200_000


def rate_chunks(num: int, steps: int, budget: int = CHUNK_ITERATIONS) -> list[tuple[int, int]]:
    """[lo, hi) index ranges covering ``num`` rates, each about ``budget`` iterations (≥ 1 rate)."""
    size = max(1, budget // (steps + 1))
    return [(lo, min(lo + size, num)) for lo in range(0, num, size)]


def concat_results(parts: Sequence[SweepResult]) -> SweepResult:
    """One result from the results of consecutive chunks of rates (what one sweep call gives)."""
    if len(parts) == 1:
        return parts[0]
    return SweepResult(
        np.concatenate([p.lrs for p in parts]),
        np.concatenate([p.points for p in parts]),
        np.concatenate([p.f for p in parts]),
        tuple(s for p in parts for s in p.status),
        np.concatenate([p.steps for p in parts]),
        np.concatenate([p.converged_at for p in parts]),
        parts[0].dim,
    )


@dataclass(frozen=True)
class SweepPlotData:
    """The bifurcation view's data. ``dot_lr`` / ``dot_x`` / ``dot_y`` (None in 1-D): every kept
    iterate of every run that did not stop, rate by rate, oldest first (``dot_col``: the index of
    its rate); ``f_lr`` / ``f_last``: each
    such run's final f; ``conv_lr`` / ``conv_steps``: the step from which a run stayed converged;
    ``stopped_lr``: the rates whose run diverged (or hit an undefined f or a singular step);
    ``unconverged_lr``: runs that went on but had not converged by the last step."""

    dot_lr: np.ndarray
    dot_col: np.ndarray
    dot_x: np.ndarray
    dot_y: np.ndarray | None
    f_lr: np.ndarray
    f_last: np.ndarray
    conv_lr: np.ndarray
    conv_steps: np.ndarray
    stopped_lr: np.ndarray
    unconverged_lr: np.ndarray


def plot_data(result: SweepResult) -> SweepPlotData:
    stopped = result.stopped
    ok = ~stopped
    keep = result.keep
    dot_lr = np.repeat(result.lrs[ok], keep)
    pts = result.points[ok]
    dot_x = pts[:, :, 0].reshape(-1)
    dot_y = pts[:, :, 1].reshape(-1) if result.dim == 2 else None
    converged = ok & (result.converged_at >= 0)
    return SweepPlotData(
        dot_lr=dot_lr, dot_col=np.repeat(np.flatnonzero(ok), keep), dot_x=dot_x, dot_y=dot_y,
        f_lr=result.lrs[ok], f_last=result.f[ok, -1],
        conv_lr=result.lrs[converged], conv_steps=result.converged_at[converged].astype(np.float64),
        stopped_lr=result.lrs[stopped],
        unconverged_lr=result.lrs[ok & (result.converged_at < 0)],
    )


def nearest_rate(shown_lrs: np.ndarray, shown_x: float) -> int:
    """The index of the rate drawn nearest to ``shown_x`` (both in drawn coordinates)."""
    return int(np.argmin(np.abs(np.asarray(shown_lrs, dtype=np.float64) - shown_x)))


def bifurcation_range(values: np.ndarray, window: tuple[float, float]) -> tuple[float, float]:
    """The vertical range of the bifurcation plot: the finite values' extent, clipped to the
    plotted ``window`` (the landscape's range) widened by its span on each side, so a run that is
    flying off (x ~ 1e95, not yet overflowed) does not flatten every other run to a line."""
    lo_w, hi_w = float(window[0]), float(window[1])
    span = hi_w - lo_w
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v) & (v >= lo_w - span) & (v <= hi_w + span)]
    if v.size == 0:
        return lo_w, hi_w
    lo, hi = float(v.min()), float(v.max())
    if hi <= lo:
        pad = max(abs(lo) * 0.1, 1e-3 * span, 1e-12)
        return lo - pad, hi + pad
    return lo, hi


def density(columns: np.ndarray, values: np.ndarray, ncols: int, y_range: tuple[float, float],
            rows: int) -> np.ndarray:
    """How many dots fall in each cell of a (rows, ncols) grid: column = the rate's index, row = the
    value's bin over ``y_range`` (row 0 at the bottom); values outside the range or not finite are
    not counted."""
    lo, hi = y_range
    v = np.asarray(values, dtype=np.float64)
    inside = np.isfinite(v) & (v >= lo) & (v <= hi)
    r = np.minimum(((v[inside] - lo) / (hi - lo) * rows).astype(np.int64), rows - 1)
    cells = r * ncols + np.asarray(columns)[inside]
    return np.bincount(cells, minlength=rows * ncols).reshape(rows, ncols)
