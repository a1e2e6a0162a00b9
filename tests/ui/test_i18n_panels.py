"""The panels and views in Chinese (issue 13): the Function, Start point, Optimizer and Runs panels,
the inspector, the curves, the map and the 3-D view show no English left (tests/ui/i18n_walk.py) in
every state a user reaches here: each optimizer's form picked from its list, three runs stepped
(one diverging off the map), a 1-D function, a function undefined somewhere, and the errors of a
bad expression, range, hyperparameter, schedule and clip, typed with real keys, each beside its
field in Chinese. The registry's words (optimizer and preset labels and summaries) and the core's
messages are shown through tr_registry / tr_message (their translations are the core area's)."""
from __future__ import annotations

import html

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from gdexplorer.app.i18n import tr_message, tr_registry
from gdexplorer.core.expression import ExpressionError, parse
from gdexplorer.core.optimizers import OPTIMIZERS
from gdexplorer.core.presets import PRESETS, get_preset
from gdexplorer.core.schedules import ScheduleError, check_clip, parse_schedule
from gdexplorer.ui.views.dock import ElidedLabel
from tests.ui.i18n_walk import ALLOWED, english_words, visible_texts
from ui_input import click_step, type_expression, type_into

#: "3xy²" in the monkey saddle's label is the product of the variables x and y, not a word
NAMES = ALLOWED | {"xy"}


def pick_from_list(qtbot, combo, data) -> None:
    """Open a combo box's list and click the entry whose data is ``data``, as a user does."""
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    index = view.model().index(combo.findData(data), 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.visualRect(index).center())
    qtbot.waitUntil(lambda: not view.isVisible())


def choose_preset(qtbot, window, wait_landscape, name: str) -> None:
    pick_from_list(qtbot, window.function_panel.presets, name)
    wait_landscape(window, get_preset(name).expression)


def untranslated_formulas() -> list[str]:
    """The optimizers' update formulas with words in them ("θ ← θ(1 − αλ);  then the Adam step"),
    shown through tr_registry, while no .ts has them: scripts/translations.py's core strings list the
    labels, summaries and descriptions, not the formulas (asked of the lead). Empty once they are."""
    return [spec.formula for spec in OPTIMIZERS.values()
            if english_words(spec.formula) and tr_registry(spec.formula) == spec.formula]


def no_english(widget, allowed=NAMES, others=()) -> None:
    """No English left in ``widget`` but names (and the formulas no .ts has yet, see above).
    ``others``: widgets inside it that another area's files make (the Data mode's batch form in
    the Optimizer panel, the critical points' controls on the map's bar)."""
    pending = untranslated_formulas()
    theirs = {item for other in others for item in visible_texts(other)}
    left = [f"{where}: {text!r}" for where, text in visible_texts(widget)
            if (where, text) not in theirs and text and english_words(text, allowed)
            and not any(p in text for p in pending)]
    assert left == [], "\n".join(sorted(set(left)))


def error_of(call, *args) -> Exception:
    with pytest.raises((ValueError, KeyError)) as caught:
        call(*args)
    return caught.value


# -- the Function panel ---------------------------------------------------------------------------------
def test_function_panel_presets_expression_error_and_range_error(zh_window, qtbot, wait_landscape):
    window, panel = zh_window, zh_window.function_panel
    no_english(panel)
    assert panel.presets.itemText(0) == "预设…"
    for i, preset in enumerate(PRESETS.values(), start=1):  # the registry's words, the core area's translation
        assert panel.presets.itemText(i) == tr_registry(preset.label)
        assert panel.presets.itemData(i, Qt.ToolTipRole) == tr_registry(preset.description)

    # a bad expression typed with real keys: the core's message in Chinese, at its column
    type_expression(qtbot, window, "x +* y")
    qtbot.waitUntil(lambda: panel.error.isVisible() and panel.stale, timeout=5_000)
    error = error_of(parse, "x +* y")
    assert isinstance(error, ExpressionError) and error.column == 4
    shown = panel.error.text()
    assert tr_message(error.message) != str(error.message)  # the core area translates it: "意外遇到 '*'"
    assert html.escape(tr_message(error.message)) + "（第 4 列）" in shown, shown
    assert "上一个有效的函数" in panel.formula.text()  # the last good function, marked
    no_english(panel)
    type_expression(qtbot, window, "x^2 + y^2")
    wait_landscape(window, "x^2 + y^2")
    assert not panel.error.isVisible()

    # a refused range: the reason under the boxes, in Chinese with its numbers
    type_into(qtbot, panel.x_max, "-5")
    qtbot.waitUntil(lambda: panel.range_error.isVisibleTo(panel), timeout=5_000)
    low = f"{panel.x_min.value():g}"
    assert panel.range_error.text().startswith(f"x 的最小值（{low}）必须小于 x 的最大值（-5）——等高线图保持 x ∈ [")
    no_english(panel)


