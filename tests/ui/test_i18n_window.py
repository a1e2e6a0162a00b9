"""The window's own words in Chinese (issue 13): menus, status bar, run summary, Help dialogs, the
PNG and GIF/MP4 export dialogs, the Edit menu's undo entry, and View → Language switching a live
window to 简体中文 and back, keeping the function and how far the runs have gone."""
from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QApplication

from gdexplorer.app import i18n
from gdexplorer.app.i18n import tr_message
from gdexplorer.ui.main_window import MainWindow
from tests.ui.i18n_walk import ALLOWED, english_words, untranslated

from ui_input import click_step, type_expression


#: View > Language names each language in itself: "English" stays English in any interface
NAMES = ALLOWED | {"English"}


def menu(window, title: str):
    return next(a.menu() for a in window.menuBar().actions() if a.text() == title)


def test_menus_and_status_bar_have_no_english_left(qtbot, zh_window, wait_landscape):
    window = zh_window
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["文件(&F)", "编辑(&E)", "运行(&R)", "视图(&V)", "帮助(&H)"]
    left = untranslated(window.menuBar(), NAMES) + untranslated(window.statusBar())
    assert left == [], "\n".join(left)
    view = menu(window, "视图(&V)")
    entries = {a.text() for a in view.actions()}  # the docks' toggles follow their titles
    assert {"二维等高线图：等高线与 −∇f", "三维曲面", "重置等高线图视图", "重置三维视图", "重置布局"} <= entries
    n = window.session.landscape.xs.size
    qtbot.waitUntil(lambda: window.status_label.text() == f"f(x, y) 已在 {n}×{n} 个点上采样")
    click_step(qtbot, window, 3)
    run = window.session.selected_run
    qtbot.waitUntil(lambda: window.run_summary.text().startswith(
        f"共 1 次运行   选中的运行：第 3 步，f = {run.trajectory.f[-1]:.6g}"))
    # a function of x alone: the two views are the curve and its slope, and the menus say so
    type_expression(qtbot, window, "x^4 - x^2")
    wait_landscape(window, "x^4 - x^2")
    qtbot.waitUntil(lambda: "曲线 f(x) 与各次运行" in {a.text() for a in view.actions()})
    assert {"斜率 f′(x)", "重置曲线视图", "重置斜率视图"} <= {a.text() for a in view.actions()}
    assert window.status_label.text() == "f(x) 已在 {} 个点上采样".format(window.session.landscape.xs.size)
    left = untranslated(window.menuBar(), NAMES) + untranslated(window.statusBar())
    assert left == [], "\n".join(left)


def test_help_dialogs_opened_from_the_menu_are_in_chinese(qtbot, zh_window):
    window = zh_window
    window.about_action.trigger()  # Help > About gdexplorer…
    about = window.about_dialog
    qtbot.waitExposed(about)
    assert about.windowTitle() == "关于 gdexplorer" and "许可证：MIT" in about.text.text()
    assert untranslated(about) == [], "\n".join(untranslated(about))
    window.shortcuts_action.trigger()  # Help > Keyboard shortcuts… (F1)
    shortcuts = window.shortcuts_dialog
    qtbot.waitExposed(shortcuts)
    assert untranslated(shortcuts) == [], "\n".join(untranslated(shortcuts))
    rows = dict(shortcuts.rows())
    assert {"退出", "撤销", "播放 / 暂停", "单步", "重置", "键盘快捷键"} <= set(rows)
    left = [(what, english_words(what)) for what in rows if english_words(what)]
    assert left == [], left


def test_export_dialogs_opened_from_the_menu_are_in_chinese(qtbot, zh_window, tmp_path):
    window = zh_window
    window.export_png_sized_action.trigger()  # File > Export view as PNG at a size… (Ctrl+Shift+E)
    png = window.png_export_dialog
    qtbot.waitExposed(png)
    assert png.windowTitle() == "将视图导出为 PNG"
    assert png.size_chooser.preset.itemText(0).startswith("与屏幕显示相同（")
    assert untranslated(png) == [], "\n".join(untranslated(png))
    window.export_animation_action.trigger()  # File > Export race as GIF or MP4… (Ctrl+Shift+G)
    race = window.animation_export_dialog
    qtbot.waitExposed(race)
    assert race.windowTitle() == "将比赛导出为 GIF 或 MP4"
    assert race.summary.text().startswith("100 帧 × 2 步 = 第一帧之后 198 步，每秒 20 帧共 5.0 秒")
    # the MP4 button's tip names the ffmpeg found (a path on this machine, not text to translate)
    left = [line for line in untranslated(race) if race.ffmpeg is None or race.ffmpeg not in line]
    assert left == [], "\n".join(left)
    race.close()
    # an export that cannot be drawn says why, in Chinese, with the view's Chinese name
    png.select_view("map")
    window.docks["map"].close()
    qtbot.waitUntil(lambda: not window.map_view.page.isVisible())
    assert not png.export_to(str(tmp_path / "hidden.png"))
    assert png.message.text() == "未保存：视图 '二维等高线图' 未显示：请先显示它的停靠窗口"
    assert not (tmp_path / "hidden.png").exists()


