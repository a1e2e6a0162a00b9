"""Background work: kernel warm-up at start, then landscapes, latest request wins.

One worker thread runs everything in order, so the numba kernels are loaded (or compiled) once by the
warm-up before any landscape job touches them, and the UI thread never waits on a JIT. Results come
back through queued signals, so slots run on the UI thread.
"""
from __future__ import annotations

import itertools
import time
from typing import Callable

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QRunnable, QThreadPool, Signal

from gdexplorer.core.expression import ExpressionError
from gdexplorer.core.messages import message
from gdexplorer.core.objective import ExpressionObjective
from gdexplorer.scene.landscape import Landscape, LandscapeRequest, build_landscape


def warm_up_kernels(report=lambda fraction, text: None) -> float:
    """Load or compile every kernel the GUI calls; returns the seconds it took. ``report`` gets
    English texts, which the window shows through translate("ComputeService", text)."""
    from gdexplorer.core import derivatives
    from gdexplorer.core.descent import Descent
    from gdexplorer.core.optimizers import OPTIMIZERS

    t0 = time.perf_counter()
    bowl = ExpressionObjective.from_text("x^2 + y^2")
    parabola = ExpressionObjective.from_text("x^2")
    report(0.1, QT_TRANSLATE_NOOP("ComputeService", "loading the grid kernels"))
    bowl.grid(np.linspace(-1, 1, 3), np.linspace(-1, 1, 3))
    parabola.grid(np.linspace(-1, 1, 3))
    derivatives.points(bowl.expr, np.zeros(2), np.zeros(2))
    report(0.4, QT_TRANSLATE_NOOP("ComputeService", "loading the optimizer kernels"))
    for name in OPTIMIZERS:
        Descent(bowl.expr, [1.0, 1.0], name).step(1)
    Descent(parabola.expr, [1.0], "gd").step(1)
    report(0.8, QT_TRANSLATE_NOOP("ComputeService", "loading the Hessian kernel"))
    bowl.hessian([1.0, 1.0])
    bowl.value_and_gradient([1.0, 1.0])
    report(1.0, QT_TRANSLATE_NOOP("ComputeService", "ready"))
    return time.perf_counter() - t0


class _Signals(QObject):
    progress = Signal(float, str)
    warmed = Signal(float)
    landscape = Signal(int, object)  # request id, Landscape
    failed = Signal(int, object)  # request id, ExpressionError


class _Job(QRunnable):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def run(self) -> None:
        self.fn()


class ComputeService(QObject):
    """Owns the worker thread. ``request_landscape`` returns an id; stale results are dropped."""

    progress = Signal(float, str)
    warmed = Signal(float)
    landscapeReady = Signal(object)
    expressionFailed = Signal(object)  # ExpressionError

    def __init__(self, parent=None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals()
        self._signals.progress.connect(self.progress)
        self._signals.warmed.connect(self._on_warmed)
        self._signals.landscape.connect(self._on_landscape)
        self._signals.failed.connect(self._on_failed)
        self._ids = itertools.count(1)
        self._latest = 0
        self.started = False  # the warm-up is queued: landscapes may follow it
        self.is_warm = False
        self.pending = 0  # landscape jobs not yet delivered

    def warm_up(self) -> None:
        """Queue the kernels' warm-up (once): every landscape requested after it waits for it."""
        if self.started:
            return
        self.started = True
        signals = self._signals

        def job():
            seconds = warm_up_kernels(lambda f, text: signals.progress.emit(f, text))
            signals.warmed.emit(seconds)

        self._pool.start(_Job(job))

    def request_landscape(self, request: LandscapeRequest, build: Callable[[], Landscape] | None = None) -> int:
        """Compute the landscape of ``request``: the typed function's, or what ``build()`` returns
        (the Data mode's loss over (w, b), see app/data_mode.py), on the worker."""
        request_id = next(self._ids)
        self._latest = request_id
        self.pending += 1
        signals = self._signals

        def job():
            if request_id != self._latest:  # a newer request is queued: skip the work
                signals.landscape.emit(request_id, None)
                return
            try:
                if build is not None:
                    result = build()
                else:
                    objective = ExpressionObjective.from_text(request.text)
                    result = build_landscape(objective, request)
            except ExpressionError as exc:
                signals.failed.emit(request_id, exc)
                return
            except Exception as exc:  # a numerical surprise must not kill the worker silently
                # a core message (context "core"), shown in the interface's language by tr_message
                signals.failed.emit(request_id, ExpressionError(message(
                    QT_TRANSLATE_NOOP("core", "could not evaluate the function: {error}"), error=str(exc))))
                return
            signals.landscape.emit(request_id, result)

        self._pool.start(_Job(job))
        return request_id

    @property
    def busy(self) -> bool:
        return self.pending > 0

    def wait_for_done(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    def _on_warmed(self, seconds: float) -> None:
        self.is_warm = True
        self.warmed.emit(seconds)

    def _on_landscape(self, request_id: int, landscape: Landscape | None) -> None:
        self.pending -= 1
        if landscape is not None and request_id == self._latest:
            self.landscapeReady.emit(landscape)

    def _on_failed(self, request_id: int, error: ExpressionError) -> None:
        self.pending -= 1
        if request_id == self._latest:
            self.expressionFailed.emit(error)
