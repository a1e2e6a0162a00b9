"""Issue 8 ("trust what you see"), the window's part: it fits the screen, its texts stay current and
say what they show, exports get their suffix and say how they were made, Help exists, icons not glyphs."""
from __future__ import annotations

import csv
import io

import numba
import numpy as np
import PySide6
import pyqtgraph
import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAction, QImage, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLineEdit, QScrollArea, QStyle

from gdexplorer._version import __version__
from gdexplorer.app.explorer import Explorer
from gdexplorer.app.runs import RunSettings
from gdexplorer.core.presets import get_preset
from gdexplorer.ui.main_window import MainWindow, fit_to_screen
from ui_input import type_expression


def menu(window, title: str):
    """The menu-bar menu called ``title`` (found as a user reads it, without the & mnemonic)."""
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == title:
            return action.menu()
    raise AssertionError(f"no {title} menu in {[a.text() for a in window.menuBar().actions()]}")


def menu_action(menu_, text: str) -> QAction:
    for action in menu_.actions():
        if action.text().replace("&", "").rstrip("…") == text:
            return action
    raise AssertionError(f"no {text!r} in {[a.text() for a in menu_.actions()]}")


def rect_in_window(window, widget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def fully_shown(window, widget) -> bool:
    """Visible, inside the window, and not clipped by a parent (a short dock or a scroll area)."""
    return (widget.isVisible() and window.rect().contains(rect_in_window(window, widget))
            and widget.visibleRegion().boundingRect() == widget.rect())


def all_reachable(panel) -> bool:
    """Not squashed below the height its content needs (wrapped text included); where it is taller
    than the room its dock gives, it scrolls."""
    needed = panel.heightForWidth(panel.width()) if panel.hasHeightForWidth() else -1
    needed = max(needed, panel.minimumSizeHint().height())
    if panel.height() < needed:
        return False
    area = panel.parentWidget().parentWidget()  # a scroll area's viewport, then the area
    shown = panel.visibleRegion().boundingRect().height()
    return panel.height() <= shown or (isinstance(area, QScrollArea) and area.verticalScrollBar().isVisible())


def new_window(qtbot, settings, size=None) -> MainWindow:
    win = MainWindow(Explorer(settings), settings)
    qtbot.addWidget(win)
    if size is not None:
        win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    return win


# -- issue 8.5: the window fits the screen -----------------------------------------------------------

@pytest.mark.parametrize("available", [QRect(0, 0, 1280, 800), QRect(0, 32, 1280, 768), QRect(1920, 0, 1366, 768)])
def test_fit_to_screen_keeps_the_window_on_a_small_screen(available):
    """issue 8.5: the first window on a 1280×800 screen (with or without a panel, or on a second
    screen) lies inside the usable area, centred, no larger than asked."""
    rect = fit_to_screen(available, QSize(1600, 1000))
    assert available.contains(rect)
    assert rect.width() <= 1600 and rect.height() <= 1000
    assert rect.height() < available.height() - 30  # room left for the title bar
    assert abs(rect.center().x() - available.center().x()) <= 1
    assert abs(rect.center().y() - available.center().y()) <= 1


def test_fit_to_screen_keeps_the_preferred_size_on_a_large_screen():
    """issue 8.5: on a screen with room, the window gets its preferred size."""
    assert fit_to_screen(QRect(0, 0, 2560, 1440), QSize(1600, 1000)).size() == QSize(1600, 1000)


def test_first_and_restored_windows_fit_a_1280x800_screen(qtbot, settings, monkeypatch):
    """issue 8.5: a first window, and one remembered from a larger screen, fit a 1280×800 screen."""
    small = QRect(0, 0, 1280, 800)
    big = MainWindow(Explorer(settings), settings)  # remembered at 1500×950 on a large screen
    qtbot.addWidget(big)
    big.setGeometry(50, 50, 1500, 950)
    big.save_settings()
    monkeypatch.setattr(MainWindow, "_available_geometry", lambda self, at=None: small)
    first = MainWindow(Explorer())
    qtbot.addWidget(first)
    assert small.contains(first.geometry())
    restored = MainWindow(Explorer(settings), settings)
    qtbot.addWidget(restored)
    assert small.contains(restored.geometry())


def test_the_window_works_at_1280x720(wait_landscape, qtbot, settings):
    """issue 8.5 and 8.12: at 1280×720 every dock shows, Play/Step/Reset, the status bar and the
    warm-up progress bar are whole and inside the window, even with Adam's long form; the warm-up
    progress bar's text fits in it."""
    window = new_window(qtbot, settings, (1280, 720))
    window.start()
    bar = window.progress
    assert bar.isVisible() and fully_shown(window, bar)  # still warming up: the signals are queued
    assert "preparing" in bar.text()
    padding = 4
    assert bar.fontMetrics().horizontalAdvance(bar.text()) + 2 * padding <= bar.width()
    wait_landscape(window)
    window.session.set_optimizer("adam")  # the tallest optimizer form
    qtbot.waitUntil(lambda: window.optimizer_panel.findChild(QLineEdit, "hp_beta2") is not None)
    controls = window.run_controls
    widgets = [controls.play_button, controls.step_button, controls.reset_button, window.statusBar()]
    panels = [window.function_panel, window.start_panel, window.optimizer_panel, controls, window.runs_panel,
              window.inspector]

    lab = [window.docks[key] for key in ("sweep", "graph", "hessian", "basins", "explain",
                                         "data", "epochs")]  # tabs behind the views (data, epochs: the Data mode's)

    def shown_in_the_window(dock):
        assert dock.isVisible() and not dock.isFloating(), dock.windowTitle()
        assert window.rect().contains(rect_in_window(window, dock)), dock.windowTitle()
        assert dock.widget().isVisible() and dock.widget().height() >= 40, dock.windowTitle()

    def laid_out():
        assert window.size() == QSize(1280, 720)
        for dock in window.docks.values():
            if dock in lab:  # a tab behind a view: it has a tab to raise it by
                assert window.tabifiedDockWidgets(dock), dock.windowTitle()
            else:
                shown_in_the_window(dock)
        for widget in widgets:
            assert fully_shown(window, widget), widget.objectName()
        for panel in panels:
            assert all_reachable(panel), type(panel).__name__

    qtbot.waitUntil(laid_out, timeout=5_000)
    hint = window.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 720 - 40  # a 1280×720 screen less a title bar
    for dock in lab:  # raised, each lab tab takes its view's place, inside the window
        dock.raise_()
        qtbot.waitUntil(lambda dock=dock: shown_in_the_window(dock) is None, timeout=5_000)
        assert window.size() == QSize(1280, 720)


# -- issue 8.8: the status bar follows the selection ---------------------------------------------------

def test_the_status_bar_shows_the_run_clicked_in_the_table(qtbot, window):
    """issue 8.8: clicking another run in the runs table updates the status bar's "selected: …"."""
    session = window.session
    qtbot.mouseClick(window.runs_panel.duplicate_button, Qt.LeftButton)
    session.update_run(1, start=(1.5, -0.5))  # a different start: a different f
    for _ in range(3):
        qtbot.mouseClick(window.run_controls.step_button, Qt.LeftButton)
    first, second = (run.trajectory for run in session.runs)
    assert first.f[-1] != second.f[-1]
    summary = window.run_summary
    qtbot.waitUntil(lambda: f"f = {second.f[-1]:.6g}" in summary.text())  # run 2 is selected
    table = window.runs_panel.table
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=table.visualItemRect(table.item(0, 1)).center())
    assert session.selected == 0
    qtbot.waitUntil(lambda: f"selected: step 3, f = {first.f[-1]:.6g}" in summary.text(), timeout=2_000)


