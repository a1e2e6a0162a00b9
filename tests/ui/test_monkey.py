"""A monkey test (issue 13, hardening): random clicks, drags, wheel turns and keys all over the real
window for a while. No exception may escape (Qt swallows exceptions raised in slots into
sys.excepthook: it is captured here), and afterwards the window still answers: its event loop runs,
a Step click steps, a typed function is drawn.

The input is seeded, so a failure replays: its seed and the last actions are in the message.
"""
from __future__ import annotations

import random
import sys
import traceback

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLineEdit, QWidget

from ui_input import type_expression

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

SEEDS = (1, 2, 3)
ACTIONS_PER_SEED = 400
KEYS = [Qt.Key_Space, Qt.Key_Right, Qt.Key_R, Qt.Key_Return, Qt.Key_Escape, Qt.Key_Tab, Qt.Key_Backspace,
        Qt.Key_Up, Qt.Key_Down, Qt.Key_Delete, Qt.Key_PageDown, Qt.Key_Home]
TEXTS = ["x^2", "-1e308", "nan", "1e999", "sqrt(x)", "((", "0", "abc", "2", "-3.5", "1/0", "himmelblau", "ÿ",
         "cosine:T_max=3", "0.5"]
#: actions that leave the window or block on a modal dialog (file dialogs, About): not for a monkey
AVOID = ("Quit", "Exit", "About", "Export", "Save", "Open", "Keyboard shortcuts", "Screenshot", "Record", "PNG")


@pytest.fixture
def captured(monkeypatch):
    errors: list[str] = []

    def hook(kind, value, tb):
        errors.append("".join(traceback.format_exception(kind, value, tb)))

    monkeypatch.setattr(sys, "excepthook", hook)
    return errors


def targets(window) -> list[QWidget]:
    """Every visible, enabled widget a user could poke."""
    found = [w for w in window.findChildren(QWidget) if w.isVisible() and w.isEnabled() and w.width() > 2
             and w.height() > 2 and w.window() is window]
    return [w for w in found if not (isinstance(w, QAbstractButton) and any(a in w.text() for a in AVOID))]


def poke(qtbot, rng: random.Random, window, log: list[str]) -> None:
    widgets = targets(window)
    w = rng.choice(widgets)
    kind = rng.random()
    where = QPoint(rng.randrange(max(w.width(), 1)), rng.randrange(max(w.height(), 1)))
    name = f"{type(w).__name__}({w.objectName()!r})"
    if kind < 0.45:
        log.append(f"click {name} at {where.x()},{where.y()}")
        qtbot.mouseClick(w, Qt.LeftButton, pos=where)
    elif kind < 0.55:
        to = QPoint(rng.randrange(max(w.width(), 1)), rng.randrange(max(w.height(), 1)))
        log.append(f"drag {name}")
        qtbot.mousePress(w, Qt.LeftButton, pos=where)
        qtbot.mouseMove(w, to)
        qtbot.mouseRelease(w, Qt.LeftButton, pos=to)
    elif kind < 0.65:
        delta = rng.choice([120, -120, 480, -480])
        log.append(f"wheel {delta} on {name}")
        event = QWheelEvent(QPointF(where), QPointF(w.mapToGlobal(where)), QPoint(), QPoint(0, delta), Qt.NoButton,
                            Qt.NoModifier, Qt.NoScrollPhase, False)
        QApplication.sendEvent(w, event)
    elif kind < 0.8 and isinstance(w, (QLineEdit, QComboBox)):
        text = rng.choice(TEXTS)
        log.append(f"type {text!r} into {name}")
        qtbot.mouseClick(w, Qt.LeftButton)
        if isinstance(w, QLineEdit):
            w.selectAll()
        qtbot.keyClicks(w, text)
        qtbot.keyClick(w, Qt.Key_Return)
    else:
        key = rng.choice(KEYS)
        log.append(f"key {key} to {name}")
        qtbot.keyClick(w, key)
    qtbot.wait(rng.choice([0, 0, 5, 20]))


@pytest.mark.parametrize("seed", SEEDS)
def test_random_input_never_raises_and_the_window_still_answers(qtbot, window, wait_landscape, captured, seed):
    window.resize(1280, 720)
    rng = random.Random(seed)
    log: list[str] = []
    for _ in range(ACTIONS_PER_SEED):
        poke(qtbot, rng, window, log)
        assert not captured, f"seed {seed}: an exception escaped after:\n" + "\n".join(log[-15:]) + "\n" + captured[0]
        for widget in QApplication.topLevelWidgets():  # a dialog or menu a click opened: closed, as a user would
            # (only this window's own: earlier tests' windows, some being deleted, are not the monkey's)
            if widget is not window and widget.parentWidget() is not None and widget.isVisible() and widget.isWindow():
                widget.close()
    if window.run_controls.play_button.isChecked():
        qtbot.mouseClick(window.run_controls.play_button, Qt.LeftButton)
    # still answering: a typed function is drawn, Step steps
    type_expression(qtbot, window, "x^2 + 2*y^2")
    wait_landscape(window, "x^2 + 2*y^2")
    run = window.session.selected_run
    before = run.steps_taken
    qtbot.mouseClick(window.run_controls.step_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: run.steps_taken > before or run.finished, timeout=10_000)
    assert not captured, captured[0]
