"""Decimation of long paths for drawing (gdexplorer/scene/decimate.py), against references written
here in plain numpy: the cells of a step's two ends, each bin's min and max."""
from __future__ import annotations

import numpy as np
import pytest

from gdexplorer.core.descent import run
from gdexplorer.core.expression import parse
from gdexplorer.scene.decimate import MAX_SEGMENTS, PathDecimator, SeriesDecimator, cell_size

ROSENBROCK = parse("(1 - x)^2 + 100*(y - x^2)^2")


def step_cells(xs, ys, cell, origin, reach):
    """Reference: each step's (cell of its start, cell of its end), cells clipped to the reach."""
    cx = np.clip(np.floor((xs - origin[0]) / cell[0]), -reach, reach - 1).astype(int)
    cy = np.clip(np.floor((ys - origin[1]) / cell[1]), -reach, reach - 1).astype(int)
    return [((a, b), (c, d)) for a, b, c, d in zip(cx[:-1], cy[:-1], cx[1:], cy[1:])]


def noisy_path(n=50_000, seed=3):
    """A random walk that keeps coming back (an sgd run that never settles), in [-2, 2]²."""
    rng = np.random.default_rng(seed)
    walk = np.cumsum(rng.normal(scale=0.01, size=(n, 2)), axis=0)
    return np.clip(walk, -2, 2)


def test_cell_size_is_the_power_of_two_at_or_below_a_pixel():
    assert cell_size(1.0) == 1.0
    assert cell_size(0.75) == 0.5
    assert cell_size(3e-3) == 2.0 ** -9  # 0.001953125 <= 0.003 < 0.00390625
    assert cell_size(0.0) == 1.0 and cell_size(float("nan")) == 1.0  # no view yet: any cell


def test_every_step_drawn_or_one_between_the_same_cells_is():
    """The picture is the same to a cell: each step's pair of cells is the pair of a kept step
    (or the step stays within one cell), and every kept step is the first with its pair."""
    points = run(ROSENBROCK, (-1.5, 2.0), "momentum", steps=20_000, hyperparameters={"lr": 5e-4}).points
    xs, ys = points[:, 0], points[:, 1]
    cell, origin = (4 / 1024, 4 / 1024), (0.0, 1.0)
    decimator = PathDecimator(cell, origin, max_segments=10**6)
    decimator.update(xs, ys)
    pairs = step_cells(xs, ys, cell, origin, 16384)
    kept = decimator.kept_starts()
    kept_pairs = {pairs[k] for k in kept}
    first_of = {}
    for k, pair in enumerate(pairs):
        first_of.setdefault(pair, k)
    moving = {pair for pair in pairs if pair[0] != pair[1]}
    assert kept_pairs == moving
    assert sorted(first_of[p] for p in moving) == kept.tolist()
    assert decimator.kept_steps < len(pairs) / 5  # the momentum run settles: most steps add nothing


def test_a_long_path_keeps_its_start_current_point_and_extremes_in_a_few_thousand_rows():
    points = noisy_path()
    xs, ys = points[:, 0], points[:, 1]
    decimator = PathDecimator((4 / 1024, 4 / 1024), (0.0, 0.0))
    decimator.update(xs, ys)
    rows, connect = decimator.drawn()
    assert rows.size <= 2 * MAX_SEGMENTS + 12
    assert decimator.coarsened >= 1  # the walk has more distinct steps than the budget at 1 px
    must = {0, len(xs) - 1, int(xs.argmin()), int(xs.argmax()), int(ys.argmin()), int(ys.argmax())}
    assert must <= set(rows.tolist())
    assert np.all(np.diff(rows) > 0)
    # a row joins the next only when they are one step apart, and the last step (to the current point) is drawn
    assert np.all(rows[1:][connect[:-1]] == rows[:-1][connect[:-1]] + 1)
    assert connect[-2] and rows[-2] == len(xs) - 2 and not connect[-1]


def test_reading_a_path_in_pieces_keeps_what_reading_it_whole_keeps():
    points = noisy_path(30_000, seed=5)
    xs, ys = points[:, 0], points[:, 1]
    whole = PathDecimator((2 / 1024, 2 / 1024), (0.0, 0.0))
    whole.update(xs, ys)
    pieces = PathDecimator((2 / 1024, 2 / 1024), (0.0, 0.0))
    rng = np.random.default_rng(0)
    n = 1
    while n < len(xs):
        n = min(len(xs), n + int(rng.integers(1, 400)))
        pieces.update(xs[:n], ys[:n])  # only the new rows are read
    assert pieces.coarsened == whole.coarsened
    np.testing.assert_array_equal(pieces.kept_starts(), whole.kept_starts())
    for a, b in zip(pieces.drawn(), whole.drawn()):
        np.testing.assert_array_equal(a, b)


