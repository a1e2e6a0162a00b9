"""The backpropagation graph (issue 10.5, seed 003): the current function's computation graph at the
selected run's current point, and its backward pass one node at a time.

One node per operation of the tape (core.graph.computation_graph) with its forward value; edges run
from each input to its user, labelled with the local partial ∂user/∂input; each node shows its
adjoint ∂f/∂node once the backward pass has reached it ("?" before). Stepping follows the reverse
pass exactly: step 1 seeds ∂f/∂f = 1, each next step takes the next node in backward order (all its
users are done, so its adjoint is final) and passes adjoint × partial to each of its inputs. A node
reached by two paths shows the sum ("0.6 + 0.6 = 1.2"); at the end the adjoints of x and y are the
gradient. The layout is scene.graph_layout's (grandalf's layered layout), drawn in a QGraphicsView
that pans (drag) and zooms (wheel). Tapes longer than :data:`MAX_DRAWN_NODES` are listed, not drawn.
"""
from __future__ import annotations

import html
import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (QDoubleSpinBox, QGraphicsItem, QGraphicsPathItem, QGraphicsScene,
                               QGraphicsTextItem, QGraphicsView, QHBoxLayout, QLabel,
                               QPlainTextEdit, QPushButton, QSizePolicy, QStackedWidget,
                               QVBoxLayout, QWidget)

from gdexplorer.app.i18n import tr_message, translate
from gdexplorer.core.graph import Node, computation_graph
from gdexplorer.scene.graph_layout import layered_layout
from gdexplorer.ui.throttle import TEXT_INTERVAL_MS, Throttled

MAX_DRAWN_NODES = 60  # longer tapes: a message and the list of nodes instead of the drawing
MAX_LISTED_NODES = 2000  # the list's length (a pasted giant expression must not stall the UI)
NODE_W, NODE_H = 150.0, 70.0

BACKGROUND = "#16181d"
TEXT = "#d7dbe2"
MUTED = "#8a92a0"
NODE_FILL = "#262a32"
NODE_BORDER = "#5b6372"
VAR_FILL = "#1d3550"
CONST_FILL = "#2b2d33"
DONE_FILL = "#1c3a2a"
DONE_TEXT = "#8ee6a8"
CURRENT_FILL = "#4a3816"
CURRENT_BORDER = "#ffb74d"
EDGE = "#6b7384"
EDGE_LABEL = "#aab3c2"
PASSING = "#ffb74d"  # the edges the current node passes its adjoint along

OP_SYMBOL = {"+": "+", "-": "−", "*": "×", "/": "/", "^": "^"}


def fmt(v: float) -> str:
    return f"{v:.6g}"


def node_names(nodes: list[Node]) -> dict[int, str]:
    """x, y, constants by their number, f for the root, v1, v2, ... for the rest (forward order)."""
    names: dict[int, str] = {}
    root = nodes[0].id if nodes else -1
    k = 0
    for n in sorted(nodes, key=lambda n: n.id):
        if n.op in ("x", "y"):
            names[n.id] = n.op
        elif n.op == "const":
            names[n.id] = fmt(n.const)
        elif n.id == root:
            names[n.id] = "f"
        else:
            k += 1
            names[n.id] = f"v{k}"
    return names


def operation_text(n: Node, names: dict[int, str]) -> str:
    """What the node computes, from its inputs' names: "y × 2", "sin(v1)", "v2^2"."""
    args = [names[i] for i in n.inputs]
    if n.op in OP_SYMBOL and len(args) == 2:
        return f"{args[0]} {OP_SYMBOL[n.op]} {args[1]}"
    if n.op == "^c":
        return f"{args[0]}^{fmt(n.const)}"
    if n.op == "neg":
        return f"−{args[0]}"
    return f"{n.op}({', '.join(args)})"


