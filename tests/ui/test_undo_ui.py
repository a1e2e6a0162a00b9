"""Edit → Undo / Redo in the window (Ctrl+Z, Ctrl+Shift+Z) with real keys (issue 13)."""
from __future__ import annotations

from PySide6.QtCore import Qt

from ui_input import type_expression


def test_ctrl_z_undoes_a_typed_function_and_a_new_learning_rate(qtbot, window, wait_landscape):
    session, history = window.session, window.history
    wait_landscape(window)
    history.record()
    original = session.text
    type_expression(qtbot, window, "x^2 + 4*y^2")
    wait_landscape(window, "x^2 + 4*y^2")
    history.record()
    field = window.optimizer_panel.lr_field
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "0.0123")
    qtbot.keyClick(field, Qt.Key_Return)
    history.record()
    assert session.selected_run.settings.learning_rate == 0.0123
    assert window.undo_action.isEnabled() and window.undo_action.text() == "Undo change a hyperparameter"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)  # shortcuts act in the active window
    window.runs_panel.table.setFocus()  # not in a text field (there Ctrl+Z undoes the typing)
    target = window.runs_panel.table

    def keys(modifiers):
        qtbot.keyClick(target, Qt.Key_Z, modifiers)

    keys(Qt.ControlModifier)
    assert session.selected_run.settings.learning_rate != 0.0123
    keys(Qt.ControlModifier)
    wait_landscape(window, original)
    assert session.text == original and window.redo_action.isEnabled()
    keys(Qt.ControlModifier | Qt.ShiftModifier)
    wait_landscape(window, "x^2 + 4*y^2")
    keys(Qt.ControlModifier | Qt.ShiftModifier)
    assert session.selected_run.settings.learning_rate == 0.0123 and not window.redo_action.isEnabled()
