"""Recording the race as an animation: step every run K steps a frame, grab a view, encode.

Grabbing a view draws widgets, which only the UI thread may do; encoding is slow (a 1080p GIF
frame ≈ 50 ms). So a timer on the UI thread takes one frame a tick (step, grab, hand over) and a
worker (a :class:`~gdexplorer.app.jobs.JobRunner` job) encodes the frames as they come, through a
small queue: at most :data:`QUEUE_FRAMES` frames wait, so memory stays bounded however many
frames are asked for (when the queue is full the timer waits for the worker). The frames go to a
hidden file beside the one asked for, renamed into place after the last (scene/video.py): a
cancelled or failed recording leaves no file.

The grab function is the window's (``() -> (height, width, 3) uint8 array``); this module knows no
widget. Frame 0 is the state the recording starts from (the runs' starts, or where they are now),
frame i the state K·i steps later. The recording steps past the player's step limit (it asked
for N frames) and pauses the player meanwhile.
"""
from __future__ import annotations

import os
import queue
import threading
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from gdexplorer.app.i18n import translate
from gdexplorer.app.jobs import Cancelled, JobRunner, Progress, error_text
from gdexplorer.app.player import Player
from gdexplorer.app.session import Session
from gdexplorer.scene import video

KIND = "recording"
QUEUE_FRAMES = 4  # frames grabbed and not yet encoded, at most
WAIT_MS = 15  # the timer's pause while the queue is full
POLL_S = 0.05  # the worker looks for Cancel this often while it waits for a frame
MAX_FRAMES = 10_000
MAX_STEPS_PER_FRAME = 100_000

Grab = Callable[[], np.ndarray]


@dataclass(frozen=True)
class Recording:
    """What to record: ``frames`` frames, ``steps_per_frame`` steps apart, played at ``fps``."""

    path: str
    kind: str = video.GIF  # video.GIF or video.MP4
    frames: int = 100
    steps_per_frame: int = 1
    fps: float = 20.0
    from_start: bool = True  # False: from where the runs are now

    def problem(self) -> str | None:
        """Why this cannot be recorded (in the interface's language), or None."""
        if self.kind not in video.SUFFIX:
            return translate("Recorder", "unknown format {kind}: gif or mp4").format(kind=repr(self.kind))
        if not 2 <= self.frames <= MAX_FRAMES:
            return translate("Recorder", "frames must be 2 to {most}").format(most=MAX_FRAMES)
        if not 1 <= self.steps_per_frame <= MAX_STEPS_PER_FRAME:
            return translate("Recorder", "steps per frame must be 1 to {most}").format(most=MAX_STEPS_PER_FRAME)
        if not 1 <= self.fps <= (video.GIF_MAX_FPS if self.kind == video.GIF else 60):
            return translate("Recorder", "frames per second must be 1 to {most}").format(
                most=video.GIF_MAX_FPS if self.kind == video.GIF else 60)
        folder = os.path.dirname(os.path.abspath(self.path))
        if not os.path.isdir(folder):
            return translate("Recorder", "no folder {folder}").format(folder=folder)
        if not os.access(folder, os.W_OK):
            return translate("Recorder", "cannot write in {folder}").format(folder=folder)
        return None


_END = object()  # after the last frame


