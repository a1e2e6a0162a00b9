"""Findings of the real-input tour after issue 8 (xdotool under Xvfb, screenshots in /work/tour):
arrows where f is undefined, presets and the user's learning rates, a readable expression error,
text that fits at 1280×720, run colours far apart (and kept when selected), menus that say 1-D, the
range boxes' error look, switches written as 0/1 in the CSV header.

Each test drives the real window (clicks, keys, list picks) and failed before its fix.
"""
from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QLabel, QStyle, QStyleOptionSpinBox

from gdexplorer.app.runs import RUN_COLOURS
from gdexplorer.core.optimizers import OPTIMIZERS
from gdexplorer.core.presets import get_preset
from tests.ui.test_trust_runs import choose_preset, contrast, oklab, pick_from_list, type_expression, type_into
from tests.ui.test_trust_window import menu, new_window


def arrow_centres(window) -> np.ndarray:
    """The middle of every −∇f arrow shaft drawn on the 2-D map (6 points an arrow: shaft, head)."""
    points = []
    for curve in window.map_view.map_2d.arrows:
        x, y = curve.getData()
        if x is not None and len(x):
            points.append(np.stack([x, y], -1).reshape(-1, 6, 2))
    points = np.concatenate(points)
    return (points[:, 0] + points[:, 1]) / 2


# -- finding 1: no arrows where f is undefined ---------------------------------------------------------
def test_no_descent_arrows_where_f_is_undefined(wait_landscape, qtbot, window):
    """log(x*y) is NaN where x*y < 0 (hatched on the map) while its gradient (1/x, 1/y) is finite
    there: the map drew −∇f arrows all over those quadrants, reading "you can descend here"."""
    type_expression(qtbot, window, wait_landscape, "log(x*y)")
    qtbot.waitUntil(lambda: len(arrow_centres(window)) > 50, timeout=5_000)
    centres = arrow_centres(window)
    product = centres[:, 0] * centres[:, 1]
    assert (product > 0).all(), f"{int((product < 0).sum())} arrows drawn where f is undefined"


# -- finding 2: a preset's learning rates, and no silent duplicates -------------------------------------
def test_a_preset_sets_its_rates_and_merges_the_runs_that_became_identical(wait_landscape, qtbot, window):
    """A preset is a curated setup: every run takes the preset's learning rate for its optimizer (a
    rate tuned on the last function says nothing about this one, and a teacher picking a preset
    expects the setup its description talks about). Before, the user's "gd α=2" (tuned on the bowl)
    silently became a second "gd α=0.1" beside the one "compare all" had added: two identical rows,
    two identical paths. Now a run that would walk the same path as an earlier one is merged into
    it, and the status bar says which rates changed and which duplicate went."""
    choose_preset(qtbot, window, wait_landscape, "bowl")
    type_into(qtbot, window.optimizer_panel.lr_field, "2")
    assert window.session.runs[0].settings.label == "gd  α=2"
    qtbot.mouseClick(window.runs_panel.compare_button, Qt.LeftButton)
    assert len(window.session.runs) == len(OPTIMIZERS) + 1  # gd α=2 and the comparison's gd

    choose_preset(qtbot, window, wait_landscape, "seed004")
    runs = window.session.runs
    labels = [r.settings.label for r in runs]
    assert len(labels) == len(set(labels)), labels  # no two identical rows
    assert len(runs) == len(OPTIMIZERS)
    preset = get_preset("seed004")
    assert all(r.settings.learning_rate == preset.learning_rate_for(r.settings.optimizer) for r in runs)
    table = window.runs_panel.table
    assert table.rowCount() == len(runs)
    assert [table.item(row, 0).text().strip(" ●") for row in range(table.rowCount())] == labels
    message = window.statusBar().currentMessage()
    assert "learning rates set from the preset" in message, message
    assert "gd α=2 → 0.1" in message and "1 duplicate run removed" in message, message
    assert window.session.selected_run in runs


