"""Throttled view updates: while Play steps 60 times a second, each view redraws at its own rate."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject
from superqt.utils import QSignalThrottler

MAP_INTERVAL_MS = 25  # the 2-D map and the 3-D view: up to 40 frames a second (30 is the aim)
TEXT_INTERVAL_MS = 125  # the runs table, the inspector, the status bar: ~8 updates a second
CURVES_INTERVAL_MS = 200  # the loss curves (two plots re-ranging their axes: ~30 ms in software): 5 a second


class Throttled(QSignalThrottler):
    """Call ``fn`` at most once per ``interval_ms``: at once when it has been idle (so a single
    Step shows immediately), else once when the interval is up, with the newest state (so the last
    state is always shown). Calls in between are merged; their arguments (a signal's) are dropped.
    Each call of ``fn`` is announced by ``triggered``; :meth:`flush` runs a pending one now."""

    def __init__(self, fn: Callable[[], None], interval_ms: int, parent: QObject | None = None):
        super().__init__(QSignalThrottler.EmissionPolicy.Leading, parent)
        self.setTimeout(interval_ms)
        self._fn = fn
        self._pending = False
        self.triggered.connect(self._call)

    def __call__(self, *_args) -> None:
        self._pending = True
        self.throttle()

    @property
    def pending(self) -> bool:
        """A call is waiting for the interval to end."""
        return self._pending

    def _call(self) -> None:
        self._pending = False
        self._fn()
