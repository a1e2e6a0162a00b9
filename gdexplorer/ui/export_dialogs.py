"""File > Export view as PNG… and File > Export race as GIF or MP4…: the dialogs.

Both pick a view (the map, the 3-D surface or the curves: raised when chosen, so it is drawn)
and a picture size (as shown, 720p, 1080p, 1440p, 4K, or typed). The PNG is the view drawn at
that size (ui/view_image.py). The animation steps the runs K steps a frame for N frames from
their starts (or from where they are) and encodes each frame as it is grabbed
(app/recorder.py), with a progress bar and Cancel; MP4 needs ffmpeg, which the dialog looks for
once when it opens and, when there is none, says how to get (GIF always works).
"""
from __future__ import annotations

import os
from contextlib import ExitStack

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton,
    QRadioButton, QSpinBox, QVBoxLayout, QWidget,
)

from gdexplorer.app.i18n import tr_message, translate
from gdexplorer.app.recorder import MAX_FRAMES, MAX_STEPS_PER_FRAME, Recorder, Recording
from gdexplorer.scene import video
from gdexplorer.scene.export import with_default_suffix
from gdexplorer.ui import theme
from gdexplorer.ui.view_image import (
    MAX_SIDE, MIN_SIDE, VIEW_KEYS, VIEW_STEMS, ViewNotShown, flush_view, flush_views, frame_caches, render_view,
    shown_size, to_rgb_array, view_label, view_widget,
)

#: (label, (width, height)); None: the size the view has on screen; "custom": typed. The labels with
#: words are shown through translate("SizeChooser", …)
SIZE_PRESETS = (
    (QT_TRANSLATE_NOOP("SizeChooser", "As shown"), None),
    ("1280 × 720 (720p)", (1280, 720)),
    ("1920 × 1080 (1080p)", (1920, 1080)),
    ("2560 × 1440 (1440p)", (2560, 1440)),
    ("3840 × 2160 (4K)", (3840, 2160)),
    (QT_TRANSLATE_NOOP("SizeChooser", "Custom"), "custom"),
)
DEFAULT_PNG_PRESET = 2  # 1920 x 1080
DEFAULT_VIDEO_PRESET = 0  # as shown: the cheapest frames
#: a recording's 3-D frames are not multisampled: 4x triples a frame's time on a software renderer
RECORD_GL_SAMPLES = 0


def _message(label: QLabel, text: str, error: bool = False) -> None:
    label.setText(text)
    label.setStyleSheet(f"color: {theme.error_colour(label.palette())};" if error else "")
    label.setProperty("error", error)


class SizeChooser(QWidget):
    """A preset, and the width and height it stands for (typed when Custom). ``even``: both
    rounded down to even numbers (H.264 needs them)."""

    changed = Signal()

    def __init__(self, default_preset: int = 0, parent=None):
        super().__init__(parent)
        self.shown = QSize(640, 480)
        self.even = False
        self.preset = QComboBox()
        self.preset.setObjectName("size_preset")
        self.preset.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)  # the dialog keeps its width
        self.preset.setMinimumContentsLength(len(self._as_shown(QSize(3840, 2160))))
        for label, _ in SIZE_PRESETS:
            self.preset.addItem(translate("SizeChooser", label))
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        for box, name in ((self.width_box, "size_width"), (self.height_box, "size_height")):
            box.setObjectName(name)
            box.setRange(MIN_SIDE, MAX_SIDE)
            box.setSuffix(" px")
            box.setKeyboardTracking(False)
            box.valueChanged.connect(self.changed)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preset, 1)
        row.addWidget(self.width_box)
        row.addWidget(QLabel("×"))
        row.addWidget(self.height_box)
        self.preset.currentIndexChanged.connect(self._apply_preset)
        self.preset.setCurrentIndex(default_preset)
        self._apply_preset()

    @staticmethod
    def _as_shown(size: QSize) -> str:
        return translate("SizeChooser", "As shown ({width} × {height})").format(
            width=size.width(), height=size.height())

    def set_shown(self, size: QSize) -> None:
        """The view's size on screen (the "As shown" preset)."""
        self.shown = QSize(size)
        self.preset.setItemText(0, self._as_shown(size))
        self._apply_preset()

    def set_even(self, even: bool) -> None:
        self.even = even
        self._apply_preset()

    def _apply_preset(self) -> None:
        value = SIZE_PRESETS[self.preset.currentIndex()][1]
        custom = value == "custom"
        self.width_box.setEnabled(custom)
        self.height_box.setEnabled(custom)
        if not custom:
            w, h = (self.shown.width(), self.shown.height()) if value is None else value
            for box, v in ((self.width_box, w), (self.height_box, h)):
                box.blockSignals(True)
                box.setValue(max(MIN_SIDE, min(MAX_SIDE, v)))
                box.blockSignals(False)
        self.changed.emit()

    def size(self) -> tuple[int, int]:
        w, h = self.width_box.value(), self.height_box.value()
        return video.even_size(w, h) if self.even else (w, h)


