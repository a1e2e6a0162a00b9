"""The landscape's height scale, undefined cells, known minima and exit points, without widgets."""
from __future__ import annotations

import math

import numpy as np
import pytest

from gdexplorer.scene.landscape import HeightScale, LandscapeRequest, build_landscape, exit_point, round_ticks
from gdexplorer.core.objective import ExpressionObjective
from gdexplorer.core.presets import get_preset


def landscape(text, x_range=(-2.0, 2.0), y_range=(-1.0, 3.0), resolution=41):
    return build_landscape(ExpressionObjective.from_text(text), LandscapeRequest(text, x_range, y_range, resolution=resolution))


def test_undefined_f_stays_undefined_and_overflow_stays_extreme():
    """issue 8.3: NaN (undefined) is no height; +inf/-inf (overflow) are the top and the bottom."""
    scale = HeightScale(0.0, 10.0, 0.0)
    h = scale(np.array([np.nan, np.inf, -np.inf, 5.0]))
    assert math.isnan(h[0])
    assert h[1:].tolist() == [1.0, 0.0, 0.5]


def test_a_landscape_says_where_f_is_undefined():
    """issue 8.3: sqrt(x) is undefined for x < 0, defined for x >= 0."""
    land = landscape("sqrt(x) + y^2")
    expected = land.xs[None, :] < 0
    np.testing.assert_array_equal(land.undefined, np.broadcast_to(expected, land.f.shape))
    assert land.has_undefined
    assert np.isnan(land.heights[land.undefined]).all()
    assert np.isfinite(land.heights[~land.undefined]).all()
    assert not landscape("x^2 + y^2").has_undefined


@pytest.mark.parametrize("scale", [HeightScale(-3.0, 7.0, 0.0), HeightScale(0.0, 2509.0, 35.8), HeightScale(1e-3, 5e4, 0.2)])
def test_the_inverse_undoes_the_height_scale(scale):
    """issue 8.15: the colour bar's ticks read f back from a display height."""
    f = np.linspace(scale.low, scale.high, 101)
    np.testing.assert_allclose(scale.inverse(scale(f)), f, rtol=1e-12, atol=1e-9 * (scale.high - scale.low))
    h = np.linspace(0.0, 1.0, 11)
    np.testing.assert_allclose(scale(scale.inverse(h)), h, atol=1e-12)


def test_log_ticks_are_real_f_values_at_their_heights():
    """issue 8.15: on Rosenbrock's log scale every tick sits at the height of the f it names, and
    the ticks spread over the bar instead of crowding at the top."""
    scale = landscape("(1 - x)^2 + 100*(y - x^2)^2", resolution=200).scale
    assert scale.is_log
    ticks = scale.ticks()
    assert len(ticks) >= 5
    heights, values = np.array(ticks).T
    # the formula of the log mapping, written out independently
    expected = np.log1p((values - scale.low) / scale.knee) / np.log1p((scale.high - scale.low) / scale.knee)
    np.testing.assert_allclose(heights, expected, atol=1e-12)
    assert heights[0] == 0.0 and heights[-1] == 1.0
    assert np.all(np.diff(heights) > 0.1)


def test_linear_ticks_are_round_and_inside():
    """issue 8.15"""
    ticks = HeightScale(0.1, 10.4, 0.0).ticks()
    values = [v for _, v in ticks]
    assert values == [2.0, 4.0, 6.0, 8.0, 10.0]
    for h, v in ticks:
        assert h == pytest.approx((v - 0.1) / 10.3)
    assert round_ticks(-2.0, 2.0).tolist() == [-2.0, -1.0, 0.0, 1.0, 2.0]


def test_known_minima_come_with_f_computed_from_the_expression():
    """issue 8.17: Himmelblau's four minima, each with f there (0, up to the six digits given)."""
    preset = get_preset("himmelblau")
    land = landscape(preset.expression, preset.x_range, preset.y_range)
    assert [(x, y) for x, y, _ in land.minima] == list(preset.minima)
    for x, y, f in land.minima:
        assert f == pytest.approx((x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2, abs=1e-12)
        assert abs(f) < 1e-8
    camel = get_preset("six_hump_camel")
    land = landscape(camel.expression, camel.x_range, camel.y_range)
    assert [round(f, 4) for *_, f in land.minima] == [-1.0316, -1.0316]
    assert landscape("x^2 + 3*y^2").minima == ()  # a typed function has no known minima


def test_exit_point_is_where_the_last_step_crossed_the_border():
    """issue 8.4: a step from (0, 0) to (3, 1) leaves [-2, 2] x [-1, 3] through x = 2 at y = 2/3."""
    x, y, angle = exit_point([[0.0, 0.0], [3.0, 1.0]], (-2, 2), (-1, 3))
    assert (x, y) == pytest.approx((2.0, 2 / 3))
    assert angle == pytest.approx(math.degrees(math.atan2(1, 3)))
    assert exit_point([[0.0, 0.0], [1.0, 1.0]], (-2, 2), (-1, 3)) is None  # still inside
    # out for a while: the head projected onto the border, pointing from there to the head
    x, y, angle = exit_point([[5.0, 5.0], [6.0, 1.0]], (-2, 2), (-1, 3))
    assert (x, y, angle) == pytest.approx((2.0, 1.0, 0.0))
    # an overflowed head still gives a direction; a NaN head gives nothing
    assert exit_point([[1.0, 1.0], [-np.inf, 1.0]], (-2, 2), (-1, 3)) == pytest.approx((-2.0, 1.0, 180.0))
    assert exit_point([[1.0, 1.0], [np.nan, 1.0]], (-2, 2), (-1, 3)) is None
    # 1-D: only x has a border
    assert exit_point([[1.0, 5.0], [3.0, 9e9]], (-2, 2), (-np.inf, np.inf))[0] == 2.0


@pytest.mark.parametrize("text", ["1.5e308*(x + y)", "1e308*x^2 - 1e308*y^2", "exp(800*x) + y", "x*1e-320 + y*1e-320"])
def test_landscapes_near_the_limits_of_a_double_build_without_warnings(text):
    """Contour crossings divide differences of values near 1.8e308: (level - a)/(b - a) overflowed
    (a RuntimeWarning in the worker, so the landscape never arrived)."""
    land = build_landscape(ExpressionObjective.from_text(text), LandscapeRequest(text, (-3.0, 3.0), (-3.0, 3.0)))
    assert np.all(np.isfinite(land.contours))
    assert len(land.contours) > 0


@pytest.mark.parametrize("name, expected", [
    ("bowl", (True,)),
    ("himmelblau", (True,) * 4),
    ("six_hump_camel", (True, True)),
    ("seed004", (False, False)),  # f(-2) = -2 at the edge of the view: lower than both minima
])
def test_only_a_minimum_lowest_in_view_is_global(name, expected):
    """The tour: seed 004's local minimum was labelled f* = -0.1786 though f(-2) = -2 is in view."""
    preset = get_preset(name)
    land = landscape(preset.expression, preset.x_range, preset.y_range, resolution=81)
    assert land.global_minima == expected


def test_a_minimum_above_another_is_local():
    """seed 004 on [-1, 1.5]: the edges stay above -1.047, so the minimum near 1.09 is f* and the one
    near -0.274 (f = -0.179) is local."""
    land = landscape("x*cos(pi*x)", (-1.0, 1.5), (0.0, 0.0), resolution=81)
    assert [round(x, 3) for x, _, _ in land.minima] == [-0.274, 1.09]
    assert land.global_minima == (False, True)
