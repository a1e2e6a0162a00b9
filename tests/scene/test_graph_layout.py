"""The backpropagation graph's layered layout (issue 10.5): edges run forward, nodes never overlap."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdexplorer.core.expression import parse
from gdexplorer.core.graph import computation_graph
from gdexplorer.scene.graph_layout import graph_edges, layered_layout

EXPRESSIONS = [
    ("3*(x + y*2)", (1.0, 2.0)),  # seed 003's J = 3(a + bc)
    ("x*y + x*y", (1.0, 2.0)),  # one shared node used twice
    ("x*x", (3.0,)),  # a node used twice by one user: one edge
    ("3", (1.0,)),
    ("sin(x)*cos(y) + x^2", (1.0, 2.0)),  # x feeds two layers: a long edge
    ("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", (1.0, 2.0)),  # Himmelblau
    ("+".join(f"sin(x*{i} + y^2)*cos(x - {i}*y)" for i in range(1, 6)), (0.5, -1.0)),
]


def check_layout(pairs):
    layout = layered_layout(pairs)
    ids = {i for i, _ in pairs}
    assert set(layout.pos) == ids and set(layout.layer) == ids
    w, h = layout.node_size
    # every edge goes from a lower layer to a higher one, drawn left to right
    assert set(layout.edges) == set(graph_edges(pairs))
    for (a, b), pts in layout.edges.items():
        assert layout.layer[a] < layout.layer[b], (a, b)
        assert pts[0] == pytest.approx(layout.pos[a]) and pts[-1] == pytest.approx(layout.pos[b])
        xs = [x for x, _ in pts]
        assert xs == sorted(xs) and len(pts) == layout.layer[b] - layout.layer[a] + 1
    # a layer is one column: same x; its nodes do not overlap
    by_layer: dict[int, list[int]] = {}
    for i, k in layout.layer.items():
        by_layer.setdefault(k, []).append(i)
    for k, members in by_layer.items():
        assert len({layout.pos[i][0] for i in members}) == 1
        ys = sorted(layout.pos[i][1] for i in members)
        assert all(b - a >= h for a, b in zip(ys, ys[1:])), (k, ys)
    # layers are separated by more than a node's width; everything is at x, y >= 0
    xs = sorted({layout.pos[i][0] for i in ids})
    assert all(b - a > w for a, b in zip(xs, xs[1:]))
    assert min(x for x, _ in layout.pos.values()) == pytest.approx(w / 2)
    assert min(y for _, y in layout.pos.values()) == pytest.approx(h / 2)
    return layout


@pytest.mark.parametrize("text,point", EXPRESSIONS)
def test_layout_of_expression_graphs(text, point):
    nodes = computation_graph(parse(text), point)
    layout = check_layout([(n.id, n.inputs) for n in nodes])
    root = nodes[0].id
    assert layout.layer[root] == layout.n_layers - 1  # f is alone on the right
    assert [i for i, k in layout.layer.items() if k == layout.n_layers - 1] == [root]


def test_seed_003_graph_reads_like_the_seed():
    """J = 3(a + bc): v = bc, then u = a + v, then J = 3u, one layer each; each leaf sits just
    before its user (a beside v, the constant 3 beside u), not every leaf in layer 0."""
    nodes = computation_graph(parse("3*(x + y*2)"), (1.0, 2.0))
    layout = layered_layout([(n.id, n.inputs) for n in nodes])
    J = nodes[0]
    by_id = {n.id: n for n in nodes}
    three, u_id = J.inputs  # J = 3 * u
    a, v_id = by_id[u_id].inputs  # u = a + v
    b, c = by_id[v_id].inputs  # v = b * c
    assert (by_id[three].op, by_id[a].op, by_id[b].op, by_id[c].op) == ("const", "x", "y", "const")
    layer = layout.layer
    assert (layer[b], layer[c], layer[v_id], layer[a], layer[u_id], layer[three], layer[J.id]) == (0, 0, 1, 1, 2, 2, 3)


def test_empty_graph():
    assert layered_layout([]).pos == {}


@st.composite
def dags(draw):
    """Random tapes: node i uses 0, 1 or 2 earlier nodes (possibly the same one twice)."""
    n = draw(st.integers(1, 30))
    pairs = []
    for i in range(n):
        k = 0 if i == 0 else draw(st.integers(0, 2))
        pairs.append((i, tuple(draw(st.integers(0, i - 1)) for _ in range(k))))
    return pairs


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dags())
def test_random_dags(pairs):
    check_layout(pairs)


def test_a_graph_whose_layer_grandalf_packed_too_tightly():
    """Found by test_random_dags: grandalf put two nodes of layer 1 45 px apart (a node is 56)."""
    pairs = [(0, ()), (1, ()), (2, ()), (3, ()), (4, ()), (5, (0,)), (6, ()), (7, ()), (8, ()), (9, ()), (10, ()),
             (11, ()), (12, ()), (13, (5,)), (14, ()), (15, (5,)), (16, (5,)), (17, (0,)), (18, (13,)), (19, (1, 18))]
    check_layout(pairs)
