"""The landscape lab in Chinese (issue 13): the learning-rate sweep, the backpropagation graph, the
Hessian, the basins of attraction, the explained step, the critical points and the glyphs, each
used as a user uses it (real clicks and typing) in a window made in zh_CN, leave no English in
what they show (tests/ui/i18n_walk.py), and a known text of each reads in Chinese."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from ui_input import click_step, replace_text, type_expression

from gdexplorer.core.optimizers import OPTIMIZERS
from gdexplorer.scene.glyphs import GLYPH_KINDS
from tests.ui.i18n_walk import ALLOWED, english_words, untranslated

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

JOB_TIMEOUT_MS = 90_000  # a new function's batch kernel may compile first on a busy machine
#: a run is named "adam  α=0.1" and a sweep's optimizer "gd": the optimizer's name as the command line
#: and the workspace files spell it (gdexplorer sweep --optimizer gd), an identifier
RUN_NAMES = ALLOWED | set(OPTIMIZERS)
BOWL = "x^2 + y^2"
SQRT_FUNCTION = "(x-1)^2 + (y^2-1)^2 + 0.3*sqrt(x)"  # undefined for x < 0
SEED_003 = "3*(x + y*2)"  # J = 3(a + bc): two constants among the nodes


def no_english(widget, allowed=RUN_NAMES) -> None:
    left = untranslated(widget, allowed)
    assert left == [], "\n".join(left)


def bowl(qtbot, window, wait_landscape, optimizer: str = "gd") -> None:
    window.session.apply_preset("bowl")
    wait_landscape(window, BOWL)
    window.session.set_optimizer(optimizer)


def tick(qtbot, box) -> None:
    qtbot.mouseClick(box, Qt.LeftButton, pos=QPoint(8, box.height() // 2))


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.LeftButton)


def test_sweep_panel_after_a_sweep(qtbot, zh_window, wait_landscape):
    window = zh_window
    bowl(qtbot, window, wait_landscape)
    window.docks["sweep"].raise_()
    panel = window.sweep_panel
    qtbot.waitUntil(panel.run_button.isVisible)
    assert panel.run_button.text() == "开始扫描" and panel.log.text() == "对数间隔"
    replace_text(qtbot, panel.steps, "20")
    replace_text(qtbot, panel.keep, "50")  # refused: more than N + 1 = 21
    click(qtbot, panel.run_button)
    error = panel.field_errors["keep"]
    assert error.isVisible() and error.text() == "保留 M 最多为 N + 1 = 21"
    no_english(panel)
    replace_text(qtbot, panel.lr_from, "0.01")
    replace_text(qtbot, panel.lr_to, "1.5")  # gd on x² + y² diverges past α = 1
    for box, value in ((panel.count, "30"), (panel.steps, "40"), (panel.keep, "4")):
        replace_text(qtbot, box, value)
    click(qtbot, panel.run_button)
    qtbot.waitUntil(lambda: panel.outcome is not None and panel.run_button.isEnabled(), timeout=JOB_TIMEOUT_MS)
    assert not error.isVisible()
    status = panel.status.text()
    assert "30 个学习率 0.01 … 1.5，40 步" in status and "个发散或无定义" in status, status
    assert panel.bifurcation.plot.getAxis("left").labelText.startswith("最后的迭代点 x, y")
    assert panel.converge.plot.getAxis("bottom").labelText == "学习率 α"
    no_english(panel)


def test_graph_panel_stepping_through_the_backward_pass(qtbot, zh_window, wait_landscape):
    window = zh_window
    type_expression(qtbot, window, SEED_003)
    wait_landscape(window, SEED_003)
    click_step(qtbot, window, 2)
    window.docks["graph"].raise_()
    panel = window.graph_panel
    qtbot.waitUntil(lambda: panel.isVisible() and panel.n > 0 and panel.point is not None)
    assert panel.next_button.text() == "下一个 ▶" and "前向传播完成" in panel.explain.text()
    no_english(panel)
    click(qtbot, panel.next_button)
    assert panel.explain.text().startswith("第 1 步：设初值 ∂f/∂f = 1。")
    no_english(panel)
    while panel.next_button.isEnabled():
        click(qtbot, panel.next_button)
    assert "<b>梯度</b> ∇f = " in panel.gradient_label.text()
    no_english(panel)
    # the nodes' boxes (drawn text, not widgets): "value" and "const" in Chinese, operations as they are
    boxes = [item.text.toPlainText() for item in panel.node_items.values()]
    assert all("值 " in text for text in boxes) and any("常数 2" in text for text in boxes), boxes
    assert all(english_words(item.toolTip()) == [] for item in panel.node_items.values())


def test_hessian_panel_at_a_point(qtbot, zh_window, wait_landscape):
    window = zh_window
    bowl(qtbot, window, wait_landscape)
    click_step(qtbot, window, 1)
    window.docks["hessian"].raise_()
    panel = window.hessian_panel
    qtbot.waitUntil(lambda: panel.isVisible() and panel.report is not None and not panel.throttled_refresh.pending)
    assert panel.values["kind"].text() == "极小值"
    assert panel.title.text().startswith("运行 1，1 步之后，f = ")
    tick(qtbot, panel.axes_toggle)
    assert panel.axes_toggle.isChecked()
    no_english(panel)


def test_basin_panel_after_a_small_map(qtbot, zh_window, wait_landscape):
    window = zh_window
    window.session.apply_preset("himmelblau")
    wait_landscape(window, "(x^2 + y - 11)^2 + (x + y^2 - 7)^2")
    window.docks["basins"].raise_()
    panel = window.basin_panel
    qtbot.waitUntil(panel.toggle.isVisible)
    assert panel.toggle_action.text() == panel.toggle.text() == "在等高线图上显示吸引域"
    replace_text(qtbot, panel.steps, "2.5")  # refused beside the field
    assert panel.steps_error.isVisible()
    assert panel.steps_error.text() == "步数必须是 1 到 100000 之间的整数，输入的是“2.5”"
    no_english(panel)
    replace_text(qtbot, panel.steps, "300")
    panel.grid.setFocus()
    while panel.grid.currentData() != 64:  # the smallest grid, with the keyboard
        qtbot.keyClick(panel.grid, Qt.Key_Up)
    tick(qtbot, panel.toggle)
    qtbot.waitUntil(lambda: panel.outcome is not None and panel.outcome.final and panel.pending is None,
                    timeout=JOB_TIMEOUT_MS)
    assert "64 × 64 个起点，最多 300 步" in panel.status.text() and "找到 4 个极小值" in panel.status.text()
    assert panel.unlabelled.text().startswith("发散或未收敛：")
    assert panel.legend.horizontalHeaderItem(4).text() == "起点"
    no_english(panel)
    qtbot.keyClick(panel.opacity, Qt.Key_End)  # the opacity's own label: a number and %
    no_english(panel)
    # a function undefined for x < 0: the starts that found no minimum, and why, in Chinese
    type_expression(qtbot, window, SQRT_FUNCTION)
    wait_landscape(window, SQRT_FUNCTION)
    qtbot.waitUntil(lambda: panel.outcome is not None and panel.outcome.final and panel.pending is None
                    and panel.outcome.request.source == SQRT_FUNCTION, timeout=JOB_TIMEOUT_MS)
    assert panel.unlabelled.text().startswith("发散或未收敛：") and "（f 无定义 " in panel.unlabelled.text()
    assert english_words(panel.unlabelled.toolTip()) == []
    no_english(panel)


def test_explained_step_stage_by_stage(qtbot, zh_window, wait_landscape):
    """Every optimizer's next step, explained and walked through with Next ▶: the stages' formulas are
    the rule's own code (its names, such as float or lerp, stay); every other word is Chinese."""
    window = zh_window
    bowl(qtbot, window, wait_landscape)
    panel = window.explain_panel
    assert panel.explain_action.text() == "讲解下一步" and panel.explain_button.text() == "讲解这一步"
    for name in OPTIMIZERS:
        window.session.set_optimizer(name)
        click(qtbot, panel.explain_button)
        qtbot.waitUntil(lambda: panel.on_screen() and panel.explanation is not None
                        and panel.explanation.optimizer == name)
        stages = panel.explanation.stages
        code = RUN_NAMES | {word for stage in stages for word in english_words(stage.formula)}
        assert panel.title.text().startswith("<b>运行 1</b>（")
        for k in range(len(stages)):
            assert f"第 {k + 1} 阶段，共 {len(stages)} 个" in panel.detail.text()
            assert "<i>图上：</i>" in panel.detail.text()
            no_english(panel, code)
            if k < len(stages) - 1:
                click(qtbot, panel.next_button)
        assert "<b>新的点 θ = (" in panel.detail.text()
        for layer in panel.layers.values():  # the stage's label on the map is a formula's name
            assert english_words(layer.label.toPlainText(), code) == []