def test_start_panel(zh_window):
    no_english(zh_window.start_panel)
    assert "或在等高线图上点击 / 拖动十字准星" in [label.text() for label in zh_window.start_panel.findChildren(QLabel)]


# -- the Optimizer panel: every optimizer's form, and refused values beside their fields ---------------------
def test_optimizer_panel_every_optimizer_and_its_errors(zh_window, qtbot):
    window, panel = zh_window, zh_window.optimizer_panel
    combo = panel.optimizer
    for name, spec in OPTIMIZERS.items():
        pick_from_list(qtbot, combo, name)
        qtbot.waitUntil(lambda: window.session.selected_run.settings.optimizer == name, timeout=5_000)
        assert combo.currentText() == tr_registry(spec.label)
        assert panel.formula.text().startswith(tr_registry(spec.summary) + "<br>")
        for hp in spec.hyperparameters:
            if hp.name != "lr":  # each row's tooltip: the registry's description, then "取值范围：…"
                assert panel._fields[hp.name].toolTip().startswith(tr_registry(hp.description) + "\n取值范围：")
        no_english(panel, others=[window.data_ui.batch_form])
    assert combo.itemText(combo.findData("gd")) == tr_registry("Gradient descent") == "梯度下降"  # the glossary's

    # refused values, typed: each message beside its field, as the core says it in this language
    pick_from_list(qtbot, combo, "adam")
    qtbot.waitUntil(lambda: "hp_beta1" in [w.objectName() for w in panel._fields.values()], timeout=5_000)
    type_into(qtbot, panel._fields["beta1"], "2")
    expected = tr_message(error_of(OPTIMIZERS["adam"].hyperparameter("beta1").check, "2"))
    qtbot.waitUntil(lambda: panel.field_errors["beta1"].text() == expected, timeout=5_000)
    type_into(qtbot, panel.schedule, "cosine:T_max=0")
    expected = tr_message(error_of(parse_schedule, "cosine:T_max=0"))
    assert isinstance(error_of(parse_schedule, "cosine:T_max=0"), ScheduleError)
    qtbot.waitUntil(lambda: panel.field_errors["schedule"].text() == expected, timeout=5_000)
    type_into(qtbot, panel.clip, "-1")
    expected = tr_message(error_of(check_clip, "-1"))
    qtbot.waitUntil(lambda: panel.field_errors["clip"].text() == expected, timeout=5_000)
    type_into(qtbot, panel.lr_field, "0")
    expected = tr_message(error_of(OPTIMIZERS["adam"].hyperparameter("lr").check, "0"))
    qtbot.waitUntil(lambda: panel.field_errors["lr"].text() == expected, timeout=5_000)
    assert panel.field_errors["beta1"].text() == "beta1 必须在 [0, 1) 内，当前为 '2'"
    for name in ("beta1", "schedule", "clip", "lr"):
        assert panel.field_errors[name].isVisibleTo(panel), name
    no_english(panel, others=[window.data_ui.batch_form])
    # the schedule's tooltip: its syntax, with each schedule's summary in Chinese (the registry's)
    assert panel.schedule.toolTip().startswith("学习率调度，名称与 torch.optim.lr_scheduler 中的一致：\n")


# -- the runs, the inspector and the curves: three runs, one diverging off the map ----------------------
def test_runs_inspector_and_curves_with_a_diverging_run(zh_window, qtbot, wait_landscape):
    window = zh_window
    choose_preset(qtbot, window, wait_landscape, "bowl")
    runs = window.runs_panel
    for _ in range(2):
        qtbot.mouseClick(runs.add_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: len(window.session.runs) == 3, timeout=5_000)
    table = runs.table
    assert [table.horizontalHeaderItem(c).text() for c in range(4)] == ["运行", "步数", "f(θ)", "状态"]
    assert [b.text() for b in (runs.add_button, runs.duplicate_button, runs.remove_button, runs.compare_button)] == [
        "添加", "复制", "删除", "比较所有优化器"]
    type_into(qtbot, window.optimizer_panel.lr_field, "1e100")  # the third run, selected: diverges at step 2
    qtbot.waitUntil(lambda: window.session.selected_run.settings.learning_rate == 1e100, timeout=5_000)
    click_step(qtbot, window, 3)
    diverged = window.session.selected
    qtbot.waitUntil(lambda: table.item(diverged, 3).text().startswith("发散 · 超出图外（"), timeout=5_000)
    qtbot.waitUntil(lambda: table.item(0, 3).text() == "正常", timeout=5_000)
    tip = table.item(diverged, 3).toolTip()
    assert "扩大范围才能看到" in tip
    assert tr_message(window.session.selected_run.trajectory.message) in tip
    no_english(runs)

    inspector = window.inspector
    qtbot.waitUntil(lambda: "发散" in inspector.values["status"].text(), timeout=5_000)
    assert "超出图外（" in inspector.values["status"].text()
    no_english(inspector)
    table.selectRow(0)
    qtbot.waitUntil(lambda: "正常" in inspector.values["status"].text(), timeout=5_000)
    no_english(inspector)

    curves = window.curves_view
    qtbot.waitUntil(lambda: curves.value_plot.getAxis("left").labelText.startswith("f(θₜ)，对数刻度"), timeout=5_000)
    assert curves.log_axis.text() == "对数 y 轴"
    no_english(curves)
    qtbot.mouseClick(curves.log_axis, Qt.LeftButton)  # linear
    qtbot.waitUntil(lambda: not curves.log_axis.isChecked(), timeout=2_000)
    assert curves.value_plot.getAxis("left").labelText.startswith("f(θₜ)，线性")
    no_english(curves)

    qtbot.mouseClick(runs.compare_button, Qt.LeftButton)
    assert window.statusBar().currentMessage().startswith("比较所有优化器：在你的 3 次运行之后添加了")