class _ViewDialog(QDialog):
    """What both dialogs share: the view to draw and its size, and raising the view's dock."""

    def __init__(self, window, title: str, default_preset: int):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(title)
        self.view = QComboBox()
        self.view.setObjectName("export_view")
        self.size_chooser = SizeChooser(default_preset)
        self.form = QFormLayout()
        self.form.addRow(translate("ExportDialog", "View"), self.view)
        self.form.addRow(translate("ExportDialog", "Size"), self.size_chooser)
        self.message = QLabel()
        self.message.setObjectName("export_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        for key in VIEW_KEYS:
            self.view.addItem(view_label(2, key), key)
        self.view.currentIndexChanged.connect(self._on_view)

    @property
    def key(self) -> str:
        return self.view.currentData()

    def select_view(self, key: str) -> None:
        self.view.setCurrentIndex(VIEW_KEYS.index(key))
        self._on_view()

    def _on_view(self) -> None:
        """Raise the chosen view's dock (a view behind another tab is not drawn) and offer its size."""
        dock = self.window_.docks[self.key]
        if not dock.isVisible():
            dock.show()
        dock.raise_()
        self.size_chooser.set_shown(shown_size(self.window_, self.key))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        for i, key in enumerate(VIEW_KEYS):  # named for the function's dimension (1-D: the curve and its slope)
            self.view.setItemText(i, view_label(self.window_.session.dim, key))
        self._on_view()

    def file_name(self, suffix: str) -> str:
        return VIEW_STEMS[self.window_.session.dim][self.key] + suffix


class PngExportDialog(_ViewDialog):
    """A view as a PNG of a chosen size."""

    def __init__(self, window):
        super().__init__(window, translate("ExportDialog", "Export view as PNG"), DEFAULT_PNG_PRESET)
        self.save_button = QPushButton(translate("ExportDialog", "Save PNG…"))
        self.save_button.setObjectName("png_save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_dialog)
        close = QPushButton(translate("ExportDialog", "Close"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def save_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, translate("ExportDialog", "Export as PNG"), self.file_name(".png"),
                                              translate("ExportDialog", "PNG (*.png)"))
        if path:
            self.export_to(with_default_suffix(path, ".png"))

    def export_to(self, path: str) -> bool:
        """Draw the view at the chosen size and save it at ``path``; says how it went below."""
        width, height = self.size_chooser.size()
        try:
            flush_views(self.window_)
            image = render_view(self.window_, self.key, width, height)
        except (ViewNotShown, ValueError) as exc:
            _message(self.message, translate("ExportDialog", "Not saved: {reason}").format(reason=tr_message(exc)),
                     error=True)
            return False
        if not image.save(path, "PNG"):
            _message(self.message, translate("ExportDialog", "Could not save {path}").format(path=path), error=True)
            return False
        _message(self.message, translate("ExportDialog", "Saved {path} ({width} × {height})").format(
            path=path, width=width, height=height))
        self.window_.statusBar().showMessage(translate("ExportDialog", "Saved {path}").format(path=path), 5000)
        return True


class AnimationExportDialog(_ViewDialog):
    """The race as a GIF or an MP4: N frames, K steps apart, recorded in the background."""

    def __init__(self, window):
        super().__init__(window, translate("ExportDialog", "Export race as GIF or MP4"), DEFAULT_VIDEO_PRESET)
        self.recorder = Recorder(window.session, window.player, self)
        self.gif = QRadioButton("GIF")
        self.mp4 = QRadioButton("MP4 (H.264)")
        self.gif.setObjectName("format_gif")
        self.mp4.setObjectName("format_mp4")
        self.gif.setChecked(True)
        formats = QButtonGroup(self)
        for button in (self.gif, self.mp4):
            formats.addButton(button)
            button.toggled.connect(self._on_format)
        self.ffmpeg_note = QLabel()
        self.ffmpeg_note.setObjectName("ffmpeg_note")
        self.ffmpeg_note.setWordWrap(True)
        self.ffmpeg_note.setTextInteractionFlags(Qt.TextSelectableByMouse)
        format_row = QHBoxLayout()
        format_row.addWidget(self.gif)
        format_row.addWidget(self.mp4)
        format_row.addStretch(1)
        self.frames = self._spin("frames", 2, MAX_FRAMES, 100)
        self.steps_per_frame = self._spin("steps_per_frame", 1, MAX_STEPS_PER_FRAME, 2)
        self.fps = self._spin("fps", 1, video.GIF_MAX_FPS, 20)
        self.from_start = QRadioButton(translate("ExportDialog", "the runs' starts (Reset first)"))
        self.from_now = QRadioButton(translate("ExportDialog", "where the runs are now"))
        self.from_start.setObjectName("from_start")
        self.from_now.setObjectName("from_now")
        self.from_start.setChecked(True)
        start_row = QHBoxLayout()
        start_row.addWidget(self.from_start)
        start_row.addWidget(self.from_now)
        start_row.addStretch(1)
        self.form.addRow(translate("ExportDialog", "Format"), format_row)
        self.form.addRow("", self.ffmpeg_note)
        self.form.addRow(translate("ExportDialog", "Frames"), self.frames)
        self.form.addRow(translate("ExportDialog", "Steps per frame"), self.steps_per_frame)
        self.form.addRow(translate("ExportDialog", "Frames per second"), self.fps)
        self.form.addRow(translate("ExportDialog", "From"), start_row)
        self.summary = QLabel()
        self.summary.setObjectName("animation_summary")
        self.progress = QProgressBar()
        self.progress.setObjectName("animation_progress")
        self.progress.setRange(0, 1000)
        self.progress.setFormat("%p%")
        self.progress.setValue(0)
        self.record_button = QPushButton(translate("ExportDialog", "Record…"))
        self.record_button.setObjectName("animation_record")
        self.record_button.setDefault(True)
        self.record_button.clicked.connect(self.record_dialog)
        self.cancel_button = QPushButton(translate("ExportDialog", "Cancel"))
        self.cancel_button.setObjectName("animation_cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.recorder.cancel)
        close = QPushButton(translate("ExportDialog", "Close"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.inputs = [self.view, self.size_chooser, self.gif, self.mp4, self.frames, self.steps_per_frame, self.fps,
                       self.from_start, self.from_now]
        for box in (self.frames, self.steps_per_frame, self.fps):
            box.valueChanged.connect(self._summarize)
        self.size_chooser.changed.connect(self._summarize)
        self.recorder.progress.connect(self._on_progress)
        self.recorder.finished.connect(self._on_finished)
        self.recorder.failed.connect(lambda why: self._on_stopped(
            translate("ExportDialog", "Not saved: {reason}").format(reason=tr_message(why)), error=True))
        self.recorder.cancelled.connect(
            lambda: self._on_stopped(translate("ExportDialog", "Cancelled: no file was written.")))
        self.recorder.runningChanged.connect(self._on_running)
        self._caches = ExitStack()
        self.ffmpeg, self.ffmpeg_problem = video.find_ffmpeg()
        self.mp4.setEnabled(self.ffmpeg is not None)
        problem = tr_message(self.ffmpeg_problem) if self.ffmpeg_problem else ""
        self.mp4.setToolTip(problem or translate("ExportDialog", "encoded by {ffmpeg}").format(ffmpeg=self.ffmpeg))
        self.ffmpeg_note.setText(problem)
        self.ffmpeg_note.setVisible(bool(self.ffmpeg_problem))
        self._summarize()

    def _spin(self, name: str, low: int, high: int, value: int) -> QSpinBox:
        box = QSpinBox()
        box.setObjectName(name)
        box.setRange(low, high)
        box.setValue(value)
        box.setKeyboardTracking(False)
        return box

    @property
    def kind(self) -> str:
        return video.MP4 if self.mp4.isChecked() else video.GIF

    def _on_format(self) -> None:
        mp4 = self.kind == video.MP4
        self.size_chooser.set_even(mp4)
        self.fps.setMaximum(60 if mp4 else video.GIF_MAX_FPS)
        self._summarize()

    def _summarize(self) -> None:
        n, k, fps = self.frames.value(), self.steps_per_frame.value(), self.fps.value()
        width, height = self.size_chooser.size()
        self.summary.setText(translate(
            "ExportDialog", "{frames} frames × {steps} steps = {total} steps after the first frame, "
            "{seconds:.1f} s at {fps} frames/s, {width} × {height} px").format(
            frames=n, steps=k, total=(n - 1) * k, seconds=n / fps, fps=fps, width=width, height=height))

    def record_dialog(self) -> None:
        suffix = video.SUFFIX[self.kind]
        path, _ = QFileDialog.getSaveFileName(self, translate("ExportDialog", "Export race"), self.file_name(suffix),
                                              f"{self.kind.upper()} (*{suffix})")
        if path:
            self.start(with_default_suffix(path, suffix))

    def recording(self, path: str) -> Recording:
        return Recording(path=path, kind=self.kind, frames=self.frames.value(),
                         steps_per_frame=self.steps_per_frame.value(), fps=float(self.fps.value()),
                         from_start=self.from_start.isChecked())

    def start(self, path: str) -> bool:
        """Record to ``path`` with the settings shown; False (and why, below) when it cannot start."""
        width, height = self.size_chooser.size()
        key, window = self.key, self.window_
        if not view_widget(window, key).isVisible():
            _message(self.message, translate("ExportDialog", "Not started: the view is not shown: show its dock first"),
                     error=True)
            return False

        def grab():
            flush_view(window, key)
            return to_rgb_array(render_view(window, key, width, height, gl_samples=RECORD_GL_SAMPLES))

        self._caches.enter_context(frame_caches())
        problem = self.recorder.start(self.recording(path), grab)
        if problem is not None:
            self._caches.close()
            _message(self.message, translate("ExportDialog", "Not started: {reason}").format(
                reason=tr_message(problem)), error=True)
            return False
        _message(self.message, translate("ExportDialog", "Recording {file}…").format(file=os.path.basename(path)))
        return True

    def _on_running(self, running: bool) -> None:
        for widget in self.inputs:
            widget.setEnabled(not running)
        if not running:
            self.mp4.setEnabled(self.ffmpeg is not None)
            self.size_chooser._apply_preset()  # the custom boxes' enabled state
            self._caches.close()
        self.record_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        if running:
            self.progress.setValue(0)

    def _on_progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(round(fraction * 1000))
        # the recorder's text is in the interface's language; %p stays for Qt to fill in
        self.progress.setFormat(translate("ExportDialog", "{task} (%p%)").format(task=text))

    def _on_finished(self, path: str) -> None:
        self.progress.setValue(1000)
        self.progress.setFormat(translate("ExportDialog", "done"))
        size = os.path.getsize(path) / 1e6
        _message(self.message, translate("ExportDialog", "Saved {path} ({size:.1f} MB)").format(path=path, size=size))
        self.window_.statusBar().showMessage(translate("ExportDialog", "Saved {path}").format(path=path), 5000)

    def _on_stopped(self, text: str, error: bool = False) -> None:
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        _message(self.message, text, error)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.recorder.cancel()
        super().closeEvent(event)

    def reject(self) -> None:  # Escape
        self.recorder.cancel()
        super().reject()


def show_png_dialog(window, key: str | None = None) -> PngExportDialog:
    """File > Export view as PNG…: one dialog per window, shown again if open."""
    dialog = getattr(window, "png_export_dialog", None)
    if dialog is None:
        dialog = window.png_export_dialog = PngExportDialog(window)
    if key is not None:
        dialog.select_view(key)
    dialog.show()
    dialog.raise_()
    return dialog


def show_animation_dialog(window) -> AnimationExportDialog:
    """File > Export race as GIF or MP4…: one dialog per window (modeless: the race shows behind it)."""
    dialog = getattr(window, "animation_export_dialog", None)
    if dialog is None:
        dialog = window.animation_export_dialog = AnimationExportDialog(window)
    dialog.show()
    dialog.raise_()
    return dialog
