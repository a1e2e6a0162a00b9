"""The backpropagation graph panel (issue 10.5, seed 003), driven with real input: the adjoints it
shows while stepping are core.graph's, x's and y's are autograd's gradient, shared nodes show sums."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

import ui_input
from ui_input import click_step, type_into

from gdexplorer.core.derivatives import value_and_gradient
from gdexplorer.core.expression import parse
from gdexplorer.core.graph import computation_graph
from gdexplorer.ui.graph_panel import MAX_DRAWN_NODES, GraphPanel

SEED_003 = "3*(x + y*2)"  # J = 3(a + bc) with a = x, b = y, c = 2


def set_function(qtbot, wait_landscape, window, text: str, start=(1.0, 2.0)) -> None:
    ui_input.type_expression(qtbot, window, text)
    wait_landscape(window, text)
    type_into(qtbot, window.start_panel.x, f"{start[0]:g}")
    type_into(qtbot, window.start_panel.y, f"{start[1]:g}")
    assert window.session.selected_run.settings.start == start


def open_panel(qtbot, window, text: str, point) -> GraphPanel:
    panel = GraphPanel(window.explorer)
    qtbot.addWidget(panel)
    panel.resize(1000, 650)
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.waitUntil(lambda: panel.source == text and panel.point == tuple(point))
    return panel


def shown_adjoint(panel, node_id) -> str:
    """The adjoint as drawn in the node's box: the text after "∂f/∂name = "."""
    text = panel.node_items[node_id].text.toPlainText()
    return text.split(" = ", 1)[1] if text.count("\n") < 2 else text.splitlines()[-1].split(" = ", 1)[1]


def shown_number(text: str) -> float:
    """"3" → 3; "1 + 1 = 2" → 2; "1 (seed)" → 1."""
    return float(text.split("=")[-1].split()[0])


def click(qtbot, button, times=1):
    for _ in range(times):
        assert button.isEnabled()
        qtbot.mouseClick(button, Qt.LeftButton)


def test_seed_003_backward_pass_step_by_step(qtbot, window, wait_landscape):
    set_function(qtbot, wait_landscape, window, SEED_003)
    panel = open_panel(qtbot, window, SEED_003, (1.0, 2.0))
    core = computation_graph(parse(SEED_003), (1.0, 2.0))  # the independent reference
    n = len(core)
    assert n == 7 and set(panel.node_items) == {c.id for c in core}
    assert panel.step_label.text() == f"0 / {n}"
    # the forward values are drawn; before the backward pass every adjoint is "?"
    for c in core:
        assert f"value {c.value:.6g}" in panel.node_items[c.id].text.toPlainText()
        assert shown_adjoint(panel, c.id) == "?"
    # the edges carry the local partials: J = 3·u, so ∂J/∂u = 3 and ∂J/∂3 = u = 5
    root = core[0]
    three, u = root.inputs
    assert panel.edge_items[(u, root.id)].label.toPlainText().endswith("= 3")
    assert panel.edge_items[(three, root.id)].label.toPlainText().endswith("= 5")
    for k in range(1, n + 1):
        click(qtbot, panel.next_button)
        assert panel.step_label.text() == f"{k} / {n}"
        for j, c in enumerate(core):
            text = shown_adjoint(panel, c.id)
            if j < k:  # reached: its final adjoint, equal to core.graph's
                assert shown_number(text) == pytest.approx(c.adjoint, rel=1e-6), (k, c, text)
            else:
                assert text.startswith("?"), (k, c, text)
        assert panel.node_items[core[k - 1].id].state == "current"
    assert not panel.next_button.isEnabled()
    # x's and y's adjoints are the gradient: (3, 3c) = (3, 6) in seed 003's numbers, and autograd's
    _, grad = value_and_gradient(parse(SEED_003), (1.0, 2.0))
    np.testing.assert_allclose(grad, [3.0, 6.0])
    by_op = {c.op: c.id for c in core if c.op in ("x", "y")}
    assert shown_number(shown_adjoint(panel, by_op["x"])) == grad[0]
    assert shown_number(shown_adjoint(panel, by_op["y"])) == grad[1]
    gradient_text = panel.gradient_label.text()
    assert "∂f/∂x = 3" in gradient_text and "∂f/∂y = 6" in gradient_text
    assert "the gradient" in gradient_text and "(3, 6)" in gradient_text
    # Previous goes back one: the last node is pending again, the one before it is current
    click(qtbot, panel.prev_button)
    assert panel.step_label.text() == f"{n - 1} / {n}"
    assert shown_adjoint(panel, core[-1].id).startswith("?")
    assert panel.node_items[core[-2].id].state == "current"
    assert panel.gradient_label.text() == ""