# -- the map and the 3-D view: 2-D with minima, a function undefined somewhere, and 1-D ------------------
def test_map_and_surface_views(zh_window, qtbot, wait_landscape):
    window = zh_window
    choose_preset(qtbot, window, wait_landscape, "himmelblau")
    map_view, surface = window.map_view, window.surface_view
    qtbot.waitUntil(lambda: map_view.arrow_legend.full_text.startswith("箭头："), timeout=5_000)
    qtbot.wait(50)  # the Data mode's relabelling after each landscape (a zero-delay timer) has run
    assert map_view.arrow_toggle.text() == "∇f 的箭头（上坡）"
    assert map_view.reset_button.text() == surface.reset_button.text() == "重置视图"
    assert surface.bar.legend.full_text == "拖动：旋转 · 滚轮：缩放"
    no_english(map_view, others=[window.critical_overlay.controls])
    no_english(surface)
    land = window.session.landscape
    # GL text items, not among the walker's texts: the f axis's title and the minima's labels
    assert surface.surface_3d.axis_titles["f"].text == ("f（对数刻度）" if land.scale.is_log else "f")
    assert [item.text for item in surface.surface_3d.minimum_labels] == ["f* = 0"] * 4  # Himmelblau's four zeros

    type_expression(qtbot, window, "sqrt(x) + y^2")  # undefined for x < 0: the hatching's legend
    wait_landscape(window, "sqrt(x) + y^2")
    bar = map_view.map_2d.colour_bar
    qtbot.waitUntil(lambda: bar.undefined_legend.isVisibleTo(bar), timeout=5_000)
    assert bar.undefined_text.text() == "无定义\n（f 为 NaN）"
    assert surface.bar.legend.full_text.endswith("灰色底面：f 无定义（NaN）")
    no_english(map_view, others=[window.critical_overlay.controls])
    no_english(surface)

    choose_preset(qtbot, window, wait_landscape, "seed004")  # 1-D: the curve, its local minima, the slope
    qtbot.waitUntil(lambda: map_view.stack.currentWidget() is map_view.curve_1d, timeout=5_000)
    labels = [label.toPlainText() for label in map_view.curve_1d.minimum_labels if label.isVisible()]
    assert labels == ["局部极小值 f = -0.1786", "局部极小值 f = -1.047"]  # seed 004's two local minima
    qtbot.wait(50)
    assert map_view.arrow_toggle.text() == "f′(x) 的箭头（上坡）"
    no_english(map_view, others=[window.critical_overlay.controls])
    no_english(surface)
    assert surface.slope.plot.getPlotItem().titleLabel.text in (
        "每一步所沿的斜率 f′(x)：  x ← x − α·f′(x)", "每一步：  x ← x − α·f′(x)", "x ← x − α·f′(x)")


def test_a_chinese_legend_is_cut_between_characters(qtbot):
    """Chinese has no spaces between words: a legend too long for its bar is cut after a whole
    character (not emptied, as cutting at spaces only would leave it), the whole text in its tooltip."""
    label = ElidedLabel()
    qtbot.addWidget(label)
    text = "箭头：−∇f，单位长度；越亮 |∇f| 越大（0.1 至 5）"
    label.set_full_text(text)
    label.resize(label.fontMetrics().horizontalAdvance(text) // 2, 20)
    label.show()
    qtbot.waitExposed(label)
    shown = label.text()
    assert shown.endswith("…") and len(shown) > 3 and text.startswith(shown[:-1].rstrip("，；：")), shown
    assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
    assert label.toolTip() == text
