"""Long paths drawn with a bounded number of vertices, fed incrementally (numpy only).

A run at 5000 steps a second has 300,000 points after a minute; drawing every one each frame costs
in proportion and shows nothing more than a few thousand well-chosen ones. Both decimators here
read only the rows added since their last update (a frame costs O(new rows), not O(path)), and
what they keep is chosen so that the picture is the same to the eye:

* :class:`PathDecimator`, for a path in the plane (the map, the 1-D curve, the 3-D view's floor
  coordinates): the plane is cut into cells about a pixel wide, and a step (segment) is drawn only
  if no earlier step went between the same two cells: a run that converges (thousands of steps in
  one pixel) or oscillates between two points (a period-2 cycle) adds nothing after its first pass,
  while every step that draws something new is kept exactly. The start, the current point and the
  extreme points (least and greatest x and y) are always drawn, whatever the cells say. When a
  path still has more new steps than the budget (a noisy run scribbling over a large area) the
  cells double in size, once per doubling, from the whole path.
* :class:`SeriesDecimator`, for a value against its step (the loss curves): the steps are cut into
  bins and each bin keeps its least and greatest value, in step order (min/max per bin, as
  pyqtgraph's 'peak' downsampling); the bins double in size when there are too many. The first and
  the last value are always kept; +-inf values are kept as their bin's extremes.

The data are never changed: these return *indices* of rows to draw, and the caller draws the
exact rows (the CSV export reads the trajectory itself, every step).
"""
from __future__ import annotations

import math

import numpy as np

#: a path with up to this many points is drawn whole, point for point (and short paths stay exact)
EXACT_POINTS = 2000
#: the most steps a decimated path keeps before its cells double (a path then has at most about
#: twice as many vertices, fewer where kept steps join end to end)
MAX_SEGMENTS = 2500
#: bins of a decimated series: at most 2 * MAX_BINS bins, each drawn as its min and max (a loss
#: plot is a few hundred pixels wide: one or two bins a pixel)
MAX_BINS = 256
_CELL_LIMIT = 32767  # cell coordinates fit in 16 bits
#: cells beyond this many from the origin share the border cell: with cells about a pixel wide and
#: the origin within a few thousand of the view's centre, that is several views away, off screen
REACH = 16384
_CHUNK = 8192  # rows read at a time


def cell_size(pixel_size: float) -> float:
    """The largest power of two not above ``pixel_size`` (> 0): a cell between half a pixel and one
    pixel wide, the same for every zoom within a factor of 2 (zooming rebuilds once per doubling)."""
    if not (math.isfinite(pixel_size) and pixel_size > 0):
        return 1.0
    return 2.0 ** math.floor(math.log2(pixel_size))


