"""The basin overlay's maths without Qt: the map in bands equals core.basin_map's, the pixels are
core's colours in grid order, the legend's shares add up (issue 10.3)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from gdexplorer.core import batch
from gdexplorer.core.basin import PALETTE, UNLABELLED, basin_image, basin_map
from gdexplorer.core.expression import parse
from gdexplorer.scene import basin_overlay as bo

HIMMELBLAU = "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"
#: Himmelblau's minima (all f = 0), in basin_map's label order: equal f, then by x, then y
HIMMELBLAU_MINIMA = [(-3.779310, -3.283186), (-2.805118, 3.131312), (3.0, 2.0), (3.584428, -1.848127)]


@pytest.fixture(scope="module")
def himmelblau():
    return parse(HIMMELBLAU)


def test_bands_give_basin_maps_own_map(himmelblau):
    """A 48 × 40 grid in bands of 3 rows (14 bands) is labelled as one basin_map call labels it."""
    progress = []
    got = bo.banded_basin_map(himmelblau, (-5, 5), (-5, 5), 48, 40, "gd", steps=1500, hyperparameters={"lr": 0.01},
                              progress=lambda f, text: progress.append(f), starts_per_band=150)
    ref = basin_map(himmelblau, (-5, 5), (-5, 5), 48, 40, "gd", steps=1500, hyperparameters={"lr": 0.01})
    assert len(progress) == 14 and progress == sorted(progress) and progress[-1] == 1.0
    np.testing.assert_array_equal(got.xs, ref.xs)
    np.testing.assert_array_equal(got.ys, ref.ys)
    np.testing.assert_array_equal(got.label, ref.label)
    np.testing.assert_array_equal(got.status, ref.status)
    np.testing.assert_array_equal(got.steps, ref.steps)
    np.testing.assert_allclose(got.final_x, ref.final_x, rtol=0, atol=1e-12)
    np.testing.assert_allclose(got.minima, ref.minima, rtol=0, atol=1e-12)
    np.testing.assert_allclose(got.minima[:, :2], HIMMELBLAU_MINIMA, atol=1e-5)


def test_bands_merge_minima_that_several_bands_found():
    """sin(x)·sin(y) over 3 × 2 periods: every band finds some of the 12 minima (value −1, at
    (±π/2 + 2kπ, ∓π/2 + 2lπ)); the merged labels are basin_map's, with momentum."""
    expr = parse("sin(x)*sin(y)")
    args = (expr, (-9.0, 9.5), (-6.0, 6.5), 70, 50, "momentum")
    kw = dict(steps=800, hyperparameters={"lr": 0.05})
    got = bo.banded_basin_map(*args, **kw, starts_per_band=350)  # bands of 5 rows
    ref = basin_map(*args, **kw)
    np.testing.assert_array_equal(got.label, ref.label)
    np.testing.assert_allclose(got.minima, ref.minima, atol=1e-12)
    assert len(got.minima) >= 12
    inside = got.minima[(np.abs(got.minima[:, 0]) < 9) & (np.abs(got.minima[:, 1]) < 6)]
    np.testing.assert_allclose(inside[:, 2], -1.0, atol=1e-9)
    np.testing.assert_allclose(np.sin(inside[:, 0]) * np.sin(inside[:, 1]), -1.0, atol=1e-9)


def test_band_rows_cover_the_grid_once():
    assert bo.band_rows(100, 7, 250) == [(0, 2), (2, 4), (4, 6), (6, 7)]
    assert bo.band_rows(512, 512) == [(k, k + 32) for k in range(0, 512, 32)]  # 16 bands of 16 384 starts
    assert bo.band_rows(1000, 3, 10) == [(0, 1), (1, 2), (2, 3)]  # at least one row a band


def test_a_cancel_from_progress_stops_between_bands(himmelblau):
    """The job runner's progress raises once a job is cancelled: no band after it is computed."""
    calls = []

    class Stop(Exception):
        pass

    def progress(fraction, text):
        calls.append(fraction)
        if len(calls) == 2:
            raise Stop

    with pytest.raises(Stop):
        bo.banded_basin_map(himmelblau, (-5, 5), (-5, 5), 20, 20, steps=100, progress=progress, starts_per_band=40)
    assert calls == [0.1, 0.2]  # 10 bands of 2 rows: the third never ran


