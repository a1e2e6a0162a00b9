"""Issue 13, export: a view as a PNG of a chosen size (really that many pixels) and the race as a
GIF or an MP4, driven through the File menu's dialogs on the real window (Xvfb, real OpenGL)."""
from __future__ import annotations

import os

import imageio.v3 as iio
import numpy as np
import pytest
from PySide6.QtCore import Qt

from gdexplorer.scene import video
from gdexplorer.ui import view_image
from gdexplorer.ui.export_dialogs import (
    RECORD_GL_SAMPLES, SIZE_PRESETS, AnimationExportDialog, show_animation_dialog, show_png_dialog,
)

from ui_input import replace_text


def activate(qtbot, dialog) -> None:
    """Make ``dialog`` the active window, as a click on it would (typed text then goes to its fields)."""
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def type_number(qtbot, box, text: str) -> None:
    """Type into a spin box and Tab out (Return would press the dialog's default button, which
    opens a file dialog)."""
    replace_text(qtbot, box, text)
    qtbot.keyClick(box, Qt.Key_Tab)

PRESET_1080P = [label for label, _ in SIZE_PRESETS].index("1920 × 1080 (1080p)")
PRESET_CUSTOM = len(SIZE_PRESETS) - 1


def pixels_of(image: np.ndarray, colour: str, tolerance: int = 24) -> int:
    """How many pixels of ``image`` are within ``tolerance`` of ``colour`` ("#rrggbb") in each channel."""
    rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int(np.all(np.abs(image[..., :3].astype(int) - rgb) <= tolerance, axis=2).sum())


