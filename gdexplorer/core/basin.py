"""Basins of attraction: run an optimizer from every start of a grid and label each start by the
minimum it ends in.

Starts are ``linspace`` grids over the range (row j is y_j, column i is x_i: a start at (x_i, y_j)
is element ``[j, i]`` of every array). The batch engine (:mod:`gdexplorer.core.batch`) runs them;
a start counts as converged when |∇f| < ``gtol`` or its last step was shorter than ``xtol``.
Converged end points within ``cluster_tol`` × the range's larger side of each other are one
minimum; a cluster whose lowest point has a Hessian with a negative eigenvalue (a saddle or a
maximum that a start landed on exactly) is not a minimum. Labels are 0.. ordered by the minimum's
f (values within 1e-9 relative of each other count as equal), then x, then y; −1 marks starts that
diverged, stopped, ran out of steps before converging, or ended on a point that is not a minimum.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from gdexplorer.core import batch, derivatives
from gdexplorer.core.expression import Expression
from gdexplorer.core.messages import message


#: an end point counts as a minimum only where |∇f| <= max(gtol, STATIONARY_RTOL x the largest |∇f| at the starts)
STATIONARY_RTOL = 1e-4


@dataclass(frozen=True)
class BasinMap:
    xs: np.ndarray  # (NX,)
    ys: np.ndarray  # (NY,)
    final_x: np.ndarray  # (NY, NX)
    final_y: np.ndarray
    f: np.ndarray
    steps: np.ndarray  # int64
    label: np.ndarray  # int64, -1: diverged or not converged
    status: np.ndarray  # batch status codes
    minima: np.ndarray  # (L, 3): x, y, f of label 0..L-1

    def arrays(self) -> dict[str, np.ndarray]:
        return dict(final_x=self.final_x, final_y=self.final_y, f=self.f, steps=self.steps, label=self.label,
                    minima=self.minima, x=self.xs, y=self.ys)


def cluster(points: np.ndarray, f: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Group ``points`` ((n, 2)) closer than ``tol`` (single linkage on a grid of cells of side
    ``tol``). Returns (cluster id of each point, index of each cluster's lowest-f point)."""
    n = points.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    cells = np.floor(points / tol).astype(np.int64)
    uniq, inverse = np.unique(cells, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    parent = list(range(len(uniq)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    index = {tuple(c): i for i, c in enumerate(uniq.tolist())}
    for i, (cx, cy) in enumerate(uniq.tolist()):  # neighbouring occupied cells are one cluster
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                j = index.get((cx + dx, cy + dy))
                if j is not None:
                    ra, rb = find(i), find(j)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
    roots = np.array([find(i) for i in range(len(uniq))])
    _, cell_cluster = np.unique(roots, return_inverse=True)
    ids = cell_cluster.ravel()[inverse]
    best = np.full(ids.max() + 1, -1, dtype=np.int64)
    order = np.lexsort((points[:, 1], points[:, 0], f))  # lowest f first
    for k in order[::-1]:
        best[ids[k]] = k
    return ids, best


def basin_map(expr: Expression, x_range: tuple[float, float], y_range: tuple[float, float], nx: int, ny: int,
              optimizer: str = "gd", *, steps: int = 1000, hyperparameters: Mapping[str, float] | None = None,
              gtol: float = 1e-6, xtol: float = 1e-10, cluster_tol: float = 1e-3,
              schedule=None, clip: float | None = None) -> BasinMap:
    """Run ``optimizer`` from an ``nx`` × ``ny`` grid of starts and label the minima they reach.
    ``schedule`` and ``clip`` as a run's. Raises KeyError/ValueError for bad settings (compiles the
    batch kernel if it is not ready)."""
    if expr.dim != 2:
        raise ValueError(message("a basin map needs a function of x and y"))
    if nx < 1 or ny < 1:
        raise ValueError(message("the grid needs at least one start each way, got {nx}x{ny}", nx=nx, ny=ny))
    xs = np.linspace(x_range[0], x_range[1], nx)
    ys = np.linspace(y_range[0], y_range[1], ny)
    X, Y = np.meshgrid(xs, ys)  # [j, i] = (xs[i], ys[j])
    starts = np.stack([X.ravel(), Y.ravel()], axis=1)
    result = batch.run(expr, starts, optimizer, steps=steps, hyperparameters=hyperparameters, gtol=gtol, xtol=xtol,
                       schedule=schedule, clip=clip)
    shape = (ny, nx)
    label = np.full(nx * ny, -1, dtype=np.int64)
    converged = np.flatnonzero(result.status == batch.CONVERGED)
    tol = cluster_tol * max(abs(x_range[1] - x_range[0]), abs(y_range[1] - y_range[0]), 1e-300)
    ids, best = cluster(result.final[converged], result.f[converged], tol)
    minima = []
    keep = []
    # a stopped start is at a minimum only where the gradient is small: next to the gradients at the
    # starts (a tiny learning rate stops every start by xtol long before any minimum), or below gtol
    with np.errstate(all="ignore"):
        _, gx0, gy0 = derivatives.points(expr, starts[:, 0].copy(), starts[:, 1].copy())
        g_start = np.hypot(gx0, gy0)
    g_start = g_start[np.isfinite(g_start)]
    g_small = max(gtol, STATIONARY_RTOL * (float(np.max(g_start)) if g_start.size else 1.0))
    for c, k in enumerate(best):
        x, y = result.final[converged[k]]
        _, g_end = derivatives.value_and_gradient(expr, (x, y))
        eig = np.linalg.eigvalsh(derivatives.hessian(expr, (x, y)))
        scale = max(1.0, float(np.max(np.abs(eig)))) if np.all(np.isfinite(eig)) else 1.0
        stationary = bool(np.hypot(*g_end) <= g_small)
        if stationary and np.all(np.isfinite(eig)) and eig[0] >= -1e-8 * scale:  # not a saddle or maximum
            keep.append(c)
            minima.append((x, y, result.f[converged[k]]))
    minima_arr = np.array(minima, dtype=np.float64).reshape(-1, 3)
    if len(minima):
        fscale = 1e-9 * max(1.0, float(np.max(np.abs(minima_arr[:, 2]))))
        order = np.lexsort((minima_arr[:, 1], minima_arr[:, 0], np.round(minima_arr[:, 2] / fscale)))
        minima_arr = minima_arr[order]
        new_label = np.full(len(best), -1, dtype=np.int64)
        new_label[np.array(keep)[order]] = np.arange(len(order))
        label[converged] = new_label[ids]
    return BasinMap(xs, ys, result.final[:, 0].reshape(shape), result.final[:, 1].reshape(shape),
                    result.f.reshape(shape), result.steps.reshape(shape), label.reshape(shape),
                    result.status.reshape(shape), minima_arr)


# ---------------------------------------------------------------------------------------------
# a picture without Qt: colour per label, shaded by steps
# ---------------------------------------------------------------------------------------------
PALETTE = np.array([
    (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189), (140, 86, 75),
    (227, 119, 194), (188, 189, 34), (23, 190, 207), (127, 127, 127),
], dtype=np.float64)
UNLABELLED = np.array((24, 24, 24), dtype=np.float64)


def basin_image(label: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """An RGB image (NY, NX, 3) uint8, y up (row 0 of the image is the largest y): each label its
    colour, darker the more steps the start took; −1 near black."""
    rgb = np.empty(label.shape + (3,))
    rgb[:] = UNLABELLED
    labelled = label >= 0
    if labelled.any():
        most = max(int(steps[labelled].max()), 1)
        shade = 1.0 - 0.6 * (steps / most)
        colours = PALETTE[label[labelled] % len(PALETTE)]
        rgb[labelled] = colours * shade[labelled, None]
    return np.clip(np.rint(rgb[::-1]), 0, 255).astype(np.uint8)


def png_bytes(rgb: np.ndarray) -> bytes:
    """A minimal PNG encoder (8-bit RGB, no filter) with zlib and struct."""
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[row].tobytes() for row in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")