def test_coarsening_from_the_kept_steps_equals_decimating_the_whole_path_on_coarser_cells():
    """The nesting argument of PathDecimator's docstring, checked: budget-driven doubling gives
    exactly what a decimator made at the final cell size (and the same reach in data units) gives."""
    points = noisy_path(40_000, seed=7)
    xs, ys = points[:, 0], points[:, 1]
    small_budget = PathDecimator((1 / 1024, 1 / 1024), (0.25, -0.5), max_segments=800, reach=4096)
    small_budget.update(xs, ys)
    k = small_budget.coarsened
    assert k >= 2
    direct = PathDecimator((2**k / 1024, 2**k / 1024), (0.25, -0.5), max_segments=10**6, reach=4096 >> k)
    direct.update(xs, ys)
    np.testing.assert_array_equal(small_budget.kept_starts(), direct.kept_starts())
    assert small_budget.kept_steps <= 800


def test_a_two_cycle_and_a_settled_run_draw_a_handful_of_rows():
    """lr at the edge of stability: x jumps between two points for ever; a converged run stays in
    one pixel. 100,000 steps each, a few rows drawn."""
    cycle = np.tile([[-1.0, 0.5], [1.0, -0.5]], (50_000, 1))
    decimator = PathDecimator((0.01, 0.01))
    decimator.update(cycle[:, 0], cycle[:, 1])
    assert decimator.kept_steps == 2
    assert decimator.drawn()[0].size <= 8
    settled = 1.0 + 1e-6 * np.exp(-np.arange(100_000) / 50.0)
    decimator = PathDecimator((0.01, 0.01))
    decimator.update(settled, settled)
    lowest = int(settled.argmin())  # where the decay reaches 1.0 exactly: an extreme, drawn
    assert decimator.drawn()[0].tolist() == [0, 1, lowest - 1, lowest, lowest + 1, 99_998, 99_999]


def test_points_far_off_screen_share_the_border_cells():
    """A run that leaves for 1e300 and wanders there keeps a few steps, not one per point."""
    far = np.column_stack([np.linspace(1e3, 1e300, 20_000), np.linspace(-5e2, -1e299, 20_000)])
    path = np.concatenate([[[0.0, 0.0], [0.5, 0.5]], far, [[np.inf, np.nan]]])
    decimator = PathDecimator((0.01, 0.01), reach=256)
    decimator.update(path[:, 0], path[:, 1])
    assert decimator.kept_steps <= 4
    assert decimator.extreme_values[1] == 1e300  # the finite extremes
    with pytest.raises(ValueError):
        PathDecimator((0.01, 0.01), reach=1000)  # not a power of two: cells would not nest


def bin_extremes(values: np.ndarray, size: int) -> set[int]:
    """Reference: the indices of each bin's min and max (bins of ``size`` consecutive values)."""
    bins = values.reshape(-1, size)
    offsets = size * np.arange(len(bins))
    return set((offsets + bins.argmin(axis=1)).tolist()) | set((offsets + bins.argmax(axis=1)).tolist())


def test_a_series_keeps_each_bins_min_and_max():
    rng = np.random.default_rng(11)
    values = np.cumsum(rng.normal(size=2**16))
    series = SeriesDecimator(max_bins=256, exact_rows=0)
    series.extend(values)
    assert series.bin_size == 128  # 65,536 values in 512 bins
    rows, drawn = series.drawn()
    assert set(rows.tolist()) == bin_extremes(values, 128) | {0, values.size - 1}
    np.testing.assert_array_equal(drawn, values[rows])


def test_a_series_fed_a_frame_at_a_time_keeps_first_last_and_extremes_and_stays_small():
    f = run(ROSENBROCK, (-1.5, 2.0), "adam", steps=60_000, hyperparameters={"lr": 0.08}).f
    norm = np.abs(np.gradient(f))
    norm[[1234, 50_000]] = np.inf  # |∇f| past the largest double: kept, to be marked off scale
    for values in (f, norm):
        series = SeriesDecimator()  # exact while <= 2000 rows, then <= 512 bins
        for start in range(0, values.size, 125):
            series.extend(values[start:start + 125])
            if series.count <= 2000:
                assert series.drawn()[0].tolist() == list(range(series.count))
        rows, drawn = series.drawn()
        assert rows.size <= 2 * 512 + series.bin_size + 1
        np.testing.assert_array_equal(drawn, values[rows])
        finite = np.where(np.isfinite(values), values, np.nan)
        assert {0, values.size - 1, int(np.nanargmin(finite)), int(np.nanargmax(finite))} <= set(rows.tolist())
    assert {1234, 50_000} <= set(rows.tolist())  # every inf is some bin's max
