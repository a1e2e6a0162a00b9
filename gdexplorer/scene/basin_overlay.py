"""Basins of attraction as the 2-D map shows them, without Qt: the map computed in bands of rows (so
a worker can report progress and stop between bands), the overlay's pixels and the legend's rows.

The colours are :mod:`gdexplorer.core.basin`'s (``PALETTE``, shaded by steps by ``basin_image``):
the map, its legend and ``gdexplorer basin --png`` show a minimum in the same colour. A start that
diverged, stopped where f is undefined, ran out of steps or ended on a point that is not a minimum
(label −1) is dark with light diagonal stripes, running the other way from the map's grey hatching
of undefined f.

Grids are ``linspace`` over the range, as :func:`~gdexplorer.core.basin.basin_map` makes them: the
start (x_i, y_j) is element ``[j, i]``; the overlay image is in the same order (row 0 is the
smallest y), each start a cell centred on its point (:func:`cell_rect`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from gdexplorer.core import batch
from gdexplorer.core.basin import PALETTE, UNLABELLED, BasinMap, basin_image, basin_map, cluster
from gdexplorer.core.expression import Expression
from gdexplorer.core.messages import Message, message

GRID_SIZES = (64, 128, 256, 512)  # starts per side the panel offers
DEFAULT_GRID = 256
COARSE_GRID = 32  # the preview computed (and shown) first
DEFAULT_STEPS = 1000
MAX_STEPS = 100_000
CLUSTER_TOL = 1e-3  # end points this close (× the range's larger side) are one minimum, as gdexplorer basin
GTOL = 1e-6  # a start has converged once |∇f| is below this (or its step is shorter than XTOL), as gdexplorer basin
XTOL = 1e-10
BAND_STARTS = 16_384  # starts per band: four of the batch kernel's blocks, a fraction of a second at most
IMAGE_PIXELS = 512  # an overlay is drawn at least this many pixels a side (thin stripes on a coarse map)
UNLABELLED_STRIPE = (104, 106, 116)
HATCH_PERIOD = 8  # pixels from one stripe to the next
HATCH_WIDTH = 3
UNLABELLED_TEXT = message("diverged or not converged")
#: the reasons of :func:`unlabelled_reasons`, as the window shows them (translated with tr_message)
REASON_TEXT = {"diverged": message("diverged"), "f undefined": message("f undefined"), "singular": message("singular"),
               "out of steps": message("out of steps"), "not a minimum": message("not a minimum")}

Progress = Callable[[float, str], None]


def label_colour(label: int) -> tuple[int, int, int]:
    """The unshaded colour of ``label`` (palette colours repeat after ``len(PALETTE)`` minima);
    −1's dark fill."""
    colour = UNLABELLED if label < 0 else PALETTE[label % len(PALETTE)]
    return tuple(int(c) for c in colour)


