"""Long computations off the UI thread, with progress and Cancel: sweeps, basin maps, critical points.

A job is a plain function ``fn(progress) -> result`` that runs on a worker thread. It reports with
``progress(fraction, text)``, which also raises :class:`Cancelled` once the job has been cancelled,
so a job stops at its next report. Jobs are keyed by ``kind`` ("sweep", "basin", ...): submitting a
job cancels the pending one of the same kind (the newest request wins), and :meth:`JobRunner.cancel_all`
drops every job whose input went stale (a new function or range). Results come back through queued
signals, so their slots run on the UI thread; a cancelled or superseded job's result never arrives.
"""
from __future__ import annotations

import itertools
import threading
import traceback
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from gdexplorer.app.i18n import tr_message
from gdexplorer.core.messages import Message


class Cancelled(Exception):
    """Raised inside a job by its progress callback once the job is cancelled."""


Progress = Callable[[float, str], None]


def error_text(exc: BaseException) -> str:
    """What ``exc`` says, for the user: a core or scene message (core/messages.py) in the interface's
    language, any other exception as ``str(exc)``."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return tr_message(first) if isinstance(first, Message) else str(exc)


@dataclass
class _Ticket:
    job_id: int
    kind: str
    cancelled: threading.Event


class _Relay(QObject):
    progress = Signal(int, float, str)
    done = Signal(int, object)
    failed = Signal(int, str)


class _Runnable(QRunnable):
    def __init__(self, body: Callable[[], None]):
        super().__init__()
        self._body = body

    def run(self) -> None:
        self._body()


class JobRunner(QObject):
    """Runs jobs one at a time per runner (``threads`` workers), newest request of a kind first."""

    progress = Signal(str, float, str)  # kind, fraction in [0, 1], what is being done
    finished = Signal(str, object)  # kind, result
    failed = Signal(str, str)  # kind, message (an exception in the job: a bug or bad input)
    cancelled = Signal(str)  # kind
    busyChanged = Signal(bool)

    def __init__(self, threads: int = 1, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._relay = _Relay()
        self._relay.progress.connect(self._on_progress)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._ids = itertools.count(1)
        self._live: dict[int, _Ticket] = {}  # submitted, not yet delivered, not cancelled

    # -- the UI thread's side ---------------------------------------------------------------------
    def submit(self, kind: str, fn: Callable[[Progress], Any]) -> int:
        """Run ``fn(progress)`` on a worker; a pending job of the same kind is cancelled first."""
        self.cancel(kind)
        ticket = _Ticket(next(self._ids), kind, threading.Event())
        was_busy = self.busy
        self._live[ticket.job_id] = ticket
        relay = self._relay

        def report(fraction: float, text: str = "") -> None:
            if ticket.cancelled.is_set():
                raise Cancelled
            relay.progress.emit(ticket.job_id, float(fraction), text)

        def body() -> None:
            if ticket.cancelled.is_set():
                return
            try:
                result = fn(report)
            except Cancelled:
                return
            except Exception as exc:  # noqa: BLE001 - a job's failure is reported, never fatal
                relay.failed.emit(ticket.job_id, f"{error_text(exc)}\n{traceback.format_exc(limit=4)}".strip())
                return
            relay.done.emit(ticket.job_id, result)

        self._pool.start(_Runnable(body))
        if not was_busy:
            self.busyChanged.emit(True)
        return ticket.job_id

    def cancel(self, kind: str) -> None:
        """Cancel every job of ``kind``: it stops at its next progress report, and its result is dropped."""
        for ticket in [t for t in self._live.values() if t.kind == kind]:
            self._drop(ticket)
            self.cancelled.emit(kind)

    def cancel_all(self) -> None:
        for kind in {t.kind for t in self._live.values()}:
            self.cancel(kind)

    def running(self, kind: str) -> bool:
        return any(t.kind == kind for t in self._live.values())

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def wait_for_done(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    # -- results, on the UI thread ----------------------------------------------------------------
    def _drop(self, ticket: _Ticket) -> None:
        ticket.cancelled.set()
        self._live.pop(ticket.job_id, None)
        if not self._live:
            self.busyChanged.emit(False)

    def _on_progress(self, job_id: int, fraction: float, text: str) -> None:
        ticket = self._live.get(job_id)
        if ticket is not None:
            self.progress.emit(ticket.kind, fraction, text)

    def _on_done(self, job_id: int, result: object) -> None:
        ticket = self._live.get(job_id)
        if ticket is not None:
            self._drop(ticket)
            self.finished.emit(ticket.kind, result)

    def _on_failed(self, job_id: int, message: str) -> None:
        ticket = self._live.get(job_id)
        if ticket is not None:
            self._drop(ticket)
            self.failed.emit(ticket.kind, message)
