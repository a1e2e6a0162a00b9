"""Animations written frame by frame, so memory stays bounded however long the race: GIF by our
own encoder (scene/gif.py: numpy and Numba), MP4 by ffmpeg, fed one raw frame at a time on a pipe.

A frame is an (height, width, 3) uint8 RGB array. A writer writes to a file beside the one asked
for (:func:`partial_path`), and :func:`commit` renames it into place once the last frame is in:
a cancelled or failed recording leaves no half-written file under the name the user chose.

MP4 needs an ffmpeg executable. In the venv imageio-ffmpeg's wheel brings one; the frozen bundle
does not ship it (165 MiB), so there :func:`find_ffmpeg` looks for the system's. No imaging
library is needed at run time (Pillow's would not fit the bundle): imageio and Pillow only decode
the files in the tests.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from typing import Protocol

import numpy as np

from gdexplorer.core.messages import message
from gdexplorer.scene import gif

GIF, MP4 = "gif", "mp4"
SUFFIX = {GIF: ".gif", MP4: ".mp4"}
#: (errors are core/messages.py messages: English text the window shows in the user's language)
MP4_NEEDS_FFMPEG = message("MP4 needs ffmpeg: sudo apt install ffmpeg")
GIF_MAX_FPS = 50  # a GIF's delay is whole centiseconds, and viewers slow delays under 2 cs to 10 cs
MP4_CRF = 10  # H.264's constant rate factor (0 lossless .. 51): 10 keeps 1-px lines and small text sharp
FFMPEG_TIMEOUT_S = 120  # for ffmpeg to finish the file once the last frame is in

_UMASK = os.umask(0o022)  # read once (os.umask can only be read by setting it): the mode a new file gets
os.umask(_UMASK)


class FrameWriter(Protocol):
    def append(self, frame: np.ndarray) -> None: ...
    def close(self) -> None: ...


# -- ffmpeg -------------------------------------------------------------------------------------------
def _runs(exe: str) -> bool:
    try:
        subprocess.run([exe, "-version"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return False
    return True


def find_ffmpeg() -> tuple[str | None, str]:
    """(the ffmpeg executable MP4 export will use, "") or (None, why there is none).

    As imageio-ffmpeg's ``get_ffmpeg_exe`` finds it (the IMAGEIO_FFMPEG_EXE variable, the binary in
    its wheel, then ``ffmpeg`` on PATH), but a variable naming nothing runnable is reported (imageio
    would only fail when writing), and where imageio-ffmpeg is missing or has no binary of its own
    (the frozen bundle) PATH is searched here.
    """
    named = os.environ.get("IMAGEIO_FFMPEG_EXE")
    if named:
        if _runs(named):
            return named, ""
        return None, message("IMAGEIO_FFMPEG_EXE={exe} does not run. MP4 needs ffmpeg: sudo apt install ffmpeg",
                             exe=named)
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe(), ""
    except (ImportError, RuntimeError, OSError):
        pass  # not there (the frozen bundle leaves it out), or no binary in it and none on PATH
    found = shutil.which("ffmpeg")
    if found and _runs(found):
        return found, ""
    return None, MP4_NEEDS_FFMPEG


# -- files --------------------------------------------------------------------------------------------
def partial_path(path: str) -> str:
    """A new empty file beside ``path`` with the same suffix (ffmpeg picks its container by the
    suffix), hidden, to write into before :func:`commit`."""
    folder, name = os.path.split(os.path.abspath(path))
    stem, suffix = os.path.splitext(name)
    handle, temp = tempfile.mkstemp(suffix=".part" + suffix, prefix=f".{stem}.", dir=folder)
    os.close(handle)
    return temp


def commit(temp: str, path: str) -> None:
    """Move the finished ``temp`` to ``path`` (replacing it), with the mode a new file gets."""
    os.chmod(temp, 0o666 & ~_UMASK)  # mkstemp made it private
    os.replace(temp, path)


def discard(temp: str) -> None:
    try:
        os.remove(temp)
    except FileNotFoundError:
        pass


def even_size(width: int, height: int) -> tuple[int, int]:
    """The largest even size within width x height: H.264 in yuv420p needs even sides."""
    return max(2, width - width % 2), max(2, height - height % 2)


def pad_to_even(frame: np.ndarray) -> np.ndarray:
    """``frame`` with its last row and column repeated where a side is odd."""
    h, w = frame.shape[:2]
    if h % 2 == 0 and w % 2 == 0:
        return frame
    return np.pad(frame, ((0, h % 2), (0, w % 2), (0, 0)), mode="edge")


def _checked(frame: np.ndarray, size: tuple[int, int] | None) -> np.ndarray:
    frame = np.ascontiguousarray(frame, dtype=np.uint8)
    if frame.ndim != 3 or frame.shape[2] != 3:
        raise ValueError(message("a frame is (height, width, 3) RGB, not {shape}", shape=frame.shape))
    if size is not None and frame.shape[:2] != size:
        raise ValueError(message("frame of {width}x{height} in a {animation_width}x{animation_height} animation",
                                 width=frame.shape[1], height=frame.shape[0], animation_width=size[1],
                                 animation_height=size[0]))
    return frame


# -- writers ------------------------------------------------------------------------------------------
class GifWriter:
    """A looping GIF written one frame at a time. Each frame after the first is only the box
    around what changed since the one before (at its offset, over it: the runs move, the map
    stays), with its own palette (scene/gif.py). It holds one frame (the last, to compare)."""

    def __init__(self, path: str, fps: float):
        self._file = open(path, "wb")  # noqa: SIM115 - closed in close()
        self.delay_cs = max(2, round(100 / min(float(fps), GIF_MAX_FPS)))  # whole centiseconds
        self.size: tuple[int, int] | None = None
        self.frames = 0
        self._last: np.ndarray | None = None

    def append(self, frame: np.ndarray) -> None:
        frame = _checked(frame, self.size)
        if self._last is None:
            self.size = frame.shape[:2]
            self._file.write(gif.header(frame.shape[1], frame.shape[0]))
            top, bottom, left, right = 0, frame.shape[0], 0, frame.shape[1]
        else:
            top, bottom, left, right = changed_box(self._last, frame)
        self._file.write(gif.frame(frame[top:bottom, left:right], left, top, self.delay_cs))
        self._last = frame
        self.frames += 1

    def close(self) -> None:
        if not self._file.closed:
            if self.size is not None:
                self._file.write(gif.TRAILER)
            self._file.close()


def changed_box(before: np.ndarray, after: np.ndarray) -> tuple[int, int, int, int]:
    """(top, bottom, left, right), bottom and right exclusive, of the pixels that differ; one
    pixel at the top left when none does (a GIF frame cannot be empty)."""
    differs = np.any(before != after, axis=2)
    rows, columns = np.flatnonzero(differs.any(axis=1)), np.flatnonzero(differs.any(axis=0))
    if rows.size == 0:
        return 0, 1, 0, 1
    return int(rows[0]), int(rows[-1]) + 1, int(columns[0]), int(columns[-1]) + 1


class Mp4Writer:
    """H.264 in MP4 by ffmpeg, started at the first frame (its size is ffmpeg's input size), fed
    raw RGB frames on its standard input."""

    def __init__(self, path: str, fps: float, ffmpeg: str | None = None):
        self.path, self.fps = path, float(fps)
        self.ffmpeg = ffmpeg or find_ffmpeg()[0]
        if self.ffmpeg is None:
            raise RuntimeError(MP4_NEEDS_FFMPEG)
        self.size: tuple[int, int] | None = None  # (height, width) of the frames given
        self.frames = 0
        self._process: subprocess.Popen | None = None

    def _start(self, height: int, width: int) -> None:
        command = [self.ffmpeg, "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24",
                   "-s", f"{width}x{height}", "-r", f"{self.fps:g}", "-i", "-", "-an",
                   "-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", str(MP4_CRF), "-movflags", "+faststart",
                   self.path]
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.PIPE)

    def append(self, frame: np.ndarray) -> None:
        frame = _checked(frame, self.size)
        self.size = frame.shape[:2]
        frame = pad_to_even(frame)
        if self._process is None:
            self._start(*frame.shape[:2])
        try:
            self._process.stdin.write(frame.tobytes())
        except (BrokenPipeError, OSError):
            raise RuntimeError(message("ffmpeg stopped: {error}", error=self._finish())) from None
        self.frames += 1

    def _finish(self) -> str:
        """Close ffmpeg's input, wait for it; its error message, or "" when it succeeded."""
        process, self._process = self._process, None
        if process is None:
            return ""
        try:
            _, err = process.communicate(timeout=FFMPEG_TIMEOUT_S)  # closes its input: the end of the video
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            return message("it did not finish")
        if process.returncode != 0:
            return err.decode(errors="replace").strip().splitlines()[-1] if err.strip() else message(
                "exit {code}", code=process.returncode)
        return ""

    def close(self) -> None:
        error = self._finish()
        if error:
            raise RuntimeError(message("ffmpeg failed: {error}", error=error))


def open_writer(path: str, kind: str, fps: float) -> FrameWriter:
    if kind == GIF:
        return GifWriter(path, fps)
    if kind == MP4:
        return Mp4Writer(path, fps)
    raise ValueError(message("unknown animation format {kind} (gif or mp4)", kind=repr(kind)))
