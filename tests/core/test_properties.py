"""Property tests (hypothesis): random text never breaks the parser; random smooth expressions
have exact derivatives that agree with finite differences.

Finite differences are the independent reference here: they use only values of f, never the
derivative code. Seed 001's central difference (h = 1e-4) has error ~h²·f'''/6 ≈ 2e-9·f''', well
inside the 1e-5 relative tolerance on these bounded expressions and points.
"""
from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gdexplorer.core import derivatives as D
from gdexplorer.core.expression import ExpressionError, parse

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# =============================================================================================
# random text: ExpressionError or a working Expression, nothing else
# =============================================================================================
LANGUAGE_CHARS = list("xy0123456789.eE+-*/^(),  ") + ["**", "pi", "sin", "log", "min", "atan2", "hypot", "sqrt"]
text_strategy = st.one_of(
    st.lists(st.sampled_from(LANGUAGE_CHARS), max_size=30).map("".join),  # near-valid input
    st.text(max_size=40),  # anything, all of unicode
    st.text(alphabet=st.characters(codec="ascii"), max_size=40),
)


@SETTINGS
@given(text_strategy)
def test_random_text_raises_only_expression_error(text):
    """parse() raises ExpressionError (with a 1-based column inside the text, or None) or returns
    an Expression whose f, gradient, Hessian and grid evaluate without raising (values may be
    inf/nan: 1/0 and log(-1) are results, not crashes)."""
    try:
        expr = parse(text)
    except ExpressionError as err:
        assert isinstance(err.message, str) and err.message
        assert err.column is None or 1 <= err.column <= len(text) + 1
        return
    point = (0.7, -0.3)[: expr.dim]
    f, g = D.value_and_gradient(expr, point)
    assert isinstance(f, float) and g.shape == (expr.dim,)
    assert D.hessian(expr, point).shape == (expr.dim, expr.dim)
    D.grid(expr, np.linspace(-1, 1, 3), np.linspace(-1, 1, 2))


# =============================================================================================
# random smooth expressions: exact derivatives against finite differences
# =============================================================================================
leaves = st.sampled_from(["x", "y", "0.5", "2", "3", "pi", "1.5*x", "y/2"])


def _extend(child):
    """Combinators that keep every value smooth and moderate for |x|, |y| <= 2: unbounded
    subexpressions only go through functions that are smooth on all of R, and everything that
    needs a domain (log, sqrt, real powers, division) gets a positive argument."""
    unary = st.sampled_from([
        "sin({})", "cos({})", "tanh({})", "atan({})", "-({})", "({})^2", "0.3*({})^3",
        "exp(sin({}))", "exp(-({})^2)", "log(({})^2 + 1)", "sqrt(({})^2 + 1)", "log2(({})^2 + 2)",
        "log10(({})^2 + 0.5)", "({})/(2 + sin({}))", "hypot({}, 1)", "atan2({}, 2 + cos({}))",
        "sinh(tanh({}))", "cosh(atan({}))", "asin(tanh({})/2)", "acos(sin({})/3)", "tan(atan({})/2)",
        "((({})^2 + 1)^1.5)", "2^sin({})", "(({})^2 + 1)^cos({})", "e^(cos({}))",
    ])
    binary = st.sampled_from(["({}) + ({})", "({}) - ({})", "({})*({})", "({})/(({})^2 + 1)",
                              "hypot({}, {} + 0.5)", "atan2(({})^2 + 1, {})"])

    def fill_unary(template, a):
        return template.replace("{}", a)

    return st.one_of(
        st.builds(fill_unary, unary, child),
        st.builds(lambda t, a, b: t.format(a, b), binary, child, child),
    )


smooth_expressions = st.recursive(leaves, _extend, max_leaves=8)
coordinates = st.floats(min_value=-2.0, max_value=2.0, allow_nan=False)


def _norm_close(actual, expected, rtol):
    scale = max(float(np.max(np.abs(expected))), 1.0)
    return float(np.max(np.abs(np.asarray(actual) - np.asarray(expected)))) <= rtol * scale


@SETTINGS
@given(smooth_expressions, coordinates, coordinates)
def test_exact_gradient_matches_central_differences(text, x, y):
    expr = parse(text)
    point = (x, y)[: expr.dim]
    f, exact = D.value_and_gradient(expr, point)
    assume(np.isfinite(f) and np.all(np.isfinite(exact)))
    numeric = D.numerical_gradient(expr, point, h=1e-4)
    assert _norm_close(exact, numeric, 1e-5), (text, point, exact, numeric)


@SETTINGS
@given(smooth_expressions, coordinates, coordinates)
def test_exact_hessian_is_symmetric_and_matches_differences_of_the_gradient(text, x, y):
    """Column j of the Hessian against (∇f(θ + h e_j) − ∇f(θ − h e_j)) / 2h: this checks ∂²f/∂x∂y
    against both ∂(∂f/∂x)/∂y and ∂(∂f/∂y)/∂x, so the returned symmetric matrix is the right one."""
    expr = parse(text)
    point = np.array((x, y)[: expr.dim])
    hess = D.hessian(expr, point)
    assume(np.all(np.isfinite(hess)))
    np.testing.assert_array_equal(hess, hess.T)
    h = 1e-4
    numeric = np.empty_like(hess)
    for j in range(expr.dim):
        step = np.zeros(expr.dim)
        step[j] = h
        numeric[:, j] = (D.gradient(expr, point + step) - D.gradient(expr, point - step)) / (2 * h)
    assert _norm_close(hess, numeric, 1e-5), (text, point, hess, numeric)


@settings(SETTINGS, max_examples=40)
@given(smooth_expressions, st.lists(st.tuples(coordinates, coordinates), min_size=1, max_size=20))
def test_many_point_interpreter_equals_single_point(text, pts):
    """derivatives.points (the block interpreter) gives exactly the single-point f and gradient."""
    expr = parse(text)
    px = np.array([p[0] for p in pts])
    py = np.array([p[1] for p in pts])
    f, gx, gy = D.points(expr, px, py)
    for k, (x, y) in enumerate(pts):
        f1, g1 = D.value_and_gradient(expr, (x, y)[: expr.dim])
        np.testing.assert_allclose([f[k], gx[k]], [f1, g1[0]], rtol=1e-14, atol=0)
        if expr.dim == 2:
            np.testing.assert_allclose(gy[k], g1[1], rtol=1e-14, atol=0)
