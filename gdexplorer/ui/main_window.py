"""The explorer window: docks around the 2-D map and the 3-D view, a status bar, menus, shortcuts.

It lays out views of an :class:`~gdexplorer.app.explorer.Explorer` built outside it; the state
lives there. The window keeps only its own geometry and dock layout in QSettings. Scripts
(--screenshot, the self-test, the benchmarks) use :meth:`MainWindow.render_now`,
:meth:`~MainWindow.grab_image` and :meth:`~MainWindow.save_screenshot`.
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QPoint, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QImage, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QApplication, QDockWidget, QFileDialog, QFrame, QLabel, QMainWindow, QProgressBar, QScrollArea, QSizePolicy,
    QWidget,
)

from gdexplorer._version import __version__
from gdexplorer.app.explorer import Explorer
from gdexplorer.app.undo import History
from gdexplorer.scene.export import runs_csv, with_default_suffix
from gdexplorer.ui import theme
from gdexplorer.ui.basin_panel import TITLE as BASINS_TITLE, BasinPanel
from gdexplorer.ui.curves_view import CurvesView
from gdexplorer.ui.data_mode import EPOCHS_TITLE, SCATTER_TITLE, DataModeUI
from gdexplorer.ui.explain_panel import ExplainPanel, add_explain_button
from gdexplorer.ui.export_dialogs import show_animation_dialog, show_png_dialog
from gdexplorer.ui.function_panel import FunctionPanel
from gdexplorer.ui.graph_panel import GraphPanel
from gdexplorer.ui.help import AboutDialog, ShortcutsDialog
from gdexplorer.ui.hessian_panel import HessianPanel
from gdexplorer.ui.inspector import Inspector
from gdexplorer.ui.language import LanguageMenu
from gdexplorer.ui.map_view import MapView
from gdexplorer.ui.optimizer_panel import OptimizerPanel
from gdexplorer.ui.run_controls import RunControls
from gdexplorer.ui.runs_panel import RunsPanel
from gdexplorer.ui.start_panel import StartPanel
from gdexplorer.ui.surface_view import SurfaceView
from gdexplorer.ui.sweep_panel import SweepPanel
from gdexplorer.ui.workspace_menu import WorkspaceMenu
from gdexplorer.ui.throttle import TEXT_INTERVAL_MS, Throttled
from gdexplorer.ui.views.critical import CriticalPointsOverlay
from gdexplorer.ui.views.glyphs import GlyphOverlay

STATE_VERSION = 5  # 2: the landscape lab's docks (sweep, graph, Hessian); 3: basins; 4: explain step; 5: the Data mode's docks: an older saved layout lacks them
PREFERRED_SIZE = QSize(1600, 1000)  # the first window's size on a screen large enough for it
SCREEN_FRACTION = 0.9  # on a smaller screen: this much of it, leaving room for the frame and panels
PROGRESS_FORMAT = "preparing… %p%"  # short: the status label says what is being prepared

#: (dock title, short name for menus, file name stem) of the two views, by the function's dimension:
#: in 1-D the map shows the curve f(x) and the 3-D view the slope f′(x)
VIEW_NAMES = {
    1: {"map": ("Curve f(x) and the runs", "Curve f(x)", "curve"),
        "surface": ("Slope f′(x)", "Slope f′(x)", "slope")},
    2: {"map": ("2D map: contours and −∇f", "2D map", "2d_map"),
        "surface": ("3D surface", "3D surface", "3d_surface")},
}
#: the View menu's "Reset … view" entries, by the function's dimension (what the dock shows)
RESET_VIEW_NAMES = {
    1: {"map": "Reset curve view", "surface": "Reset slope view"},
    2: {"map": "Reset map view", "surface": "Reset 3D view"},
}


def fit_to_screen(available: QRect, preferred: QSize, fraction: float = SCREEN_FRACTION) -> QRect:
    """A window rect of ``preferred`` size, shrunk to ``fraction`` of the ``available`` screen area
    where it would not fit, centred on that area."""
    width = min(preferred.width(), int(available.width() * fraction))
    height = min(preferred.height(), int(available.height() * fraction))
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    return rect


class PanelScrollArea(QScrollArea):
    """A panel that scrolls up and down when its dock is short, and is never cut sideways: its
    minimum width is the panel's, plus room for the scroll bar."""

    def __init__(self, panel: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setWidget(panel)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        width = self.widget().minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), width), hint.height())

    def event(self, event) -> bool:
        if event.type() == QEvent.LayoutRequest:  # the panel's content changed (another optimizer's form)
            self.updateGeometry()
        return super().event(event)