# -- issue 8.11: in 1-D the views' names say what they show ------------------------------------------

def view_names(window) -> tuple[str, str, list[str], list[str]]:
    png = menu_action(menu(window, "File"), "Export PNG").menu()
    view = [a.text() for a in menu(window, "View").actions()]
    return (window.docks["map"].windowTitle(), window.docks["surface"].windowTitle(),
            [a.text() for a in png.actions()], view)


def test_view_titles_and_menus_follow_the_dimension(wait_landscape, qtbot, window):
    """issue 8.11: 1-D docks and menus say "curve f(x)" and "slope f′(x)", 2-D ones "2D map" and "3D"."""
    map_title, surface_title, png, view = view_names(window)
    assert map_title.startswith("2D map") and surface_title == "3D surface"
    assert "2D map…" in png and "3D surface…" in png
    type_expression(qtbot, window, "x*cos(pi*x)")
    wait_landscape(window, "x*cos(pi*x)")
    map_title, surface_title, png, view = view_names(window)
    assert "f(x)" in map_title and "2D" not in map_title
    assert "f′(x)" in surface_title and "3D" not in surface_title
    assert map_title in view and surface_title in view  # the View menu's show/hide entries
    assert not any("2D" in t or "3D" in t for t in png) and "Curve f(x)…" in png and "Slope f′(x)…" in png
    window.session.apply_preset("bowl")
    wait_landscape(window, get_preset("bowl").expression)
    map_title, surface_title, png, view = view_names(window)
    assert map_title.startswith("2D map") and surface_title == "3D surface" and "2D map…" in png
    assert map_title in view


