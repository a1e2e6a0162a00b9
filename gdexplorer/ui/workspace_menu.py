"""The window's workspace commands (File → Open/Save workspace, Recent, autosave and recovery).

The file format, atomic saving, checking and the autosave are :mod:`gdexplorer.app.workspace`;
here: the snapshot of what the window shows (the session's state, each run's steps taken, the
player's speed and limit, the curves' scale), applying a workspace to the window (nothing changes
until the whole file checked out), the menu entries, and a non-modal bar offering to recover the
autosave a crashed or killed gdexplorer left behind.
"""
from __future__ import annotations

import math
import os
import time

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from gdexplorer.app import workspace as W
from gdexplorer.app.i18n import tr_message, translate
from gdexplorer.app.data_mode import DataStateError
from gdexplorer.app.data_mode import read_state as read_data_state
from gdexplorer.app.session import StateError


def file_filter() -> str:
    return translate("WorkspaceMenu", "gdexplorer workspaces (*.json);;All files (*)")


SPEEDS = (0.5, 5000.0)  # the run controls' boxes: steps (or epochs) per second, and the steps limit
STEP_LIMITS = (1, 100_000)
MAX_RUN_STEPS = 10_000_000  # steps a saved run may ask to be stepped back to when opened


def _within(value, low: float, high: float) -> float:
    """``value`` as a finite number in [low, high]; ValueError otherwise (NaN, Infinity, text)."""
    number = float(value)
    if not (math.isfinite(number) and low <= number <= high):
        raise ValueError(value)
    return number


def snapshot(window, source_file: str = "") -> W.Workspace:
    """What the window shows, as a workspace: the function's session (kept meanwhile when the Data
    mode is on) and its runs' steps, the Data mode's state when it was used, the view settings."""
    session = window.session
    data_mode = window.explorer.data_mode
    speeds = window.data_ui.speeds()  # each mode has its own
    function_runs = data_mode.function_state.runs if data_mode.function_state is not None else session.runs
    view = {
        "run_steps": [run.steps_taken for run in function_runs],
        "speed": speeds["function"],
        "data_speed": speeds["data"],
        "step_limit": window.player.step_limit,
        "log_curves": window.curves_view.log_axis.isChecked(),
    }
    if source_file:
        view["source_file"] = source_file
    return W.Workspace(session.to_state(), view, data=data_mode.to_state())


def apply(window, ws: W.Workspace, on_ready=None) -> None:
    """Show ``ws`` in the window; raises WorkspaceError (nothing changed) when its session or its
    Data mode cannot be restored. The function's runs are stepped to their saved step counts once
    its landscape is computed; then a workspace saved in the Data mode shows it again (its data
    made, its runs stepped to their saved updates), and ``on_ready()`` is called."""
    session, data_mode = window.session, window.explorer.data_mode
    saved_data = None
    if ws.data is not None:
        try:
            saved_data = read_data_state(ws.data)
        except DataStateError as exc:
            raise W.WorkspaceError(tr_message(exc)) from None
    was_data = data_mode.active
    if was_data:
        data_mode.leave()  # the function's state is the session's while it is restored
    try:
        session.restore_state(ws.session)
    except StateError as exc:
        if was_data:
            data_mode.enter()
        raise W.WorkspaceError(tr_message(exc)) from None
    view = ws.view
    try:
        window.player.set_speed(_within(view.get("speed", window.player.speed), *SPEEDS))
        window.player.set_step_limit(int(_within(view.get("step_limit", window.player.step_limit), *STEP_LIMITS)))
        window.curves_view.log_axis.setChecked(bool(view.get("log_curves", True)))
        steps = [int(_within(n, 0, MAX_RUN_STEPS)) for n in view.get("run_steps", [])]
    except (TypeError, ValueError, ArithmeticError):  # a hand-edited view: its parts are kept as they were
        steps = []
    try:
        window.data_ui.set_data_speed(_within(view["data_speed"], *SPEEDS))
    except (KeyError, TypeError, ValueError, ArithmeticError):
        pass
    sync = getattr(window.run_controls, "sync_from_player", None)
    if sync is not None:
        sync()
    if saved_data is not None:
        data_mode.restore(saved_data)  # kept for the Data mode until the function's runs are in place

    text = str(ws.session.get("text", "")).strip()
    done = []

    def step_runs():
        land = session.landscape
        if done or land is None or data_mode.active or land.objective.source.strip() != text:
            return  # a landscape computed before the restore: wait for the workspace's own
        for run, n in zip(session.runs, steps):
            if n > run.steps_taken:
                run.step(n - run.steps_taken)
        session.trajectoriesChanged.emit()
        show_data()

    def bad_function(error):
        if error is not None and not done and not data_mode.active:
            show_data()  # the function does not compute: its runs stay at their start

    def show_data():
        done.append(True)
        session.landscapeChanged.disconnect(step_runs)
        session.expressionChecked.disconnect(bad_function)
        if saved_data is None or saved_data.mode != "data":
            if on_ready is not None:
                on_ready()
            return
        data_mode.enter()
        if on_ready is None:
            return
        if not data_mode.restoring:
            on_ready()
            return

        def finished():
            data_mode.restoreFinished.disconnect(finished)
            on_ready()

        data_mode.restoreFinished.connect(finished)

    session.landscapeChanged.connect(step_runs)
    session.expressionChecked.connect(bad_function)


