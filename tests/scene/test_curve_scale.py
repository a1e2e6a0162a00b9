"""The loss curves' y scales (issue 8.2 and 8.9): real values up to ±1e308, no clipping, and the
scale honestly chosen. Pure numpy, checked against the formulas."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdexplorer.scene.curve_scale import (
    LINEAR, LOG, SYMLOG, CurveScale, choose_scale, format_value, nice_ceiling,
)

BIG = np.finfo(np.float64).max
TINY = np.finfo(np.float64).tiny  # the smallest normal double
ALL_DOUBLES = np.concatenate([[0.0, 1e-308, 1e-300, 1e-12, 0.5, 1.0, 2.0, 36.0, 1e12, 1e154, 1e300,
                               2.1e307, 1e308, BIG], np.logspace(-300, 308, 97)])
SIGNED = np.concatenate([-ALL_DOUBLES, ALL_DOUBLES])  # subnormals below 1e-308 lose digits anyway


# -- the scale a plot gets (issue 8.9: never "log" over something else) --------------------------
def test_log_when_every_value_is_positive():
    assert choose_scale([np.array([1e-3, 2.1e307]), np.array([5.0])], want_log=True).kind == LOG


def test_symlog_when_log_is_wanted_and_some_value_is_not_positive():
    scale = choose_scale([np.array([4.0, -5.0]), np.array([0.25, 12.0])], want_log=True)
    assert scale.kind == SYMLOG
    assert scale.threshold == 0.1  # the power of ten at or below the smallest non-zero |f|, 0.25
    assert choose_scale([np.array([0.0, 3e-7, 1e300])], want_log=True).threshold == pytest.approx(1e-7)


def test_linear_when_log_is_not_wanted():
    assert choose_scale([np.array([1.0, 1e300])], want_log=False).kind == LINEAR
    assert choose_scale([np.array([-5.0, 10.0])], want_log=False) == CurveScale(LINEAR, unit=1.0)
    assert choose_scale([np.array([-5.0, 2.1e307])], want_log=False).unit == 1e307  # drawn near 1


def test_non_finite_values_do_not_choose_the_scale():
    assert choose_scale([np.array([1.0, np.inf, np.nan])], want_log=True).kind == LOG


def test_the_label_says_which_scale():
    assert CurveScale(LOG).describe("f") == "f, log scale"
    assert CurveScale(SYMLOG, threshold=0.001).describe("f") == "f, symlog scale (linear within ±0.001)"
    assert CurveScale(LINEAR, unit=1e307).describe("f") == "f, linear"


# -- the transforms (issue 8.2: real values, no clipping) ----------------------------------------
def test_symlog_matches_its_formula():
    c = 0.01
    scale = CurveScale(SYMLOG, threshold=c)
    assert scale.forward(-c) == pytest.approx(-math.log10(2), rel=1e-15)
    assert scale.forward(c) == pytest.approx(math.log10(2), rel=1e-15)
    assert scale.forward(0.0) == 0.0
    v = np.array([-1e6, -3.0, -1e-3, 2e-5, 7.0, 1e10])
    np.testing.assert_allclose(scale.forward(v), np.sign(v) * np.log10(1 + np.abs(v) / c), rtol=1e-14)


def test_symlog_reaches_the_largest_doubles_without_overflow():
    scale = CurveScale(SYMLOG, threshold=1e-300)  # |v|/c would overflow: 1e308 / 1e-300
    assert scale.forward(1e308) == pytest.approx(608.0, rel=1e-15)
    assert scale.forward(-BIG) == pytest.approx(-(math.log10(BIG) + 300), rel=1e-15)


@pytest.mark.parametrize("scale", [
    CurveScale(SYMLOG, threshold=1.0), CurveScale(SYMLOG, threshold=1e-300), CurveScale(SYMLOG, threshold=1e-3),
    CurveScale(SYMLOG, threshold=1e300), CurveScale(LINEAR, unit=1e307), CurveScale(LINEAR, unit=1.0),
])
def test_inverse_undoes_forward_over_all_doubles(scale):
    shown = scale.forward(SIGNED)
    back = scale.inverse(shown)
    # a drawn coordinate is a double too: a value 1e-300 times smaller than the scale's own
    # (c or the unit) draws as a subnormal or 0, i.e. at 0 — digits no screen could show anyway
    normal = (np.abs(shown) >= TINY) | (SIGNED == 0)
    np.testing.assert_allclose(back[normal], SIGNED[normal], rtol=1e-12, atol=0)
    assert np.all(np.abs(back[~normal]) <= 1e-290 * max(scale.threshold, scale.unit))


def test_log_inverse_undoes_forward_over_the_positive_doubles():
    scale = CurveScale(LOG)
    positive = ALL_DOUBLES[ALL_DOUBLES >= 1e-307]
    np.testing.assert_allclose(scale.inverse(scale.forward(positive)), positive, rtol=1e-12, atol=0)
    np.testing.assert_array_equal(scale.forward([1.0, 10.0, 1e300]), [0.0, 1.0, 300.0])


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False), st.integers(-307, 307))
def test_symlog_round_trip_for_any_double(value, exponent):
    scale = CurveScale(SYMLOG, threshold=10.0 ** exponent)
    shown = float(scale.forward(value))
    back = float(scale.inverse(shown))
    if abs(shown) >= TINY or value == 0:
        assert back == pytest.approx(value, rel=1e-12, abs=0)
    else:  # drawn at 0 (see above)
        assert abs(back) <= 1e-290 * scale.threshold


def test_non_finite_values_stay_non_finite_for_the_view_to_mark():
    for scale in (CurveScale(LOG), CurveScale(SYMLOG), CurveScale(LINEAR, unit=1e300)):
        shown = scale.forward([np.inf, np.nan, 5.0])
        assert shown[0] == np.inf and np.isnan(shown[1]) and np.isfinite(shown[2])
    assert np.isnan(CurveScale(LOG).forward(-1.0))


# -- ranges and ticks -----------------------------------------------------------------------
def test_the_view_range_holds_the_largest_value_on_whole_decades():
    values = np.array([13.0, 2.1e307])
    assert CurveScale(LOG).view_range(values) == (1.0, 308.0)
    low, high = CurveScale(LINEAR, unit=1e307).view_range(values)
    assert low <= 13.0 / 1e307 and high * 1e307 >= 2.1e307
    low, high = CurveScale(SYMLOG, threshold=1.0).view_range(np.array([-5.0, 10.0]))
    assert (low, high) == (-1.0, 2.0)
    assert CurveScale(LOG).view_range(np.array([np.inf])) is None


def test_log_ticks_are_powers_of_ten():
    positions, labels = CurveScale(LOG).ticks(0.0, 3.0)
    np.testing.assert_array_equal(positions, [0.0, 1.0, 2.0, 3.0])
    assert labels == ["1", "10", "100", "1000"]
    positions, labels = CurveScale(LOG).ticks(0.0, 308.0, max_ticks=8)  # every 50th decade
    assert labels == ["1", "1e50", "1e100", "1e150", "1e200", "1e250", "1e300"]
    np.testing.assert_array_equal(positions, np.arange(0, 301, 50))


def test_log_ticks_within_a_decade_show_mantissas():
    positions, labels = CurveScale(LOG).ticks(1.0, 2.0)
    assert labels == ["10", "20", "50", "100"]
    np.testing.assert_allclose(positions, np.log10([10, 20, 50, 100]), rtol=1e-15)


def test_symlog_ticks_are_zero_and_signed_decades_at_their_real_values():
    scale = CurveScale(SYMLOG, threshold=1.0)
    positions, labels = scale.ticks(-1.0, 2.0)
    assert labels == ["-1", "0", "1", "10"]
    np.testing.assert_allclose(positions, [-math.log10(2), 0.0, math.log10(2), math.log10(11)], rtol=1e-15)


def test_symlog_ticks_over_600_decades_do_not_crowd_zero():
    positions, labels = CurveScale(SYMLOG, threshold=1e-300).ticks(-1.0, 609.0, max_ticks=8)
    assert labels[0] == "0" and "1e300" in labels and "1e-300" not in labels
    assert np.min(np.diff(positions)) >= 610 / 12


def test_linear_ticks_label_real_values():
    positions, labels = CurveScale(LINEAR, unit=1e307).ticks(0.0, 2.0, max_ticks=5)
    np.testing.assert_allclose(positions, [0.0, 0.5, 1.0, 1.5, 2.0])
    assert labels == ["0", "5e306", "1e307", "1.5e307", "2e307"]
    assert CurveScale(LINEAR).ticks(-5.0, 10.0, max_ticks=4)[1] == ["-5", "0", "5", "10"]


def test_ticks_stay_finite_when_the_view_reaches_past_the_largest_double():
    for scale, (low, high) in ((CurveScale(LOG), (-5.0, 400.0)), (CurveScale(SYMLOG), (-400.0, 400.0))):
        positions, labels = scale.ticks(low, high)
        assert np.all(np.isfinite(positions)) and "inf" not in labels and len(labels) >= 3


def test_format_value():
    assert [format_value(v) for v in (0.0, 0.001, 20.0, 1e4, 1e5, 2e307, -1e-12)] == \
        ["0", "0.001", "20", "10000", "1e5", "2e307", "-1e-12"]
    assert format_value(0.25, spacing=0.05) == "0.25"
    assert format_value(1.5e307, spacing=5e306) == "1.5e307"
    assert format_value(1e-17, spacing=0.1) == "0"  # a rounding residue at zero
    assert format_value(np.inf) == "inf"


def test_nice_ceiling():
    assert [nice_ceiling(v) for v in (0.3, 1.0, 1.5, 3.0, 7.0, 1e300)] == [0.5, 1.0, 2.0, 5.0, 10.0, 1e300]


@pytest.mark.parametrize("max_ticks", [3, 4, 8])
def test_a_short_plot_over_600_decades_still_labels_several_decades(max_ticks):
    """The tour's bowl race (gd α=2 diverging to 1e307, others converging to 0): in a 1280x720
    window the plot had room for 3 ticks, every decade step came out as 500 and the only label was
    "1"; no run's value could be read."""
    for scale in (CurveScale(SYMLOG, threshold=1e-307), CurveScale(LOG)):
        values = np.array([1e-300, 1.0, 1e307]) if scale.kind == LOG else np.array([0.0, 1e-300, 1e307])
        low, high = scale.view_range(values)
        _, labels = scale.ticks(low, high, max_ticks=max_ticks)
        decades = [label for label in labels if label not in ("0",)]
        assert len(decades) >= 2, labels


def test_a_lone_value_near_zero_opens_no_empty_decades():
    """seed004's 1-D curve: f between -1.05 and 0.45, crossing zero once at 1e-8. The threshold
    was 1e-8 (8 empty decades around 0 and every run squeezed into the band at "-1"); now it is
    the decade of the 5th percentile of |f|."""
    f = np.concatenate([np.linspace(-1.05, 0.45, 20), [1e-8, 0.0]])
    scale = choose_scale([f], want_log=True)
    assert scale.kind == SYMLOG and scale.threshold == 0.01
    drawn = scale.forward(np.array([-0.179, -1.047]))
    assert drawn[0] - drawn[1] > 0.6  # the two minima's values are clearly apart (were ~0.05)