# -- finding 3: a readable expression error ------------------------------------------------------------
def test_the_expression_error_reads_on_the_panel_and_the_formula_is_marked_stale(wait_landscape, qtbot, window):
    """`x^2 + * y`: the echoed expression under "unexpected '*' at column 7" was #e6e6e6 on the light
    panel (invisible) and the message #ff6b6b (faint). Every colour of the error now has a WCAG
    contrast >= 4.5 against the panel's window colour (read from the label's own palette); the
    formula and description still shown are greyed and marked as the last good function, until
    the text is fixed."""
    panel = window.function_panel
    choose_preset(qtbot, window, wait_landscape, "bowl")
    good_formula = panel.formula.text()
    assert "last good" not in good_formula
    field = panel.expression
    field.selectAll()
    qtbot.keyClick(field, Qt.Key_Delete)
    qtbot.keyClicks(field, "x^2 + * y")
    qtbot.waitUntil(lambda: panel.error.isVisible(), timeout=5_000)
    assert "column 7" in panel.error.text()
    background = panel.error.palette().color(QPalette.Window)
    colours = re.findall(r"color:\s*(#[0-9a-fA-F]{6})", panel.error.text())
    assert len(colours) >= 3  # the message, the echoed text, the caret
    for colour in colours:
        assert contrast(colour, background.name()) >= 4.5, (colour, background.name())
    assert "last good function" in panel.formula.text()
    grey = panel.palette().color(QPalette.Disabled, QPalette.WindowText).name()
    assert grey in panel.formula.styleSheet() and grey in panel.description.styleSheet()

    field.selectAll()
    qtbot.keyClicks(field, "x^2 + 2*y^2")
    wait_landscape(window, "x^2 + 2*y^2")
    qtbot.waitUntil(lambda: not panel.error.isVisible())
    assert "last good" not in panel.formula.text() and grey not in panel.formula.styleSheet()


# -- finding 4: text fits at 1280×720 -----------------------------------------------------------------
def label_fits(label: QLabel) -> bool:
    """The label's text is shown whole: as wide as its widest word needs and as tall as its wrapped
    text needs at its width."""
    if not label.text():
        return True
    needed = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
    return label.minimumSizeHint().width() <= label.width() and needed <= label.height()


def cell_shows_all(table, row: int, column: int) -> bool:
    """The cell's text is shown whole in its rect: not elided, not cut below (wrapped if it wraps)."""
    rect = table.visualRect(table.model().index(row, column))
    item = table.item(row, column)
    metrics = table.fontMetrics()
    widest = max(metrics.horizontalAdvance(table.item(r, column).text()) for r in range(table.rowCount()))
    room = rect.width() - (table.sizeHintForColumn(column) - widest)  # the check box, the dot, the margins
    if not table.wordWrap():
        return metrics.horizontalAdvance(item.text()) <= room
    shown = metrics.boundingRect(QRect(0, 0, room, 10_000), int(Qt.TextWordWrap), item.text())
    return shown.width() <= room and shown.height() <= rect.height()


