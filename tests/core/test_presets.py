"""The preset registry: every known minimum is a real minimum of its expression, inside the view."""
from __future__ import annotations

import numpy as np
import pytest

from gdexplorer.core import derivatives
from gdexplorer.core.expression import parse
from gdexplorer.core.presets import PRESETS


@pytest.mark.parametrize("name", list(PRESETS))
def test_known_minima_are_stationary_minima_inside_the_view(name):
    preset = PRESETS[name]
    expr = parse(preset.expression)
    for point in preset.minima:
        theta = np.asarray(point[: expr.dim], dtype=float)
        assert preset.x_range[0] <= theta[0] <= preset.x_range[1]
        if expr.dim == 2:
            assert preset.y_range[0] <= theta[1] <= preset.y_range[1]
        f, grad = derivatives.value_and_gradient(expr, theta)
        if not np.all(np.isfinite(grad)):  # a cusp (Ackley's sqrt at 0): lower than every neighbour
            ring = theta + 1e-3 * np.array([[np.cos(a), np.sin(a)][: expr.dim] for a in np.linspace(0, 6.28, 16)])
            assert all(derivatives.value_and_gradient(expr, q)[0] > f for q in ring)
            continue
        hessian = derivatives.hessian(expr, theta)
        # the points are given to 6-7 digits: |∇f| ≈ |H| · 1e-6 there (analytic: ∇f = 0 exactly)
        scale = max(1.0, float(np.abs(hessian).max()))
        assert np.linalg.norm(grad) < 1e-4 * scale, (point, grad)
        assert np.all(np.linalg.eigvalsh(hessian) > 0), (point, hessian)


def test_saddles_have_no_minimum_to_race_to():
    assert PRESETS["saddle"].minima == () and PRESETS["monkey_saddle"].minima == ()


def test_himmelblau_has_its_four_minima_at_zero():
    expr = parse(PRESETS["himmelblau"].expression)
    values = [derivatives.value_and_gradient(expr, p)[0] for p in PRESETS["himmelblau"].minima]
    np.testing.assert_allclose(values, 0.0, atol=1e-9)
