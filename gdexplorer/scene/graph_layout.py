"""A layered (Sugiyama) layout of a computation graph, for the backpropagation view (issue 10.5).

Pure Python (grandalf does the layering, the crossing reduction and the in-layer placement): no Qt.
The graph is drawn left to right the way seed 003 draws J = 3(a + bc): the inputs (x, y and the
constants) on the left, f on the right, so the forward pass runs rightwards and the backward pass
leftwards. Every edge goes from a lower layer (further left) to a higher one; a leaf sits in the
layer just before its first user (grandalf's optimized ranking), not all leaves in layer 0.

Coordinates: ``x`` grows with the layer, ``y`` across a layer (downwards when drawn with y down).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from grandalf.graphs import Edge, Graph, Vertex
from grandalf.layouts import SugiyamaLayout

NODE_WIDTH = 120.0  # along the layers (x)
NODE_HEIGHT = 56.0  # across a layer (y)
LAYER_GAP = 90.0  # free space between two layers (room for the edge labels)
NODE_GAP = 34.0  # free space between two nodes of a layer


@dataclass
class GraphLayout:
    """Node centres, layers and edge polylines (from the input's centre to the user's centre)."""

    layer: dict[int, int] = field(default_factory=dict)
    pos: dict[int, tuple[float, float]] = field(default_factory=dict)
    edges: dict[tuple[int, int], list[tuple[float, float]]] = field(default_factory=dict)
    node_size: tuple[float, float] = (NODE_WIDTH, NODE_HEIGHT)

    @property
    def n_layers(self) -> int:
        return 1 + max(self.layer.values()) if self.layer else 0


class _View:  # what grandalf reads and writes on a vertex or an edge
    def __init__(self, w: float = 0.0, h: float = 0.0):
        self.w, self.h = w, h
        self.xy = (0.0, 0.0)
        self.pts: list = []

    def setpath(self, pts) -> None:
        self.pts = [tuple(p) for p in pts]


def graph_edges(nodes: Iterable[tuple[int, Sequence[int]]]) -> list[tuple[int, int]]:
    """The distinct (input, user) pairs: ``x*x`` uses x twice but has one edge."""
    seen: dict[tuple[int, int], None] = {}
    for node_id, inputs in nodes:
        for i in inputs:
            seen[(int(i), int(node_id))] = None
    return list(seen)


def layered_layout(nodes: Sequence[tuple[int, Sequence[int]]], node_width: float = NODE_WIDTH,
                   node_height: float = NODE_HEIGHT, layer_gap: float = LAYER_GAP,
                   node_gap: float = NODE_GAP) -> GraphLayout:
    """Lay out a DAG given as ``(id, input ids)`` pairs (inputs before users, as on a tape)."""
    out = GraphLayout(node_size=(node_width, node_height))
    if not nodes:
        return out
    vertices = {}
    for node_id, _ in nodes:
        v = Vertex(int(node_id))
        # grandalf lays layers top to bottom: its w is across a layer (our height), h along (our width)
        v.view = _View(node_height, node_width)
        vertices[int(node_id)] = v
    edges = {}
    for a, b in graph_edges(nodes):
        e = Edge(vertices[a], vertices[b])
        e.view = _View()
        edges[(a, b)] = e
    graph = Graph(list(vertices.values()), list(edges.values()))
    x_offset = 0.0
    for component in graph.C:  # an expression's graph is connected; be safe with several
        sl = SugiyamaLayout(component)
        sl.xspace = node_gap
        sl.yspace = layer_gap
        sl.init_all(optimize=True)  # optimize: a leaf moves next to its first user
        sl.draw()
        ranks = {v.data: sl.grx[v].rank for v in component.sV}
        low = min(ranks.values())  # the optimized ranking may leave layer 0 empty
        step = node_width + layer_gap
        shift = x_offset - min(v.view.xy[0] for v in component.sV) + node_height / 2
        for v in component.sV:
            out.layer[v.data] = ranks[v.data] - low
            out.pos[v.data] = (out.layer[v.data] * step, float(v.view.xy[0]) + shift)
        for (a, b), e in edges.items():
            if a in out.pos and b in out.pos and (a, b) not in out.edges:
                pts = e.view.pts or [e.v[0].view.xy, e.v[1].view.xy]  # one point per layer a..b
                r0 = out.layer[a]
                out.edges[(a, b)] = [((r0 + i) * step, float(gx) + shift) for i, (gx, _) in enumerate(pts)]
        x_offset = max(y for _, y in out.pos.values()) + node_height / 2 + node_gap
    _separate(out, node_height + node_gap)
    _normalise(out)
    return out


def _separate(out: GraphLayout, pitch: float) -> None:
    """Nodes of one layer at least ``pitch`` apart: grandalf's placement can bring two closer when
    a layer holds dummy vertices of long edges (found by tests/scene/test_graph_layout.py's random
    graphs); a node too close moves down, and the ends of its edges with it."""
    by_layer: dict[int, list[int]] = {}
    for node, layer in out.layer.items():
        by_layer.setdefault(layer, []).append(node)
    moved = False
    for members in by_layer.values():
        members.sort(key=lambda n: out.pos[n][1])
        for above, below in zip(members, members[1:]):
            (_, ya), (xb, yb) = out.pos[above], out.pos[below]
            if yb - ya < pitch:
                out.pos[below] = (xb, ya + pitch)
                moved = True
    if moved:
        for (a, b), pts in out.edges.items():
            pts[0], pts[-1] = out.pos[a], out.pos[b]


def _normalise(out: GraphLayout) -> None:
    """Put the layout's top-left node corner at (0, 0)."""
    w, h = out.node_size
    x0 = min(x for x, _ in out.pos.values()) - w / 2
    y0 = min(y for _, y in out.pos.values()) - h / 2
    out.pos = {k: (x - x0, y - y0) for k, (x, y) in out.pos.items()}
    out.edges = {k: [(x - x0, y - y0) for x, y in pts] for k, pts in out.edges.items()}