def view_menu_of(window, action):
    """The menu bar's menu holding ``action`` and its entry in the bar."""
    for entry in window.menuBar().actions():
        if entry.menu() is not None and action in entry.menu().actions():
            return entry
    raise AssertionError(f"{action.text()} is in no menu")


def click_menu_entry(qtbot, window, action) -> None:
    """Open the menu holding ``action`` from the menu bar and click the entry, as a user does."""
    bar = window.menuBar()
    title = view_menu_of(window, action)
    menu = title.menu()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.actionGeometry(title).center())
    qtbot.waitUntil(menu.isVisible)
    rect = menu.actionGeometry(action)
    assert rect.isValid() and menu.rect().contains(rect)
    qtbot.mouseClick(menu, Qt.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not menu.isVisible())


def test_glyphs_and_critical_points_on_the_map(qtbot, zh_window, wait_landscape):
    window = zh_window
    bowl(qtbot, window, wait_landscape, "adam")
    click_step(qtbot, window, 3)
    overlay = window.glyph_overlay
    for kind in GLYPH_KINDS:
        action = overlay.actions[kind]
        assert action.text().startswith("图示：") and english_words(action.text()) == [], action.text()
        assert english_words(action.toolTip()) == [] and action.statusTip() == action.toolTip()
        click_menu_entry(qtbot, window, action)
        assert action.isChecked()
    assert overlay.actions["momentum"].text() == "图示：动量 −m"
    window.render_now()
    legend = overlay.pages[2].legend
    assert legend.isVisible() and "−m 动量" in legend.toPlainText() and "长度 ∝ log|v|" in legend.toPlainText()
    assert english_words(legend.toPlainText()) == [] and english_words(legend.toolTip()) == []
    assert "图示：比例与二维等高线图的图例相同" in window.surface_view.bar.legend.full_text
    basins = window.basin_panel.toggle_action
    assert view_menu_of(window, basins) is view_menu_of(window, overlay.actions["gradient"])
    assert english_words(basins.text()) == [] and english_words(basins.toolTip()) == []

    critical = window.critical_overlay
    assert critical.toggle.text() == "临界点"
    tick(qtbot, critical.toggle)
    qtbot.waitUntil(lambda: critical.status == "shown", timeout=JOB_TIMEOUT_MS)
    assert "临界点：▼ 极小 ▲ 极大 ✕ 鞍点 ◆ 退化" in window.map_view.bar.legend.full_text
    assert critical.toggle.toolTip().endswith("视图中：1 ▼ 极小值")
    no_english(critical.controls)


