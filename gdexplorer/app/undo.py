"""Undo and redo of the user's edits (Ctrl+Z / Ctrl+Shift+Z), on Qt's QUndoStack.

What is undoable is what a workspace saves of the session (:meth:`Session.to_state`): the
function, the ranges, each run's optimizer, hyperparameters, start, schedule, colour, and the
runs themselves. Rather than one command class per edit, the history watches the session: after
the session says something changed, and the change has settled (typing a function or dragging a
start makes many changes in a row: they become one step), it compares the state with the last one
it recorded and pushes a command holding both. Undo restores the state before (the runs restart
there, as after any edit of their settings); steps taken and the landscape's computation are not
edits and never enter the history.
"""
from __future__ import annotations

import json

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from gdexplorer.app.i18n import translate

SETTLE_MS = 400  # edits closer together than this are one step (a typed word, a drag)
#: (a run's setting, the name of a change of it), in the order a change is named by
RUN_CHANGES = (
    ("optimizer", QT_TRANSLATE_NOOP("History", "change the optimizer")),
    ("start", QT_TRANSLATE_NOOP("History", "move the start")),
    ("hyperparameters", QT_TRANSLATE_NOOP("History", "change a hyperparameter")),
    ("schedule", QT_TRANSLATE_NOOP("History", "change the schedule")),
    ("clip", QT_TRANSLATE_NOOP("History", "change the clipping")),
    ("noise", QT_TRANSLATE_NOOP("History", "change the noise")),
)


def _describe(before: dict, after: dict) -> str:
    """A short name for the change, for the Edit menu ("Undo change the function"), in the
    interface's language."""
    if before.get("text") != after.get("text"):
        return translate("History", "change the function")
    if before.get("x_range") != after.get("x_range") or before.get("y_range") != after.get("y_range"):
        return translate("History", "change the range")
    runs_b, runs_a = before.get("runs", []), after.get("runs", [])
    if len(runs_b) != len(runs_a):
        return translate("History", "add a run") if len(runs_a) > len(runs_b) else translate("History", "remove a run")
    for rb, ra in zip(runs_b, runs_a):
        for key, what in RUN_CHANGES:
            if rb.get(key) != ra.get(key):
                return translate("History", what)
    return translate("History", "change the runs")


class _Change(QUndoCommand):
    def __init__(self, history: "History", before: dict, after: dict):
        super().__init__(_describe(before, after))
        self.history, self.before, self.after = history, before, after
        self._first = True

    def redo(self) -> None:
        if self._first:  # pushed after the change happened: nothing to do the first time
            self._first = False
            return
        self.history._apply(self.after)

    def undo(self) -> None:
        self.history._apply(self.before)


class History(QObject):
    """The session's undo stack."""

    def __init__(self, session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.stack = QUndoStack(self)
        self._applying = False
        self._last = self._state()
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.record)
        for signal in (session.runsChanged, session.landscapeChanged):
            signal.connect(self._changed)

    def _state(self) -> dict:
        state = self.session.to_state()
        state.pop("selected", None)  # selecting a run is not an edit
        return json.loads(json.dumps(state))  # a deep copy, as saved

    def _changed(self, *_) -> None:
        if not self._applying:
            self._settle.start()

    def record(self) -> bool:
        """Push the change since the last recorded state, if any (called once edits settle)."""
        self._settle.stop()
        if self._applying:
            return False
        now = self._state()
        if now == self._last:
            return False
        before, self._last = self._last, now
        self.stack.push(_Change(self, before, now))
        return True

    def _apply(self, state: dict) -> None:
        self._applying = True
        try:
            selected = self.session.selected
            self.session.restore_state({**state, "selected": selected})
        finally:
            self._applying = False
        self._last = self._state()
        self._settle.stop()

    def undo(self) -> None:
        self.record()  # an edit still settling is a step of its own first
        self.stack.undo()

    def redo(self) -> None:
        self.record()
        self.stack.redo()