def test_the_runs_table_and_the_inspector_fit_at_1280x720(wait_landscape, qtbot, settings):
    """At 1280×720 the runs table showed the status only through a horizontal scroll bar or elided
    ("dive…", "ok · off…"), and the inspector cut "off the map (x < −3, y > …" and the ∇f row. Now
    the table fits its dock with the name and the status whole (wrapped onto a second line where
    they must), and every inspector value is shown whole, wrapped. gd with α = 1e100 on the bowl:
    off the map at step 1 (θ ≈ −2e100·θ₀), diverged at step 2: the longest texts there are."""
    window = new_window(qtbot, settings, (1280, 720))
    window.start()
    wait_landscape(window)
    choose_preset(qtbot, window, wait_landscape, "bowl")
    type_into(qtbot, window.optimizer_panel.lr_field, "1e100")
    qtbot.mouseClick(window.runs_panel.compare_button, Qt.LeftButton)
    for _ in range(2):
        qtbot.mouseClick(window.run_controls.step_button, Qt.LeftButton)
    table = window.runs_panel.table
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=table.visualRect(table.model().index(0, 2)).center())
    qtbot.waitUntil(lambda: table.item(0, 3).text().startswith("diverged · off the map"), timeout=5_000)
    qtbot.waitUntil(lambda: "off the map" in window.inspector.values["status"].text(), timeout=5_000)

    def fitted():
        assert window.size() == QSize(1280, 720)
        bar = table.horizontalScrollBar()
        assert bar.maximum() == 0, f"the runs table scrolls sideways by {bar.maximum()} px"
        assert table.horizontalHeader().length() <= table.viewport().width()
        for row in range(table.rowCount()):
            for column in (0, 3):  # the name and the status
                assert cell_shows_all(table, row, column), (row, table.item(row, column).text())
        for name, label in window.inspector.values.items():
            assert label_fits(label), (name, label.text(), label.size(), label.minimumSizeHint())
            assert label.visibleRegion().boundingRect().width() == label.width(), name  # not cut sideways

    qtbot.waitUntil(fitted, timeout=5_000)
    window.explorer.shutdown(10_000)


# -- finding 5: run colours far apart, and a selected row keeps its dot's colour ----------------------
def test_the_first_twelve_run_colours_are_far_apart_and_every_prefix_is_greedy():
    """With 12 runs (compare all) sgd #1fb731 and newton #058d1d were both green, and momentum,
    nesterov, adamw, nadam a pink-to-purple cluster. The palette is now ordered farthest point
    first in OKLab from its red: each colour is the farthest from all before it (so any number of
    runs gets the most distinct colours there are), and the first 12 are >= 0.12 apart."""
    lab = [oklab(c) for c in RUN_COLOURS]
    for k in range(1, len(RUN_COLOURS)):
        gap = [min(np.linalg.norm(lab[j] - lab[i]) for i in range(k)) for j in range(k, len(RUN_COLOURS))]
        assert gap[0] == pytest.approx(max(gap)), f"colour {k} ({RUN_COLOURS[k]}) is not the farthest left"
    for a, b in itertools.combinations(RUN_COLOURS[:12], 2):
        assert np.linalg.norm(oklab(a) - oklab(b)) >= 0.12, (a, b)


def test_compare_all_runs_are_far_apart_and_a_selected_rows_dot_keeps_its_colour(qtbot, window):
    """The runs of "compare all" (one per optimizer, 16 since issue 12) take the palette's first,
    most distinct colours: the first 12 >= 0.12 apart in OKLab, all >= 0.08; the selected row's
    colour dot turned white (the selection recoloured the "●" text): it is now an icon in the run's
    colour, the same whether or not its row is selected."""
    qtbot.mouseClick(window.runs_panel.compare_button, Qt.LeftButton)
    runs = window.session.runs
    assert len(runs) == len(OPTIMIZERS) <= len(RUN_COLOURS)
    colours = [r.settings.colour for r in runs]
    assert colours == list(RUN_COLOURS[: len(runs)])
    for a, b in itertools.combinations(colours, 2):
        least = 0.12 if colours.index(b) < 12 else 0.08
        assert np.linalg.norm(oklab(a) - oklab(b)) >= least, (a, b)
    table = window.runs_panel.table
    for row in (3, 7):
        qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=table.visualRect(table.model().index(row, 2)).center())
        qtbot.waitUntil(lambda: window.session.selected == row)
        assert table.selectionModel().isRowSelected(row)
        image = table.viewport().grab().toImage()
        cell = table.visualRect(table.model().index(row, 0))
        colour = QColor(runs[row].settings.colour).rgb()
        found = [QPoint(x, y) for x in range(cell.left(), cell.right()) for y in range(cell.top(), cell.bottom())
                 if image.pixelColor(QPoint(x, y) * image.devicePixelRatio()).rgb() == colour]
        assert len(found) >= 9, f"no dot of {runs[row].settings.colour} in the selected row {row}"
        assert image.pixelColor(cell.center()).rgb() != colour  # the row is highlighted, not the run colour


