"""The animation writers (scene/video.py): frames in, a file imageio decodes to the same frames out."""
from __future__ import annotations

import os

import imageio.v3 as iio
import numpy as np
import pytest

from gdexplorer.scene import video


def frames(n: int, height: int = 41, width: int = 64) -> list[np.ndarray]:
    """A dark gradient with a yellow box moving right and a blue line moving down: what changes
    between frames is a small part of each, as in a race on a fixed map."""
    base = np.zeros((height, width, 3), dtype=np.uint8)
    base[:, :, 0] = np.linspace(0, 200, width, dtype=np.uint8)[None, :]
    out = []
    for i in range(n):
        f = base.copy()
        f[5:12, 3 * i:3 * i + 6] = (255, 255, 0)
        f[20 + i, :] = (0, 0, 255)
        out.append(f)
    return out


def test_a_gif_holds_every_frame_exactly_when_it_has_few_colours(tmp_path):
    path = str(tmp_path / "race.gif")
    writer = video.open_writer(path, video.GIF, fps=20)
    for f in frames(8):
        writer.append(f)
    writer.close()
    decoded = iio.imread(path, index=None)
    assert decoded.shape == (8, 41, 64, 3)
    assert iio.improps(path, index=None).shape == (8, 41, 64, 3)
    np.testing.assert_array_equal(decoded, np.stack(frames(8)))  # < 256 colours a frame: no loss
    meta = iio.immeta(path, index=0)
    assert meta["loop"] == 0 and meta["duration"] == 50  # loops forever, 1/20 s a frame


def test_a_gif_frame_after_the_first_is_the_box_that_changed():
    before, after = frames(2)
    assert video.changed_box(before, after) == (5, 22, 0, 64)  # rows 5..21 (the box and both lines), every column
    assert video.changed_box(before, before) == (0, 1, 0, 1)  # nothing changed: one pixel


def test_an_mp4_decodes_to_the_frames_size_and_count(tmp_path):
    path = str(tmp_path / "race.mp4")
    writer = video.open_writer(path, video.MP4, fps=25)
    originals = frames(6, height=40, width=64)
    for f in originals:
        writer.append(f)
    writer.close()
    decoded = iio.imread(path, index=None)
    assert decoded.shape == (6, 40, 64, 3)
    assert iio.immeta(path)["fps"] == 25
    # lossy (H.264, colour at half resolution), but close
    assert np.abs(decoded.astype(int) - np.stack(originals)).mean() < 6


def test_odd_sizes_are_padded_for_h264():
    assert video.even_size(483, 506) == (482, 506)
    odd = np.arange(3 * 5 * 3, dtype=np.uint8).reshape(3, 5, 3)
    even = video.pad_to_even(odd)
    assert even.shape == (4, 6, 3)
    np.testing.assert_array_equal(even[:3, :5], odd)
    np.testing.assert_array_equal(even[3, :5], odd[2])  # the last row repeated


def test_a_frame_of_another_size_is_refused(tmp_path):
    writer = video.open_writer(str(tmp_path / "x.gif"), video.GIF, fps=10)
    writer.append(frames(1)[0])
    with pytest.raises(ValueError, match="frame of 10x10 in a 64x41 animation"):
        writer.append(np.zeros((10, 10, 3), dtype=np.uint8))
    writer.close()


def test_commit_moves_the_partial_file_into_place_with_a_normal_mode(tmp_path):
    path = str(tmp_path / "race.gif")
    temp = video.partial_path(path)
    assert os.path.dirname(temp) == str(tmp_path) and temp.endswith(".gif") and os.path.basename(temp).startswith(".")
    with open(temp, "wb") as fh:
        fh.write(b"GIF89a")
    video.commit(temp, path)
    assert os.listdir(tmp_path) == ["race.gif"]
    assert os.stat(path).st_mode & 0o777 == 0o666 & ~video._UMASK


def test_ffmpeg_is_found_as_imageio_ffmpeg_finds_it(monkeypatch):
    import imageio_ffmpeg

    monkeypatch.delenv("IMAGEIO_FFMPEG_EXE", raising=False)
    assert video.find_ffmpeg() == (imageio_ffmpeg.get_ffmpeg_exe(), "")  # the venv: the wheel's binary
    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", imageio_ffmpeg.get_ffmpeg_exe())
    assert video.find_ffmpeg()[0] == imageio_ffmpeg.get_ffmpeg_exe()


def test_an_ffmpeg_variable_naming_nothing_says_how_to_get_one(monkeypatch, tmp_path):
    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", str(tmp_path / "no-ffmpeg"))
    exe, why = video.find_ffmpeg()
    assert exe is None
    assert why.endswith("MP4 needs ffmpeg: sudo apt install ffmpeg") and "no-ffmpeg" in why


def test_without_imageio_ffmpeg_the_ffmpeg_on_path_writes_the_mp4(monkeypatch, tmp_path):
    """As in the frozen bundle, which leaves imageio-ffmpeg (and its 165 MiB binary) out: a system
    ffmpeg on PATH is found and writes the file; with none, MP4 says how to get one."""
    import sys

    import imageio_ffmpeg

    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "ffmpeg").symlink_to(imageio_ffmpeg.get_ffmpeg_exe())
    monkeypatch.delenv("IMAGEIO_FFMPEG_EXE", raising=False)
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)  # import imageio_ffmpeg: ImportError
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert video.find_ffmpeg() == (str(tmp_path / "bin" / "ffmpeg"), "")
    path = str(tmp_path / "system.mp4")
    writer = video.open_writer(path, video.MP4, fps=10)
    for f in frames(3, height=40, width=64):
        writer.append(f)
    writer.close()
    monkeypatch.delitem(sys.modules, "imageio_ffmpeg")
    assert iio.imread(path, index=None).shape == (3, 40, 64, 3)
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert video.find_ffmpeg() == (None, video.MP4_NEEDS_FFMPEG)
    with pytest.raises(RuntimeError, match="MP4 needs ffmpeg: sudo apt install ffmpeg"):
        video.open_writer(str(tmp_path / "none.mp4"), video.MP4, fps=10)


def test_an_ffmpeg_that_fails_is_reported(tmp_path):
    writer = video.Mp4Writer(str(tmp_path / "no-such-folder" / "x.mp4"), fps=10)
    writer.append(frames(1)[0])
    frame = frames(1)[0]
    with pytest.raises(RuntimeError, match="ffmpeg"):  # it cannot open its output: it stops reading
        for _ in range(200):
            writer.append(frame)
        writer.close()
