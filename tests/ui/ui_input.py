"""Real input for the window tests (imported as `ui_input`: tests/ui is on sys.path): type into a field, type a function, click Step."""
from __future__ import annotations

from PySide6.QtCore import Qt


def replace_text(qtbot, field, text: str) -> None:
    """Select a line edit's text and type ``text`` over it (no Return)."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key_Delete)
    qtbot.keyClicks(field, text)


def type_into(qtbot, field, text: str) -> None:
    """Replace a field's text by typing, then Return."""
    replace_text(qtbot, field, text)
    qtbot.keyClick(field, Qt.Key_Return)


def type_expression(qtbot, window, text: str) -> None:
    """Type ``text`` into the Function panel (the landscape follows after the debounce)."""
    replace_text(qtbot, window.function_panel.expression, text)


def click_step(qtbot, window, k: int) -> None:
    for _ in range(k):
        qtbot.mouseClick(window.run_controls.step_button, Qt.LeftButton)