# -- issue 8.13: exports typed without a suffix get one ---------------------------------------------

def test_exports_typed_without_a_suffix_get_one(qtbot, window, tmp_path, monkeypatch):
    """issue 8.13: "shot" is saved as shot.png (a real PNG), "runs" as runs.csv (the runs' rows)."""
    chosen = {}
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (chosen["path"], "")))
    chosen["path"] = str(tmp_path / "shot")
    menu_action(menu_action(menu(window, "File"), "Export PNG").menu(), "2D map").trigger()
    png = tmp_path / "shot.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(png))
    assert image.width() == window.map_view.width() and image.height() == window.map_view.height()
    assert not (tmp_path / "shot").exists()
    chosen["path"] = str(tmp_path / "runs")
    menu_action(menu(window, "File"), "Export trajectories as CSV").trigger()
    text = (tmp_path / "runs.csv").read_text()
    rows = list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))
    assert len(rows) == window.session.runs[0].trajectory.steps + 1 and rows[0]["step"] == "0"


# -- issue 8.18: Help and Reset layout -------------------------------------------------------------------

def test_about_box(qtbot, window):
    """issue 8.18: Help > About says the version, what it is, the license and the libraries' versions."""
    menu_action(menu(window, "Help"), "About gdexplorer").trigger()
    dialog = window.about_dialog
    qtbot.waitExposed(dialog)
    text = dialog.text.text()
    for expected in (f"gdexplorer {__version__}", "gradient descent", "MIT", f"PySide6 {PySide6.__version__}",
                     f"pyqtgraph {pyqtgraph.__version__}", f"numba {numba.__version__}", f"numpy {np.__version__}"):
        assert expected in text
    dialog.close()
    assert not dialog.isVisible()


def test_keyboard_shortcuts_dialog_lists_the_window_actions(qtbot, window):
    """issue 8.18: Help > Keyboard shortcuts lists the keys the window answers to, read from its actions."""
    menu_action(menu(window, "Help"), "Keyboard shortcuts").trigger()
    dialog = window.shortcuts_dialog
    qtbot.waitExposed(dialog)
    rows = dialog.rows()
    for row in (("Play / Pause", "Space"), ("Step", "Right"), ("Reset", "R"),
                ("Export trajectories as CSV", "Ctrl+E"), ("Quit", "Ctrl+Q")):
        assert row in rows
    assert len(rows) == len({r[0] for r in rows})  # each action once
    dialog.close()
    extra = QAction("Zoom to fit", window)  # a new shortcut shows up without editing the dialog
    extra.setShortcut(QKeySequence("Ctrl+0"))
    window.addAction(extra)
    window.shortcuts_action.trigger()
    assert ("Zoom to fit", "Ctrl+0") in window.shortcuts_dialog.rows()
    window.shortcuts_dialog.close()


def test_reset_layout_restores_the_default_docks(qtbot, window):
    """issue 8.18: View > Reset layout shows closed docks and puts floating and moved ones back."""
    docks = window.docks
    docks["inspector"].close()
    docks["surface"].setFloating(True)
    window.addDockWidget(Qt.LeftDockWidgetArea, docks["runs"])
    qtbot.waitUntil(lambda: not docks["inspector"].isVisible())
    menu_action(menu(window, "View"), "Reset layout").trigger()
    left = {"function", "start", "optimizer", "controls"}

    def restored():
        for key, dock in docks.items():
            assert dock.isVisible() and not dock.isFloating(), key
            area = Qt.LeftDockWidgetArea if key in left else Qt.RightDockWidgetArea
            assert window.dockWidgetArea(dock) == area, key
        # the default arrangement: map beside the surface, the curves under the map
        assert docks["map"].geometry().right() < docks["surface"].geometry().left()
        assert docks["map"].geometry().bottom() < docks["curves"].geometry().top()
        assert docks["function"].geometry().bottom() < docks["controls"].geometry().top()

    qtbot.waitUntil(restored, timeout=3_000)


# -- issue 8.19: the CSV says how it was made ---------------------------------------------------------

