"""Run controls: Step, Play/Pause, Reset, speed (steps per second) and the step limit. The buttons
carry the style's standard icons and plain words: media symbols such as ⏸ are missing from many
default fonts and show as boxes."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QDoubleSpinBox, QFormLayout, QHBoxLayout, QPushButton, QSpinBox, QStyle, QVBoxLayout, QWidget,
)
from superqt.utils import signals_blocked

from gdexplorer.app.i18n import translate
from gdexplorer.app.player import Player


class RunControls(QWidget):
    def __init__(self, player: Player, parent=None):
        super().__init__(parent)
        self.player = player
        icon = self.style().standardIcon
        self.play_icon, self.pause_icon = icon(QStyle.SP_MediaPlay), icon(QStyle.SP_MediaPause)
        self.step_button = QPushButton(icon(QStyle.SP_MediaSkipForward), translate("RunControls", "Step"))
        self.step_button.setObjectName("step")
        self.step_button.setToolTip(translate("RunControls", "one step of every run (Right arrow)"))
        self.play_button = QPushButton(self.play_icon, translate("RunControls", "Play"))
        self.play_button.setObjectName("play")
        self.play_button.setCheckable(True)
        self.play_button.setToolTip(translate("RunControls", "animate the descent (Space)"))
        self.reset_button = QPushButton(icon(QStyle.SP_BrowserReload), translate("RunControls", "Reset"))
        self.reset_button.setObjectName("reset")
        self.reset_button.setToolTip(translate("RunControls", "back to the start points (R)"))
        self.speed = QDoubleSpinBox()
        self.speed.setObjectName("speed")
        self.speed.setRange(0.5, 5000)
        self.speed.setDecimals(1)
        self.speed.setSuffix(translate("RunControls", " steps/s"))
        self.speed.setValue(player.speed)
        self.step_limit = QSpinBox()
        self.step_limit.setObjectName("step_limit")
        self.step_limit.setRange(1, 100_000)
        self.step_limit.setValue(player.step_limit)
        buttons = QHBoxLayout()
        for b in (self.step_button, self.play_button, self.reset_button):
            buttons.addWidget(b)
        form = QFormLayout()
        form.addRow(translate("RunControls", "speed"), self.speed)
        form.addRow(translate("RunControls", "steps limit"), self.step_limit)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addStretch(1)
        self.step_button.clicked.connect(lambda: player.step(1))
        self.play_button.clicked.connect(lambda: player.toggle())
        self.reset_button.clicked.connect(lambda: (player.pause(), player.session.reset_runs()))
        self.speed.valueChanged.connect(player.set_speed)
        self.step_limit.valueChanged.connect(player.set_step_limit)
        player.playingChanged.connect(self._show_playing)
        self.set_ready(player.session.objective is not None)
        player.session.landscapeChanged.connect(lambda: self.set_ready(True))

    def _show_playing(self, playing: bool) -> None:
        with signals_blocked(self.play_button):
            self.play_button.setChecked(playing)
        self.play_button.setText(translate("RunControls", "Pause") if playing else translate("RunControls", "Play"))
        self.play_button.setIcon(self.pause_icon if playing else self.play_icon)

    def set_ready(self, ready: bool) -> None:
        for b in (self.step_button, self.play_button, self.reset_button):
            b.setEnabled(ready)

    def sync_from_player(self) -> None:
        for box, value in ((self.speed, self.player.speed), (self.step_limit, self.player.step_limit)):
            with signals_blocked(box):
                box.setValue(value)