def test_lab_panels_in_the_data_mode_say_why_in_chinese(qtbot, zh_window):
    """The Data mode trains on data: each lab panel says it works on a typed function, in Chinese."""
    window = zh_window
    tabs = window.data_ui.mode_switcher.tabs
    qtbot.mouseClick(tabs, Qt.LeftButton, pos=tabs.tabRect(1).center())
    qtbot.waitUntil(lambda: window.session.data_mode is not None and window.session.landscape is not None
                    and not hasattr(window.session.objective, "expr") and not window.session.compute.busy,
                    timeout=JOB_TIMEOUT_MS)
    window.docks["sweep"].raise_()
    click(qtbot, window.sweep_panel.run_button)
    assert window.sweep_panel.status.text() == "扫描针对输入的函数：请切换到“函数”选项卡。"
    window.docks["basins"].raise_()
    click(qtbot, window.basin_panel.compute_button)
    assert window.basin_panel.status.text() == "吸引域针对输入的函数计算：请切换到“函数”选项卡。"
    window.docks["graph"].raise_()
    assert window.graph_panel.title.text().startswith("反向传播的计算图针对输入的函数绘制")
    window.docks["hessian"].raise_()
    assert window.hessian_panel.title.text().startswith("没有黑塞矩阵：数据模式在数据上训练")
    click(qtbot, window.explain_panel.explain_button)
    qtbot.waitUntil(window.explain_panel.on_screen)
    assert "数据模式在数据上训练" in window.explain_panel.message.text()
    for panel in (window.sweep_panel, window.basin_panel, window.graph_panel, window.hessian_panel,
                  window.explain_panel):
        no_english(panel)