def parse_run_comment(line: str) -> tuple[int, str, dict[str, str]]:
    head, body = line[len("# run "):].split(": ", 1)
    name, *pairs = body.split()
    return int(head), name, dict(pair.split("=", 1) for pair in pairs)


def test_csv_header_has_every_runs_hyperparameters(qtbot, window, tmp_path):
    """issue 8.19: comment lines give the version, the function and each run's resolved settings
    (floats read back exactly); the data columns are unchanged."""
    session = window.session
    session.set_runs([
        RunSettings(optimizer="adam", hyperparameters={"lr": 0.05, "beta1": 0.8, "amsgrad": 1.0},
                    start=(-1.5, 2.0)),
        RunSettings(optimizer="sgd", noise=0.25, start=(0.1 + 0.2, -1 / 3), seed=7, colour="#4dd2ff"),
        RunSettings(optimizer="rmsprop", start=(1.0, 1.0), colour="#ffd24d"),
    ])
    for _ in range(2):
        qtbot.mouseClick(window.run_controls.step_button, Qt.LeftButton)
    path = tmp_path / "runs.csv"
    window.export_csv(str(path))
    lines = path.read_text().splitlines()
    comments = [line for line in lines if line.startswith("#")]
    assert comments[0] == f"# gdexplorer {__version__}"
    assert comments[1] == f"# f(x, y) = {session.objective.source}"
    parsed = [parse_run_comment(line) for line in comments[2:]]
    assert [p[0] for p in parsed] == [1, 2, 3]
    for (_, name, values), run in zip(parsed, session.runs):
        s = run.settings
        expected = s.spec.resolve(s.hyperparameters)
        assert name == s.optimizer
        assert {k: float(values[k]) for k in expected} == expected
        assert tuple(float(v) for v in values["start"].strip("()").split(",")) == s.start
        noise = s.spec.default_noise if s.noise is None else s.noise
        assert float(values["noise"]) == noise and int(values["seed"]) == s.seed
    assert parsed[0][2]["beta1"] == "0.8" and parsed[0][2]["amsgrad"] == "1"  # a switch: 0 or 1
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    assert list(rows[0]) == ["run", "optimizer", "lr", "step", "x", "y", "f", "gx", "gy"]
    assert len(rows) == 3 * 3


# -- issue 8.20: icons, not glyphs a font may lack ----------------------------------------------------------

def icon_image(icon):
    return icon.pixmap(16, 16).toImage()


def test_run_buttons_have_icons_and_latin1_labels(qtbot, window):
    """issue 8.20: Play/Pause, Step and Reset carry icons and plain-word labels (Latin-1 only)."""
    controls = window.run_controls
    for button in (controls.step_button, controls.play_button, controls.reset_button):
        assert not button.icon().isNull()
        assert button.text() and all(ord(c) < 256 for c in button.text()), button.text()
    style = controls.style()
    play, pause = style.standardIcon(QStyle.SP_MediaPlay), style.standardIcon(QStyle.SP_MediaPause)
    assert icon_image(play) != icon_image(pause)
    assert icon_image(controls.play_button.icon()) == icon_image(play)
    qtbot.mouseClick(controls.play_button, Qt.LeftButton)
    assert window.player.playing
    assert icon_image(controls.play_button.icon()) == icon_image(pause)
    assert controls.play_button.text() == "Pause"
    qtbot.mouseClick(controls.play_button, Qt.LeftButton)
    assert icon_image(controls.play_button.icon()) == icon_image(play)
    assert controls.play_button.text() == "Play"


def test_view_menu_resets_the_map_and_the_3d_view(qtbot, window):
    """issue 8.16/8.18: View > Reset map view and Reset 3D view undo a zoom and an orbit."""
    land = window.session.landscape
    plot = window.map_view.plot.getPlotItem()
    plot.setRange(xRange=(0.1, 0.2), yRange=(0.1, 0.2), padding=0)
    menu_action(menu(window, "View"), "Reset map view").trigger()
    (x0, x1), _ = plot.viewRange()
    assert (x0, x1) == pytest.approx(land.x_range)
    gl = window.surface_view.gl
    default = {k: gl.opts[k] for k in ("distance", "azimuth", "elevation")}
    gl.orbit(40, 15)
    gl.setCameraPosition(distance=default["distance"] * 3)
    menu_action(menu(window, "View"), "Reset 3D view").trigger()
    assert {k: gl.opts[k] for k in default} == pytest.approx(default)
