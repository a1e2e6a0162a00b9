"""The backpropagation graph (issue 10.5) against seed 003's hand computations (J = 3(a + bc) and the
two-path network example), PyTorch autograd (the adjoints of x and y are the gradient) and the
structure of reverse mode (backward order, one shared node summing both paths)."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from gdexplorer.core import derivatives as D
from gdexplorer.core.expression import parse
from gdexplorer.core.graph import computation_graph

from .references import TORCH_EXPRESSIONS, torch_value_grad_hessian


def _by_op(nodes, op):
    return [n for n in nodes if n.op == op]


def _assert_backward_order(expr, nodes):
    assert sorted(n.id for n in nodes) == list(range(expr.size))
    position = {n.id: k for k, n in enumerate(nodes)}
    assert position[expr.size - 1] == 0  # the root (f) first
    for n in nodes:
        for i in n.inputs:  # every node comes after each node that uses it
            assert position[i] > position[n.id]


def _variable_adjoints(nodes, dim):
    """∂f/∂x, ∂f/∂y read off the graph (0 for a variable without a node)."""
    out = []
    for name in ("x", "y")[:dim]:
        found = _by_op(nodes, name)
        assert len(found) <= 1  # hash-consing: one node per variable
        out.append(found[0].adjoint if found else 0.0)
    return np.array(out)


def test_seed_003_j_equals_3_times_a_plus_bc():
    # J(a, b, c) = 3(a + bc) with a = x, b = y, c = 2: u = a + v, v = b*c
    a, b, c = 1.25, -0.5, 2.0
    expr = parse("3*(x + y*2)")
    nodes = computation_graph(expr, (a, b))
    _assert_backward_order(expr, nodes)
    root = nodes[0]
    assert root.op == "*" and root.value == 3 * (a + b * c) and root.adjoint == 1.0
    (u,) = _by_op(nodes, "+")
    (v,) = [n for n in _by_op(nodes, "*") if n is not root]
    assert u.value == a + b * c and v.value == b * c
    assert u.adjoint == 3.0  # dJ/du = 3
    assert v.adjoint == 3.0 * 1.0  # dJ/dv = dJ/du * du/dv
    assert u.partials == (1.0, 1.0)  # du/da, du/dv
    assert _by_op(nodes, "x")[0].adjoint == 3 * 1  # dJ/da = 3 x 1
    assert _by_op(nodes, "y")[0].adjoint == 3 * 1 * c  # dJ/db = 3 x 1 x c
    const_c = [n for n in _by_op(nodes, "const") if n.const == c]
    assert const_c[0].adjoint == 3 * 1 * b  # dJ/dc = 3 x 1 x b (c is a constant node, still a leaf)
    np.testing.assert_array_equal(_variable_adjoints(nodes, 2), D.gradient(expr, (a, b)))


def test_shared_subexpression_sums_both_paths():
    expr = parse("x*y + x*y")  # hash-consing: one x*y node used twice by the +
    nodes = computation_graph(expr, (1.5, -2.0))
    assert len(_by_op(nodes, "*")) == 1
    root, shared = nodes[0], _by_op(nodes, "*")[0]
    assert root.inputs == (shared.id, shared.id) and root.partials == (1.0, 1.0)
    assert shared.adjoint == 2.0  # 1 + 1
    np.testing.assert_array_equal(_variable_adjoints(nodes, 2), [2 * -2.0, 2 * 1.5])
    # x*x: one node, the same input twice: d(x*x)/dx = x + x
    (sq,) = computation_graph(parse("x*x"), (3.0,))[:1]
    assert sq.inputs == (0, 0) and sq.partials == (3.0, 3.0)
    assert computation_graph(parse("x*x"), (3.0,))[1].adjoint == 6.0


def test_seed_003_two_paths_through_a_shared_hidden_unit():
    # seed 003's network: w = W1[1,2] (here x) feeds a2 = x1*w, whose activation f(a2) feeds both
    # b1 = W2[2,1] f(a2) + k1 and b2 = W2[2,2] f(a2) + k2; out = W3[1,1] f(b1) + W3[2,1] f(b2),
    # with f = tanh and W3[2,1] = y. The seed's formula:
    # dout/dw = x1 f'(a2) (W2[2,1] f'(b1) W3[1,1] + W2[2,2] f'(b2) W3[2,1]) ∇out, with ∇out = 1
    x1, w21, w22, w311, k1, k2 = 1.5, 0.4, -0.9, 0.7, 0.1, 0.2
    text = f"{w311}*tanh({w21}*tanh({x1}*x) + {k1}) + y*tanh({w22}*tanh({x1}*x) + {k2})"
    w, w321 = 0.3, -1.1
    expr = parse(text)
    nodes = computation_graph(expr, (w, w321))
    _assert_backward_order(expr, nodes)

    def fprime(z):
        return 1 - math.tanh(z) ** 2

    a2 = x1 * w
    b1 = w21 * math.tanh(a2) + k1
    b2 = w22 * math.tanh(a2) + k2
    path1 = w21 * fprime(b1) * w311
    path2 = w22 * fprime(b2) * w321
    fa2 = [n for n in _by_op(nodes, "tanh") if len([m for m in nodes if n.id in m.inputs]) == 2]
    assert len(fa2) == 1  # f(a2) is one node with two users
    assert fa2[0].value == pytest.approx(math.tanh(a2), rel=1e-15)
    assert fa2[0].adjoint == pytest.approx(path1 + path2, rel=1e-14)  # the sum of both paths
    grad = _variable_adjoints(nodes, 2)
    assert grad[0] == pytest.approx(x1 * fprime(a2) * (path1 + path2), rel=1e-14)
    assert grad[1] == pytest.approx(math.tanh(b2), rel=1e-14)


def _torch_graph_cases():
    extra = [
        ("3*(x + y*2)", lambda x, y: 3 * (x + y * 2), [(1.25, -0.5), (-2.0, 3.0)]),
        ("x*y + x*y", lambda x, y: x * y + x * y, [(1.5, -2.0)]),
        ("sin(x*y) + x*y + exp(x*y)", lambda x, y: torch.sin(x * y) + x * y + torch.exp(x * y), [(0.3, -0.7)]),
        ("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
         [(-0.27, -0.92), (3.1, 2.2)]),
        ("x*cos(pi*x)", lambda x, y: x * torch.cos(math.pi * x), [(0.5,), (-0.274,)]),
    ]
    return [pytest.param(text, fn, pt, id=f"{text} @ {pt}") for text, fn, pts in TORCH_EXPRESSIONS + extra
            for pt in pts]


@pytest.fixture
def _float64():
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(old)


@pytest.mark.parametrize("text, fn, point", _torch_graph_cases())
def test_adjoints_of_x_and_y_are_autograds_gradient(_float64, text, fn, point):
    expr = parse(text)
    nodes = computation_graph(expr, point)
    _assert_backward_order(expr, nodes)
    f_ref, g_ref, _ = torch_value_grad_hessian(fn, point)
    grad = _variable_adjoints(nodes, expr.dim)
    scale = max(float(np.max(np.abs(g_ref))), 1.0)
    assert np.max(np.abs(grad - g_ref)) <= 1e-12 * scale, (grad, g_ref)
    assert nodes[0].value == pytest.approx(f_ref, rel=1e-12, abs=1e-300)
    # and exactly the reverse-mode kernel's numbers (the same pass, one node at a time)
    f, g = D.value_and_gradient(expr, point)
    np.testing.assert_array_equal(grad, g)
    assert nodes[0].value == f or (math.isnan(f) and math.isnan(nodes[0].value))


def test_non_finite_values_are_kept():
    nodes = computation_graph(parse("1/x"), (0.0,))
    assert nodes[0].value == math.inf and nodes[0].partials == (math.inf, -math.inf)
    assert _by_op(nodes, "x")[0].adjoint == -math.inf


def test_powc_exponent_and_wrong_point():
    nodes = computation_graph(parse("x^3"), (2.0,))
    assert nodes[0].op == "^c" and nodes[0].const == 3.0 and nodes[0].partials == (12.0,)
    assert nodes[0].as_dict() == {"id": 1, "op": "^c", "inputs": [0], "value": 8.0, "adjoint": 1.0,
                                  "partials": [12.0], "const": 3.0}
    with pytest.raises(ValueError):
        computation_graph(parse("x^2 + y"), (1.0,))
