"""Throttled view updates: while Play steps 60 times a second, each view redraws at its own rate."""
from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QObject, QTimer

MAP_INTERVAL_MS = 25  # the 2-D map and the 3-D view: up to 40 frames a second (30 is the aim)
TEXT_INTERVAL_MS = 125  # the runs table, the inspector, the status bar: ~8 updates a second
CURVES_INTERVAL_MS = 200  # the loss curves (two plots re-ranging their axes: ~30 ms in software): 5 a second


class Throttled(QObject):
    """Call ``fn`` at most once per ``interval_ms``: at once when it has been idle (so a single
    Step shows immediately), else once when the interval is up, with the newest state (so the last
    state is always shown). Calls in between are merged."""

    def __init__(self, fn: Callable[[], None], interval_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self._fn = fn
        self._interval = interval_ms / 1000.0
        self._last = -1e9
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)

    def __call__(self, *_args) -> None:
        if self._timer.isActive():
            return
        wait = self._last + self._interval - time.perf_counter()
        if wait <= 0:
            self._fire()
        else:
            self._timer.start(max(1, int(wait * 1000)))

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        """Run a pending call now (for exports and screenshots)."""
        if self._timer.isActive():
            self._timer.stop()
            self._fire()

    def _fire(self) -> None:
        self._last = time.perf_counter()
        self._fn()