class MainWindow(QMainWindow):
    """The window of ``explorer``. Without one it makes its own from ``settings`` (so a bare
    ``MainWindow(settings=...)`` comes back to the saved session, as the app does)."""

    def __init__(self, explorer: Explorer | None = None, settings: QSettings | None = None, parent=None):
        super().__init__(parent)
        theme.configure_pyqtgraph()
        self.settings = settings
        self.setWindowTitle(f"gdexplorer {__version__} — gradient descent explorer")
        self.explorer = explorer if explorer is not None else Explorer(settings, parent=self)
        self.session = self.explorer.session
        self.player = self.explorer.player
        self.map_view = MapView(self.session)
        self.surface_view = SurfaceView(self.session)
        self.curves_view = CurvesView(self.session)
        self.function_panel = FunctionPanel(self.session)
        self.start_panel = StartPanel(self.session)
        self.optimizer_panel = OptimizerPanel(self.session)
        self.run_controls = RunControls(self.player)
        self.runs_panel = RunsPanel(self.session)
        self.inspector = Inspector(self.session)
        # issue 11: the Data mode (runs train (w, b) on data): its panel behind a Function | Data tab
        # in the Function dock, the data with the fitted lines, the loss per epoch, the batch gradient
        self.data_ui = DataModeUI(self, wrap=PanelScrollArea)
        # the landscape lab: tabs behind the curves and the 3-D view, raised when wanted
        self.sweep_panel = SweepPanel(self.explorer)
        self.graph_panel = GraphPanel(self.explorer)
        self.hessian_panel = HessianPanel(self.explorer, map_view=self.map_view.map_2d)
        self.basin_panel = BasinPanel(self.explorer, self.map_view.map_2d)
        # stationary points on the map, the curve and the surface: a box in the map's bar (off by default)
        self.critical_overlay = CriticalPointsOverlay(self.explorer, self.map_view, self.surface_view)
        # issue 12: glyphs at each run's point (View menu), the explained step (tabbed with the curves)
        self.glyph_overlay = GlyphOverlay(self.session, self.map_view, self.surface_view)
        self.explain_panel = ExplainPanel(self.explorer, self.map_view)
        add_explain_button(self.run_controls, self.explain_panel)
        self.docks: dict[str, QDockWidget] = {}
        self._build_docks()
        self._build_status_bar()
        self._build_actions()
        if self.explorer.notice:
            self.statusBar().showMessage(self.explorer.notice, 15_000)
        self.session.compute.progress.connect(self._on_warm_progress)
        self.session.compute.warmed.connect(self._on_warmed)
        self.session.busyChanged.connect(self._on_busy)
        self.session.expressionChecked.connect(self._on_expression_checked)
        self.session.notice.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        self.throttled_summary = Throttled(self._show_run_summary, TEXT_INTERVAL_MS, self)
        self.session.trajectoriesChanged.connect(self.throttled_summary)
        self.session.selectionChanged.connect(self.throttled_summary)
        self.session.runsChanged.connect(self.throttled_summary)
        self.session.landscapeChanged.connect(self._name_views)
        self.setGeometry(fit_to_screen(self._available_geometry(), PREFERRED_SIZE))
        if settings is not None:
            self.restore_settings()

    def _available_geometry(self, at: QPoint | None = None) -> QRect:
        """The usable area (without panels) of the screen at ``at``, else of the window's screen."""
        screen = QGuiApplication.screenAt(at) if at is not None else None
        screen = screen or self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry()

    def _fit_restored_geometry(self) -> None:
        """A window remembered from a larger screen (or a screen now gone) is fitted to this one."""
        geometry = self.geometry()
        available = self._available_geometry(geometry.center())
        if not available.contains(geometry):
            self.setGeometry(fit_to_screen(available, geometry.size()))

    # -- layout ---------------------------------------------------------------------------------
    def _dock(self, key: str, title: str, widget: QWidget, scroll: bool = False, both_ways: bool = False) -> QDockWidget:
        """A dock for ``widget``; with ``scroll`` the widget sits in a frameless scroll area, so a
        tall panel scrolls on a small screen instead of being clipped or pushing the window taller.
        ``both_ways``: it may scroll sideways too (the lab's panels, tabbed behind the views: they
        must not make the window wider than a 1280x720 screen, or 1000 px for a screenshot)."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{key}")
        if both_ways:
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.NoFrame)
            area.setWidget(widget)
            area.setObjectName(f"scroll_{key}")
            widget = area
        elif scroll:
            widget = PanelScrollArea(widget)
            widget.setObjectName(f"scroll_{key}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable | QDockWidget.DockWidgetClosable)
        self.docks[key] = dock
        return dock

    def _build_docks(self) -> None:
        self.setDockNestingEnabled(True)
        self.setCentralWidget(None)
        names = VIEW_NAMES[2]
        self._dock("function", "Function", self.data_ui.mode_switcher)  # Function | Data tabs over scrolling panels
        self._dock("start", "Start point", self.start_panel, scroll=True)
        self._dock("optimizer", "Optimizer", self.optimizer_panel, scroll=True)
        self._dock("controls", "Run controls", self.run_controls, scroll=True)
        self._dock("map", names["map"][0], self.map_view)
        self._dock("surface", names["surface"][0], self.surface_view)
        self._dock("curves", "Curves: f and |∇f| per step", self.curves_view)
        self._dock("runs", "Runs", self.runs_panel)
        self._dock("inspector", "Inspector", self.inspector, scroll=True)
        self._dock("data", SCATTER_TITLE, self.data_ui.scatter)  # the Data mode's views (raised in it)
        self._dock("epochs", EPOCHS_TITLE, self.data_ui.epoch_curves)
        self._dock("sweep", "Learning-rate sweep", self.sweep_panel, both_ways=True)
        self._dock("graph", "Backpropagation graph", self.graph_panel, both_ways=True)
        self._dock("hessian", "Hessian", self.hessian_panel, both_ways=True)
        self._dock("basins", BASINS_TITLE, self.basin_panel, both_ways=True)
        self._dock("explain", "Explain step", self.explain_panel, both_ways=True)
        self._arrange_docks()
        self._layout_pending = True  # sizes are applied once the window has its real size

    def _arrange_docks(self) -> None:
        """The default arrangement: the panels in a column on the left, the views on top right,
        the curves and the run read-outs below them."""
        d = self.docks
        function, start, optimizer, controls = d["function"], d["start"], d["optimizer"], d["controls"]
        map_, surface, curves, runs, inspector = d["map"], d["surface"], d["curves"], d["runs"], d["inspector"]
        self.addDockWidget(Qt.LeftDockWidgetArea, function)
        self.splitDockWidget(function, start, Qt.Vertical)
        self.splitDockWidget(start, optimizer, Qt.Vertical)
        self.splitDockWidget(optimizer, controls, Qt.Vertical)
        self.addDockWidget(Qt.RightDockWidgetArea, map_)
        self.splitDockWidget(map_, curves, Qt.Vertical)  # views on top, run read-outs below
        self.splitDockWidget(map_, surface, Qt.Horizontal)
        self.splitDockWidget(curves, runs, Qt.Horizontal)
        self.splitDockWidget(runs, inspector, Qt.Horizontal)
        # the basins' legend beside the map they colour, in the 3-D view's room (the inspector's is narrow)
        for front, behind in ((curves, d["sweep"]), (surface, d["graph"]), (surface, d["basins"]),
                              (inspector, d["hessian"]), (curves, d["explain"])):
            self.tabifyDockWidget(front, behind)
        for front, behind in ((surface, d["data"]), (curves, d["epochs"])):  # the Data mode's views
            self.tabifyDockWidget(front, behind)
        for front in (curves, surface, inspector):
            front.raise_()  # the lab's tabs wait behind the views a first window shows

    def reset_layout(self) -> None:
        """View > Reset layout: every dock back in its default place and size, closed ones shown."""
        for dock in self.docks.values():
            dock.setFloating(False)
            self.removeDockWidget(dock)
        self._arrange_docks()
        for dock in self.docks.values():
            dock.show()
        QTimer.singleShot(0, self._apply_default_sizes)  # once the re-added docks are laid out

    def _view_names(self) -> dict[str, tuple[str, str, str]]:
        land = self.session.landscape
        return VIEW_NAMES[land.dim if land is not None else 2]

    def _name_views(self) -> None:
        """The two views' titles and menu entries say what they show for this function's dimension."""
        for key, (title, short, _) in self._view_names().items():
            self.docks[key].setWindowTitle(title)  # the View menu's toggle follows the title
            self.export_png_actions[key].setText(short + "…")
        dim = self.session.landscape.dim if self.session.landscape is not None else 2
        for key, text in RESET_VIEW_NAMES[dim].items():
            self.reset_view_actions[key].setText(text)

    def _apply_default_sizes(self) -> None:
        d = self.docks
        width, height = self.width(), self.height()
        side = max([300] + [d[k].minimumSizeHint().width() for k in ("function", "start", "optimizer", "controls")])
        self.resizeDocks([d["function"], d["map"]], [side, width - side], Qt.Horizontal)
        self.resizeDocks([d["map"], d["surface"]], [(width - side) // 2] * 2, Qt.Horizontal)
        self.resizeDocks([d["map"], d["curves"]], [int(height * 0.66), int(height * 0.34)], Qt.Vertical)
        rest = width - side
        self.resizeDocks([d["curves"], d["runs"], d["inspector"]], [int(rest * 0.36), int(rest * 0.36), int(rest * 0.28)],
                         Qt.Horizontal)
        # start point and run controls get what they ask for (Play stays in sight); function and
        # optimizer share the rest in proportion to what they ask for, and scroll if they must
        column = [d[k] for k in ("function", "start", "optimizer", "controls")]
        hints = [dock.sizeHint().height() for dock in column]
        rest = max(sum(dock.height() for dock in column) - hints[1] - hints[3], 100)
        function = int(rest * hints[0] / (hints[0] + hints[2]))
        self.resizeDocks(column, [function, hints[1], rest - function, hints[3]], Qt.Vertical)

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
        self.progress.setFormat(PROGRESS_FORMAT)
        self.progress.setValue(0)  # not the blank "reset" state: it says "preparing… 0%" from the start
        self.progress.setToolTip("loading the numerical kernels (the first start compiles them)")
        # wide enough for its longest text, so it is never wrapped or clipped
        longest = PROGRESS_FORMAT.replace("%p", "100")
        self.progress.setMinimumWidth(self.progress.fontMetrics().horizontalAdvance(longest) + 24)
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
        # workspaces: open/save, recent files, autosave and crash recovery (ui/workspace_menu.py)
        self.workspace_menu = WorkspaceMenu(self, file_menu, settings=self.settings)
        action("Export trajectories as CSV…", "Ctrl+E", self.export_csv_dialog, file_menu)
        file_menu.addAction(self.data_ui.open_csv_action)  # switches to the Data mode
        self.addActions(self.data_ui.actions)  # their shortcuts work anywhere in the window
        png = file_menu.addMenu("Export PNG")
        self.export_png_actions: dict[str, QAction] = {}
        for key, widget in (("window", self), ("map", self.map_view), ("surface", self.surface_view),
                            ("curves", self.curves_view)):
            self.export_png_actions[key] = action(
                self._png_name(key)[0] + "…", None, lambda _=False, w=widget, k=key: self.export_png_dialog(w, k), png)
        # issue 13: a view at a chosen size (1080p, 4K), and the race as an animation (ui/export_dialogs.py)
        self.export_png_sized_action = action("Export view as PNG at a size…", "Ctrl+Shift+E",
                                              lambda: show_png_dialog(self), file_menu)
        self.export_animation_action = action("Export race as GIF or MP4…", "Ctrl+Shift+G",
                                              lambda: show_animation_dialog(self), file_menu)
        file_menu.addSeparator()
        action("Quit", "Ctrl+Q", self.close, file_menu)
        edit_menu = self.menuBar().addMenu("&Edit")  # undo / redo of edits (app/undo.py)
        history = self.history = History(self.session, self)  # the window's: QUndoStack is QtGui
        self.undo_action = action("Undo", QKeySequence.Undo, history.undo, edit_menu)
        self.redo_action = action("Redo", "Ctrl+Shift+Z", history.redo, edit_menu)
        # the explorer (and its history) may outlive this window: slots of the window's own methods
        # are disconnected when it goes
        history.stack.indexChanged.connect(self._show_history)
        history.stack.cleanChanged.connect(self._show_history)
        self._show_history()
        run_menu = self.menuBar().addMenu("&Run")
        self.play_action = action("Play / Pause", "Space", self.player.toggle, run_menu)
        self.step_action = action("Step", "Right", lambda: self.player.step(1), run_menu)
        self.reset_action = action("Reset", "R", lambda: (self.player.pause(), self.session.reset_runs()), run_menu)
        run_menu.addSeparator()
        action("Compare all optimizers", None, self.session.compare_all_optimizers, run_menu)
        run_menu.addAction(self.data_ui.preset_action)  # seed 002's three runs on its data
        run_menu.addAction(self.explain_panel.explain_action)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(self.data_ui.mode_action)  # Function | Data, as the tabs of the Function dock
        view_menu.addSeparator()
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        view_menu.addAction(self.basin_panel.toggle_action)  # the overlay on the map; its panel is raised with it
        self.basin_panel.toggle_action.toggled.connect(lambda on: self.docks["basins"].raise_() if on else None)
        view_menu.addSeparator()
        view_menu.addActions(list(self.glyph_overlay.actions.values()))  # glyphs at each run's point
        view_menu.addSeparator()
        names = RESET_VIEW_NAMES[2]
        self.reset_map_view_action = action(names["map"], None, lambda: self.map_view.reset_view(), view_menu)
        self.reset_3d_view_action = action(names["surface"], None, lambda: self.surface_view.reset_view(), view_menu)
        self.reset_view_actions = {"map": self.reset_map_view_action, "surface": self.reset_3d_view_action}
        self.reset_layout_action = action("Reset layout", None, self.reset_layout, view_menu)
        view_menu.addSeparator()
        self.language_menu = LanguageMenu(self, view_menu)  # remakes the window in the language chosen
        help_menu = self.menuBar().addMenu("&Help")
        self.shortcuts_action = action("Keyboard shortcuts…", "F1", self.show_shortcuts, help_menu)
        self.about_action = action("About gdexplorer…", None, self.show_about, help_menu)
        self.about_dialog: AboutDialog | None = None
        self.shortcuts_dialog: ShortcutsDialog | None = None

    def show_about(self) -> AboutDialog:
        if self.about_dialog is None:
            self.about_dialog = AboutDialog(self)
        self.about_dialog.show()
        self.about_dialog.raise_()
        return self.about_dialog

    def show_shortcuts(self) -> ShortcutsDialog:
        """Built from the window's actions each time, so it lists exactly the keys that work."""
        if self.shortcuts_dialog is not None:
            self.shortcuts_dialog.close()
            self.shortcuts_dialog.deleteLater()
        self.shortcuts_dialog = ShortcutsDialog(self.actions(), self)
        self.shortcuts_dialog.show()
        return self.shortcuts_dialog

    # -- start-up -------------------------------------------------------------------------------
    def _show_history(self, *_) -> None:
        stack = self.history.stack
        if not (shiboken6.isValid(stack) and shiboken6.isValid(self.undo_action)):
            return  # the explorer or the window is being torn down
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())
        self.undo_action.setText(f"Undo {stack.undoText()}" if stack.canUndo() else "Undo")
        self.redo_action.setText(f"Redo {stack.redoText()}" if stack.canRedo() else "Redo")

    def start(self) -> None:
        """Start the explorer (kernels' warm-up, then the first landscape), saying so meanwhile."""
        if not self.session.compute.is_warm:
            self.status_label.setText("Preparing: warming up the numerical kernels (the first start compiles them)…")
            self.progress.setVisible(True)
        self.explorer.start()

    def _on_warm_progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(fraction * 100))
        self.status_label.setText(f"Preparing: {text}…")

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
                variables = ", ".join(land.objective.variables)
                name = "L" if land.objective.variables == ("w", "b") else "f"  # the Data mode's loss
                self.status_label.setText(f"{name}({variables}) sampled on {grid} points")

    def _on_expression_checked(self, error) -> None:
        if error is not None:
            self.status_label.setText(f"Expression error: {error} (the last good function stays on screen)")

    def _show_run_summary(self) -> None:
        run = self.session.selected_run
        if run is None or run.trajectory is None:
            self.run_summary.setText("")
            return
        t = run.trajectory
        self.run_summary.setText(f"{len(self.session.runs)} run(s)   selected: step {run.steps_taken}, f = {t.f[-1]:.6g}   ")

    # -- export ---------------------------------------------------------------------------------
    def export_csv(self, path: str) -> None:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(runs_csv([run.record() for run in self.session.runs], self._expression_text()))

    def _expression_text(self) -> str | None:
        """The function the runs descend: the last good one (the field may hold text being typed)."""
        objective = self.session.objective
        return objective.source if objective is not None else None

    def export_csv_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export trajectories", "trajectories.csv", "CSV (*.csv)")
        if path:
            path = with_default_suffix(path, ".csv")
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

    def _png_name(self, key: str) -> tuple[str, str]:
        """(menu name, file name stem) of what the export-PNG entry ``key`` saves, as it shows now."""
        if key in VIEW_NAMES[2]:
            _, short, stem = self._view_names()[key]
            return short, stem
        return key.capitalize(), key

    def export_png_dialog(self, widget: QWidget, key: str) -> None:
        name, stem = self._png_name(key)
        path, _ = QFileDialog.getSaveFileName(self, f"Export {name} as PNG", stem + ".png", "PNG (*.png)")
        if path:
            path = with_default_suffix(path, ".png")
            ok = self.export_png(widget, path)
            self.statusBar().showMessage(f"Saved {path}" if ok else f"Could not save {path}", 5000)

    # -- scripting: screenshots, the self-test, benchmarks --------------------------------------
    def render_now(self) -> None:
        """Bring every view up to date with the session and paint it now: the updates that wait
        for their next frame (see ui/throttle.py) run at once."""
        for throttled in self.findChildren(Throttled):
            throttled.flush()
        QApplication.processEvents()
        self.repaint()
        QApplication.processEvents()

    def save_screenshot(self, path: str) -> bool:
        """The whole window, up to date, as a PNG at ``path``; False when it could not be written."""
        self.render_now()
        return self.grab_image().save(path, "PNG")

    # -- settings -------------------------------------------------------------------------------
    def save_settings(self) -> None:
        """The window's own state: geometry, dock layout, the curves' axis (the explorer saves its own)."""
        if self.settings is None:
            return
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState(STATE_VERSION))
        s.setValue("curves/log", self.curves_view.log_axis.isChecked())
        s.sync()

    def restore_settings(self) -> None:
        s = self.settings
        geometry, state = s.value("window/geometry"), s.value("window/state")
        if geometry is not None and self.restoreGeometry(geometry):
            self._fit_restored_geometry()
        if state is not None and self.restoreState(state, STATE_VERSION):
            self._layout_pending = False
        self.curves_view.log_axis.setChecked(str(s.value("curves/log", "true")).lower() == "true")

    def closeEvent(self, event) -> None:
        self.workspace_menu.close()
        self.save_settings()
        self.explorer.shutdown()
        super().closeEvent(event)