# ---------------------------------------------------------------------------------------------
# the map, in bands of rows
# ---------------------------------------------------------------------------------------------
def band_rows(nx: int, ny: int, starts_per_band: int = BAND_STARTS) -> list[tuple[int, int]]:
    """Row bands [lo, hi) of an ``nx`` × ``ny`` grid holding about ``starts_per_band`` starts each."""
    rows = max(1, starts_per_band // max(nx, 1))
    return [(lo, min(lo + rows, ny)) for lo in range(0, ny, rows)]


def banded_basin_map(expr: Expression, x_range, y_range, nx: int, ny: int, optimizer: str = "gd", *,
                     steps: int = DEFAULT_STEPS, hyperparameters: Mapping[str, float] | None = None,
                     progress: Progress | None = None, starts_per_band: int = BAND_STARTS,
                     gtol: float = GTOL, xtol: float = XTOL, cluster_tol: float = CLUSTER_TOL) -> BasinMap:
    """:func:`~gdexplorer.core.basin.basin_map` of the whole grid, one band of rows at a time, with
    ``progress(fraction, text)`` after each band (an exception it raises, such as the job runner's
    Cancelled, stops the work there). The bands' minima are merged into the whole map's."""
    (x0, x1), (y0, y1) = (float(v) for v in x_range), (float(v) for v in y_range)
    if nx < 1 or ny < 1:
        raise ValueError(message("the grid needs at least one start each way, got {nx}x{ny}", nx=nx, ny=ny))
    ys = np.linspace(y0, y1, ny)
    tol = cluster_tol * max(abs(x1 - x0), abs(y1 - y0), 1e-300)  # the whole map's, as basin_map's
    parts = []
    bands = band_rows(nx, ny, starts_per_band)
    for k, (lo, hi) in enumerate(bands):
        band_y = (float(ys[lo]), float(ys[hi - 1]))
        band_side = max(abs(x1 - x0), abs(band_y[1] - band_y[0]), 1e-300)
        parts.append(basin_map(expr, (x0, x1), band_y, nx, hi - lo, optimizer, steps=steps,
                               hyperparameters=hyperparameters, gtol=gtol, xtol=xtol, cluster_tol=tol / band_side))
        if progress is not None:
            progress((k + 1) / len(bands), message("{done} of {total} starts", done=hi * nx, total=nx * ny))
    return merge_bands(parts, ys, tol)


def merge_bands(parts: list[BasinMap], ys: np.ndarray, tol: float) -> BasinMap:
    """One map of bands of rows (bottom to top): minima closer than ``tol`` are one, kept at the
    lowest f, and ordered as basin_map orders them (f within 1e-9 relative, then x, then y)."""
    found = np.concatenate([p.minima for p in parts]).reshape(-1, 3)
    offsets = np.cumsum([0] + [len(p.minima) for p in parts])
    rank = np.zeros(0, dtype=np.int64)
    minima = found
    if len(found):
        ids, best = cluster(found[:, :2], found[:, 2], tol)
        merged = found[best]
        fscale = 1e-9 * max(1.0, float(np.max(np.abs(merged[:, 2]))))
        order = np.lexsort((merged[:, 1], merged[:, 0], np.round(merged[:, 2] / fscale)))
        minima = merged[order]
        position = np.empty(len(order), dtype=np.int64)
        position[order] = np.arange(len(order))
        rank = position[ids]  # found minimum -> merged label
    labels = []
    for part, offset in zip(parts, offsets):
        label = np.full(part.label.shape, -1, dtype=np.int64)
        some = part.label >= 0
        label[some] = rank[offset + part.label[some]]
        labels.append(label)

    def rows(name: str) -> np.ndarray:
        return np.concatenate([getattr(p, name) for p in parts], axis=0)

    return BasinMap(parts[0].xs, np.asarray(ys, dtype=np.float64), rows("final_x"), rows("final_y"), rows("f"),
                    rows("steps"), np.concatenate(labels, axis=0), rows("status"), minima.reshape(-1, 3))


# ---------------------------------------------------------------------------------------------
# the overlay's pixels
# ---------------------------------------------------------------------------------------------
def image_zoom(nx: int, ny: int, pixels: int = IMAGE_PIXELS) -> int:
    """Pixels per start so the image is at least about ``pixels`` a side."""
    return max(1, math.ceil(pixels / max(nx, ny, 1)))


def hatch_mask(shape: tuple[int, int]) -> np.ndarray:
    """Where the stripes of a hatched area are, pixel by pixel (rising from left to right on the
    map, whose rows go up; the map's undefined-f hatching falls)."""
    rows, cols = np.indices(shape)
    return (cols - rows) % HATCH_PERIOD < HATCH_WIDTH


def overlay_rgba(label: np.ndarray, steps: np.ndarray, zoom: int = 1) -> np.ndarray:
    """The overlay (NY·zoom, NX·zoom, 4) uint8, opaque, in grid order (row 0: the smallest y): each
    start's cell in its minimum's colour, darker the more steps it took (``basin_image``'s shading),
    label −1 dark and hatched."""
    rgb = basin_image(label, steps)[::-1]  # core's colours and shading, back from y-up to grid order
    cells = np.repeat(np.repeat(rgb, zoom, axis=0), zoom, axis=1)
    unlabelled = np.repeat(np.repeat(label < 0, zoom, axis=0), zoom, axis=1)
    out = np.empty(cells.shape[:2] + (4,), dtype=np.uint8)
    out[..., :3] = cells
    out[..., 3] = 255
    out[unlabelled & hatch_mask(unlabelled.shape), :3] = UNLABELLED_STRIPE
    return out


def cell_rect(x_range, y_range, nx: int, ny: int) -> tuple[float, float, float, float]:
    """(left, bottom, width, height) of the image: each start's cell centred on the start, so the
    outer cells reach half a cell past the range."""
    (x0, x1), (y0, y1) = x_range, y_range
    dx = (x1 - x0) / (nx - 1) if nx > 1 else (x1 - x0 or 1.0)
    dy = (y1 - y0) / (ny - 1) if ny > 1 else (y1 - y0 or 1.0)
    return (x0 - dx / 2, y0 - dy / 2, dx * nx, dy * ny)


# ---------------------------------------------------------------------------------------------
# the legend
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LegendRow:
    label: int  # −1: diverged or not converged
    colour: tuple[int, int, int]  # unshaded
    x: float  # the minimum (NaN for −1)
    y: float
    f: float
    count: int  # starts that end there
    share: float  # of all starts

    @property
    def text(self) -> str:
        if self.label < 0:
            return f"{UNLABELLED_TEXT}: {format_share(self.share)}"
        return f"({self.x:.9g}, {self.y:.9g})  f = {self.f:.6g}: {format_share(self.share)}"


def format_share(share: float) -> str:
    """A share of starts as a percentage that never reads 0 % or 100 % when it is not exactly that."""
    percent = 100.0 * share
    if 0.0 < percent < 0.1:
        return "<0.1 %"
    if 99.9 < percent < 100.0:
        return ">99.9 %"
    return f"{percent:.1f} %"


def legend_rows(bm: BasinMap) -> list[LegendRow]:
    """One row per minimum (label order), then the starts that found none."""
    total = max(bm.label.size, 1)
    counts = np.bincount(bm.label[bm.label >= 0].ravel(), minlength=len(bm.minima))
    rows = [LegendRow(k, label_colour(k), float(x), float(y), float(f), int(counts[k]), counts[k] / total)
            for k, (x, y, f) in enumerate(bm.minima)]
    missing = int(np.count_nonzero(bm.label < 0))
    rows.append(LegendRow(-1, label_colour(-1), math.nan, math.nan, math.nan, missing, missing / total))
    return rows


def unlabelled_reasons(bm: BasinMap) -> dict[str, int]:
    """Why the −1 starts found no minimum: how many diverged, stopped where f is undefined (or
    the Hessian was singular), ran out of steps, or converged to a point that is not a minimum."""
    status = bm.status[bm.label < 0]
    return {
        "diverged": int(np.count_nonzero(status == batch.DIVERGED)),
        "f undefined": int(np.count_nonzero(status == batch.UNDEFINED)),
        "singular": int(np.count_nonzero(status == batch.SINGULAR)),
        "out of steps": int(np.count_nonzero(status == batch.OK)),
        "not a minimum": int(np.count_nonzero(status == batch.CONVERGED)),
    }


def reason_shares(bm: BasinMap) -> list[tuple[Message, str]]:
    """(reason, share of all starts) of each reason that occurs: [("f undefined", "48.1 %")]."""
    total = max(bm.label.size, 1)
    return [(REASON_TEXT[why], format_share(n / total)) for why, n in unlabelled_reasons(bm).items() if n]


def reasons_text(bm: BasinMap) -> str:
    """'diverged 2.0 %, f undefined 48.1 %' (the reasons that occur), '' when every start found a minimum."""
    return ", ".join(f"{why} {share}" for why, share in reason_shares(bm))
