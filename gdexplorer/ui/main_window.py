"""The explorer window: docks around the 2-D map and the 3-D view, a status bar, menus, shortcuts."""
from __future__ import annotations

import json

from PySide6.QtCore import QPoint, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QImage, QKeySequence, QPainter
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QMainWindow, QProgressBar, QSizePolicy, QWidget

from gdexplorer._version import __version__
from gdexplorer.app.export import runs_csv
from gdexplorer.app.player import Player
from gdexplorer.app.session import Session
from gdexplorer.ui import theme
from gdexplorer.ui.curves_view import CurvesView
from gdexplorer.ui.function_panel import FunctionPanel
from gdexplorer.ui.inspector import Inspector
from gdexplorer.ui.map_view import MapView
from gdexplorer.ui.optimizer_panel import OptimizerPanel
from gdexplorer.ui.run_controls import RunControls
from gdexplorer.ui.runs_panel import RunsPanel
from gdexplorer.ui.start_panel import StartPanel
from gdexplorer.ui.surface_view import SurfaceView
from gdexplorer.ui.throttle import TEXT_INTERVAL_MS, Throttled

STATE_VERSION = 1


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None, parent=None):
        super().__init__(parent)
        theme.configure_pyqtgraph()
        self.settings = settings
        self.setWindowTitle(f"gdexplorer {__version__} — gradient descent explorer")
        self.session = Session(parent=self)
        self.player = Player(self.session, self)
        self.map_view = MapView(self.session)
        self.surface_view = SurfaceView(self.session)
        self.curves_view = CurvesView(self.session)
        self.function_panel = FunctionPanel(self.session)
        self.start_panel = StartPanel(self.session)
        self.optimizer_panel = OptimizerPanel(self.session)
        self.run_controls = RunControls(self.player)
        self.runs_panel = RunsPanel(self.session)
        self.inspector = Inspector(self.session)
        self.docks: dict[str, QDockWidget] = {}
        self._build_docks()
        self._build_status_bar()
        self._build_actions()
        self.session.compute.progress.connect(self._on_warm_progress)
        self.session.compute.warmed.connect(self._on_warmed)
        self.session.busyChanged.connect(self._on_busy)
        self.session.expressionChecked.connect(self._on_expression_checked)
        self.throttled_summary = Throttled(self._show_run_summary, TEXT_INTERVAL_MS, self)
        self.session.trajectoriesChanged.connect(self.throttled_summary)
        self.resize(1500, 950)
        if settings is not None:
            self.restore_settings()

    # -- layout ---------------------------------------------------------------------------------
    def _dock(self, key: str, title: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable | QDockWidget.DockWidgetClosable)
        self.docks[key] = dock
        return dock

    def _build_docks(self) -> None:
        self.setDockNestingEnabled(True)
        self.setCentralWidget(None)
        function = self._dock("function", "Function", self.function_panel)
        start = self._dock("start", "Start point", self.start_panel)
        optimizer = self._dock("optimizer", "Optimizer", self.optimizer_panel)
        controls = self._dock("controls", "Run controls", self.run_controls)
        map_ = self._dock("map", "2D map: contours and −∇f", self.map_view)
        surface = self._dock("surface", "3D surface", self.surface_view)
        curves = self._dock("curves", "Curves: f and |∇f| per step", self.curves_view)
        runs = self._dock("runs", "Runs", self.runs_panel)
        inspector = self._dock("inspector", "Inspector", self.inspector)
        self.addDockWidget(Qt.LeftDockWidgetArea, function)
        self.splitDockWidget(function, start, Qt.Vertical)
        self.splitDockWidget(start, optimizer, Qt.Vertical)
        self.splitDockWidget(optimizer, controls, Qt.Vertical)
        self.addDockWidget(Qt.RightDockWidgetArea, map_)
        self.splitDockWidget(map_, curves, Qt.Vertical)  # views on top, run read-outs below
        self.splitDockWidget(map_, surface, Qt.Horizontal)
        self.splitDockWidget(curves, runs, Qt.Horizontal)
        self.splitDockWidget(runs, inspector, Qt.Horizontal)
        self._layout_pending = True  # sizes are applied once the window has its real size

    def _apply_default_sizes(self) -> None:
        d = self.docks
        width, height = self.width(), self.height()
        side = 300
        self.resizeDocks([d["function"], d["map"]], [side, width - side], Qt.Horizontal)
        self.resizeDocks([d["map"], d["surface"]], [(width - side) // 2] * 2, Qt.Horizontal)
        self.resizeDocks([d["map"], d["curves"]], [int(height * 0.66), int(height * 0.34)], Qt.Vertical)
        rest = width - side
        self.resizeDocks([d["curves"], d["runs"], d["inspector"]], [int(rest * 0.36), int(rest * 0.36), int(rest * 0.28)],
                         Qt.Horizontal)
        self.resizeDocks([d["function"], d["start"], d["optimizer"], d["controls"]],
                         [int(height * 0.3), int(height * 0.12), int(height * 0.36), int(height * 0.16)], Qt.Vertical)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._layout_pending:
            self._layout_pending = False
            QTimer.singleShot(0, self._apply_default_sizes)  # after the dock layout has settled

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_label = QLabel("Starting…")
        self.status_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # long text must not widen the window
        self.progress = QProgressBar()
        self.progress.setObjectName("warmup_progress")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(220)
        self.progress.setFormat("warming up kernels %p%")
        self.run_summary = QLabel()
        bar.addWidget(self.status_label, 1)
        bar.addPermanentWidget(self.run_summary)
        bar.addPermanentWidget(self.progress)

    def _build_actions(self) -> None:
        def action(text, shortcut, slot, menu=None):
            a = QAction(text, self)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            a.triggered.connect(slot)
            self.addAction(a)
            if menu is not None:
                menu.addAction(a)
            return a

        file_menu = self.menuBar().addMenu("&File")
        action("Export trajectories as CSV…", "Ctrl+E", self.export_csv_dialog, file_menu)
        png = file_menu.addMenu("Export PNG")
        for name, widget in (("Window", self), ("2D map", self.map_view), ("3D surface", self.surface_view),
                             ("Curves", self.curves_view)):
            action(name + "…", None, lambda _=False, w=widget, n=name: self.export_png_dialog(w, n), png)
        file_menu.addSeparator()
        action("Quit", "Ctrl+Q", self.close, file_menu)
        run_menu = self.menuBar().addMenu("&Run")
        self.play_action = action("Play / Pause", "Space", self.player.toggle, run_menu)
        self.step_action = action("Step", "Right", lambda: self.player.step(1), run_menu)
        self.reset_action = action("Reset", "R", lambda: (self.player.pause(), self.session.reset_runs()), run_menu)
        run_menu.addSeparator()
        action("Compare all optimizers", None, self.session.compare_all_optimizers, run_menu)
        view_menu = self.menuBar().addMenu("&View")
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())

    # -- start-up -------------------------------------------------------------------------------
    def start(self) -> None:
        """Warm the kernels in the worker, then compute the first landscape (queued behind it)."""
        self.status_label.setText("Warming up the numerical kernels (first start compiles them)…")
        self.session.compute.warm_up()
        self.session.refresh()

    def _on_warm_progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(fraction * 100))
        self.status_label.setText(f"Warming up: {text}…")

    def _on_warmed(self, seconds: float) -> None:
        self.progress.setVisible(False)
        self.status_label.setText(f"Ready (kernels loaded in {seconds:.1f} s). Space: play/pause, →: step, R: reset")

    def _on_busy(self, busy: bool) -> None:
        if busy and self.session.compute.is_warm:
            self.status_label.setText("Computing the landscape…")
        elif not busy and self.session.compute.is_warm and self.session.error is None:
            land = self.session.landscape
            if land is not None:
                n = land.xs.size
                grid = f"{n}" if land.dim == 1 else f"{n}×{n}"
                variables = "x" if land.dim == 1 else "x, y"
                self.status_label.setText(f"f({variables}) sampled on {grid} points")

    def _on_expression_checked(self, error) -> None:
        if error is not None:
            self.status_label.setText(f"Expression error: {error} (the last good function stays on screen)")

    def _show_run_summary(self) -> None:
        run = self.session.selected_run
        if run is None or run.trajectory is None:
            self.run_summary.setText("")
            return
        t = run.trajectory
        self.run_summary.setText(f"{len(self.session.runs)} run(s)   selected: step {t.steps}, f = {t.f[-1]:.6g}   ")

    # -- export ---------------------------------------------------------------------------------
    def export_csv(self, path: str) -> None:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(runs_csv(self.session.runs))

    def export_csv_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export trajectories", "trajectories.csv", "CSV (*.csv)")
        if path:
            try:
                self.export_csv(path)
                self.statusBar().showMessage(f"Saved {path}", 5000)
            except OSError as exc:
                self.statusBar().showMessage(f"Could not save {path}: {exc.strerror or exc}", 8000)

    def grab_image(self, widget: QWidget | None = None) -> QImage:
        """What ``widget`` (default: the whole window) shows, as an image. The 3-D view is a native
        OpenGL window that QWidget.grab() cannot see: its framebuffer is painted in its place."""
        widget = widget or self
        surface = self.surface_view
        gl_shown = surface.currentWidget() is surface.gl_container and surface.gl_container.isVisible()
        if widget is surface and gl_shown:
            return surface.grab_surface()
        image = widget.grab().toImage()
        container = surface.gl_container
        if gl_shown and (widget is container or widget.isAncestorOf(container)):
            frame = surface.grab_surface()
            top_left = container.mapTo(widget, QPoint(0, 0))
            painter = QPainter(image)
            painter.drawImage(QRect(top_left, container.size()), frame)
            painter.end()
        return image

    def export_png(self, widget: QWidget, path: str) -> bool:
        return self.grab_image(widget).save(path, "PNG")

    def export_png_dialog(self, widget: QWidget, name: str) -> None:
        default = name.lower().replace(" ", "_") + ".png"
        path, _ = QFileDialog.getSaveFileName(self, f"Export {name} as PNG", default, "PNG (*.png)")
        if path:
            ok = self.export_png(widget, path)
            self.statusBar().showMessage(f"Saved {path}" if ok else f"Could not save {path}", 5000)

    # -- settings -------------------------------------------------------------------------------
    def save_settings(self) -> None:
        if self.settings is None:
            return
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState(STATE_VERSION))
        s.setValue("session", json.dumps(self.session.to_state()))
        s.setValue("player/speed", self.player.speed)
        s.setValue("player/step_limit", self.player.step_limit)
        s.setValue("curves/log", self.curves_view.log_axis.isChecked())
        s.sync()

    def restore_settings(self) -> None:
        s = self.settings
        geometry, state = s.value("window/geometry"), s.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None and self.restoreState(state, STATE_VERSION):
            self._layout_pending = False
        raw = s.value("session")
        if raw:
            try:
                self.session.restore_state(json.loads(raw))
            except (TypeError, ValueError):
                pass  # a corrupt or old setting: start from the defaults
        try:
            self.player.set_speed(float(s.value("player/speed", self.player.speed)))
            self.player.set_step_limit(int(s.value("player/step_limit", self.player.step_limit)))
        except (TypeError, ValueError):
            pass
        self.run_controls.sync_from_player()
        self.curves_view.log_axis.setChecked(str(s.value("curves/log", "true")).lower() == "true")
        self.function_panel.sync_from_session()

    def closeEvent(self, event) -> None:
        self.player.pause()
        self.save_settings()
        self.session.compute.wait_for_done(5000)
        super().closeEvent(event)