def test_undo_entry_names_a_real_edit_in_chinese(qtbot, zh_window, wait_landscape):
    window = zh_window
    window.history.record()
    type_expression(qtbot, window, "x^2 + 4*y^2")
    wait_landscape(window, "x^2 + 4*y^2")
    window.history.record()
    assert window.undo_action.isEnabled() and window.undo_action.text() == "撤销：修改函数"
    window.undo_action.trigger()
    wait_landscape(window)
    assert window.redo_action.text() == "重做：修改函数"
    assert menu(window, "编辑(&E)").actions()[0] is window.undo_action


def test_an_expression_error_in_the_status_bar_is_chinese(qtbot, zh_window):
    window = zh_window
    type_expression(qtbot, window, "x^2 + * y")
    qtbot.waitUntil(lambda: window.session.error is not None, timeout=10_000)
    # the core's message in the interface's language (tr_message: Chinese once core.qm has it)
    # inside the window's own Chinese frame
    assert window.status_label.text() == (
        f"表达式错误：{tr_message(window.session.error)}（屏幕上保留上一个有效的函数）")
    assert "意外遇到 '*'" in window.status_label.text()  # the core's own words, translated (core.qm)
    assert english_words(window.status_label.text()) == []


def _other_window(old) -> MainWindow:
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w is not old and w.isVisible()]
    assert len(shown) == 1, shown
    return shown[0]


def test_view_language_remakes_the_window_in_chinese_and_back(qtbot, window, monkeypatch, wait_landscape):
    monkeypatch.delenv(i18n.ENV_VAR)  # the tests' English comes from the environment: the menu decides here
    text = "x^2 + 3*y^2"
    type_expression(qtbot, window, text)
    wait_landscape(window, text)
    click_step(qtbot, window, 4)
    steps = [run.steps_taken for run in window.session.runs]
    assert steps == [4] * len(window.session.runs)
    windows = []
    try:
        language = next(a.menu() for a in menu(window, "&View").actions() if a.menu() is not None)
        next(a for a in language.actions() if a.text() == "简体中文").trigger()  # View > Language > 简体中文
        chinese = _other_window(window)
        windows.append(chinese)
        qtbot.addWidget(chinese)
        assert i18n.current() == "zh_CN" and window.settings.value(i18n.SETTING_KEY) == "zh_CN"
        wait_landscape(chinese, text)
        assert chinese.function_panel.expression.text() == text
        qtbot.waitUntil(lambda: [run.steps_taken for run in chinese.session.runs] == steps)
        assert chinese.menuBar().actions()[0].text() == "文件(&F)"
        assert chinese.docks["map"].windowTitle() == "二维等高线图：等高线与 −∇f"
        assert chinese.run_controls.step_button.text() == "单步"
        language = next(a.menu() for a in menu(chinese, "视图(&V)").actions() if a.menu() is not None)
        assert language.title() == "语言"
        next(a for a in language.actions() if a.text() == "English").trigger()  # and back
        english = _other_window(chinese)
        windows.append(english)
        qtbot.addWidget(english)
        assert i18n.current() == i18n.ENGLISH
        wait_landscape(english, text)
        qtbot.waitUntil(lambda: [run.steps_taken for run in english.session.runs] == steps)
        assert english.menuBar().actions()[0].text() == "&File"
        assert english.docks["map"].windowTitle() == "2D map: contours and −∇f"
    finally:
        i18n.install(i18n.ENGLISH)
        for w in windows:
            if shiboken6.isValid(w):  # a window the remake closed went with its explorer
                w.explorer.shutdown(10_000)