class BackwardPass:
    """The reverse pass of core.graph replayed one node at a time. ``contributions[i]`` lists what
    node i receives, in the order it receives it: (user id, user's adjoint, partial, product)."""

    def __init__(self, nodes: list[Node]):
        self.nodes = nodes
        self.contributions: dict[int, list[tuple[int, float, float, float]]] = {n.id: [] for n in nodes}
        self.adjoint: dict[int, float] = {n.id: 0.0 for n in nodes}
        if nodes:
            self.adjoint[nodes[0].id] = 1.0
        for n in nodes:  # backward order: a node's users all come before it
            w = self.adjoint[n.id]
            for i, p in zip(n.inputs, n.partials):
                self.adjoint[i] += w * p  # the same sums in the same order as core.graph
                self.contributions[i].append((n.id, w, p, w * p))
        self.order = {n.id: k for k, n in enumerate(nodes)}  # the step (1-based: k + 1) that takes it

    @property
    def n(self) -> int:
        return len(self.nodes)

    def received(self, node_id: int, step: int) -> list[float]:
        """The contributions node ``node_id`` has received after ``step`` steps."""
        return [c[3] for c in self.contributions[node_id] if self.order[c[0]] < step]

    def adjoint_text(self, node_id: int, step: int) -> str:
        """"?" before its users are all done; "1 (seed)" for f; else its adjoint, as a sum when
        several paths reach it ("0.6 + 0.6 = 1.2")."""
        if self.order[node_id] >= step:  # the pass has not reached it
            got = self.received(node_id, step)
            return "?" if not got else translate("BackwardPass", "? (so far {sum})").format(
                sum=" + ".join(fmt(v) for v in got))
        if node_id == self.nodes[0].id:
            return translate("BackwardPass", "1 (seed)")
        parts = [c[3] for c in self.contributions[node_id]]
        if len(parts) > 1:
            return " + ".join(fmt(v) for v in parts) + f" = {fmt(self.adjoint[node_id])}"
        return fmt(self.adjoint[node_id])


