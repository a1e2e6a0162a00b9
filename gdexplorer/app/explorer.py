"""The application without its window: the session, the player and the compute service, built and
started here and handed to the window (ndv's model/view split). Scripts, tests and the self-test
drive an :class:`Explorer` directly; it needs a QCoreApplication, no widgets and no display.
"""
from __future__ import annotations

import json

from PySide6.QtCore import QEventLoop, QObject, QSettings, QTimer

from gdexplorer.app.compute import ComputeService
from gdexplorer.app.data_mode import DataMode
from gdexplorer.app.i18n import translate
from gdexplorer.app.jobs import JobRunner
from gdexplorer.app.player import Player
from gdexplorer.app.session import Session, StateError

READY_TIMEOUT_MS = 120_000  # the first start of a fresh install compiles the kernels


class Explorer(QObject):
    """Holds what the window shows and steers. With ``settings`` it comes back to the state saved
    there (the session, the player's speed and step limit) and saves it on :meth:`shutdown`."""

    def __init__(self, settings: QSettings | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.compute = ComputeService(self)
        self.session = Session(self.compute, self)
        self.player = Player(self.session, self)
        #: sweeps, basin maps, critical points: in a worker with progress and Cancel; a new
        #: landscape (function or range) makes every one of them stale
        self.jobs = JobRunner(parent=self)
        self.session.landscapeChanged.connect(self.jobs.cancel_all)
        #: the Data mode (issue 11): runs train (w, b) on data; a switch of mode pauses the race
        self.data_mode = DataMode(self.session, self)
        self.data_mode.modeChanged.connect(lambda _on: self.player.pause())
        self.settings = settings
        #: what became of the saved state, for the status bar ("" when it was restored or absent), in
        #: the interface's language
        self.notice = self.restore_settings() if settings is not None else ""

    def start(self) -> None:
        """Warm the kernels in the worker, then compute the first landscape (queued behind it)."""
        self.compute.warm_up()
        self.session.refresh()

    def wait_until_ready(self, timeout_ms: int = READY_TIMEOUT_MS) -> bool:
        """Run the event loop until the warm-up and the current landscape are done (or the
        function failed to check out); True when there is a landscape."""
        session = self.session
        if session.landscape is not None and not self.compute.busy:
            return True
        loop = QEventLoop()
        session.landscapeChanged.connect(loop.quit)
        session.expressionChecked.connect(loop.quit)
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(timeout_ms)
        try:
            while self.compute.busy and timer.isActive() and session.error is None:
                loop.exec()
        finally:
            timer.stop()
            session.landscapeChanged.disconnect(loop.quit)
            session.expressionChecked.disconnect(loop.quit)
        return session.landscape is not None

    # -- settings -------------------------------------------------------------------------------
    def save_settings(self) -> None:
        if self.settings is None:
            return
        s = self.settings
        s.setValue("session", json.dumps(self.session.to_state()))
        s.setValue("player/speed", self.player.speed)
        s.setValue("player/step_limit", self.player.step_limit)
        s.sync()

    def restore_settings(self) -> str:
        """Come back to the saved state; returns "" when it was restored (or none was saved), else
        why it was ignored (the defaults are kept)."""
        s = self.settings
        notice = ""
        raw = s.value("session")
        if raw:
            try:
                self.session.restore_state(json.loads(raw))
            except (TypeError, ValueError) as exc:  # StateError, or JSON that does not parse
                reason = str(exc) if isinstance(exc, StateError) else translate(
                    "Explorer", "the saved state is not valid JSON")
                notice = translate("Explorer", "Started from the defaults: {reason}.").format(reason=reason)
        try:
            self.player.set_speed(float(s.value("player/speed", self.player.speed)))
            self.player.set_step_limit(int(s.value("player/step_limit", self.player.step_limit)))
        except (TypeError, ValueError):
            pass  # a hand-edited setting: keep the defaults
        return notice

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Stop playing, save the state and let the worker finish its job."""
        self.player.pause()
        self.save_settings()
        self.jobs.cancel_all()
        self.data_mode.cancel_load()
        self.jobs.wait_for_done(timeout_ms)
        self.data_mode.jobs.wait_for_done(timeout_ms)
        self.compute.wait_for_done(timeout_ms)