class PathDecimator:
    """The steps of a growing path (x_k, y_k) worth drawing at cells of ``cell`` (cx, cy) data
    units, counted from ``origin``. Feed it with :meth:`update` (the whole path so far: only the
    new rows are read), read what to draw with :meth:`drawn`.

    Points farther than ``reach`` cells from the origin (off screen, for a grid centred near the
    view) share the border cells: a run far away, or a zoomed-in view of part of a long path, keeps
    few steps there. Cells are nested: a coarser cell is two finer ones in each direction, reach
    and all (``reach`` is a power of two), so coarsening from the kept steps alone gives exactly
    what coarsening the whole path would: the first step between two coarse cells is the first
    between two fine ones too."""

    def __init__(self, cell: tuple[float, float], origin: tuple[float, float] = (0.0, 0.0),
                 max_segments: int = MAX_SEGMENTS, reach: int = REACH):
        if reach & (reach - 1) or not 2 <= reach <= _CELL_LIMIT:
            raise ValueError(f"reach must be a power of two in [2, {_CELL_LIMIT}], got {reach}")
        self.cell = (float(cell[0]), float(cell[1]))
        # cells per data unit; halved exactly with each coarsening, so cells nest whatever their size
        self._per_unit = (1.0 / self.cell[0], 1.0 / self.cell[1])
        self.origin = (float(origin[0]), float(origin[1]))
        self.max_segments = int(max_segments)
        self.coarsened = 0  # how many times the cells doubled to keep within max_segments
        self._reach = int(reach)  # in cells of the current size: halves with each coarsening
        self.count = 0  # rows read
        self._seen = np.empty(0, dtype=np.uint64)  # sorted keys of the cell pairs drawn
        self._kept: list[np.ndarray] = []  # start indices k of the steps (k, k+1) drawn, in order
        self._kept_total = 0
        self._extremes = np.zeros(4, dtype=np.int64)  # argmin x, argmax x, argmin y, argmax y
        self._extreme_values = np.array([np.inf, -np.inf, np.inf, -np.inf])

    @property
    def kept_steps(self) -> int:
        return self._kept_total

    @property
    def extreme_values(self) -> tuple[float, float, float, float]:
        """(least x, greatest x, least y, greatest y) of the finite points read (inf, -inf before any)."""
        return tuple(float(v) for v in self._extreme_values)

    @property
    def extreme_rows(self) -> tuple[int, int, int, int]:
        """The rows of those extremes."""
        return tuple(int(k) for k in self._extremes)

    def _cells(self, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cell coordinates in [-reach - 1, reach - 1], shifted to be >= 0 (16 bits each)."""
        out = []
        for values, origin, per_unit in ((xs, self.origin[0], self._per_unit[0]), (ys, self.origin[1], self._per_unit[1])):
            with np.errstate(over="ignore", invalid="ignore"):
                scaled = np.subtract(values, origin, dtype=np.float64)
                np.multiply(scaled, per_unit, out=scaled)
            np.floor(scaled, out=scaled)
            np.maximum(scaled, -self._reach, out=scaled)  # far away (or inf): the border cell; NaN stays NaN
            np.minimum(scaled, self._reach - 1, out=scaled)
            undefined = np.isnan(scaled)
            if undefined.any():
                scaled[undefined] = -self._reach - 1  # no point (NaN): a cell of its own
            scaled += _CELL_LIMIT + 1
            out.append(scaled.astype(np.uint64))
        return out[0], out[1]

    def _keys(self, a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """One 64-bit key per step: the cells of its two ends; 0 (never kept) for a step within
        one cell, which draws nothing a pixel wide (the steps into and out of the cell are drawn)."""
        (ax, ay), (bx, by) = self._cells(*a), self._cells(*b)
        keys = (ax << np.uint64(48)) | (ay << np.uint64(32)) | (bx << np.uint64(16)) | by
        keys[(ax == bx) & (ay == by)] = 0
        return keys

    def update(self, xs: np.ndarray, ys: np.ndarray) -> None:
        """Read the rows of the path (xs, ys) added since the last update (a path is only ever
        extended: a new one needs a new decimator)."""
        n = len(xs)
        while self.count < n:  # in chunks, coarsening between them: a long path read at once stays cheap
            end = min(n, self.count + _CHUNK)
            first = max(self.count - 1, 0)  # the last row read starts the first new step
            self._track_extremes(xs[first:end], ys[first:end], first)
            if end - first >= 2:
                x, y = xs[first:end], ys[first:end]
                self._keep(self._keys((x[:-1], y[:-1]), (x[1:], y[1:])), first)
            self.count = end
            while self._kept_total > self.max_segments and self._reach > 2:
                self._coarsen(xs, ys)

    def _keep(self, keys: np.ndarray, first: int) -> None:
        """Keep the steps first + i whose keys[i] no earlier step had."""
        unique, where = np.unique(keys, return_index=True)
        if unique.size and unique[0] == 0:  # steps within a cell
            unique, where = unique[1:], where[1:]
        if self._seen.size:
            at = np.minimum(np.searchsorted(self._seen, unique), self._seen.size - 1)
            new = self._seen[at] != unique
            unique, where = unique[new], where[new]
        if unique.size:
            self._seen = np.union1d(self._seen, unique)
            starts = np.sort(where).astype(np.int64) + first
            self._kept.append(starts)
            self._kept_total += starts.size

    def _coarsen(self, xs: np.ndarray, ys: np.ndarray) -> None:
        """Cells twice as big, from the kept steps only (see the class's note)."""
        starts = self.kept_starts()
        self.cell = (2 * self.cell[0], 2 * self.cell[1])
        self._per_unit = (self._per_unit[0] / 2, self._per_unit[1] / 2)
        self._reach //= 2
        self.coarsened += 1
        keys = self._keys((xs[starts], ys[starts]), (xs[starts + 1], ys[starts + 1]))
        unique, where = np.unique(keys, return_index=True)
        if unique.size and unique[0] == 0:
            unique, where = unique[1:], where[1:]
        kept = starts[np.sort(where)]
        self._seen, self._kept, self._kept_total = unique, [kept], kept.size

    def _track_extremes(self, xs: np.ndarray, ys: np.ndarray, first: int) -> None:
        for slot, values in ((0, xs), (2, ys)):
            finite = np.isfinite(values)
            if not finite.any():
                continue
            low = np.where(finite, values, np.inf).argmin()
            high = np.where(finite, values, -np.inf).argmax()
            if values[low] < self._extreme_values[slot]:
                self._extremes[slot], self._extreme_values[slot] = first + low, values[low]
            if values[high] > self._extreme_values[slot + 1]:
                self._extremes[slot + 1], self._extreme_values[slot + 1] = first + high, values[high]

    def kept_starts(self) -> np.ndarray:
        """Start indices of the steps the cells keep, ascending."""
        if len(self._kept) > 1:
            self._kept = [np.concatenate(self._kept)]
        return self._kept[0] if self._kept else np.empty(0, dtype=np.int64)

    def drawn(self, extra_steps=(), since: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """(indices, connect): the rows to draw, ascending, and for each whether it joins the next
        (pyqtgraph's connect array). The kept steps, the last step (to the current point), the
        steps into and out of each extreme point, and ``extra_steps`` (start indices of steps the
        caller needs, e.g. the last one that left the plotted box). ``since``: only the steps from
        that row on (the part of a path drawn since then; row ``since`` is always among them)."""
        n = self.count
        if n == 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=bool)
        since = min(max(int(since), 0), n - 1)
        forced = [n - 2, *self._extremes - 1, *self._extremes, *extra_steps]
        forced = np.asarray([k for k in forced if since <= k < n - 1], dtype=np.int64)
        kept = self.kept_starts()
        kept = kept[np.searchsorted(kept, since):]
        steps = _sorted_unique(np.concatenate([kept, forced]))
        indices = _sorted_unique(np.concatenate([[since, n - 1], steps, steps + 1]))
        connect = np.zeros(indices.size, dtype=bool)
        if steps.size:
            at = np.minimum(np.searchsorted(steps, indices[:-1]), steps.size - 1)
            connect[:-1] = (steps[at] == indices[:-1]) & (indices[1:] == indices[:-1] + 1)
        return indices, connect

    def steps(self, extra_steps=(), since: int = 0) -> np.ndarray:
        """Start indices k of the steps (k, k+1) to draw, ascending (for a line list, as GL draws)."""
        indices, connect = self.drawn(extra_steps, since)
        return indices[connect]


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique for the few thousand, mostly sorted, integers of a drawn path (a plain sort: numpy's
    hash-based unique costs ten times more at this size)."""
    values = np.sort(values)
    keep = np.ones(values.size, dtype=bool)
    keep[1:] = values[1:] != values[:-1]
    return values[keep]


class SeriesDecimator:
    """Min/max per bin of a growing series of values against their index. Feed it with
    :meth:`extend` (only the new values), read the values to draw with :meth:`drawn`."""

    def __init__(self, max_bins: int = MAX_BINS, exact_rows: int = EXACT_POINTS):
        """Every value is kept while there are at most ``exact_rows`` of them; then the bins
        double until there are at most 2 * ``max_bins``."""
        self.max_bins = int(max_bins)
        self.exact_rows = int(exact_rows)
        self.bin_size = 1
        self.count = 0
        self._first = self._last = np.empty(0)
        self._bins = np.empty((0, 2), dtype=np.int64)  # (index of the min, index of the max), ascending per bin
        self._bin_values = np.empty((0, 2))
        self._tail = np.empty(0)  # values of the rows after the last whole bin

    def extend(self, values: np.ndarray) -> None:
        values = np.asarray(values, dtype=np.float64)
        if values.size == 0:
            return
        if self.count == 0:
            self._first = values[:1].copy()
        self._last = values[-1:].copy()
        tail_start = self.count - self._tail.size
        self._tail = np.concatenate([self._tail, values])
        self.count += values.size
        whole = self._tail.size // self.bin_size
        if whole:
            block = self._tail[: whole * self.bin_size].reshape(whole, self.bin_size)
            offsets = tail_start + self.bin_size * np.arange(whole)
            self._add_bins(block, offsets)
            self._tail = self._tail[whole * self.bin_size:].copy()
        while len(self._bins) > 2 * self.max_bins and self.count > self.exact_rows:
            self._merge()

    def _add_bins(self, block: np.ndarray, offsets: np.ndarray) -> None:
        low = np.where(np.isnan(block), np.inf, block).argmin(axis=1)
        high = np.where(np.isnan(block), -np.inf, block).argmax(axis=1)
        rows = np.arange(len(block))
        self._append(np.column_stack([offsets + low, offsets + high]),
                     np.column_stack([block[rows, low], block[rows, high]]))

    def _append(self, bins: np.ndarray, values: np.ndarray) -> None:
        swap = bins[:, 0] > bins[:, 1]  # draw each bin's two values in step order
        bins[swap], values[swap] = bins[swap][:, ::-1], values[swap][:, ::-1]
        self._bins = np.concatenate([self._bins, bins])
        self._bin_values = np.concatenate([self._bin_values, values])

    def _merge(self) -> None:
        """Pairs of neighbouring bins become one: its min and max are among the pair's four kept
        values (a bin keeps its extremes, so nothing else could be)."""
        pairs = len(self._bins) // 2
        rest_bins, rest_values = self._bins[2 * pairs:], self._bin_values[2 * pairs:]
        idx = self._bins[: 2 * pairs].reshape(pairs, 4)
        val = self._bin_values[: 2 * pairs].reshape(pairs, 4)
        low = np.where(np.isnan(val), np.inf, val).argmin(axis=1)
        high = np.where(np.isnan(val), -np.inf, val).argmax(axis=1)
        rows = np.arange(pairs)
        self._bins, self._bin_values = np.empty((0, 2), dtype=np.int64), np.empty((0, 2))
        self._append(np.column_stack([idx[rows, low], idx[rows, high]]), np.column_stack([val[rows, low], val[rows, high]]))
        self._bins = np.concatenate([self._bins, rest_bins])
        self._bin_values = np.concatenate([self._bin_values, rest_values])
        self.bin_size *= 2

    def drawn(self) -> tuple[np.ndarray, np.ndarray]:
        """(indices, values) to draw, ascending: the first value, each bin's min and max, the rows
        after the last whole bin, and the last value."""
        if self.count == 0:
            return np.empty(0, dtype=np.int64), np.empty(0)
        tail_index = np.arange(self.count - self._tail.size, self.count)
        indices = np.concatenate([[0], self._bins.ravel(), tail_index, [self.count - 1]])
        values = np.concatenate([self._first, self._bin_values.ravel(), self._tail, self._last])
        indices, where = np.unique(indices, return_index=True)
        return indices, values[where]
