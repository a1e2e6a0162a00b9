"""Play/Pause: a timer that steps every run at ``speed`` steps per second, up to a step limit."""
from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

from gdexplorer.app.session import Session

FRAME_MS = 25  # ~40 ticks a second, as often as the views may redraw; faster speeds take several steps a tick


class Player(QObject):
    playingChanged = Signal(bool)

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.speed = 20.0  # steps per second
        self.step_limit = 500
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._owed = 0.0
        self._last = 0.0

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    def set_speed(self, steps_per_second: float) -> None:
        self.speed = max(float(steps_per_second), 0.1)
        if self.playing:
            self._timer.setInterval(self._interval())

    def set_step_limit(self, limit: int) -> None:
        self.step_limit = max(int(limit), 1)

    def _interval(self) -> int:
        return max(FRAME_MS, int(1000 / self.speed))

    def step(self, n: int = 1) -> int:
        return self.session.step(n, self.step_limit)

    def play(self) -> None:
        if self.playing or self.session.objective is None:
            return
        if self.session.all_finished(self.step_limit):
            self.session.reset_runs()
        self._owed = 1.0  # take the first step at once: pressing Play shows motion immediately
        self._last = time.perf_counter()
        self._timer.start(self._interval())
        self._tick()
        self.playingChanged.emit(True)

    def pause(self) -> None:
        if self.playing:
            self._timer.stop()
            self.playingChanged.emit(False)

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def _tick(self) -> None:
        now = time.perf_counter()
        self._owed += (now - self._last) * self.speed
        self._last = now
        n = int(self._owed)
        if n >= 1:
            self._owed -= n
            self.session.step(n, self.step_limit)
        if self.session.all_finished(self.step_limit):
            self.pause()