def test_shared_node_shows_the_sum_of_both_paths(qtbot, window, wait_landscape):
    """x*y + x*y: the parser shares x*y, so one node is reached along two edges (seed 003's
    two-path w1[1,2]): its adjoint reads "1 + 1 = 2", and x gets 2·y + ... = 4 = ∂f/∂x."""
    text = "x*y + x*y"
    set_function(qtbot, wait_landscape, window, text)
    panel = open_panel(qtbot, window, text, (1.0, 2.0))
    core = computation_graph(parse(text), (1.0, 2.0))
    shared = next(c for c in core if c.op == "*")
    assert core[0].inputs == (shared.id, shared.id) and shared.adjoint == 2.0
    k = next(j for j, c in enumerate(core) if c.id == shared.id) + 1
    click(qtbot, panel.next_button, k - 1)  # f has passed 1 along each of its two edges
    assert shown_adjoint(panel, shared.id) == "? (so far 1 + 1)"
    click(qtbot, panel.next_button)
    assert shown_adjoint(panel, shared.id) == "1 + 1 = 2"
    assert "2 paths" in panel.explain.text()
    click(qtbot, panel.next_button, len(core) - k)
    _, grad = value_and_gradient(parse(text), (1.0, 2.0))
    for c in core:
        assert shown_number(shown_adjoint(panel, c.id)) == pytest.approx(c.adjoint, rel=1e-6)
    assert "(4, 2)" in panel.gradient_label.text() and tuple(grad) == (4.0, 2.0)


def test_auto_play_reaches_the_end(qtbot, window, wait_landscape):
    set_function(qtbot, wait_landscape, window, SEED_003)
    panel = open_panel(qtbot, window, SEED_003, (1.0, 2.0))
    type_into(qtbot, panel.speed, "20")
    assert panel.speed.value() == 20
    click(qtbot, panel.play_button)
    assert panel.play_button.isChecked()
    qtbot.waitUntil(lambda: panel.step == panel.n and not panel.play_button.isChecked(), timeout=5000)
    assert panel.step_label.text() == "7 / 7"
    assert "(3, 6)" in panel.gradient_label.text()


def test_follows_the_selected_run_after_a_step(qtbot, window, wait_landscape):
    text = "x^2 + 3*y^2"
    set_function(qtbot, wait_landscape, window, text)
    panel = open_panel(qtbot, window, text, (1.0, 2.0))
    click(qtbot, panel.next_button, 2)
    click_step(qtbot, window, 1)
    run = window.session.selected_run
    qtbot.waitUntil(lambda: run.trajectory.steps == 1)
    point = tuple(float(v) for v in run.trajectory.points[-1])
    assert point != (1.0, 2.0)
    qtbot.waitUntil(lambda: panel.point == point)
    core = computation_graph(parse(text), point)
    for c in core:
        assert f"value {c.value:.6g}" in panel.node_items[c.id].text.toPlainText()
    assert panel.step == 2  # the same function: the step position is kept
    click(qtbot, panel.last_button)
    _, grad = value_and_gradient(parse(text), point)
    expected = "(" + ", ".join(f"{g:.6g}" for g in grad) + ")"
    assert expected in panel.gradient_label.text()
    np.testing.assert_allclose(grad, run.trajectory.grad[-1], rtol=1e-12)


def test_a_long_tape_is_listed_not_drawn(qtbot, window, wait_landscape):
    text = " + ".join(f"sin({i}*x + y)" for i in range(1, 20))
    set_function(qtbot, wait_landscape, window, text)
    panel = open_panel(qtbot, window, text, (1.0, 2.0))
    assert panel.n > MAX_DRAWN_NODES and panel.node_items == {}
    assert "too many to draw" in panel.message.text() and panel.listing.isVisible()
    assert len(panel.listing.toPlainText().splitlines()) == panel.n
    click(qtbot, panel.last_button)
    _, grad = value_and_gradient(parse(text), (1.0, 2.0))
    assert "(" + ", ".join(f"{g:.6g}" for g in grad) + ")" in panel.gradient_label.text()
