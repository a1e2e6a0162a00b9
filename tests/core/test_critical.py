"""Critical points and the Hessian report (issue 10.4) against independent references: analytic
critical points and Hessians, Himmelblau's known stationary points (4 minima at f = 0, the maximum
(-0.270845, -0.923039) with f = 181.617, 4 saddles), numpy's gradient formula, numpy's polynomial
roots, and PyTorch's autograd Hessian for the signs of the eigenvalues."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from gdexplorer.core.critical import (
    DEGENERATE_RTOL, CriticalPoint, classify, critical_points, hessian_report, parse_range,
)
from gdexplorer.core.expression import parse
from gdexplorer.core.presets import PRESETS

from .references import HIMMELBLAU, himmelblau, himmelblau_grad


def _kinds(points):
    return sorted(p.kind for p in points)


def test_saddle_of_x2_minus_y2():
    (p,) = critical_points(parse("x^2 - y^2"), (-2, 2), (-2, 2))
    assert p.kind == "saddle"
    assert abs(p.x) <= 1e-12 and abs(p.y) <= 1e-12 and abs(p.f) <= 1e-24
    assert p.eigenvalues == pytest.approx((-2.0, 2.0), abs=1e-12)  # ascending
    assert p.as_dict() == {"x": p.x, "y": p.y, "f": p.f, "kind": "saddle", "eigenvalues": list(p.eigenvalues)}


def _torch_himmelblau_hessian(x, y):
    def fn(v):
        return (v[0] ** 2 + v[1] - 11) ** 2 + (v[0] + v[1] ** 2 - 7) ** 2

    h = torch.autograd.functional.hessian(fn, torch.tensor([x, y], dtype=torch.float64))
    return h.numpy()


def test_himmelblau_has_4_minima_1_maximum_4_saddles():
    points = critical_points(parse(HIMMELBLAU), (-5, 5), (-5, 5))
    assert _kinds(points) == ["maximum"] + ["minimum"] * 4 + ["saddle"] * 4
    assert [p.f for p in points] == sorted(p.f for p in points)
    for p in points:
        # a stationary point by numpy's hand-written gradient, not gdexplorer's
        assert np.hypot(*himmelblau_grad(p.x, p.y)) <= 1e-9, p
        assert p.f == pytest.approx(himmelblau(p.x, p.y), rel=1e-12, abs=1e-20)
        # the classification agrees with the signs of torch's Hessian's eigenvalues
        lam = np.linalg.eigvalsh(_torch_himmelblau_hessian(p.x, p.y))
        np.testing.assert_allclose(p.eigenvalues, lam, rtol=1e-10, atol=1e-9)
        expected = "minimum" if lam.min() > 0 else "maximum" if lam.max() < 0 else "saddle"
        assert p.kind == expected
        assert -5 <= p.x <= 5 and -5 <= p.y <= 5
    minima = [p for p in points if p.kind == "minimum"]
    known = PRESETS["himmelblau"].minima
    for mx, my in known:  # each preset minimum found once (the preset gives 6 decimals)
        near = [p for p in minima if math.hypot(p.x - mx, p.y - my) < 1e-5]
        assert len(near) == 1, (mx, my)
        assert near[0].f <= 1e-20
    (top,) = [p for p in points if p.kind == "maximum"]
    assert (top.x, top.y) == pytest.approx((-0.270845, -0.923039), abs=1e-6)
    assert top.f == pytest.approx(181.617, abs=1e-3)
    saddles = sorted((p.x, p.y) for p in points if p.kind == "saddle")
    literature = [(-3.073026, -0.081353), (-0.127961, -1.953715), (0.086678, 2.884255), (3.385154, 0.073852)]
    for (sx, sy), (lx, ly) in zip(saddles, literature):
        assert (sx, sy) == pytest.approx((lx, ly), abs=1e-6)


def test_range_keeps_only_points_inside():
    points = critical_points(parse(HIMMELBLAU), (0, 5), (0, 5))
    assert _kinds(points) == ["minimum", "saddle", "saddle"]
    assert critical_points(parse("x^2 - y^2"), (1, 2), (1, 2)) == []
    assert critical_points(parse("x + y"), (-1, 1), (-1, 1)) == []  # no stationary point at all


def test_1d_cubic_is_degenerate_at_zero():
    (p,) = critical_points(parse("x^3"), (-2, 2))
    assert p.kind == "degenerate" and p.y is None
    assert abs(p.x) <= 1e-9 and len(p.eigenvalues) == 1
    assert "y" not in p.as_dict()


def test_1d_quartic_against_polynomial_roots():
    # f = x^4 - 3x^2 + x: f' = 4x^3 - 6x + 1, f'' = 12x^2 - 6
    roots = np.sort(np.roots([4, 0, -6, 1]).real)
    points = critical_points(parse("x^4 - 3x^2 + x"), (-3, 3))
    assert sorted(p.x for p in points) == pytest.approx(roots, abs=1e-12)
    for p in points:
        curvature = 12 * p.x**2 - 6
        assert p.eigenvalues[0] == pytest.approx(curvature, rel=1e-10)
        assert p.kind == ("minimum" if curvature > 0 else "maximum")
        assert p.f == pytest.approx(p.x**4 - 3 * p.x**2 + p.x, rel=1e-14)
    assert [p.kind for p in points] == ["minimum", "minimum", "maximum"]  # sorted by f


def test_periodic_function_and_maxima():
    # sin(x)cos(y) on [-2, 2] x [-2, 2]: the saddles (0, ±pi/2), max (pi/2, 0), min (-pi/2, 0)
    points = critical_points(parse("sin(x)*cos(y)"), (-2, 2), (-2, 2))
    got = {(round(p.x, 9), round(p.y, 9), p.kind) for p in points}
    h = round(math.pi / 2, 9)
    assert got == {(-h, 0.0, "minimum"), (h, 0.0, "maximum"), (0.0, h, "saddle"), (0.0, -h, "saddle")}


def test_classify():
    assert classify([1.0, 2.0]) == "minimum"
    assert classify([-3.0, -1.0]) == "maximum"
    assert classify([-1.0, 1.0]) == "saddle"
    assert classify([0.0, 1.0]) == "degenerate"
    assert classify([0.0]) == "degenerate"
    assert classify([DEGENERATE_RTOL * 0.5, 1.0]) == "degenerate"
    assert classify([DEGENERATE_RTOL * 2, 1.0]) == "minimum"
    assert classify([1e-9], scale=10.0) == "degenerate"  # 1-D: relative to the range's curvature
    assert classify([1e-9]) == "minimum"


def test_degenerate_2d_monkey_saddle_and_valley():
    (p,) = critical_points(parse("x^3 - 3*x*y^2"), (-1, 1), (-1, 1))
    assert p.kind == "degenerate" and math.hypot(p.x, p.y) <= 1e-8
    (q,) = critical_points(parse("x^2 + y^4"), (-1, 1), (-1, 1))
    assert q.kind == "degenerate" and q.eigenvalues[1] == pytest.approx(2.0)


@pytest.mark.parametrize("x_range, y_range", [((2, -2), (-1, 1)), ((0, 0), (-1, 1)), ((0, math.inf), (0, 1)),
                                              ((0, 1), (math.nan, 1)), ((0, 1), None)])
def test_bad_ranges_raise(x_range, y_range):
    with pytest.raises(ValueError):
        critical_points(parse("x^2 + y^2"), x_range, y_range)


def test_parse_range():
    assert parse_range("-2:2,-1.5:3", 2) == [(-2.0, 2.0), (-1.5, 3.0)]
    assert parse_range("0:1", 1) == [(0.0, 1.0)]
    for text, dim in [("2:-2", 1), ("0:1", 2), ("0:1,0:1", 1), ("a:b", 1), ("0-1", 1), ("0:inf", 1), ("nan:1", 1)]:
        with pytest.raises(ValueError):
            parse_range(text, dim)


def test_critical_point_record():
    p = CriticalPoint(1.0, None, 2.0, "minimum", (3.0,), (0.0,))
    assert p.point == (1.0,) and p.as_dict() == {"x": 1.0, "f": 2.0, "kind": "minimum", "eigenvalues": [3.0]}


# -- the Hessian report ---------------------------------------------------------------------------
def test_hessian_report_of_a_quadratic():
    # f = a x^2 + b xy + c y^2 + d x + e y: H = [[2a, b], [b, 2c]], ∇f = (2a x + b y + d, b x + 2c y + e)
    a, b, c, d, e = 1.5, -0.8, 0.25, 0.3, -2.0
    x, y = 0.7, -1.3
    expr = parse(f"{a}*x^2 + ({b})*x*y + {c}*y^2 + {d}*x + ({e})*y")
    report = hessian_report(expr, (x, y))
    H = np.array([[2 * a, b], [b, 2 * c]])
    grad = np.array([2 * a * x + b * y + d, b * x + 2 * c * y + e])
    np.testing.assert_allclose(report["hessian"], H, rtol=0, atol=1e-15)
    np.testing.assert_allclose(report["gradient"], grad, rtol=1e-15, atol=1e-15)
    mid, rad = (H[0, 0] + H[1, 1]) / 2, math.hypot((H[0, 0] - H[1, 1]) / 2, b)
    np.testing.assert_allclose(report["eigenvalues"], [mid - rad, mid + rad], rtol=1e-14)
    for lam, v in zip(report["eigenvalues"], report["eigenvectors"]):
        assert np.linalg.norm(v) == pytest.approx(1.0, abs=1e-15)
        np.testing.assert_allclose(H @ v, lam * v, atol=1e-14)
        assert v[np.argmax(np.abs(v))] > 0
    assert report["condition_number"] == pytest.approx(abs(mid + rad) / abs(mid - rad), rel=1e-13)
    assert report["kind"] == "minimum"  # det H = 4ac - b^2 = 0.86 > 0 and trace > 0
    assert report["f"] == pytest.approx(a * x * x + b * x * y + c * y * y + d * x + e * y, rel=1e-15)
    # seed 001's central differences are exact for a quadratic up to rounding (h = 1e-4)
    np.testing.assert_allclose(report["numerical_gradient"], grad, atol=1e-10)
    np.testing.assert_array_equal(report["gradient_difference"], report["gradient"] - report["numerical_gradient"])
    assert np.max(np.abs(report["gradient_difference"])) <= 1e-10


def test_hessian_report_singular_and_seed_001():
    report = hessian_report(parse("x^2 + 0*y"), (1.0, 5.0))
    np.testing.assert_array_equal(report["hessian"], [[2.0, 0.0], [0.0, 0.0]])
    assert report["condition_number"] == math.inf and report["kind"] == "degenerate"
    # seed 001: the numerical gradient of x0^2 + x1^2 at (-3, 4) is (-6, 8)
    report = hessian_report(parse("x^2 + y^2"), (-3.0, 4.0))
    np.testing.assert_allclose(report["numerical_gradient"], [-6.0, 8.0], atol=1e-9)
    assert report["condition_number"] == 1.0
    # 1-D: central differences of a cubic are off by h^2 f'''/6 = 1e-8 (x^3, h = 1e-4)
    report = hessian_report(parse("x^3"), (2.0,))
    assert report["gradient"][0] == 12.0 and report["hessian"][0, 0] == 12.0
    assert report["gradient_difference"][0] == pytest.approx(-1e-8, rel=1e-2)  # rounding: ~eps*f/h = 2e-11


def test_progress_is_reported_per_newton_iteration_and_an_exception_from_it_stops_the_search():
    expr = parse("(x^2 + y - 11)^2 + (x + y^2 - 7)^2")
    seen = []
    found = critical_points(expr, (-5, 5), (-5, 5), progress=lambda f, text: seen.append((f, text)))
    assert len(found) == 9
    fractions = [f for f, _ in seen]
    assert len(seen) >= 3 and fractions == sorted(fractions) and 0.0 <= fractions[0] < fractions[-1] <= 0.95
    assert "seeds moving" in seen[0][1]

    class Stop(Exception):
        pass

    calls = []

    def stop_at_third(fraction, text):
        calls.append(fraction)
        if len(calls) == 3:
            raise Stop

    with pytest.raises(Stop):
        critical_points(expr, (-5, 5), (-5, 5), progress=stop_at_third)
    assert len(calls) == 3  # nothing ran after the exception