class Recorder(QObject):
    """Records :class:`Recording` s of ``session`` one at a time. Signals come on the UI thread."""

    progress = Signal(float, str)  # fraction of the frames encoded, what is being done
    finished = Signal(str)  # the path written
    failed = Signal(str)  # why (the recording stopped; no file)
    cancelled = Signal()
    runningChanged = Signal(bool)

    def __init__(self, session: Session, player: Player, parent: QObject | None = None):
        super().__init__(parent)
        self.session, self.player = session, player
        self.jobs = JobRunner(parent=self)  # its own worker: a sweep may run beside a recording
        self.jobs.progress.connect(lambda _kind, fraction, text: self.progress.emit(fraction, text))
        self.jobs.finished.connect(self._on_finished)
        self.jobs.failed.connect(self._on_failed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._take_frame)
        self.recording: Recording | None = None
        self._grab: Grab | None = None
        self._frames: queue.Queue | None = None
        self._taken = 0
        self._lock = threading.Lock()  # between Cancel and the worker's rename into place
        self._stop = threading.Event()
        self._committed = False
        #: seconds spent grabbing (UI thread) and the worst single frame, for the report and benchmarks
        self.grab_seconds = 0.0
        self.worst_frame_seconds = 0.0
        session.landscapeChanged.connect(self._on_landscape_changed)
        player.playingChanged.connect(self._on_playing)

    @property
    def running(self) -> bool:
        return self.recording is not None

    # -- the UI thread's side -------------------------------------------------------------------
    def start(self, recording: Recording, grab: Grab) -> str | None:
        """Begin ``recording`` with frames from ``grab``; returns why not (nothing started) or None:
        a text in the interface's language, or ffmpeg's absence as the scene's message (shown with
        ``tr_message``)."""
        problem = translate("Recorder", "a recording is already running") if self.running else recording.problem()
        if problem is None and self.session.objective is None:
            problem = translate("Recorder", "there is no function to descend")
        if problem is None and recording.kind == video.MP4:
            exe, why = video.find_ffmpeg()
            problem = why if exe is None else None
        if problem is not None:
            return problem
        self.player.pause()
        if recording.from_start:
            self.session.reset_runs()
        self.recording, self._grab = recording, grab
        self._frames = queue.Queue()  # bounded by _take_frame, which waits while QUEUE_FRAMES are queued
        self._taken = 0
        self._stop = threading.Event()
        self._committed = False
        self.grab_seconds = self.worst_frame_seconds = 0.0
        self.jobs.submit(KIND, self._encoder(recording, self._frames, self._stop))
        self.runningChanged.emit(True)
        self._timer.start(0)
        return None

    def cancel(self) -> None:
        """Stop now: the worker drops the file it was writing. A recording already renamed into
        place (its last frame in) is left to finish."""
        if not self.running:
            return
        with self._lock:
            if self._committed:
                return
            self._stop.set()
        self.jobs.cancel(KIND)
        self._end()
        self.cancelled.emit()

    def _take_frame(self) -> None:
        recording, frames = self.recording, self._frames
        if recording is None or self._stop.is_set():
            return
        if frames.qsize() >= QUEUE_FRAMES:  # the worker is behind: let it catch up
            self._timer.start(WAIT_MS)
            return
        began = time.perf_counter()
        if self._taken > 0:
            self.session.step(recording.steps_per_frame)  # past the player's step limit: N frames were asked for
        try:
            frame = self._grab()
        except Exception as exc:  # noqa: BLE001 - a view that cannot be drawn stops the recording, not the app
            self._fail(translate("Recorder", "could not grab the view: {error}").format(error=error_text(exc)))
            return
        if self.recording is not recording:
            return  # cancelled (or failed) while grabbing
        frames.put_nowait(frame)
        spent = time.perf_counter() - began
        self.grab_seconds += spent
        self.worst_frame_seconds = max(self.worst_frame_seconds, spent)
        self._taken += 1
        if self._taken == recording.frames:
            frames.put_nowait(_END)
        else:
            self._timer.start(0)

    def _end(self) -> None:
        self._timer.stop()
        self.recording, self._grab, self._frames = None, None, None
        self.runningChanged.emit(False)

    def _fail(self, message: str) -> None:
        with self._lock:
            self._stop.set()
        self.jobs.cancel(KIND)
        self._end()
        self.failed.emit(message)

    def _on_finished(self, _kind: str, path: str) -> None:
        self._end()
        self.finished.emit(path)

    def _on_failed(self, _kind: str, message: str) -> None:
        self._timer.stop()
        self.recording, self._grab, self._frames = None, None, None
        self.runningChanged.emit(False)
        self.failed.emit(message.splitlines()[0] if message else translate("Recorder", "the encoder failed"))

    def _on_landscape_changed(self) -> None:
        if self.running:
            self._fail(translate("Recorder", "the function changed while recording"))

    def _on_playing(self, playing: bool) -> None:
        if playing and self.running:
            self.player.pause()  # the recording steps the runs itself

    # -- the worker's side ----------------------------------------------------------------------
    def _encoder(self, recording: Recording, frames: queue.Queue, stop: threading.Event):
        lock = self._lock
        count = recording.frames

        def encode(progress: Progress) -> str:
            temp = video.partial_path(recording.path)
            writer = None
            try:
                writer = video.open_writer(temp, recording.kind, recording.fps)
                done = 0
                frame_of = translate("Recorder", "frame {done} of {count}")  # (translate is thread-safe)
                progress(0.0, frame_of.format(done=0, count=count))
                while True:
                    try:
                        frame = frames.get(timeout=POLL_S)
                    except queue.Empty:
                        # (raises Cancelled once cancelled)
                        progress(done / count, frame_of.format(done=done, count=count))
                        continue
                    if frame is _END:
                        break
                    writer.append(frame)
                    done += 1
                    progress(done / count, frame_of.format(done=done, count=count))
                writer.close()
                with lock:  # Cancel either comes before this (no file) or finds the file in place
                    if stop.is_set():
                        raise Cancelled
                    video.commit(temp, recording.path)
                    self._committed = True
                return recording.path
            except BaseException:
                if writer is not None:
                    try:
                        writer.close()
                    except Exception:  # noqa: BLE001 - the file goes anyway; the first error is the one to report
                        pass
                video.discard(temp)
                raise

        return encode
