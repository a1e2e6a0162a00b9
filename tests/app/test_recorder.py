"""Recording the race (app/recorder.py), headless: frames from a grab function that paints the
state of the runs (the selected run's step count as the red level of a plain frame), so a decoded
frame says which state was grabbed for it."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time

import imageio.v3 as iio
import numpy as np
import pytest

from gdexplorer.app.recorder import QUEUE_FRAMES, Recorder, Recording
from gdexplorer.scene import video

HEIGHT, WIDTH = 24, 32


@pytest.fixture
def recorder(explorer):
    rec = Recorder(explorer.session, explorer.player)
    yield rec
    rec.cancel()
    rec.jobs.wait_for_done(10_000)


def state_frame(session) -> np.ndarray:
    frame = np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8)
    frame[:, :, 0] = session.runs[0].steps_taken
    frame[:, :, 2] = 128
    return frame


def record(qtbot, recorder, recording, grab, timeout=30_000):
    with qtbot.waitSignal(recorder.finished, timeout=timeout) as done:
        assert recorder.start(recording, grab) is None
    return done.args[0]


@pytest.mark.parametrize("kind, tolerance", [(video.GIF, 0), (video.MP4, 3)])
def test_frame_i_is_the_state_k_i_steps_after_the_start(qtbot, explorer, recorder, tmp_path, kind, tolerance):
    session = explorer.session
    session.step(7)  # from_start: Reset first
    path = str(tmp_path / f"race.{kind}")
    n, k = 9, 3
    recording = Recording(path, kind, frames=n, steps_per_frame=k, fps=10)
    written = record(qtbot, recorder, recording, lambda: state_frame(session))
    assert written == path and os.listdir(tmp_path) == [f"race.{kind}"]
    decoded = iio.imread(path, index=None)
    assert decoded.shape == (n, HEIGHT, WIDTH, 3)
    reds = decoded[:, :, :, 0].astype(int)
    expected = np.arange(n) * k  # 0, 3, ..., 24: frame 0 the start, then K steps a frame
    assert np.abs(reds - expected[:, None, None]).max() <= tolerance
    assert session.runs[0].steps_taken == (n - 1) * k


def test_from_where_the_runs_are_now(qtbot, explorer, recorder, tmp_path):
    session = explorer.session
    session.step(5)
    path = str(tmp_path / "now.gif")
    recording = Recording(path, frames=4, steps_per_frame=2, from_start=False)
    record(qtbot, recorder, recording, lambda: state_frame(session))
    assert iio.imread(path, index=None)[:, 0, 0, 0].tolist() == [5, 7, 9, 11]


def test_a_recording_steps_past_the_players_step_limit_and_pauses_it(qtbot, explorer, recorder, tmp_path):
    explorer.player.set_step_limit(4)
    explorer.player.play()
    path = str(tmp_path / "long.gif")
    record(qtbot, recorder, Recording(path, frames=5, steps_per_frame=3), lambda: state_frame(explorer.session))
    assert not explorer.player.playing
    assert explorer.session.runs[0].steps_taken == 12  # 4 x 3 steps, past the limit of 4: 5 frames were asked for


def test_cancel_stops_mid_way_and_leaves_no_file(qtbot, explorer, recorder, tmp_path):
    session = explorer.session
    path = str(tmp_path / "cancelled.mp4")
    grabbed = []

    def grab():
        grabbed.append(session.runs[0].steps_taken)
        if len(grabbed) == 5:
            recorder.cancel()  # Cancel pressed while the fifth frame is on its way
        return state_frame(session)

    finished = []
    recorder.finished.connect(finished.append)
    with qtbot.waitSignal(recorder.cancelled, timeout=30_000):
        assert recorder.start(Recording(path, video.MP4, frames=500, steps_per_frame=1), grab) is None
    assert not recorder.running
    assert recorder.jobs.wait_for_done(10_000)
    qtbot.wait(100)  # nothing more arrives
    assert len(grabbed) == 5 and session.runs[0].steps_taken == 4
    assert finished == []
    assert os.listdir(tmp_path) == []  # neither the file nor the partial one beside it


def test_frames_wait_in_a_bounded_queue_while_the_encoder_is_behind(qtbot, explorer, recorder, tmp_path, monkeypatch):
    """Memory stays bounded: the UI side grabs no further while QUEUE_FRAMES frames wait."""
    real_open = video.open_writer
    queued = []

    class SlowWriter:
        def __init__(self, *args):
            self.inner = real_open(*args)

        def append(self, frame):
            time.sleep(0.03)
            self.inner.append(frame)

        def close(self):
            self.inner.close()

    monkeypatch.setattr(video, "open_writer", SlowWriter)

    def grab():
        queued.append(recorder._frames.qsize())
        return state_frame(explorer.session)

    path = str(tmp_path / "slow.gif")
    record(qtbot, recorder, Recording(path, frames=20, steps_per_frame=1), grab)
    assert max(queued) <= QUEUE_FRAMES and max(queued) >= QUEUE_FRAMES - 1  # it did fill up, and no further
    assert iio.imread(path, index=None).shape[0] == 20


def test_a_grab_that_fails_stops_the_recording_with_a_message_and_no_file(qtbot, explorer, recorder, tmp_path):
    calls = []

    def grab():
        calls.append(1)
        if len(calls) == 3:
            raise ValueError("the view is not shown")
        return state_frame(explorer.session)

    with qtbot.waitSignal(recorder.failed, timeout=30_000) as failed:
        recorder.start(Recording(str(tmp_path / "x.gif"), frames=10), grab)
    assert failed.args == ["could not grab the view: the view is not shown"]
    assert recorder.jobs.wait_for_done(10_000)
    assert os.listdir(tmp_path) == []


def test_an_encoder_that_fails_stops_the_grabbing(qtbot, explorer, recorder, tmp_path):
    grabbed = []

    def grab():
        grabbed.append(1)
        return np.zeros((HEIGHT + len(grabbed) // 3, WIDTH, 3), dtype=np.uint8)  # the third frame is taller

    with qtbot.waitSignal(recorder.failed, timeout=30_000) as failed:
        recorder.start(Recording(str(tmp_path / "x.gif"), frames=200), grab)
    assert failed.args[0].startswith("frame of 32x25 in a 32x24 animation")
    assert recorder.jobs.wait_for_done(10_000)
    qtbot.wait(50)
    assert len(grabbed) < 200 and not recorder.running
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("change, message", [
    (dict(frames=1), "frames must be 2 to 10000"),
    (dict(steps_per_frame=0), "steps per frame must be 1 to 100000"),
    (dict(fps=55.0), "frames per second must be 1 to 50"),
    (dict(kind="avi"), "unknown format 'avi': gif or mp4"),
    (dict(path="/no/such/folder/x.gif"), "no folder /no/such/folder"),
])
def test_a_recording_it_cannot_make_is_refused_saying_why(explorer, recorder, tmp_path, change, message):
    settings = dict(path=str(tmp_path / "x.gif"), kind=video.GIF, frames=10, steps_per_frame=1, fps=20.0)
    settings.update(change)
    before = explorer.session.runs[0].steps_taken
    assert recorder.start(Recording(**settings), lambda: state_frame(explorer.session)) == message
    assert not recorder.running and explorer.session.runs[0].steps_taken == before


def test_mp4_without_ffmpeg_is_refused_with_how_to_get_it(explorer, recorder, tmp_path, monkeypatch):
    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", str(tmp_path / "missing-ffmpeg"))
    why = recorder.start(Recording(str(tmp_path / "x.mp4"), video.MP4), lambda: state_frame(explorer.session))
    assert why.endswith("MP4 needs ffmpeg: sudo apt install ffmpeg")
    assert not recorder.running


def test_a_new_function_while_recording_stops_it(qtbot, explorer, recorder, tmp_path):
    session = explorer.session
    gate = threading.Event()

    def grab():
        if session.runs[0].steps_taken == 2:
            gate.set()
        return state_frame(session)

    recorder.start(Recording(str(tmp_path / "x.gif"), frames=10_000), grab)
    qtbot.waitUntil(gate.is_set, timeout=10_000)
    with qtbot.waitSignal(recorder.failed, timeout=60_000) as failed:
        session.set_function("x^2 + y^2", (-2, 2), (-2, 2))
        explorer.wait_until_ready()
    assert failed.args == ["the function changed while recording"]
    assert recorder.jobs.wait_for_done(10_000)
    assert os.listdir(tmp_path) == []


HEADLESS = textwrap.dedent("""
    import sys
    import numpy as np
    from PySide6.QtCore import QCoreApplication, QEventLoop
    app = QCoreApplication([])
    from gdexplorer.app.explorer import Explorer
    from gdexplorer.app.recorder import Recorder, Recording

    explorer = Explorer()
    explorer.start()
    assert explorer.wait_until_ready(120_000), explorer.session.error
    recorder = Recorder(explorer.session, explorer.player)
    loop = QEventLoop()
    recorder.finished.connect(lambda path: loop.quit())
    recorder.failed.connect(lambda why: (print(why), loop.quit()))
    grab = lambda: np.full((8, 8, 3), explorer.session.runs[0].steps_taken, dtype=np.uint8)
    assert recorder.start(Recording(sys.argv[1], frames=3, steps_per_frame=2), grab) is None
    loop.exec()
    explorer.shutdown()
    loaded = [m for m in ("PySide6.QtWidgets", "PySide6.QtGui", "pyqtgraph", "OpenGL", "superqt") if m in sys.modules]
    assert not loaded, loaded
    print("recorded", explorer.session.runs[0].steps_taken)
""")


def test_the_recorder_runs_without_widgets(tmp_path):
    """The app layer's recorder on a QCoreApplication with no display: no QtWidgets, QtGui,
    pyqtgraph or OpenGL loaded (the window hands it a grab function)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    path = tmp_path / "headless.gif"
    result = subprocess.run([sys.executable, "-c", HEADLESS, str(path)], capture_output=True, text=True, timeout=240,
                            env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "recorded 4"
    assert iio.imread(path, index=None)[:, 0, 0, 0].tolist() == [0, 2, 4]