class GraphView(QGraphicsView):
    """Pans by dragging, zooms with the wheel around the cursor."""

    def __init__(self, scene: QGraphicsScene, parent=None):
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        self.setDragMode(QGraphicsView.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setBackgroundBrush(QColor(BACKGROUND))
        self.setMinimumSize(200, 150)

    def wheelEvent(self, event):
        factor = 1.0015 ** event.angleDelta().y()
        scale = self.transform().m11() * factor
        if 0.05 < scale < 8:
            self.scale(factor, factor)
        event.accept()

    def fit(self) -> None:
        rect = self.scene().sceneRect()
        self.resetTransform()
        self.fitInView(rect, Qt.KeepAspectRatio)
        if self.transform().m11() > 1.3:  # a small graph is not blown up
            self.resetTransform()
            self.scale(1.3, 1.3)
            self.centerOn(rect.center())


class NodeItem(QGraphicsPathItem):
    """A rounded box: the operation, its forward value, and ∂f/∂node."""

    def __init__(self, node: Node, name: str, operation: str, centre: tuple[float, float]):
        path = QPainterPath()
        path.addRoundedRect(QRectF(-NODE_W / 2, -NODE_H / 2, NODE_W, NODE_H), 12, 12)
        super().__init__(path)
        self.node, self.name = node, name
        self.setPos(*centre)
        self.setZValue(2)
        self.operation = operation
        self.text = QGraphicsTextItem(self)
        self.text.setDefaultTextColor(QColor(TEXT))
        self.text.setTextWidth(NODE_W - 8)
        self.text.setPos(-NODE_W / 2 + 4, -NODE_H / 2 + 2)
        self.adjoint_text = ""
        self.state = ""
        self.setToolTip(self._tooltip())

    def _tooltip(self) -> str:
        n = self.node
        what = {"x": translate("NodeItem", "the input x"), "y": translate("NodeItem", "the input y"),
                "const": translate("NodeItem", "a constant")}.get(n.op, self.operation)
        return translate("NodeItem", "{name}: {what}\nforward value {value}\n∂f/∂{name} = {adjoint}").format(
            name=self.name, what=what, value=repr(n.value), adjoint=repr(n.adjoint))

    def show_state(self, state: str, adjoint_text: str) -> None:
        """``state``: 'pending', 'current' or 'done'."""
        self.state, self.adjoint_text = state, adjoint_text
        n = self.node
        if state == "current":
            fill, border, width = CURRENT_FILL, CURRENT_BORDER, 3.0
        elif state == "done":
            fill, border, width = DONE_FILL, "#4caf72", 1.5
        else:
            fill = VAR_FILL if n.op in ("x", "y") else CONST_FILL if n.op == "const" else NODE_FILL
            border, width = NODE_BORDER, 1.2
        self.setBrush(QBrush(QColor(fill)))
        self.setPen(QPen(QColor(border), width))
        head = html.escape(self.name) if n.op in ("x", "y", "const") else \
            f"{html.escape(self.name)} = {html.escape(self.operation)}"
        if n.op == "const":
            head = translate("NodeItem", "const {value}").format(value=head)
        colour = DONE_TEXT if state != "pending" else MUTED
        value = translate("NodeItem", "value {value}").format(value=fmt(n.value))
        self.text.setHtml(
            f"<div align='center' style='font-size:9pt'><b>{head}</b><br>"
            f"{html.escape(value)}<br>"
            f"<span style='color:{colour}'>∂f/∂{html.escape(self.name)} = {html.escape(adjoint_text)}</span></div>")


class EdgeItem(QGraphicsPathItem):
    """A polyline (grandalf's route) from the input's box to the user's, with an arrow head and the
    local partial as its label."""

    def __init__(self, points: list[tuple[float, float]], label: str):
        super().__init__()
        pts = [QPointF(x, y) for x, y in points]
        pts[0] = pts[0] + QPointF(NODE_W / 2, 0)
        pts[-1] = pts[-1] - QPointF(NODE_W / 2 + 2, 0)
        path = QPainterPath(pts[0])
        for p in pts[1:]:
            path.lineTo(p)
        a, b = pts[-2], pts[-1]  # the arrow head
        angle = math.atan2(b.y() - a.y(), b.x() - a.x())
        for da in (2.7, -2.7):
            path.moveTo(b)
            path.lineTo(b + QPointF(9 * math.cos(angle + da), 9 * math.sin(angle + da)))
        self.setPath(path)
        self.setZValue(1)
        self.label = QGraphicsTextItem(label, self)
        font = QFont()
        font.setPointSizeF(8)
        self.label.setFont(font)
        # near the input, where edges from different nodes are still apart: above a rising or
        # level edge, below a falling one (so two edges leaving one node keep their labels apart)
        a, b = pts[0], pts[1]
        at = a + (b - a) * 0.5
        rect = self.label.boundingRect()
        dy = -rect.height() - 1 if b.y() <= a.y() + 1 else 1
        self.label.setPos(at + QPointF(-rect.width() / 2, dy))
        self.label.setZValue(3)
        self.set_passing(False)

    def set_passing(self, passing: bool) -> None:
        colour = QColor(PASSING if passing else EDGE)
        self.setPen(QPen(colour, 2.5 if passing else 1.3))
        self.label.setDefaultTextColor(QColor(PASSING if passing else EDGE_LABEL))


class GraphPanel(QWidget):
    """The selected run's current point's computation graph and its backward pass, step by step."""

    def __init__(self, explorer, parent=None):
        super().__init__(parent)
        self.explorer = explorer
        self.session = explorer.session
        self.nodes: list[Node] = []
        self.names: dict[int, str] = {}
        self.backward: BackwardPass | None = None
        self.step = 0
        self.point: tuple[float, ...] | None = None
        self.source: str | None = None
        self.node_items: dict[int, NodeItem] = {}
        self.edge_items: dict[tuple[int, int], EdgeItem] = {}

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.scene = QGraphicsScene(self)
        self.view = GraphView(self.scene)
        self.listing = QPlainTextEdit()
        self.listing.setReadOnly(True)
        self.listing.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.message = QLabel()
        self.message.setWordWrap(True)
        too_big = QWidget()
        big_layout = QVBoxLayout(too_big)
        big_layout.setContentsMargins(0, 0, 0, 0)
        big_layout.addWidget(self.message)
        big_layout.addWidget(self.listing)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(too_big)

        self.first_button = QPushButton(translate("GraphPanel", "Start"))
        self.prev_button = QPushButton(translate("GraphPanel", "◀ Previous"))
        self.next_button = QPushButton(translate("GraphPanel", "Next ▶"))
        self.last_button = QPushButton(translate("GraphPanel", "End"))
        self.play_button = QPushButton(translate("GraphPanel", "Auto-play"))
        self.play_button.setCheckable(True)
        self.speed = QDoubleSpinBox()
        self.speed.setRange(0.25, 20.0)
        self.speed.setSingleStep(0.5)
        self.speed.setValue(2.0)
        self.speed.setSuffix(translate("GraphPanel", " nodes/s"))
        self.speed.setToolTip(translate("GraphPanel", "Auto-play speed: backward-pass steps per second"))
        self.fit_button = QPushButton(translate("GraphPanel", "Fit"))
        self.fit_button.setToolTip(translate("GraphPanel", "Zoom to the whole graph (drag to pan, wheel to zoom)"))
        self.step_label = QLabel("0 / 0")
        self.step_label.setMinimumWidth(60)
        self.step_label.setToolTip(translate("GraphPanel", "backward-pass steps taken / nodes"))
        # two rows (stepping; playing and the view): one row made the dock 716 px wide at least,
        # too wide for its place beside the 3-D view on a 1280x720 screen
        controls = QVBoxLayout()
        for row_widgets in ((self.first_button, self.prev_button, self.next_button, self.last_button, self.step_label),
                            (self.play_button, self.speed, self.fit_button)):
            row = QHBoxLayout()
            for w in row_widgets:
                row.addWidget(w)
            row.addStretch(1)
            controls.addLayout(row)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.explain.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.explain.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)
        self.gradient_label = QLabel()
        self.gradient_label.setWordWrap(True)
        self.gradient_label.setTextInteractionFlags(Qt.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.stack, 1)
        layout.addLayout(controls)
        layout.addWidget(self.explain)
        layout.addWidget(self.gradient_label)

        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self.first_button.clicked.connect(lambda: self.set_step(0))
        self.prev_button.clicked.connect(lambda: self.set_step(self.step - 1))
        self.next_button.clicked.connect(lambda: self.set_step(self.step + 1))
        self.last_button.clicked.connect(lambda: self.set_step(self.n))
        self.play_button.toggled.connect(self._play)
        self.speed.valueChanged.connect(self._set_interval)
        self.fit_button.clicked.connect(self.view.fit)
        self._set_interval()

        self.throttled_refresh = Throttled(self.refresh, TEXT_INTERVAL_MS, self)
        self.session.trajectoriesChanged.connect(self.throttled_refresh)
        self.session.selectionChanged.connect(lambda _: self.refresh())
        self.session.runsChanged.connect(self.throttled_refresh)
        self.session.landscapeChanged.connect(self.refresh)
        self.refresh()

    # -- what to show -------------------------------------------------------------------------------
    @property
    def n(self) -> int:
        return len(self.nodes)

    def current_point(self):
        """(expression, point) of the selected run now, or (None, why not)."""
        objective = self.session.objective
        if objective is None:
            return None, translate("GraphPanel", "waiting for the function")
        if not hasattr(objective, "expr"):  # the Data mode's loss over (w, b) is no typed expression
            return None, translate("GraphPanel", "The backpropagation graph is drawn for a typed function: switch to "
                                   "the Function tab.")
        run = self.session.selected_run
        if run is None or run.trajectory is None:
            return None, (translate("GraphPanel", "no run selected") if run is None else
                          tr_message(run.error) if run.error else translate("GraphPanel", "waiting for the run"))
        point = tuple(float(v) for v in np.asarray(run.trajectory.points[-1], dtype=float))
        return objective, point

    def refresh(self) -> None:
        objective, point = self.current_point()
        if objective is None:
            self._clear(point)
            return
        source = objective.source
        if source == self.source and point == self.point:
            return  # nothing moved
        same_function = source == self.source
        self.source, self.point = source, point
        self.nodes = computation_graph(objective.expr, point)
        self.names = node_names(self.nodes)
        self.backward = BackwardPass(self.nodes)
        at = ", ".join(fmt(v) for v in point)
        title = (translate("GraphPanel", "{function} at ({point}): {count} operation — the selected run's current "
                           "point") if self.n == 1 else
                 translate("GraphPanel", "{function} at ({point}): {count} operations — the selected run's current "
                           "point"))
        self.title.setText(title.format(function=f"<b>f = {html.escape(source)}</b>", point=at, count=self.n))
        if not same_function:
            self.step = 0
        self.step = min(self.step, self.n)
        if self.n > MAX_DRAWN_NODES:
            self._show_listing()
        else:
            self._draw(fit=not same_function or not self.node_items)
        self._show_step()

    def _clear(self, why: str) -> None:
        self.timer.stop()
        self.play_button.setChecked(False)
        self.source = self.point = None
        self.nodes, self.backward, self.step = [], None, 0
        self.scene.clear()
        self.node_items, self.edge_items = {}, {}
        self.title.setText(html.escape(why))
        self.stack.setCurrentIndex(0)
        self._show_step()

    def _draw(self, fit: bool) -> None:
        self.stack.setCurrentIndex(0)
        self.scene.clear()
        self.node_items, self.edge_items = {}, {}
        layout = layered_layout([(n.id, n.inputs) for n in self.nodes], NODE_W, NODE_H,
                                layer_gap=110.0, node_gap=30.0)
        by_id = {n.id: n for n in self.nodes}
        for n in self.nodes:
            item = NodeItem(n, self.names[n.id], operation_text(n, self.names), layout.pos[n.id])
            self.scene.addItem(item)
            self.node_items[n.id] = item
        for (a, b), pts in layout.edges.items():
            user = by_id[b]
            partials = [p for i, p in zip(user.inputs, user.partials) if i == a]
            value = " + ".join(fmt(p) for p in partials)  # x*x: x is used twice
            label = f"∂{self.names[b]}/∂{self.names[a]} = {value}"
            edge = EdgeItem(pts, label)
            self.scene.addItem(edge)
            self.edge_items[(a, b)] = edge
        self.scene.setSceneRect(self.scene.itemsBoundingRect().adjusted(-60, -60, 60, 60))
        if fit:
            QTimer.singleShot(0, self.view.fit)  # once the view has its size
            self.view.fit()

    def _show_listing(self) -> None:
        self.scene.clear()
        self.node_items, self.edge_items = {}, {}
        self.stack.setCurrentIndex(1)
        self.message.setText(translate(
            "GraphPanel", "This function has {count} operations: too many to draw (at most {limit}). Here they are "
            "in backward order (f first), with each node's value and adjoint ∂f/∂node; the steps below still walk "
            "through them.").format(count=self.n, limit=MAX_DRAWN_NODES))
        lines = []
        value = translate("GraphPanel", "value")
        for n in self.nodes[:MAX_LISTED_NODES]:
            name = self.names[n.id]
            what = name if n.op in ("x", "y", "const") else f"{name} = {operation_text(n, self.names)}"
            lines.append(f"{what:<32}  {value} {fmt(n.value):>12}   ∂f/∂{name} = {fmt(n.adjoint)}")
        if self.n > MAX_LISTED_NODES:
            lines.append(translate("GraphPanel", "… and {count} more").format(count=self.n - MAX_LISTED_NODES))
        self.listing.setPlainText("\n".join(lines))

    # -- stepping ------------------------------------------------------------------------------------
    def set_step(self, k: int) -> None:
        self.step = max(0, min(int(k), self.n))
        self._show_step()

    def _tick(self) -> None:
        if self.step >= self.n:
            self.play_button.setChecked(False)
            return
        self.set_step(self.step + 1)
        if self.step >= self.n:
            self.play_button.setChecked(False)

    def _play(self, on: bool) -> None:
        if on:
            if self.step >= self.n:
                self.set_step(0)
            self.timer.start()
        else:
            self.timer.stop()

    def _set_interval(self) -> None:
        self.timer.setInterval(max(20, int(1000 / self.speed.value())))

    def _show_step(self) -> None:
        k, n, bp = self.step, self.n, self.backward
        self.step_label.setText(f"{k} / {n}")
        self.first_button.setEnabled(k > 0)
        self.prev_button.setEnabled(k > 0)
        self.next_button.setEnabled(k < n)
        self.last_button.setEnabled(k < n)
        self.play_button.setEnabled(n > 0)
        if bp is None:
            self.explain.setText("")
            self.gradient_label.setText("")
            return
        current = self.nodes[k - 1].id if k > 0 else None
        for node_id, item in self.node_items.items():
            state = "current" if node_id == current else "done" if bp.order[node_id] < k else "pending"
            item.show_state(state, bp.adjoint_text(node_id, k))
        for (a, b), edge in self.edge_items.items():
            edge.set_passing(b == current)
        self.explain.setText(self._explanation(k))
        self.gradient_label.setText(self._gradient_text(k))

    def _explanation(self, k: int) -> str:
        bp = self.backward
        if k == 0:
            return translate("GraphPanel", "Forward pass done: every node shows its value. Press <b>Next</b> to run "
                             "the backward pass, from f back to the inputs, one node at a time.")
        node = self.nodes[k - 1]
        name = html.escape(self.names[node.id])
        if k == 1:
            text = translate("GraphPanel", "Step 1: seed ∂f/∂f = 1.")
        else:
            adjoint = html.escape(bp.adjoint_text(node.id, k))
            paths = len(bp.contributions[node.id])
            if paths > 1:
                text = translate("GraphPanel", "Step {step}: all the users of <b>{node}</b> are done, so ∂f/∂{node} = "
                                 "{adjoint} is final (the sum over the {paths} paths that reach it).")
            else:
                text = translate("GraphPanel", "Step {step}: all the users of <b>{node}</b> are done, so ∂f/∂{node} = "
                                 "{adjoint} is final.")
            text = text.format(step=k, node=name, adjoint=adjoint, paths=paths)
        if node.inputs:
            w = bp.adjoint[node.id]
            passes = [translate("GraphPanel", "{adjoint} × {partial} = {product} to {input}").format(
                adjoint=fmt(w), partial=fmt(p), product=fmt(w * p), input=html.escape(self.names[i]))
                for i, p in zip(node.inputs, node.partials)]
            text += translate("GraphPanel", " It passes ∂f/∂node × ∂node/∂input: {passes}.").format(
                passes=translate("GraphPanel", "; ", "a list's separator").join(passes))
        return text

    def _gradient_text(self, k: int) -> str:
        if k < self.n or self.point is None:
            return ""
        names = ("x", "y")[:len(self.point)]
        ids = {self.names[n.id]: n.id for n in self.nodes if n.op in ("x", "y")}
        parts, values = [], []
        for v in names:
            if v in ids:
                text = self.backward.adjoint_text(ids[v], k)
                value = self.backward.adjoint[ids[v]]
            else:
                text, value = translate("GraphPanel", "0 (f does not use it)"), 0.0
            parts.append(f"∂f/∂{v} = {text}")
            values.append(fmt(value))
        grad = values[0] if len(values) == 1 else "(" + ", ".join(values) + ")"
        return translate("GraphPanel", "<b>Done.</b> {adjoints} — <b>the gradient</b> ∇f = {gradient}").format(
            adjoints=", ".join(parts), gradient=grad)

    def hideEvent(self, event):
        self.play_button.setChecked(False)
        super().hideEvent(event)
