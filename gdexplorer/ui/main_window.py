"""The explorer window: docks around the 2-D map and the 3-D view, a status bar, menus, shortcuts.

It lays out views of an :class:`~gdexplorer.app.explorer.Explorer` built outside it; the state
lives there. The window keeps only its own geometry and dock layout in QSettings. Scripts
(--screenshot, the self-test, the benchmarks) use :meth:`MainWindow.render_now`,
:meth:`~MainWindow.grab_image` and :meth:`~MainWindow.save_screenshot`.
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QPoint, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QImage, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QApplication, QDockWidget, QFileDialog, QFrame, QLabel, QMainWindow, QProgressBar, QScrollArea, QSizePolicy,
    QWidget,
)

from gdexplorer._version import __version__
from gdexplorer.app.explorer import Explorer
from gdexplorer.app.i18n import tr_message, translate
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
from gdexplorer.ui.views.minima import height_name

STATE_VERSION = 5  # 2: the landscape lab's docks (sweep, graph, Hessian); 3: basins; 4: explain step; 5: the Data mode's docks: an older saved layout lacks them
PREFERRED_SIZE = QSize(1600, 1000)  # the first window's size on a screen large enough for it
SCREEN_FRACTION = 0.9  # on a smaller screen: this much of it, leaving room for the frame and panels
#: short: the status label says what is being prepared
PROGRESS_FORMAT = QT_TRANSLATE_NOOP("MainWindow", "preparing… %p%")

#: (dock title, short name for menus, file name stem) of the two views, by the function's dimension:
#: in 1-D the map shows the curve f(x) and the 3-D view the slope f′(x). The names are English, shown
#: through translate("MainWindow", …) (see :meth:`MainWindow._view_names`)
VIEW_NAMES = {
    1: {"map": (QT_TRANSLATE_NOOP("MainWindow", "Curve f(x) and the runs"),
                QT_TRANSLATE_NOOP("MainWindow", "Curve f(x)"), "curve"),
        "surface": (QT_TRANSLATE_NOOP("MainWindow", "Slope f′(x)"), QT_TRANSLATE_NOOP("MainWindow", "Slope f′(x)"),
                    "slope")},
    2: {"map": (QT_TRANSLATE_NOOP("MainWindow", "2D map: contours and −∇f"),
                QT_TRANSLATE_NOOP("MainWindow", "2D map"), "2d_map"),
        "surface": (QT_TRANSLATE_NOOP("MainWindow", "3D surface"), QT_TRANSLATE_NOOP("MainWindow", "3D surface"),
                    "3d_surface")},
}
#: the View menu's "Reset … view" entries, by the function's dimension (what the dock shows)
RESET_VIEW_NAMES = {
    1: {"map": QT_TRANSLATE_NOOP("MainWindow", "Reset curve view"),
        "surface": QT_TRANSLATE_NOOP("MainWindow", "Reset slope view")},
    2: {"map": QT_TRANSLATE_NOOP("MainWindow", "Reset map view"),
        "surface": QT_TRANSLATE_NOOP("MainWindow", "Reset 3D view")},
}
#: File > Export PNG's entries that are not one of the two views above
PNG_NAMES = {"window": QT_TRANSLATE_NOOP("MainWindow", "Window"), "curves": QT_TRANSLATE_NOOP("MainWindow", "Curves")}


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
        self.setWindowTitle(translate("MainWindow", "gdexplorer {version} — gradient descent explorer").format(
            version=__version__))
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
            self.statusBar().showMessage(tr_message(self.explorer.notice), 15_000)
        self.session.compute.progress.connect(self._on_warm_progress)
        self.session.compute.warmed.connect(self._on_warmed)
        self.session.busyChanged.connect(self._on_busy)
        self.session.expressionChecked.connect(self._on_expression_checked)
        self.session.notice.connect(lambda text: self.statusBar().showMessage(tr_message(text), 15_000))
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
        # Function | Data tabs over scrolling panels
        self._dock("function", translate("MainWindow", "Function"), self.data_ui.mode_switcher)
        self._dock("start", translate("MainWindow", "Start point"), self.start_panel, scroll=True)
        self._dock("optimizer", translate("MainWindow", "Optimizer"), self.optimizer_panel, scroll=True)
        self._dock("controls", translate("MainWindow", "Run controls"), self.run_controls, scroll=True)
        self._dock("map", translate("MainWindow", names["map"][0]), self.map_view)
        self._dock("surface", translate("MainWindow", names["surface"][0]), self.surface_view)
        self._dock("curves", translate("MainWindow", "Curves: f and |∇f| per step"), self.curves_view)
        self._dock("runs", translate("MainWindow", "Runs"), self.runs_panel)
        self._dock("inspector", translate("MainWindow", "Inspector"), self.inspector, scroll=True)
        # the Data mode's views (raised in it); their titles are their modules' (QT_TRANSLATE_NOOP constants)
        self._dock("data", translate("DataModeUI", SCATTER_TITLE), self.data_ui.scatter)
        self._dock("epochs", translate("DataModeUI", EPOCHS_TITLE), self.data_ui.epoch_curves)
        self._dock("sweep", translate("MainWindow", "Learning-rate sweep"), self.sweep_panel, both_ways=True)
        self._dock("graph", translate("MainWindow", "Backpropagation graph"), self.graph_panel, both_ways=True)
        self._dock("hessian", translate("MainWindow", "Hessian"), self.hessian_panel, both_ways=True)
        self._dock("basins", translate("BasinPanel", BASINS_TITLE), self.basin_panel, both_ways=True)
        self._dock("explain", translate("MainWindow", "Explain step"), self.explain_panel, both_ways=True)
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
        """(dock title, menu name, file name stem) of the two views, names in the interface's language."""
        land = self.session.landscape
        return {key: (translate("MainWindow", title), translate("MainWindow", short), stem)
                for key, (title, short, stem) in VIEW_NAMES[land.dim if land is not None else 2].items()}

    def _name_views(self) -> None:
        """The two views' titles and menu entries say what they show for this function's dimension."""
        for key, (title, short, _) in self._view_names().items():
            self.docks[key].setWindowTitle(title)  # the View menu's toggle follows the title
            self.export_png_actions[key].setText(short + "…")
        dim = self.session.landscape.dim if self.session.landscape is not None else 2
        for key, text in RESET_VIEW_NAMES[dim].items():
            self.reset_view_actions[key].setText(translate("MainWindow", text))

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
        self.status_label = QLabel(translate("MainWindow", "Starting…"))
        self.status_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # long text must not widen the window
        self.progress = QProgressBar()
        self.progress.setObjectName("warmup_progress")
        self.progress.setRange(0, 100)
        self.progress.setFormat(translate("MainWindow", PROGRESS_FORMAT))
        self.progress.setValue(0)  # not the blank "reset" state: it says "preparing… 0%" from the start
        self.progress.setToolTip(translate("MainWindow",
                                           "loading the numerical kernels (the first start compiles them)"))
        # wide enough for its longest text, so it is never wrapped or clipped
        longest = self.progress.format().replace("%p", "100")
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

        file_menu = self.menuBar().addMenu(translate("MainWindow", "&File"))
        # workspaces: open/save, recent files, autosave and crash recovery (ui/workspace_menu.py)
        self.workspace_menu = WorkspaceMenu(self, file_menu, settings=self.settings)
        action(translate("MainWindow", "Export trajectories as CSV…"), "Ctrl+E", self.export_csv_dialog, file_menu)
        file_menu.addAction(self.data_ui.open_csv_action)  # switches to the Data mode
        self.addActions(self.data_ui.actions)  # their shortcuts work anywhere in the window
        png = file_menu.addMenu(translate("MainWindow", "Export PNG"))
        self.export_png_actions: dict[str, QAction] = {}
        for key, widget in (("window", self), ("map", self.map_view), ("surface", self.surface_view),
                            ("curves", self.curves_view)):
            self.export_png_actions[key] = action(
                self._png_name(key)[0] + "…", None, lambda _=False, w=widget, k=key: self.export_png_dialog(w, k), png)
        # issue 13: a view at a chosen size (1080p, 4K), and the race as an animation (ui/export_dialogs.py)
        self.export_png_sized_action = action(translate("MainWindow", "Export view as PNG at a size…"),
                                              "Ctrl+Shift+E", lambda: show_png_dialog(self), file_menu)
        self.export_animation_action = action(translate("MainWindow", "Export race as GIF or MP4…"), "Ctrl+Shift+G",
                                              lambda: show_animation_dialog(self), file_menu)
        file_menu.addSeparator()
        action(translate("MainWindow", "Quit"), "Ctrl+Q", self.close, file_menu)
        edit_menu = self.menuBar().addMenu(translate("MainWindow", "&Edit"))  # undo / redo of edits (app/undo.py)
        history = self.history = History(self.session, self)  # the window's: QUndoStack is QtGui
        self.undo_action = action(translate("MainWindow", "Undo"), QKeySequence.Undo, history.undo, edit_menu)
        self.redo_action = action(translate("MainWindow", "Redo"), "Ctrl+Shift+Z", history.redo, edit_menu)
        # the explorer (and its history) may outlive this window: slots of the window's own methods
        # are disconnected when it goes
        history.stack.indexChanged.connect(self._show_history)
        history.stack.cleanChanged.connect(self._show_history)
        self._show_history()
        run_menu = self.menuBar().addMenu(translate("MainWindow", "&Run"))
        self.play_action = action(translate("MainWindow", "Play / Pause"), "Space", self.player.toggle, run_menu)
        self.step_action = action(translate("MainWindow", "Step"), "Right", lambda: self.player.step(1), run_menu)
        self.reset_action = action(translate("MainWindow", "Reset"), "R",
                                   lambda: (self.player.pause(), self.session.reset_runs()), run_menu)
        run_menu.addSeparator()
        action(translate("MainWindow", "Compare all optimizers"), None, self.session.compare_all_optimizers, run_menu)
        run_menu.addAction(self.data_ui.preset_action)  # seed 002's three runs on its data
        run_menu.addAction(self.explain_panel.explain_action)
        view_menu = self.menuBar().addMenu(translate("MainWindow", "&View"))
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
        self.reset_map_view_action = action(translate("MainWindow", names["map"]), None,
                                            lambda: self.map_view.reset_view(), view_menu)
        self.reset_3d_view_action = action(translate("MainWindow", names["surface"]), None,
                                           lambda: self.surface_view.reset_view(), view_menu)
        self.reset_view_actions = {"map": self.reset_map_view_action, "surface": self.reset_3d_view_action}
        self.reset_layout_action = action(translate("MainWindow", "Reset layout"), None, self.reset_layout, view_menu)
        view_menu.addSeparator()
        self.language_menu = LanguageMenu(self, view_menu)  # remakes the window in the language chosen
        help_menu = self.menuBar().addMenu(translate("MainWindow", "&Help"))
        self.shortcuts_action = action(translate("MainWindow", "Keyboard shortcuts…"), "F1", self.show_shortcuts,
                                       help_menu)
        self.about_action = action(translate("MainWindow", "About gdexplorer…"), None, self.show_about, help_menu)
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
        # the commands' names are in the language they were made in (app/undo.py)
        self.undo_action.setText(translate("MainWindow", "Undo {change}").format(change=stack.undoText())
                                 if stack.canUndo() else translate("MainWindow", "Undo"))
        self.redo_action.setText(translate("MainWindow", "Redo {change}").format(change=stack.redoText())
                                 if stack.canRedo() else translate("MainWindow", "Redo"))

    def start(self) -> None:
        """Start the explorer (kernels' warm-up, then the first landscape), saying so meanwhile."""
        if not self.session.compute.is_warm:
            self.status_label.setText(translate(
                "MainWindow", "Preparing: warming up the numerical kernels (the first start compiles them)…"))
            self.progress.setVisible(True)
        self.explorer.start()

    def _on_warm_progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(fraction * 100))
        # the warm-up's texts are English (app/compute.py): translated here, in their context
        self.status_label.setText(translate("MainWindow", "Preparing: {task}…").format(
            task=translate("ComputeService", text)))

    def _on_warmed(self, seconds: float) -> None:
        self.progress.setVisible(False)
        self.status_label.setText(translate(
            "MainWindow", "Ready (kernels loaded in {seconds:.1f} s). Space: play/pause, →: step, R: reset").format(
            seconds=seconds))

    def _on_busy(self, busy: bool) -> None:
        if busy and self.session.compute.is_warm:
            self.status_label.setText(translate("MainWindow", "Computing the landscape…"))
        elif not busy and self.session.compute.is_warm and self.session.error is None:
            land = self.session.landscape
            if land is not None:
                n = land.xs.size
                grid = f"{n}" if land.dim == 1 else f"{n}×{n}"
                variables = ", ".join(land.objective.variables)
                name = "L" if land.objective.variables == ("w", "b") else "f"  # the Data mode's loss
                sampled = translate("MainWindow", "{function}({variables}) sampled on {grid} points")
                self.status_label.setText(sampled.format(function=name, variables=variables, grid=grid))

    def _on_expression_checked(self, error) -> None:
        if error is not None:
            self.status_label.setText(translate(
                "MainWindow", "Expression error: {error} (the last good function stays on screen)").format(
                error=tr_message(error)))

    def _show_run_summary(self) -> None:
        run = self.session.selected_run
        if run is None or run.trajectory is None:
            self.run_summary.setText("")
            return
        t, count = run.trajectory, len(self.session.runs)  # (lupdate reads a plain name as the count, not a call)
        land = self.session.landscape
        name = height_name(land) if land is not None else "f"  # the Data mode's loss is L
        self.run_summary.setText(translate("MainWindow", "%n run(s)   selected: step {step}, {name} = {f:.6g}   ", None,
                                           count).format(step=run.steps_taken, name=name, f=t.f[-1]))

    # -- export ---------------------------------------------------------------------------------
    def export_csv(self, path: str) -> None:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(runs_csv([run.record() for run in self.session.runs], self._expression_text()))

    def _expression_text(self) -> str | None:
        """The function the runs descend: the last good one (the field may hold text being typed)."""
        objective = self.session.objective
        return objective.source if objective is not None else None

    def export_csv_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, translate("MainWindow", "Export trajectories"), "trajectories.csv",
                                              translate("MainWindow", "CSV (*.csv)"))
        if path:
            path = with_default_suffix(path, ".csv")
            try:
                self.export_csv(path)
                self.statusBar().showMessage(translate("MainWindow", "Saved {path}").format(path=path), 5000)
            except OSError as exc:
                self.statusBar().showMessage(translate("MainWindow", "Could not save {path}: {reason}").format(
                    path=path, reason=exc.strerror or exc), 8000)

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
        return translate("MainWindow", PNG_NAMES[key]), key

    def export_png_dialog(self, widget: QWidget, key: str) -> None:
        name, stem = self._png_name(key)
        path, _ = QFileDialog.getSaveFileName(self, translate("MainWindow", "Export {view} as PNG").format(view=name),
                                              stem + ".png", translate("MainWindow", "PNG (*.png)"))
        if path:
            path = with_default_suffix(path, ".png")
            ok = self.export_png(widget, path)
            text = translate("MainWindow", "Saved {path}") if ok else translate("MainWindow", "Could not save {path}")
            self.statusBar().showMessage(text.format(path=path), 5000)

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
