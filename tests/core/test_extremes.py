"""Derivatives at extreme magnitudes, against 50-digit decimal arithmetic.

hypot exists to avoid overflow and underflow, so its derivatives must work wherever its value
does; likewise atan2. The references are the textbook formulas evaluated in ``decimal`` with 50
significant digits (no float intermediate can overflow or underflow there).
"""
from __future__ import annotations

from decimal import Decimal, getcontext

import numpy as np
import pytest

from gdexplorer.core import derivatives as D
from gdexplorer.core.expression import parse

getcontext().prec = 50

POINTS = [(0.3, -0.7), (1e-120, 3e-120), (-2e-200, 5e-201), (1e200, 3e200), (-4e150, 1e150), (1e-300, 1e-300)]


def hypot_reference(a: float, b: float):
    a, b = Decimal(a), Decimal(b)
    v = (a * a + b * b).sqrt()
    grad = (a / v, b / v)
    hess = ((b * b / v**3, -a * b / v**3), (-a * b / v**3, a * a / v**3))
    return float(v), np.array([float(g) for g in grad]), np.array([[float(h) for h in row] for row in hess])


def atan2_reference(a: float, b: float):
    """atan2(a, b): ∂/∂a = b/r², ∂/∂b = −a/r², ∂²/∂a² = −2ab/r⁴, ∂²/∂a∂b = (a² − b²)/r⁴,
    ∂²/∂b² = 2ab/r⁴ with r² = a² + b²."""
    a, b = Decimal(a), Decimal(b)
    r2 = a * a + b * b
    r4 = r2 * r2
    grad = (b / r2, -a / r2)
    hess = ((-2 * a * b / r4, (a * a - b * b) / r4), ((a * a - b * b) / r4, 2 * a * b / r4))
    return np.array([float(g) for g in grad]), np.array([[float(h) for h in row] for row in hess])


@pytest.mark.parametrize("point", POINTS)
def test_hypot_derivatives_at_any_magnitude(point):
    expr = parse("hypot(x, y)")
    v, g, h = hypot_reference(*point)
    f, grad = D.value_and_gradient(expr, point)
    assert f == pytest.approx(v, rel=1e-15)
    np.testing.assert_allclose(grad, g, rtol=1e-15)
    np.testing.assert_allclose(D.hessian(expr, point), h, rtol=1e-14)


@pytest.mark.parametrize("point", POINTS)
def test_atan2_derivatives_at_any_magnitude(point):
    """Gradient and Hessian wherever they are finite doubles (at (1e-300, 1e-300) the true
    second derivatives are ~1e600: only the gradient is compared there). torch's b/(a² + b²)
    gives 0 at (1e200, 3e200) and inf near 1e-160, because a² + b² over/underflows."""
    expr = parse("atan2(x, y)")
    g, h = atan2_reference(*point)
    np.testing.assert_allclose(D.gradient(expr, point), g, rtol=1e-14)
    if np.all(np.isfinite(h)):
        np.testing.assert_allclose(D.hessian(expr, point), h, rtol=1e-13, atol=1e-300)