def test_undefined_and_unconverged_starts_are_minus_one_and_counted():
    """(x−1)² + (y²−1)² + 0.3·√x is undefined for x < 0: those starts stop at once (f undefined);
    gd at 0.02 reaches the two minima at y = ±1 from every other start. x* solves
    2(x−1) + 0.15/√x = 0 (bisection here, an independent reference)."""
    expr = parse("(x-1)^2 + (y^2-1)^2 + 0.3*sqrt(x)")
    bm = bo.banded_basin_map(expr, (-1, 3), (-2, 2), 41, 41, "gd", steps=3000, hyperparameters={"lr": 0.02},
                             starts_per_band=200)
    xs = np.linspace(-1, 3, 41)
    negative = np.broadcast_to(xs[None, :] < 0, bm.label.shape)
    assert (bm.label[negative] == -1).all() and (bm.status[negative] == batch.UNDEFINED).all()
    lo, hi = 1e-6, 1.0
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if 2 * (mid - 1) + 0.15 / math.sqrt(mid) < 0 else (lo, mid)
    np.testing.assert_allclose(bm.minima[:, :2], [(lo, -1.0), (lo, 1.0)], atol=1e-5)
    rows = bo.legend_rows(bm)
    assert [r.label for r in rows] == [0, 1, -1]
    assert sum(r.count for r in rows) == bm.label.size
    assert math.isclose(sum(r.share for r in rows), 1.0)
    reasons = bo.unlabelled_reasons(bm)
    assert reasons["f undefined"] >= int(negative.sum())
    assert sum(reasons.values()) == rows[-1].count
    assert "f undefined" in bo.reasons_text(bm) and "diverged" not in bo.reasons_text(bm)
    assert rows[-1].text.startswith("diverged or not converged: ")


def test_overlay_pixels_are_cores_colours_in_grid_order():
    label = np.array([[0, 1, -1], [2, 0, 11]])  # row 0 is the smallest y
    steps = np.array([[10, 20, 5], [40, 0, 30]])
    rgba = bo.overlay_rgba(label, steps, zoom=4)
    assert rgba.shape == (8, 12, 4) and rgba.dtype == np.uint8 and (rgba[..., 3] == 255).all()
    flipped = basin_image(label, steps)[::-1]  # core's picture is y-up: row 0 the largest y
    for j in range(2):
        for i in range(3):
            cell = rgba[4 * j:4 * j + 4, 4 * i:4 * i + 4, :3]
            if label[j, i] >= 0:
                assert (cell == flipped[j, i]).all()
    # shading by hand: 1 − 0.6·steps/max(steps of labelled starts) = 40; label 11 wraps to colour 1
    np.testing.assert_array_equal(rgba[0, 0, :3], np.rint(PALETTE[0] * (1 - 0.6 * 10 / 40)))
    np.testing.assert_array_equal(rgba[4, 8, :3], np.rint(PALETTE[1] * (1 - 0.6 * 30 / 40)))
    hatched = rgba[0:4, 8:12, :3].reshape(-1, 3)
    colours = {tuple(c) for c in hatched}
    assert colours == {tuple(int(v) for v in UNLABELLED), bo.UNLABELLED_STRIPE}


def test_hatching_rises_and_is_thin():
    mask = bo.hatch_mask((16, 16))
    assert 0.3 < mask.mean() < 0.45  # 3 of every 8 pixels
    assert mask[0, 0] and mask[1, 1] and not mask[0, 4]  # along the diagonal (rows go up on the map)


def test_the_legend_uses_the_palette_of_gdexplorer_basin():
    assert bo.label_colour(0) == tuple(int(v) for v in PALETTE[0])
    assert bo.label_colour(len(PALETTE) + 3) == tuple(int(v) for v in PALETTE[3])
    assert bo.label_colour(-1) == tuple(int(v) for v in UNLABELLED)


def test_each_start_is_the_centre_of_its_cell():
    left, bottom, width, height = bo.cell_rect((-5, 5), (0, 2), 11, 5)
    assert (left, bottom, width, height) == (-5.5, -0.25, 11.0, 2.5)
    xs, ys = np.linspace(-5, 5, 11), np.linspace(0, 2, 5)
    np.testing.assert_allclose(left + (np.arange(11) + 0.5) * width / 11, xs)
    np.testing.assert_allclose(bottom + (np.arange(5) + 0.5) * height / 5, ys)
    assert bo.image_zoom(32, 32) == 16 and bo.image_zoom(512, 512) == 1 and bo.image_zoom(100, 60) == 6


@pytest.mark.parametrize("share, text", [(0.0, "0.0 %"), (1.0, "100.0 %"), (0.25, "25.0 %"), (1e-5, "<0.1 %"),
                                         (0.99999, ">99.9 %")])
def test_shares_never_round_to_none_or_all(share, text):
    assert bo.format_share(share) == text