class RecoveryBar(QWidget):
    """A strip in the status bar: the autosave of a gdexplorer that did not close properly."""

    def __init__(self, controller: "WorkspaceMenu", recovery: W.Recovery):
        super().__init__()
        self.setObjectName("recovery_bar")
        self.recovery = recovery
        when = time.strftime("%H:%M", time.localtime(recovery.saved_at))
        if recovery.source:
            text = translate("WorkspaceMenu", "gdexplorer did not close properly: work autosaved at {time} "
                                              "({name}).").format(time=when, name=os.path.basename(recovery.source))
        else:
            text = translate("WorkspaceMenu", "gdexplorer did not close properly: work autosaved at {time}.").format(
                time=when)
        self.label = QLabel(text)
        self.recover = QPushButton(translate("WorkspaceMenu", "Recover"))
        self.recover.setObjectName("recover")
        self.discard = QPushButton(translate("WorkspaceMenu", "Discard"))
        self.discard.setObjectName("discard_recovery")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.label, self.recover, self.discard):
            row.addWidget(w)
        self.recover.clicked.connect(lambda: controller.recover(self))
        self.discard.clicked.connect(lambda: controller.discard(self))


class WorkspaceMenu(QObject):
    def __init__(self, window, file_menu, before=None, settings=None):
        super().__init__(window)
        self.window = window
        self.base_title = window.windowTitle()
        self.path = ""  # the workspace file shown ("" for none)
        self.recent = W.RecentFiles(settings) if settings is not None else None
        self.open_action = self._action(translate("WorkspaceMenu", "Open workspace…"), "Ctrl+Shift+O",
                                        self.open_dialog, file_menu, before)
        self.save_action = self._action(translate("WorkspaceMenu", "Save workspace"), "Ctrl+S", self.save,
                                        file_menu, before)
        self.save_as_action = self._action(translate("WorkspaceMenu", "Save workspace as…"), "Ctrl+Shift+S",
                                           self.save_as_dialog, file_menu, before)
        self.recent_menu = file_menu.addMenu(translate("WorkspaceMenu", "Recent workspaces"))
        if before is not None:
            file_menu.insertMenu(before, self.recent_menu)
        file_menu.insertSeparator(before) if before is not None else file_menu.addSeparator()
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.bar: RecoveryBar | None = None
        # autosave: only for the interactive window (one with settings), never for scripts
        self.autosave = W.Autosave(lambda: snapshot(window, self.path), parent=self) if settings is not None else None
        if self.autosave is not None:
            session = window.session
            for signal in (session.runsChanged, session.landscapeChanged, session.trajectoriesChanged):
                signal.connect(self.autosave.mark_dirty)
            self.autosave.failed.connect(lambda why: window.statusBar().showMessage(
                translate("WorkspaceMenu", "Autosave failed: {reason}").format(reason=why), 8000))
            QTimer.singleShot(0, self.offer_recovery)

    def _action(self, text, shortcut, slot, menu, before):
        from PySide6.QtGui import QAction

        a = QAction(text, self.window)
        a.setShortcut(QKeySequence(shortcut))
        a.triggered.connect(slot)
        self.window.addAction(a)
        if before is not None:
            menu.insertAction(before, a)
        else:
            menu.addAction(a)
        return a

    # -- open / save --------------------------------------------------------------------------
    def open_path(self, path: str) -> bool:
        """Open the workspace at ``path``; a bad file is reported in the status bar and changes nothing."""
        try:
            ws = W.load(path)
            apply(self.window, ws)
        except W.WorkspaceError as exc:
            self.window.status_label.setText(translate(
                "WorkspaceMenu", "Could not open the workspace: {reason}").format(reason=tr_message(exc)))
            return False
        self.path = os.path.abspath(path)
        if self.recent is not None:
            self.recent.add(self.path)
        self._title()
        self.window.status_label.setText(translate("WorkspaceMenu", "Opened {name}").format(
            name=os.path.basename(path)))
        return True

    def save_to(self, path: str) -> bool:
        if not path.endswith(".json"):
            path += W.SUFFIX
        try:
            W.save(path, snapshot(self.window))
        except W.WorkspaceError as exc:
            self.window.status_label.setText(translate(
                "WorkspaceMenu", "Could not save the workspace: {reason}").format(reason=tr_message(exc)))
            return False
        self.path = os.path.abspath(path)
        if self.recent is not None:
            self.recent.add(self.path)
        self._title()
        self.window.status_label.setText(translate("WorkspaceMenu", "Saved {name}").format(name=os.path.basename(path)))
        return True

    def save(self) -> bool:
        return self.save_to(self.path) if self.path else self.save_as_dialog()

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, translate("WorkspaceMenu", "Open workspace"),
                                              os.path.dirname(self.path), file_filter())
        if path:
            self.open_path(path)

    def save_as_dialog(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self.window, translate("WorkspaceMenu", "Save workspace"),
                                              self.path or "workspace" + W.SUFFIX, file_filter())
        return self.save_to(path) if path else False

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = self.recent.existing() if self.recent is not None else []
        for p in paths:
            self.recent_menu.addAction(os.path.basename(p), lambda p=p: self.open_path(p)).setToolTip(p)
        if not paths:
            self.recent_menu.addAction(translate("WorkspaceMenu", "(none)")).setEnabled(False)

    def _title(self) -> None:
        name = os.path.basename(self.path)
        self.window.setWindowTitle(f"{name} — {self.base_title}" if name else self.base_title)

    # -- recovery -----------------------------------------------------------------------------
    def offer_recovery(self) -> None:
        found = W.recovery_candidate()
        if found is None or self.bar is not None:
            return
        self.bar = RecoveryBar(self, found)
        self.window.statusBar().addPermanentWidget(self.bar)

    def recover(self, bar: RecoveryBar) -> None:
        try:
            apply(self.window, bar.recovery.workspace)
        except W.WorkspaceError as exc:
            self.window.status_label.setText(translate("WorkspaceMenu", "Could not recover: {reason}").format(
                reason=tr_message(exc)))
        else:
            self.path = bar.recovery.source
            self.window.status_label.setText(translate("WorkspaceMenu", "Recovered the autosaved work"))
        W.discard_recovery(bar.recovery)
        self._drop(bar)

    def discard(self, bar: RecoveryBar) -> None:
        W.discard_recovery(bar.recovery)
        self._drop(bar)

    def _drop(self, bar: RecoveryBar) -> None:
        self.window.statusBar().removeWidget(bar)
        bar.deleteLater()
        self.bar = None

    def close(self) -> None:
        """A clean exit: the autosave goes."""
        if self.autosave is not None:
            self.autosave.stop()