def blocks(image: np.ndarray, n: int = 4) -> np.ndarray:
    """``image`` averaged over n x n blocks."""
    h, w = image.shape[0] // n * n, image.shape[1] // n * n
    return image[:h, :w, :3].astype(float).reshape(h // n, n, w // n, n, 3).mean(axis=(1, 3))


def open_png_dialog(qtbot, window, key: str):
    dialog = show_png_dialog(window)  # File > Export view as PNG at a size… (Ctrl+Shift+E)
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    dialog.select_view(key)
    qtbot.waitUntil(lambda: view_image.view_widget(window, key).isVisible())
    return dialog


@pytest.mark.parametrize("key", ["map", "surface", "curves"])
def test_png_at_1920x1080_is_exactly_that_many_pixels_of_the_view(qtbot, window, tmp_path, key):
    window.player.step(40)
    dialog = open_png_dialog(qtbot, window, key)
    dialog.size_chooser.preset.setCurrentIndex(PRESET_1080P)
    shown_before = view_image.shown_size(window, key)
    path = str(tmp_path / f"{key}.png")
    assert dialog.export_to(path), dialog.message.text()
    image = iio.imread(path)
    assert image.shape[:2] == (1080, 1920)
    assert dialog.message.text() == f"Saved {path} (1920 × 1080)"
    # the run is drawn, in its colour, by a line (or a marker) about 2.5 times as wide as on screen
    assert pixels_of(image, window.session.runs[0].settings.colour) > 400
    assert view_image.shown_size(window, key) == shown_before  # the view on screen keeps its size


def test_png_at_a_typed_size(qtbot, window, tmp_path):
    dialog = open_png_dialog(qtbot, window, "map")
    dialog.size_chooser.preset.setCurrentIndex(PRESET_CUSTOM)
    type_number(qtbot, dialog.size_chooser.width_box, "1000")
    type_number(qtbot, dialog.size_chooser.height_box, "700")
    path = str(tmp_path / "custom.png")
    assert dialog.export_to(path)
    assert iio.imread(path).shape[:2] == (700, 1000)


def test_a_png_as_shown_is_the_view_as_shown(qtbot, window, tmp_path):
    """At the size the map has on screen the picture is what the screen shows (the same plot, the
    same colour bar): an independent reference for what the larger pictures scale up."""
    window.player.step(25)
    dialog = open_png_dialog(qtbot, window, "map")
    dialog.size_chooser.preset.setCurrentIndex(0)
    window.render_now()
    page = view_image.view_widget(window, "map")
    shown = view_image.to_rgb_array(window.grab_image(page))
    path = str(tmp_path / "shown.png")
    assert dialog.export_to(path)
    exported = iio.imread(path)[..., :3]
    assert exported.shape == shown.shape
    # the export smooths (antialiases) the arrows and contours, the screen does not: compared over
    # 4x4 blocks, that washes out; a part missing or moved does not (the colour bar's title is 1 %)
    difference = np.abs(blocks(exported) - blocks(shown)).max(axis=2)
    assert difference.mean() < 2 and np.percentile(difference, 99.5) < 40


def test_the_3d_picture_leaves_the_3d_view_as_it_was(qtbot, window, tmp_path):
    surface = window.surface_view
    window.render_now()
    before = view_image.to_rgb_array(surface.grab_surface())
    dialog = open_png_dialog(qtbot, window, "surface")
    dialog.size_chooser.preset.setCurrentIndex(PRESET_1080P)
    assert dialog.export_to(str(tmp_path / "3d.png"))
    window.render_now()
    after = view_image.to_rgb_array(surface.grab_surface())
    np.testing.assert_array_equal(after, before)


def start_recording(qtbot, window, tmp_path, kind, frames, steps, preset=0, key="map"):
    dialog = show_animation_dialog(window)  # File > Export race as GIF or MP4… (Ctrl+Shift+G)
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    dialog.select_view(key)
    qtbot.waitUntil(lambda: view_image.view_widget(window, key).isVisible())
    qtbot.mouseClick(dialog.mp4 if kind == video.MP4 else dialog.gif, Qt.LeftButton)
    dialog.size_chooser.preset.setCurrentIndex(preset)
    type_number(qtbot, dialog.frames, str(frames))
    type_number(qtbot, dialog.steps_per_frame, str(steps))
    qtbot.mouseClick(dialog.from_start, Qt.LeftButton)
    path = str(tmp_path / f"race.{kind}")
    assert dialog.start(path), dialog.message.text()
    return dialog, path


def the_start_as_a_frame(window, key, size) -> np.ndarray:
    window.session.reset_runs()
    view_image.flush_views(window)
    return view_image.to_rgb_array(view_image.render_view(window, key, *size, gl_samples=RECORD_GL_SAMPLES))


@pytest.mark.parametrize("kind, key, tolerance", [(video.GIF, "map", 2.0), (video.MP4, "map", 4.0),
                                                  (video.GIF, "surface", 2.0)])
def test_the_race_as_an_animation(qtbot, window, tmp_path, kind, key, tolerance):
    window.player.step(30)  # the recording starts from the runs' starts all the same
    dialog, path = start_recording(qtbot, window, tmp_path, kind, frames=12, steps=5, key=key)
    assert not dialog.record_button.isEnabled() and dialog.cancel_button.isEnabled()
    with qtbot.waitSignal(dialog.recorder.finished, timeout=120_000):
        pass
    size = dialog.size_chooser.size()
    frames = iio.imread(path, index=None)
    assert frames.shape == (12, size[1], size[0], 3)
    assert window.session.runs[0].steps_taken == 11 * 5
    assert dialog.message.text().startswith(f"Saved {path}")
    assert dialog.record_button.isEnabled() and not dialog.cancel_button.isEnabled()
    # frame 0 is the view at the runs' start (GIF: 256 colours; MP4: lossy), and the race moves
    start = the_start_as_a_frame(window, key, size)
    first = np.abs(frames[0].astype(int) - start).mean()
    moved = int((np.abs(frames[-1].astype(int) - frames[0]).max(axis=2) > 60).sum())
    assert first < tolerance
    assert moved > 100  # the race moved: the head and the path drawn since
    if key == "map":  # and what the screen shows at the start (as shown, smoothing aside: see above)
        window.render_now()
        screen = view_image.to_rgb_array(window.grab_image(view_image.view_widget(window, key)))[:size[1], :size[0]]
        difference = np.abs(blocks(frames[0]) - blocks(screen)).max(axis=2)
        assert difference.mean() < tolerance + 1.5 and np.percentile(difference, 99.5) < 40


def test_mp4_frames_are_even_sized(qtbot, window, tmp_path):
    dialog, path = start_recording(qtbot, window, tmp_path, video.MP4, frames=3, steps=1)
    with qtbot.waitSignal(dialog.recorder.finished, timeout=60_000):
        pass
    shown = view_image.shown_size(window, "map")
    assert dialog.size_chooser.size() == video.even_size(shown.width(), shown.height())
    assert iio.imread(path, index=None).shape[1:3] == (dialog.size_chooser.size()[1], dialog.size_chooser.size()[0])


def test_cancel_stops_the_recording_mid_way_and_leaves_no_file(qtbot, window, tmp_path):
    dialog, path = start_recording(qtbot, window, tmp_path, video.GIF, frames=2000, steps=1, preset=PRESET_1080P)
    qtbot.waitUntil(lambda: dialog.progress.value() >= 2, timeout=60_000)
    qtbot.mouseClick(dialog.cancel_button, Qt.LeftButton)
    assert dialog.message.text() == "Cancelled: no file was written."
    assert dialog.record_button.isEnabled() and dialog.frames.isEnabled()
    steps = window.session.runs[0].steps_taken
    assert dialog.recorder.jobs.wait_for_done(10_000)
    qtbot.wait(100)
    assert window.session.runs[0].steps_taken == steps < 2000  # it stopped stepping
    assert os.listdir(tmp_path) == []  # no file, no partial file


def test_without_ffmpeg_mp4_is_disabled_and_says_how_to_get_it(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setenv("IMAGEIO_FFMPEG_EXE", str(tmp_path / "no-ffmpeg"))
    dialog = AnimationExportDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.mp4.isEnabled() and dialog.gif.isChecked()
    assert dialog.ffmpeg_note.isVisible()
    assert dialog.ffmpeg_note.text().endswith("MP4 needs ffmpeg: sudo apt install ffmpeg")


def test_a_view_that_cannot_be_drawn_says_so_and_saves_nothing(qtbot, window, tmp_path):
    dialog = show_png_dialog(window, "map")
    qtbot.waitExposed(dialog)
    window.docks["map"].close()
    qtbot.waitUntil(lambda: not view_image.view_widget(window, "map").isVisible())
    path = tmp_path / "hidden.png"
    assert not dialog.export_to(str(path))
    assert dialog.message.text() == "Not saved: the view '2D map' is not shown: show its dock first"
    assert dialog.message.property("error") and not path.exists()
