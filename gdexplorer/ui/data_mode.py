"""The Data mode in the window: its panels, views and actions, and what the shared views say while
it is on (the map's axes are w and b, the surface is the loss L, a start is (w₀, b₀), a Step is an
epoch or an update).

:class:`DataModeUI` is built by the main window, which docks its widgets (``mode_switcher`` in the
Function dock: Function | Data tabs over the two panels, each in the window's scroll area;
``scatter`` and ``epoch_curves`` as docks of their own) and puts its actions in its menus;
everything else it does through the explorer's :class:`~gdexplorer.app.data_mode.DataMode`.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFormLayout, QWidget

from gdexplorer.app.data_mode import CLOCKS
from gdexplorer.app.i18n import translate
from gdexplorer.ui.data_panel import PRESET_TEXT, PRESET_TIP, DataPanel, DataRunForm, ModeSwitcher
from gdexplorer.ui.views.batch_gradients import BatchGradientOverlay
from gdexplorer.ui.views.data_scatter import DataScatterView
from gdexplorer.ui.views.epoch_curves import EpochCurvesView

#: the titles of the Data mode's own docks, in English; shown through scatter_title() and epochs_title()
SCATTER_TITLE = QT_TRANSLATE_NOOP("DataModeUI", "Data and fitted lines")
EPOCHS_TITLE = QT_TRANSLATE_NOOP("DataModeUI", "Loss per epoch and per update")
#: the Data mode's titles of the window's docks (the Function mode's are kept while it is on)
DATA_TITLES = {"function": QT_TRANSLATE_NOOP("DataModeUI", "Data"),
               "map": QT_TRANSLATE_NOOP("DataModeUI", "Loss map L(w, b): contours and −∇L"),
               "surface": QT_TRANSLATE_NOOP("DataModeUI", "Loss surface L(w, b)"),
               "curves": QT_TRANSLATE_NOOP("DataModeUI", "Curves: L and |∇L| per update")}
#: Play's first speed in the Data mode: seed 002's 50 epochs in 10 s (each mode keeps its own speed)
DATA_SPEED = 5.0
STEP_TIPS = {"epoch": QT_TRANSLATE_NOOP("DataModeUI", "one epoch of every run (Right arrow)"),
             "update": QT_TRANSLATE_NOOP("DataModeUI", "one update of every run (Right arrow)")}


def scatter_title() -> str:
    """The data scatter's dock title, in the interface's language."""
    return translate("DataModeUI", SCATTER_TITLE)


def epochs_title() -> str:
    """The epoch curves' dock title, in the interface's language."""
    return translate("DataModeUI", EPOCHS_TITLE)


class DataModeUI(QObject):
    """The Data mode's widgets for ``window`` (a MainWindow whose panels and views exist)."""

    def __init__(self, window, wrap: Callable[[QWidget], QWidget] = lambda panel: panel):
        """``wrap`` puts a panel in what its dock shows (the window's scroll area)."""
        super().__init__(window)
        self.window = window
        self.data_mode = window.explorer.data_mode
        self.session = window.session
        self.data_panel = DataPanel(self.data_mode)
        self.mode_switcher = ModeSwitcher(self.data_mode, wrap(window.function_panel), wrap(self.data_panel))
        self.scatter = DataScatterView(self.data_mode)
        self.epoch_curves = EpochCurvesView(self.data_mode)
        # the batch size and epochs go under the optimizer's choice and rate, for the selected run
        self.batch_form = DataRunForm(self.data_mode)
        window.optimizer_panel.layout().insertWidget(1, self.batch_form)
        self.gradients = BatchGradientOverlay(self.data_mode, window.map_view.map_2d)
        self.mode_action = QAction(translate("DataModeUI", "Data mode: train (w, b) on data"), window)
        self.mode_action.setCheckable(True)
        self.mode_action.setShortcut(QKeySequence("Ctrl+D"))
        self.mode_action.setToolTip(translate("DataModeUI", "Switch between descending a typed function and training a "
                                                       "model on data"))
        self.mode_action.toggled.connect(self.data_mode.set_active)
        self.open_csv_action = QAction(translate("DataModeUI", "Open data CSV…"), window)
        self.open_csv_action.setShortcut(QKeySequence("Ctrl+O"))
        self.open_csv_action.triggered.connect(self.open_csv)
        self.preset_action = QAction(translate("DataPanel", PRESET_TEXT), window)
        self.preset_action.setToolTip(translate("DataPanel", PRESET_TIP))
        self.preset_action.triggered.connect(self.data_mode.apply_seed_002)
        self._titles: dict[str, str] = {}
        self._speeds = {True: DATA_SPEED, False: window.player.speed}  # by mode: Data (True) or Function
        window.installEventFilter(self)  # on close, the Function mode's speed is the one saved
        self.data_panel.csvRequested.connect(self.open_csv)
        self.data_mode.modeChanged.connect(self._on_mode)
        self.data_mode.clockChanged.connect(lambda _: self._say_clock())
        # after every handler of the window's (its titles, the map's legend): then these say what the
        # Data mode shows (the window's are connected after this object is made: hence the timer)
        self.session.landscapeChanged.connect(lambda: QTimer.singleShot(0, self._relabel))
        self.session.runsChanged.connect(self._hide_noise)
        self.session.selectionChanged.connect(lambda _: self._hide_noise())

    @property
    def actions(self) -> list[QAction]:
        return [self.mode_action, self.open_csv_action, self.preset_action]

    def open_csv(self) -> None:
        self.data_mode.enter()
        self.data_panel.open_csv_dialog()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.window and event.type() == QEvent.Close and self.data_mode.active:
            self.window.player.set_speed(self._speeds[False])
        return False

    def speeds(self) -> dict[str, float]:
        """Play's speed in each mode (the shown mode's is the player's)."""
        live = self.window.player.speed
        active = self.data_mode.active
        return {"function": self._speeds[False] if active else live, "data": live if active else self._speeds[True]}

    def set_data_speed(self, speed: float) -> None:
        """The Data mode's speed (a workspace's), the player's too while it is shown."""
        if self.data_mode.active:
            self.window.run_controls.speed.setValue(speed)  # the box tells the player
        else:
            self._speeds[True] = speed

    def _swap_speed(self, active: bool) -> None:
        box = self.window.run_controls.speed
        self._speeds[not active] = box.value()
        box.setValue(self._speeds[active])  # the box tells the player

    def _on_mode(self, active: bool) -> None:
        self._swap_speed(active)
        self.mode_action.blockSignals(True)
        self.mode_action.setChecked(active)
        self.mode_action.blockSignals(False)
        docks = self.window.docks
        if active:
            for key in DATA_TITLES:  # the Function mode's titles, given back on leaving
                self._titles.setdefault(key, docks[key].windowTitle())
        else:
            for key, title in self._titles.items():
                docks[key].setWindowTitle(title)
            self.window._name_views()  # the map's and surface's titles for the function's dimension
        for key in (("data", "epochs") if active else ("surface", "curves")):
            if key in docks:
                docks[key].raise_()
        self._function_only(not active)
        self._relabel()
        self._hide_noise()
        self._say_clock()

    def _relabel(self) -> None:
        """What the shared views are called and what their axes say, in the mode shown."""
        window, active = self.window, self.data_mode.active
        names = ("w", "b") if active else ("x", "y")
        if active:
            for key, title in DATA_TITLES.items():
                window.docks[key].setWindowTitle(translate("DataModeUI", title))
        plot = window.map_view.map_2d.plot.getPlotItem()
        plot.setLabel("bottom", names[0])
        plot.setLabel("left", names[1])
        titles = getattr(window.surface_view.surface_3d, "axis_titles", {})
        land = self.session.landscape
        log = land is not None and land.scale.is_log
        for key, text in (("x", names[0]), ("y", names[1]), ("f", "L" if active else "f")):
            if key in titles:
                titles[key].setData(text=translate("DataModeUI", "{name} (log scale)").format(name=text)
                                    if key == "f" and log else text)
        if active:  # the colour bars name the loss (set to "f" with each landscape)
            for page in (window.map_view.map_2d, window.surface_view.surface_3d):
                bar = getattr(page, "colour_bar", None)
                if bar is not None:
                    bar.title.setText(bar.title.text().replace("f", "L", 1))
        start = window.start_panel
        form = start.layout()
        for box, name in ((start.x, names[0]), (start.y, names[1])):
            label = form.labelForField(box)
            if label is not None:
                label.setText(f"{name}₀")
        grad = "∇L" if active else "∇f"
        name_gradient = getattr(window.map_view, "name_gradient", None)  # the toggle's words, in the language shown
        if name_gradient is not None:
            name_gradient(grad)
        else:
            window.map_view.arrow_toggle.setText(translate("DataModeUI", "arrows of {gradient} (uphill)").format(
                gradient=grad))
        if active and land is not None:
            field = window.map_view.map_2d.legend_text(land).replace("∇f", "∇L")
            window.map_view.bar.set_legend(f"{self.gradients.legend()}; {field}")

    def _function_only(self, enabled: bool) -> None:
        """The landscape lab's overlays that search a typed function (critical points, basins of
        attraction) are off and disabled while the Data mode is on."""
        critical = getattr(self.window, "critical_overlay", None)
        basins = getattr(self.window, "basin_panel", None)
        for toggle in (getattr(critical, "toggle", None), getattr(basins, "toggle_action", None)):
            if toggle is None:
                continue
            if not enabled:
                toggle.setChecked(False)
            toggle.setEnabled(enabled)

    def _hide_noise(self) -> None:
        """sgd's noise σ is the Function mode's stand-in for batch noise (on data the noise is the
        batch's), and the trainer takes no learning-rate schedule or clipping: their fields go while
        the Data mode is on (the optimizer panel shows them again as it syncs in the Function mode)."""
        panel = self.window.optimizer_panel
        active = self.data_mode.active
        if active:
            panel.noise.setVisible(False)
            panel.noise_label.setVisible(False)
        for name in ("schedule", "clip"):
            field = getattr(panel, name, None)
            form = next((f for f in panel.findChildren(QFormLayout) if field is not None and f.indexOf(field) >= 0), None)
            if form is not None:
                form.setRowVisible(field, not active)

    def _say_clock(self) -> None:
        controls, active = self.window.run_controls, self.data_mode.active
        clock = self.data_mode.clock
        if not active:
            suffix, limit = translate("DataModeUI", " steps/s"), ""
            tip = translate("DataModeUI", "one step of every run (Right arrow)")
        else:
            suffix = translate("DataModeUI", " epochs/s") if clock == "epoch" else translate("DataModeUI", " updates/s")
            tip = translate("DataModeUI", STEP_TIPS[clock])
            limit = translate("DataModeUI", "in the Data mode each run stops after its epochs ({clock} a step)").format(
                clock=translate("DataMode", CLOCKS[clock]))
        controls.speed.setSuffix(suffix)
        controls.step_button.setToolTip(tip)
        controls.step_limit.setEnabled(not active)
        controls.step_limit.setToolTip(limit)