# -- finding 6: the View menu says what a 1-D function shows --------------------------------------------
def test_the_view_menus_reset_entries_follow_the_dimension(wait_landscape, qtbot, window):
    """In 1-D the docks say "Curve f(x)" and "Slope f′(x)" but the View menu still offered "Reset map
    view" and "Reset 3D view". Its entries now name what the docks show, and still reset them."""
    def view_texts():
        return [a.text() for a in menu(window, "View").actions()]

    assert "Reset map view" in view_texts() and "Reset 3D view" in view_texts()
    type_expression(qtbot, window, wait_landscape, "x*cos(pi*x)")
    texts = view_texts()
    assert "Reset curve view" in texts and "Reset slope view" in texts, texts
    assert not any("map" in t.lower() or "3d" in t.lower() for t in texts), texts
    land = window.session.landscape
    plot = window.map_view.plot.getPlotItem()
    plot.setRange(xRange=(0.1, 0.2), padding=0)
    next(a for a in menu(window, "View").actions() if a.text() == "Reset curve view").trigger()
    assert plot.viewRange()[0] == pytest.approx(land.x_range)
    choose_preset(qtbot, window, wait_landscape, "bowl")
    assert "Reset map view" in view_texts() and "Reset 3D view" in view_texts()


# -- finding 7: a refused range keeps its spin arrows; switches are 0/1 in the CSV ----------------------
def arrow_image(box):
    """The spin box's up and down buttons as drawn."""
    option = QStyleOptionSpinBox()
    box.initStyleOption(option)
    style = box.style()
    rect = style.subControlRect(QStyle.CC_SpinBox, option, QStyle.SC_SpinBoxUp, box).united(
        style.subControlRect(QStyle.CC_SpinBox, option, QStyle.SC_SpinBoxDown, box))
    return box.grab(rect).toImage()


def test_a_refused_range_box_keeps_its_spin_arrows(qtbot, window):
    """The red-border style sheet replaced the native frame and the spin arrows with blank boxes;
    the error look is now the palette's (a red-tinted field, dark red text) and the buttons are
    drawn exactly as in a good box."""
    panel = window.function_panel
    good = arrow_image(panel.x_max)
    type_into(qtbot, panel.x_min, "5")
    assert panel.range_error.isVisible()
    assert arrow_image(panel.x_max) == good  # same size: the buttons look the same, marked or not
    assert panel.x_min.property("error") and panel.x_max.property("error")
    assert panel.x_min.buttonSymbols() != QAbstractSpinBox.NoButtons
    assert panel.x_min.palette().color(QPalette.Base) != panel.y_min.palette().color(QPalette.Base)
    type_into(qtbot, panel.x_min, "-5")
    assert not panel.x_min.property("error")
    assert panel.x_min.palette().color(QPalette.Base) == panel.y_min.palette().color(QPalette.Base)


def test_the_csv_header_writes_switches_as_0_or_1(qtbot, window, tmp_path):
    """adam's amsgrad (a switch) was written "amsgrad=0.0": now 0 or 1, the floats as before."""
    pick_from_list(qtbot, window.optimizer_panel.optimizer, "adam")
    qtbot.mouseClick(window.runs_panel.duplicate_button, Qt.LeftButton)
    box = window.optimizer_panel.findChild(QCheckBox, "hp_amsgrad")
    box.setFocus()
    qtbot.keyClick(box, Qt.Key_Space)  # tick it
    qtbot.waitUntil(lambda: window.session.selected_run.settings.hyperparameters.get("amsgrad") == 1.0)
    qtbot.mouseClick(window.run_controls.step_button, Qt.LeftButton)
    path = tmp_path / "runs.csv"
    window.export_csv(str(path))
    comments = [line for line in path.read_text().splitlines() if line.startswith("# run ")]
    assert " amsgrad=0 " in comments[0] and " amsgrad=1 " in comments[1], comments
    assert " beta1=0.9 " in comments[0]
